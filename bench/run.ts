/**
 * `npm run bench`: runs every benchmark in its own process, collects the figures they print (`BENCH {json}`,
 * bench/lib/report.ts), and writes the performance table, with the machine it ran on, into README.md between
 * the markers `<!-- bench:start -->` and `<!-- bench:end -->`, so the README says what the bench printed and
 * nothing else. `npm run bench -- --no-write` prints the table without touching the README.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { findChromium } from '../scripts/chromium-path.mjs';
import type { Figure } from './lib/report.ts';

const BENCHES = [
  'bench/core.bench.ts',
  'bench/memory.bench.ts',
  'bench/checkers.bench.ts',
  'bench/seek.bench.ts',
  'bench/search.bench.ts',
  'bench/frames.bench.ts',
];

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
      `| ${escapeCell(f.what)} | **${escapeCell(f.figure)}** | ${escapeCell(f.reference)}${f.ratio ? `: **${escapeCell(f.ratio)}**` : ''} | ${escapeCell(f.target)} | ${f.pass ? 'met' : '**missed**'} |`,
  );
  return [
    '| benchmark | figure | same-run reference | target | this run |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

const write = !process.argv.includes('--no-write');
const started = new Date();
const where = machine();
const figures: Figure[] = [];
const failed: string[] = [];
for (const file of BENCHES) {
  console.log(`\n== ${file}`);
  const run = spawnSync('npx', ['tsx', '--expose-gc', file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write(run.stdout ?? '');
  if (run.status !== 0) failed.push(`${file} exited with ${run.status}`);
  for (const line of (run.stdout ?? '').split('\n'))
    if (line.startsWith('BENCH ')) figures.push(JSON.parse(line.slice('BENCH '.length)) as Figure);
}
const body = [
  `Printed by \`npm run bench\` on ${started.toISOString().slice(0, 10)} (${where}). Each figure stands beside a`,
  'reference measured in the same run; on a shared machine the bare numbers move several-fold within an hour, the',
  'ratios much less.',
  '',
  table(figures),
  ...(failed.length > 0 ? ['', `Not measured in this run: ${failed.join('; ')}.`] : []),
].join('\n');
console.log(`\n${body}`);
if (write) {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('<!-- bench:start -->');
  const end = readme.indexOf('<!-- bench:end -->');
  if (start < 0 || end < start)
    throw new Error('README.md has no <!-- bench:start --> ... <!-- bench:end --> markers');
  writeFileSync('README.md', `${readme.slice(0, start)}<!-- bench:start -->\n${body}\n${readme.slice(end)}`);
  console.log('\nREADME.md performance table updated.');
}
if (failed.length > 0) process.exit(1);
