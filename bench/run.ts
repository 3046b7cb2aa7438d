/**
 * `npm run bench`: runs every benchmark in its own process, collects the figures they print (`BENCH {json}`,
 * bench/lib/report.ts), and writes the performance table, with the machine it ran on, into README.md between
 * the markers `<!-- bench:start -->` and `<!-- bench:end -->`, so the README says what the bench printed and
 * nothing else. `npm run bench -- --no-write` prints the table without touching the README; `npm run bench --
 * core seek` (or `--only seek`, `--only=core,seek`) runs only the benches whose file names contain one of the
 * words, and leaves the README alone.
 *
 * `npm run bench:hour` (`--hour`) measures the issue's hour instead: the memory bench for 60 simulated minutes,
 * one model at a time (each alone on the machine, so its minute-60 cost is not flattered by a neighbour
 * finishing), and writes its table between `<!-- bench-hour:start -->` and `<!-- bench-hour:end -->`.
 *
 * A bench that fails (exits non-zero, is killed at its time limit, or prints a line that is not a figure) is
 * named under the table with what went wrong; the figures it printed before failing still count, and the other
 * benches still run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { findChromium } from '../scripts/chromium-path.mjs';
import type { Figure } from './lib/report.ts';

const HOUR = process.argv.includes('--hour');
/** Each bench must finish in a few minutes on two loaded cores (an hour's run in 40); past this it is stopped. */
const TIME_LIMIT_MS = (HOUR ? 40 : 15) * 60_000;
const MARKER = HOUR ? 'bench-hour' : 'bench';
const COMMAND = HOUR ? 'npm run bench:hour' : 'npm run bench';

const ALL_BENCHES = [
  'bench/core.bench.ts',
  'bench/memory.bench.ts',
  'bench/checkers.bench.ts',
  'bench/seek.bench.ts',
  'bench/search.bench.ts',
  'bench/frames.bench.ts',
  'bench/firstload.bench.ts',
];
/** The words naming the benches to run: plain arguments, and `--only word` or `--only=word,word`. */
const words = process.argv.slice(2).flatMap((a) => {
  if (a.startsWith('--only=')) return a.slice('--only='.length).split(',').filter(Boolean);
  return a.startsWith('--') ? [] : [a];
});
/** A bench: its file and its arguments. */
type Bench = readonly string[];
const HOUR_BENCHES: Bench[] = ['leader-follower', 'multi-leader', 'leaderless'].map((model) => [
  'bench/memory.bench.ts',
  '--minutes',
  '60',
  model,
]);
const BENCHES: Bench[] = HOUR
  ? HOUR_BENCHES.filter((b) => words.length === 0 || words.some((w) => b.join(' ').includes(w)))
  : ALL_BENCHES.filter((f) => words.length === 0 || words.some((w) => f.includes(w))).map((f) => [f]);

function chromiumVersion(): string {
  const found = findChromium({ warn: () => {} });
  if (!found) return 'no Chromium';
  try {
    return execFileSync(found.path, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return `Chromium at ${found.path}`;
  }
}

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const gib = Math.round(totalmem() / 2 ** 30);
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');
  return `${cpus().length} cores of ${cpu}, ${gib} GiB, Node ${process.version}, ${chromiumVersion()}; load average at the start ${load}`;
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}

function table(figures: readonly Figure[]): string {
  const rows = figures.map(
    (f) =>
      `| ${escapeCell(f.what)} | **${escapeCell(f.figure)}** | ${escapeCell(f.reference)}${f.ratio ? `: **${escapeCell(f.ratio)}**` : ''} | ${escapeCell(f.target)} | ${f.pass === null ? 'no target' : f.pass ? 'met' : '**missed**'} |`,
  );
  return [
    '| benchmark | figure | same-run reference | target | this run |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

// A partial run (some benches named) prints its table but leaves the README's whole-run table alone.
const write = !process.argv.includes('--no-write') && words.length === 0;
const started = new Date();
const where = machine();
const figures: Figure[] = [];
const failed: string[] = [];
/** Runs one bench in its own process; returns its figures and, if it failed, why. */
function runBench(bench: Bench): { figures: Figure[]; failure?: string } {
  const file = bench.join(' ');
  const started = Date.now();
  const run = spawnSync('npx', ['tsx', '--expose-gc', ...bench], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: TIME_LIMIT_MS,
    killSignal: 'SIGTERM',
    maxBuffer: 64 * 2 ** 20,
  });
  process.stdout.write(run.stdout ?? '');
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`== ${file} took ${seconds} s`);
  const found: Figure[] = [];
  const problems: string[] = [];
  for (const line of (run.stdout ?? '').split('\n')) {
    if (!line.startsWith('BENCH ')) continue;
    try {
      found.push(JSON.parse(line.slice('BENCH '.length)) as Figure);
    } catch (error) {
      problems.push(`an unreadable figure line (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (run.error)
    problems.push(
      run.error.message.includes('ETIMEDOUT')
        ? `stopped at its ${TIME_LIMIT_MS / 60_000}-minute limit`
        : run.error.message,
    );
  else if (run.signal) problems.push(`killed by ${run.signal}`);
  else if (run.status !== 0) problems.push(`exited with ${run.status}`);
  if (found.length === 0 && problems.length === 0) problems.push('printed no figure');
  return problems.length > 0
    ? { figures: found, failure: `${file} ${problems.join(', ')}` }
    : { figures: found };
}

for (const bench of BENCHES) {
  console.log(`\n== ${bench.join(' ')}`);
  const result = runBench(bench);
  figures.push(...result.figures);
  if (result.failure) failed.push(result.failure);
}
const body = [
  `Printed by \`${COMMAND}\` on ${started.toISOString().slice(0, 10)} (${where}). Each figure stands beside a`,
  'reference measured in the same run; on a shared machine the bare numbers move several-fold within an hour, the',
  'ratios much less.',
  '',
  table(figures),
  ...(failed.length > 0
    ? ['', `Failed in this run (their other figures are missing): ${failed.join('; ')}.`]
    : []),
].join('\n');
console.log(`\n${body}`);
if (write) {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf(`<!-- ${MARKER}:start -->`);
  const end = readme.indexOf(`<!-- ${MARKER}:end -->`);
  if (start < 0 || end < start)
    throw new Error(`README.md has no <!-- ${MARKER}:start --> ... <!-- ${MARKER}:end --> markers`);
  writeFileSync(
    'README.md',
    `${readme.slice(0, start)}<!-- ${MARKER}:start -->\n${body}\n${readme.slice(end)}`,
  );
  // In the project's own format (Biome pads the table), so `npm test`'s lint passes on the README as written.
  execFileSync('node_modules/.bin/biome', ['format', '--write', 'README.md'], { stdio: 'ignore' });
  console.log('\nREADME.md performance table updated.');
}
if (failed.length > 0) process.exit(1);
