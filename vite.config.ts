import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The page's Content Security Policy: scripts, workers, styles, images and connections only from the app's own
 * origin, no plugins, no <base> or form targets elsewhere. The workers are files of the build (never blob: URLs)
 * and the app draws no data: images, so neither is allowed. Inline styles are, because d3 and motion set style
 * attributes; inline scripts and eval are not (zod runs jitless: see src/sim/scenarios/schema.ts).
 * tests/e2e/csp.spec.ts checks that nothing the app does violates it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * Puts the policy in the built page as a meta tag, first in <head> so it covers every script and stylesheet
 * after it. Only in the build: the development server injects inline scripts (React Fast Refresh's preamble)
 * and talks to its HMR websocket, which this policy would block.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'replication-lab:content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  // Relative URLs for every built file: the build runs from any static host and any sub-path (an embed in a
  // course page), and offline once loaded.
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  // The simulation worker imports modules, so it is emitted as an ES module worker.
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, manifest: true },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
});
