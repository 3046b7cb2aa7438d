import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium-path.mjs';

// End-to-end tests run against the production build (`vite build` first; `npm test` does it) served by
// `vite preview`. The browser is found the same way as scripts/ensure-chromium.mjs finds it (which
// `npm test` runs first, installing one when needed); this file never installs anything.
const chromium = findChromium({ warn: (message) => console.warn(`[playwright.config] ${message}`) });
if (!chromium) {
  console.warn(
    '[playwright.config] No Chromium found: run `node scripts/ensure-chromium.mjs` (or set CHROMIUM_PATH).',
  );
}

// E2E_PORT lets two checkouts on one machine run their end-to-end tests side by side.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const BASE_URL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  // Two cores: one worker on CI keeps animation-heavy pages from competing for the CPU.
  workers: process.env.CI ? 1 : 2,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL: BASE_URL,
    permissions: ['clipboard-read', 'clipboard-write'],
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        launchOptions: {
          executablePath: chromium?.path,
          args: [...CHROMIUM_ARGS],
        },
      },
    },
  ],
  webServer: {
    command: `node_modules/.bin/vite preview --port ${PORT} --strictPort`,
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
