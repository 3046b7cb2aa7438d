// Where to find a Chromium for Playwright, without installing anything.
// Shared by scripts/ensure-chromium.mjs (which installs one when this finds none),
// playwright.config.ts and bench/frames.bench.ts. Node built-ins only.
//
// Lookup order:
//   1. $CHROMIUM_PATH, if set and executable
//   2. /usr/bin/chromium (Debian's package)
//   3. Playwright's own downloaded Chromium, if it exists on disk
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Launch arguments known to work with Debian's Chromium in containers (see TOOLCHAIN.md). */
export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

/** True if `file` is a regular file this process may execute. */
export function isExecutable(file) {
  if (!file) return false;
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The path where Playwright keeps its own Chromium (whether or not it is downloaded), or undefined. */
export function playwrightChromiumPath() {
  const require = createRequire(import.meta.url);
  for (const name of ['playwright-core', '@playwright/test']) {
    try {
      const path = require(name).chromium.executablePath();
      if (path) return path;
    } catch {
      // not installed (e.g. before `npm ci`), or no browser registry for this platform
    }
  }
  return undefined;
}

/**
 * Finds a usable Chromium. Returns `{ path, source }` or undefined.
 * `warn` receives a message when $CHROMIUM_PATH is set but unusable.
 */
export function findChromium({ env = process.env, warn = () => {} } = {}) {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return { path: fromEnv, source: 'CHROMIUM_PATH' };
    warn(`CHROMIUM_PATH=${fromEnv} is not an executable file; ignoring it.`);
  }
  if (isExecutable(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, source: 'system' };
  const own = playwrightChromiumPath();
  if (own && isExecutable(own)) return { path: own, source: 'playwright' };
  return undefined;
}
