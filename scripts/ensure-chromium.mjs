#!/usr/bin/env node
// Finds a Chromium for Playwright and prints its path on stdout (progress and messages go to stderr).
// When none is found, installs one: Debian's `chromium` package when running as root on Debian,
// `playwright install chromium` elsewhere. Exits non-zero with a clear message when it cannot get one.
//
//   node scripts/ensure-chromium.mjs              # find or install, print the path
//   node scripts/ensure-chromium.mjs --no-install # only look; exit 1 if there is none
//
// Lookup order (shared with playwright.config.ts and the benchmarks): see scripts/chromium-path.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, isExecutable, SYSTEM_CHROMIUM } from './chromium-path.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const log = (message) => process.stderr.write(`[ensure-chromium] ${message}\n`);

class SetupError extends Error {}

function which(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

/** Runs a command with its output shown on stderr (stdout stays reserved for the path). */
function run(command, args, env = process.env) {
  log(`$ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: ROOT, env, stdio: ['ignore', 2, 2] });
  if (result.error) return { ok: false, why: result.error.message };
  if (result.status !== 0) {
    return { ok: false, why: result.signal ? `killed by ${result.signal}` : `exit code ${result.status}` };
  }
  return { ok: true };
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** apt may be busy (another apt job holding its lock): wait for the lock, and retry a few times. */
function runApt(args) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const attempts = 4;
  for (let attempt = 1; ; attempt++) {
    const result = run('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], env);
    if (result.ok) return;
    if (attempt === attempts) throw new SetupError(`apt-get ${args.join(' ')} failed (${result.why}).`);
    log(
      `apt-get ${args[0]} failed (${result.why}); retrying in 20 s (attempt ${attempt + 1} of ${attempts})`,
    );
    sleep(20_000);
  }
}

function installWithApt() {
  log("installing Debian's chromium package (about 40 s)");
  runApt(['update']);
  runApt(['install', '-y', 'chromium']);
}

function installWithPlaywright() {
  log("installing Playwright's Chromium");
  const local = join(ROOT, 'node_modules', '.bin', 'playwright');
  const result = isExecutable(local)
    ? run(local, ['install', 'chromium'])
    : run('npx', ['--yes', 'playwright', 'install', 'chromium']);
  if (!result.ok) throw new SetupError(`playwright install chromium failed (${result.why}).`);
}

function versionOf(path) {
  const result = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  const line = (result.stdout ?? '').trim().split('\n').pop();
  return result.status === 0 && line ? line : undefined;
}

function report(found) {
  const version = versionOf(found.path);
  if (version) log(`using ${found.path} (${found.source}): ${version}`);
  else log(`using ${found.path} (${found.source}); warning: \`${found.path} --version\` failed`);
  process.stdout.write(`${found.path}\n`);
}

function main() {
  const noInstall = process.argv.includes('--no-install');
  const found = findChromium({ warn: log });
  if (found) {
    report(found);
    return;
  }
  log(`no Chromium found ($CHROMIUM_PATH unset or unusable, no ${SYSTEM_CHROMIUM}, no Playwright browser)`);
  if (noInstall) throw new SetupError('no Chromium found, and --no-install was given.');

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/etc/debian_version') && which('apt-get')) installWithApt();
  else installWithPlaywright();

  const installed = findChromium({ warn: log });
  if (!installed) throw new SetupError('the installation finished, but still no Chromium was found.');
  report(installed);
}

try {
  main();
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `\n[ensure-chromium] ERROR: could not get a Chromium for the end-to-end tests: ${message}\n` +
      '  Fix one of these, then run again:\n' +
      '  - set CHROMIUM_PATH to a Chromium or Chrome executable;\n' +
      '  - on Debian/Ubuntu: sudo apt-get install chromium;\n' +
      '  - with internet access: npx playwright install chromium\n' +
      '    (and, if it then fails to start, sudo npx playwright install-deps chromium).\n',
  );
  if (!(error instanceof SetupError) && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
  process.exitCode = 1;
}
