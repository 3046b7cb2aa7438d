/**
 * `npm run sim -- search ...`: "Find a failure" in the terminal (src/sim/analysis/search.ts), and `merge`, which
 * combines the JSON answers of a sharded search into the one a single machine would have given.
 */
import { readFileSync, type Stats, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { escapeControls } from '../codec/fileText.ts';
import { encodeShareHash, MAX_HASH_CHARS } from '../codec/url.ts';
import {
  FAULT_DESCRIPTIONS,
  FAULT_KINDS,
  type FaultKind,
  findFailure,
  isFaultKind,
  isProperty,
  MAX_RUNS,
  PROPERTIES,
  PROPERTY_DESCRIPTIONS,
  SearchInputError,
  type SearchOptions,
  type Shard,
} from '../sim/analysis/search.ts';
import {
  type FoundReport,
  MergeInputError,
  mergeReports,
  type SearchReport,
  searchReport,
} from '../sim/analysis/searchReport.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';
import { joinNegativeValues, parseNumber, UsageError, withoutBom } from './args.ts';

export const SEARCH_SYNOPSIS = `  npm run sim -- search <scenario.json | JSON text | share URL> | --preset <id> --property <name>
                 [--runs <count>] [--seed <int>] [--shard <i>/<n>] [--faults <kind,...>] [--settle <ms>]
                 [--max-seconds <s>] [--json]
  npm run sim -- merge <answer.json> <answer.json> ... [--json]`;

const DEFAULT_RUNS = 1000;

export const SEARCH_HELP = `The search subcommand ("Find a failure") runs random fault timelines around the scenario's settings (its
model settings, nodes, clients, workload and own timeline kept; 1 to 4 random fault episodes added within its
durationMs, then everything healed and restarted, traffic stopped and --settle ms to settle) until one breaks
the property, then shrinks that run (fewer faults, operations, clients and nodes, earlier faults, a shorter
window) while the property still breaks. It prints the property, the oracle's sentence, the key moment, the
share link of the shrunk run (opening at that moment) and its scenario as JSON, or "nothing found in N runs".
The answer is the same on every machine for the same scenario, seed and budget; the exit code is 0 either way.

Search options:
  --property <name> required, one of:
${PROPERTIES.map((p) => `                    ${p.padEnd(17)} ${PROPERTY_DESCRIPTIONS[p]}`).join('\n')}
  --runs <count>    the budget: runs 0 to count - 1 (default ${DEFAULT_RUNS}); each run is a pure function of the
                    scenario, the seed and its index
  --seed <int>      the search's seed, 0-4294967295 (default 1)
  --shard <i>/<n>   run only shard i of n (1-based): run indices i-1, i-1+n, i-1+2n, ... below --runs; give
                    every shard the same scenario, property, seed, runs and faults, then merge their --json
  --faults <list>   the kinds of fault to inject, comma-separated (default: all):
${FAULT_KINDS.map((k) => `                    ${k.padEnd(17)} ${FAULT_DESCRIPTIONS[k]}`).join('\n')}
  --settle <ms>     time after the fault window for the cluster to settle (default 2500)
  --max-seconds <s> stop after this much wall time, with the answer so far (then no longer the same on
                    every machine: the answer says the search or its shrinking was cut short)
  --json            print the answer as JSON (what merge reads)

The merge subcommand reads the --json answers of every shard of one search and prints the answer one machine
would have given: the failure with the lowest run index (already shrunk exactly as one machine would), or
"nothing found" with the runs of all shards added up.`;

export interface SearchArgs {
  readonly positionals: readonly string[];
  readonly values: {
    readonly preset?: string | undefined;
    readonly property?: string | undefined;
    readonly runs?: string | undefined;
    readonly seed?: string | undefined;
    readonly shard?: string | undefined;
    readonly faults?: string | undefined;
    readonly settle?: string | undefined;
    readonly 'max-seconds'?: string | undefined;
    readonly json?: boolean | undefined;
    readonly help?: boolean | undefined;
  };
}

const VALUED = new Set(['--runs', '--seed', '--settle', '--max-seconds']);

export function parseSearchArgs(argv: readonly string[]): SearchArgs {
  return parseArgs({
    args: joinNegativeValues(argv, VALUED),
    allowPositionals: true,
    strict: true,
    options: {
      preset: { type: 'string' },
      property: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      shard: { type: 'string' },
      faults: { type: 'string' },
      settle: { type: 'string' },
      'max-seconds': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || index < 1 || index > count)
    throw new UsageError(`--shard must be <i>/<n> with 1 <= i <= n, e.g. 2/4, got "${text}"`);
  return { index, count };
}

function parseFaults(text: string): FaultKind[] {
  const kinds = text.split(',').map((k) => k.trim());
  const bad = kinds.find((k) => !isFaultKind(k));
  if (bad !== undefined)
    throw new UsageError(`unknown fault "${bad}" in --faults; known: ${FAULT_KINDS.join(', ')}`);
  if (new Set(kinds).size !== kinds.length) throw new UsageError(`--faults names a fault twice: "${text}"`);
  return kinds as FaultKind[];
}

export interface SearchOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** The search's options from the command line, each read strictly; the deadline in seconds, if any. */
function searchOptions(values: SearchArgs['values']): { options: SearchOptions; maxSeconds: number | null } {
  const { property } = values;
  if (property === undefined) throw new UsageError(`search needs --property (${PROPERTIES.join(', ')})`);
  if (!isProperty(property))
    throw new UsageError(`unknown property "${property}"; known: ${PROPERTIES.join(', ')}`);
  const whole = { what: 'a whole number', integer: true } as const;
  const runs =
    values.runs === undefined
      ? DEFAULT_RUNS
      : parseNumber('runs', values.runs, { ...whole, min: 1, max: MAX_RUNS });
  const seed =
    values.seed === undefined ? 1 : parseNumber('seed', values.seed, { ...whole, min: 0, max: 0xffffffff });
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (shard && shard.count > runs)
    throw new UsageError(`--shard ${values.shard}: more shards than runs (--runs ${runs})`);
  const faults = values.faults === undefined ? undefined : parseFaults(values.faults);
  const settleMs =
    values.settle === undefined
      ? undefined
      : parseNumber('settle', values.settle, { what: 'a number of milliseconds', min: 0, max: 600_000 });
  const maxSeconds =
    values['max-seconds'] === undefined
      ? null
      : parseNumber('max-seconds', values['max-seconds'], {
          what: 'a number of seconds',
          min: 0,
          max: 31_536_000,
        });
  return { options: { property, seed, runs, shard, faults, settleMs }, maxSeconds };
}

/**
 * Runs the search the options ask for on `scenario`. The answer goes to stdout, the same on every machine; the
 * wall time and runs per second go to stderr, and `progress` gets a line about every 10 s of wall time.
 */
export function runSearch(
  scenario: Scenario,
  values: SearchArgs['values'],
  progress?: (line: string) => void,
): SearchOutput {
  const { options, maxSeconds } = searchOptions(values);
  const started = Date.now();
  const deadline = maxSeconds === null ? Number.POSITIVE_INFINITY : started + maxSeconds * 1000;
  let lastLine = started;
  let searchedMs = 0;
  try {
    const result = findFailure(scenario, {
      ...options,
      shouldStop: () => Date.now() >= deadline,
      onProgress: (p) => {
        const now = Date.now();
        if (p.phase === 'search' && p.done) searchedMs = now - started;
        if (!progress || now - lastLine < 10_000) return;
        lastLine = now;
        progress(
          p.phase === 'search'
            ? `search: ${count(p.runs)} of ${count(p.share)} runs (${rate(p.runs, now - started)} runs/s)\n`
            : `search: shrinking, ${p.steps} steps in ${runsText(p.runs)}\n`,
        );
      },
    });
    const link = result.found ? `#${encodeShareHash(result.scenario, result.atUs)}` : null;
    const elapsed = Date.now() - started;
    const timing = result.found
      ? `searched ${runsText(result.runs)} in ${seconds(searchedMs)} (${rate(result.runs, searchedMs)} runs/s); shrank in ${runsText(result.shrinkRuns)} (${seconds(elapsed - searchedMs)})`
      : `searched ${runsText(result.runs)} in ${seconds(elapsed)} (${rate(result.runs, elapsed)} runs/s)`;
    const tooLong =
      link && link.length > MAX_HASH_CHARS
        ? `\nwarning: the link is ${count(link.length)} characters, longer than the page accepts (${count(MAX_HASH_CHARS)}); open the scenario as a file instead`
        : '';
    return {
      stdout: formatReport(searchReport(result, scenario, link), values.json ?? false),
      stderr: `${timing}${tooLong}\n`,
    };
  } catch (e) {
    if (e instanceof SearchInputError) throw new UsageError(e.message);
    throw e;
  }
}

/** `npm run sim -- merge a.json b.json ... [--json]`. */
export function runMerge(argv: readonly string[]): SearchOutput & { readonly help: boolean } {
  let parsed: ReturnType<typeof parseMergeArgs>;
  try {
    parsed = parseMergeArgs(argv);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return { stdout: '', stderr: '', help: true };
  if (positionals.length === 0) throw new UsageError('merge needs the --json answer file of every shard');
  const inputs = positionals.map((path) => ({ name: `"${path}"`, data: readAnswer(path) }));
  try {
    const { report, warnings } = mergeReports(inputs);
    return {
      stdout: formatReport(report, values.json ?? false),
      stderr: warnings.map((w) => `warning: ${w}\n`).join(''),
      help: false,
    };
  } catch (e) {
    if (e instanceof MergeInputError) throw new UsageError(e.message);
    throw e;
  }
}

function parseMergeArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
}

/** An answer holds two scenarios (the shrunk run and the original), each at most a scenario file's size. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/** One shard's answer, parsed as JSON; every way it can fail is a usage error naming the path. */
function readAnswer(path: string): unknown {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`cannot read "${path}": no such file`);
  }
  if (!stat.isFile()) throw new UsageError(`"${path}" is not a regular file`);
  if (stat.size > MAX_ANSWER_BYTES)
    throw new UsageError(
      `"${path}" is too large (${count(stat.size)} bytes; a search's answer is at most ${count(MAX_ANSWER_BYTES)})`,
    );
  let text: string;
  try {
    text = withoutBom(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read "${path}"${code ? ` (${code})` : ''}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    // As a scenario file's (codec/file.ts): the engine's message may quote the text, newlines and all, which would
    // break the one-line error in two; its control characters are written as escapes, and it is capped.
    const why = e instanceof Error ? escapeControls(e.message).slice(0, 160) : 'parse error';
    throw new UsageError(`"${path}" is not valid JSON (${why})`);
  }
}

/** The answer as JSON, or as a few sentences followed by the shrunk scenario's JSON. */
export function formatReport(r: SearchReport, json: boolean): string {
  if (json) return `${JSON.stringify(r, null, 2)}\n`;
  const what = `${r.property} (${PROPERTY_DESCRIPTIONS[r.property]})`;
  const shard = r.shard ? `shard ${r.shard.index}/${r.shard.count}, ` : '';
  if (!r.found) {
    const undecided =
      r.undecided > 0
        ? ` ${count(r.undecided)} of them undecided: the linearizability check ran out of its budget.`
        : '';
    const budget = r.shard ? `, of a budget of ${count(r.budget)}` : '';
    const cut = r.complete ? '' : '; stopped by --max-seconds before the end of the budget';
    // No run at all (--max-seconds 0, or a shard given nothing): nothing held, nothing was tried.
    if (r.runs === 0)
      return `No run was made (${shard}seed ${r.seed}${budget}${cut}): ${what} was not tested.\n`;
    return `Nothing found in ${runsText(r.runs)} (${shard}seed ${r.seed}${budget}${cut}): ${what} held.${undecided}\n`;
  }
  return [
    `Found: ${what} broken in run ${count(r.runIndex + 1)} of ${count(r.budget)} (${shard}seed ${r.seed}).`,
    `  ${r.violation}`,
    `Shrunk in ${r.shrinkSteps} steps (${runsText(r.shrinkRuns)})${r.minimal ? '' : ', cut short by --max-seconds'}: ${sizes(r)}.`,
    `Key moment: ${(r.atUs / 1000).toFixed(1)} ms.`,
    `Link: ${r.link}`,
    'Scenario:',
    JSON.stringify(r.scenario, null, 2),
    '',
  ].join('\n');
}

function sizes(r: FoundReport): string {
  const a = r.originalSize;
  const b = r.size;
  const change = (from: number, to: number, unit: string) =>
    `${from === to ? '' : `${count(from)} -> `}${count(to)} ${unit}${to === 1 ? '' : 's'}`;
  const traffic =
    a.trafficPerSec === 0 && b.trafficPerSec === 0
      ? 'no generated traffic'
      : `generated traffic ${a.trafficPerSec === b.trafficPerSec ? '' : `${count(a.trafficPerSec)} -> `}${count(b.trafficPerSec)}/s`;
  return [
    change(a.faults, b.faults, 'fault'),
    change(a.operations, b.operations, 'timeline operation'),
    traffic,
    change(a.clients, b.clients, 'client'),
    change(a.nodes, b.nodes, 'node'),
  ].join(', ');
}

const count = (n: number) => n.toLocaleString('en-US');
/** "1 run", "1,200 runs". */
const runsText = (n: number) => `${count(n)} run${n === 1 ? '' : 's'}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (runs: number, ms: number) => (ms > 0 ? ((runs * 1000) / ms).toFixed(1) : '-');
