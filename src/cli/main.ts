/**
 * The headless CLI: runs the same simulation core as the browser on a scenario and prints a JSON report.
 *
 *   npm run sim -- <scenario.json | '{...json...}' | share URL> [--until <ms>] [--compact]
 *   npm run sim -- --preset <id> [--until <ms>]
 *   npm run sim -- --list-presets
 *   npm run sim -- staleness --n 3 --r 1 --w 1 --profile lnkd-disk --t 0,5,10 [--trials 100000] [--seed 1]
 *   npm run sim -- compare <scenario> | --preset <id> [--models ... | --vary w=1,2] [--until <ms>] [--json]
 *   npm run sim -- search <scenario> | --preset <id> --property lost-write [--runs N] [--seed S] [--shard i/n]
 *   npm run sim -- merge <answer.json> ... [--json]
 */
import { closeSync, openSync, readFileSync, type Stats, statSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MAX_FILE_BYTES, scenarioFromJson } from '../codec/file.ts';
import { emptyMessage, tooLargeMessage } from '../codec/fileText.ts';
import { decodeShareHash } from '../codec/url.ts';
import { CompareInputError, formatCompareTable } from '../sim/analysis/compare.ts';
import { PBS_LIMITS, runStaleness, StalenessInputError } from '../sim/analysis/pbs.ts';
import { buildReport } from '../sim/analysis/report.ts';
import { PBS_PROFILE_NAMES, type PbsProfileName } from '../sim/engine/latency.ts';
import { Simulation } from '../sim/engine/simulation.ts';
import { EdnStream, keyTypes } from '../sim/oracle/edn.ts';
import { Oracle } from '../sim/oracle/oracle.ts';
import { getPreset, PRESETS } from '../sim/scenarios/presets/index.ts';
import { nearIds } from '../sim/scenarios/presets/nearIds.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';
import { LIMITS } from '../sim/scenarios/schema.ts';
import { RUN_TO_WORK_LIMIT, WORK_LIMIT, workExcess } from '../sim/scenarios/work.ts';
import { joinNegativeValues, parseNumber, UsageError, withoutBom } from './args.ts';
import { COMPARE_HELP, COMPARE_SYNOPSIS, parseCompareArgs, runCompare } from './compare.ts';
import { parseSearchArgs, runMerge, runSearch, SEARCH_HELP, SEARCH_SYNOPSIS } from './search.ts';

export { UsageError };

const DEFAULT_T = '0,1,2,5,10,20,50,100,200,500,1000';
const DEFAULT_TRIALS = 100_000;

export const USAGE = `Usage:
  npm run sim -- <scenario.json | JSON text | share URL> [--until <ms>] [--compact] [--full-history]
                 [--history-edn <file>]
  npm run sim -- --preset <id> [--until <ms>] [--compact] [--full-history] [--history-edn <file>]
  npm run sim -- --list-presets
  npm run sim -- staleness --n <N> --r <R> --w <W> --profile <name> [--t <ms,ms,...>] [--trials <count>]
                 [--seed <int>] [--k <versions>] [--propagation all|quorum-only] [--compact]
${COMPARE_SYNOPSIS}
${SEARCH_SYNOPSIS}

Runs a scenario headless and prints a JSON report: traceHash, endTimeMs, counts (operations, messages, bytes),
anomalyCounts and anomalies by kind (the consistency oracle's), the linearizability verdict, lost writes, final
node states and the history of every client operation (with the kinds of anomaly about each).

The staleness subcommand runs the PBS WARS Monte Carlo model (Bailis et al., VLDB 2012) and prints JSON:
points [{t, pConsistent}] (P(a read started t ms after commit returns the write)), kStaleness (closed form
1 - (C(N-W,R)/C(N,R))^k), pStaleClosedForm, pConsistentClosedForm, readLatencyMs and writeLatencyMs
{p50, p99, p999}, and params (the inputs with defaults).

Options:
  --until <ms>      simulated time to run to, in milliseconds (default: the share link's time, else the
                    scenario's durationMs); the run's expected work must stay within the scenario limit
  --preset <id>     run a built-in scenario (see --list-presets)
  --list-presets    list the built-in scenarios as JSON
  --compact         print the report on one line
  --full-history    keep every operation in the report's history (by default a run keeps the last 60
                    simulated s, at most 50,000 operations, in full, and summarises the rest in
                    historyEarlier; the oracle judges every operation either way)
  --history-edn <f> also write the whole history as a Jepsen EDN history (for Knossos or Porcupine; Knossos
                    takes a read of nil, an absent key, for an unknown value),
                    streamed to the file as the run goes: a process per operation a client has in flight
                    (a fresh one after :info), :index on every event, :time in ns, [key value] tuples,
                    sibling reads as sets
  -h, --help        show this help

Staleness options:
  --n, --r, --w     replicas per key (1-${PBS_LIMITS.maxReplicas}), read quorum and write quorum (1..N); required
  --profile <name>  latency profile, required: ${PBS_PROFILE_NAMES.join(', ')}
  --t <list>        comma-separated read start times after commit, in ms
                    (default ${DEFAULT_T})
  --trials <count>  Monte Carlo trials, 1-${PBS_LIMITS.maxTrials} (default ${DEFAULT_TRIALS})
  --seed <int>      PRNG seed, 0-4294967295 (default 1): the same seed gives the same output
  --k <versions>    versions of tolerated staleness for kStaleness (default 1)
  --propagation     'all' (default: the write reaches every replica eventually) or 'quorum-only' (only the W
                    acknowledging replicas ever get it: the closed form's setting)

${COMPARE_HELP}

${SEARCH_HELP}`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

type Loaded = { scenario: Scenario; atUs: number | null };

function loadInput(input: string): Loaded {
  const hashAt = input.indexOf('#');
  if (/^https?:\/\//i.test(input) || input.startsWith('#') || input.startsWith('s=')) {
    const decoded = decodeShareHash(hashAt >= 0 ? input.slice(hashAt + 1) : input);
    if (!decoded.ok) throw new UsageError(decoded.error);
    return { scenario: decoded.scenario, atUs: decoded.atUs };
  }
  if (input.trimStart().startsWith('{')) {
    const parsed = scenarioFromJson(input, 'the JSON argument');
    if (!parsed.ok) throw new UsageError(parsed.error);
    return { scenario: parsed.scenario, atUs: null };
  }
  const parsed = scenarioFromJson(readScenarioFile(input), `"${input}"`);
  if (!parsed.ok) throw new UsageError(parsed.error);
  return { scenario: parsed.scenario, atUs: null };
}

/** The text of a scenario file; every way a path can fail to be one is a usage error naming the path. */
function readScenarioFile(path: string): string {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(
      `cannot read "${path}": no such file (give a scenario file, JSON text or a share URL)`,
    );
  }
  if (stat.isDirectory()) throw new UsageError(`"${path}" is a directory, not a scenario file`);
  if (!stat.isFile()) throw new UsageError(`"${path}" is not a regular file`);
  // The page's words for the same files (codec/fileText.ts).
  if (stat.size === 0) throw new UsageError(emptyMessage(`"${path}"`));
  if (stat.size > MAX_FILE_BYTES) throw new UsageError(tooLargeMessage(`"${path}"`, stat.size));
  try {
    return withoutBom(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read "${path}"${code ? ` (${code})` : ''}`);
  }
}

function parseUntil(text: string | undefined): number | null {
  if (text === undefined) return null;
  const ms = parseNumber('until', text, {
    what: 'a number of milliseconds',
    min: 0,
    max: LIMITS.maxTimeUs / 1000,
  });
  return Math.round(ms * 1000);
}

/**
 * The simulated time to run to: --until, else the share link's time, else the scenario's durationMs (which
 * the schema already holds to the work limit). A run on past it keeps a window of its history, so it is held to
 * the limit of a run to a moment (RUN_TO_WORK_LIMIT, the one a share link's time is held to in the page too);
 * one that keeps every operation (`fullHistory`) to the scenario's own limit, as `compare`'s variants are.
 */
export function runLength(loaded: Loaded, untilArg: number | null, fullHistory = true): number {
  const untilUs = untilArg ?? loaded.atUs ?? Math.round(loaded.scenario.durationMs * 1000);
  const limit = fullHistory ? WORK_LIMIT : RUN_TO_WORK_LIMIT;
  const excess = workExcess(loaded.scenario, untilUs / 1000, limit);
  if (excess) {
    const source =
      untilArg !== null
        ? `--until ${untilUs / 1000}`
        : loaded.atUs !== null
          ? `the share link's time (t=${loaded.atUs})`
          : `durationMs ${loaded.scenario.durationMs}`;
    const shorter =
      untilArg !== null
        ? 'lower --until'
        : loaded.atUs !== null
          ? 'give a lower --until'
          : 'shorten durationMs';
    // Only the full history held it back: say so.
    const full = fullHistory && !workExcess(loaded.scenario, untilUs / 1000, RUN_TO_WORK_LIMIT);
    throw new UsageError(
      `running to ${source}${full ? ' with --full-history (every operation kept)' : ''}: ${excess.message}: ${shorter}${full ? ', drop --full-history' : ''} or ${excess.remedy}`,
    );
  }
  return untilUs;
}

/** Ranges of the staleness options; r and w are checked against n by runStaleness. */
const STALENESS_RANGES: Record<string, { min: number; max?: number }> = {
  n: { min: 1, max: PBS_LIMITS.maxReplicas },
  r: { min: 1 },
  w: { min: 1 },
  trials: { min: 1, max: PBS_LIMITS.maxTrials },
  seed: { min: 0, max: 0xffffffff },
  k: { min: 1, max: PBS_LIMITS.maxK },
};

function parseIntOption(name: string, text: string | undefined, fallback?: number): number {
  if (text === undefined) {
    if (fallback === undefined) throw new UsageError(`staleness needs --${name}`);
    return fallback;
  }
  return parseNumber(name, text, { what: 'an integer', integer: true, ...STALENESS_RANGES[name] });
}

function parseTimes(text: string): number[] {
  return text.split(',').map((item) => {
    if (!/^\d+(\.\d+)?$/.test(item.trim()))
      throw new UsageError(
        `--t must be a comma-separated list of times in ms >= 0 in decimal digits (e.g. 0,5,10), got "${text}"`,
      );
    return Number(item.trim());
  });
}

function runStalenessCli(argv: readonly string[]): CliResult {
  let parsed: ReturnType<typeof parseStaleness>;
  try {
    parsed = parseStaleness(argv);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
  if (positionals.length > 0)
    throw new UsageError(`staleness takes no positional arguments, got "${positionals[0]}"`);
  const n = parseIntOption('n', values.n);
  const r = parseIntOption('r', values.r);
  const w = parseIntOption('w', values.w);
  const profile = values.profile;
  if (profile === undefined) throw new UsageError('staleness needs --profile');
  if (!(PBS_PROFILE_NAMES as readonly string[]).includes(profile))
    throw new UsageError(`unknown profile "${profile}"; known: ${PBS_PROFILE_NAMES.join(', ')}`);
  const propagation = values.propagation ?? 'all';
  if (propagation !== 'all' && propagation !== 'quorum-only')
    throw new UsageError(`--propagation must be "all" or "quorum-only", got "${propagation}"`);
  try {
    const result = runStaleness({
      n,
      r,
      w,
      profile: profile as PbsProfileName,
      tMs: parseTimes(values.t ?? DEFAULT_T),
      trials: parseIntOption('trials', values.trials, DEFAULT_TRIALS),
      seed: parseIntOption('seed', values.seed, 1),
      k: parseIntOption('k', values.k, 1),
      propagation,
    });
    return {
      code: 0,
      stdout: `${values.compact ? JSON.stringify(result) : JSON.stringify(result, null, 2)}\n`,
      stderr: '',
    };
  } catch (e) {
    if (e instanceof StalenessInputError) throw new UsageError(e.message);
    throw e;
  }
}

/** An unknown preset's error: the ids it most likely meant, then every id. */
function unknownPreset(id: string): string {
  const ids = PRESETS.map((p) => p.id);
  const near = nearIds(id, ids);
  return `unknown preset "${id}"${near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : ''}; known: ${ids.join(', ')}`;
}

function loadScenarioArg(preset: string | undefined, positionals: readonly string[]) {
  if (preset !== undefined && positionals.length > 0)
    throw new UsageError('give either --preset or a scenario, not both');
  if (positionals.length > 1) throw new UsageError(`expected one scenario, got ${positionals.length}`);
  if (preset !== undefined) {
    const found = getPreset(preset);
    if (!found) throw new UsageError(unknownPreset(preset));
    return { scenario: found.scenario, atUs: null };
  }
  const input = positionals[0];
  if (input === undefined) throw new UsageError('no scenario given');
  return loadInput(input);
}

function runCompareCli(argv: readonly string[]): CliResult {
  let parsed: ReturnType<typeof parseCompareArgs>;
  try {
    parsed = parseCompareArgs(argv);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
  const untilArg = parseUntil(values.until);
  const loaded = loadScenarioArg(values.preset, positionals);
  const untilUs = runLength(loaded, untilArg);
  try {
    const stdout = runCompare(loaded.scenario, values, untilUs, (result) =>
      values.json ? `${JSON.stringify(result, null, 2)}\n` : formatCompareTable(result),
    );
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    if (e instanceof CompareInputError) throw new UsageError(e.message);
    throw e;
  }
}

function runSearchCli(argv: readonly string[], options: CliOptions): CliResult {
  let parsed: ReturnType<typeof parseSearchArgs>;
  try {
    parsed = parseSearchArgs(argv);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
  const loaded = loadScenarioArg(values.preset, positionals);
  return { code: 0, ...runSearch(loaded.scenario, values, options.progress) };
}

function runMergeCli(argv: readonly string[]): CliResult {
  const { help, ...out } = runMerge(argv);
  return help ? { code: 0, stdout: `${USAGE}\n`, stderr: '' } : { code: 0, ...out };
}

export interface CliOptions {
  /** Where a long command (search) reports progress now and then; none by default. */
  readonly progress?: (line: string) => void;
}

export function runCli(argv: readonly string[], options: CliOptions = {}): CliResult {
  try {
    if (argv[0] === 'staleness') return runStalenessCli(argv.slice(1));
    if (argv[0] === 'compare') return runCompareCli(argv.slice(1));
    if (argv[0] === 'search') return runSearchCli(argv.slice(1), options);
    if (argv[0] === 'merge') return runMergeCli(argv.slice(1));
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(argv);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const { values, positionals } = parsed;
    if (values.help) return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
    if (values['list-presets']) {
      // It runs nothing: a scenario, --preset or --until given with it was silently ignored.
      const extra = positionals[0] ?? Object.keys(values).find((k) => k !== 'list-presets');
      if (extra !== undefined)
        throw new UsageError(
          `--list-presets takes no other argument, got "${positionals[0] ?? `--${extra}`}"`,
        );
      const list = PRESETS.map((p) => ({
        id: p.id,
        model: p.model,
        title: p.title,
        summary: p.summary,
        explanation: p.explanation,
      }));
      return { code: 0, stdout: `${JSON.stringify(list, null, 2)}\n`, stderr: '' };
    }
    if (values.preset !== undefined && positionals.length > 0)
      throw new UsageError('give either --preset or a scenario, not both');
    if (positionals.length > 1) throw new UsageError(`expected one scenario, got ${positionals.length}`);
    const untilArg = parseUntil(values.until);
    const loaded = loadScenarioArg(values.preset, positionals);
    const fullHistory = values['full-history'] === true;
    const untilUs = runLength(loaded, untilArg, fullHistory);
    const report = runScenario(loaded.scenario, untilUs, fullHistory, values['history-edn']);
    return {
      code: 0,
      stdout: `${values.compact ? JSON.stringify(report) : JSON.stringify(report, null, 2)}\n`,
      stderr: '',
    };
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, stdout: '', stderr: `error: ${e.message}\n\n${USAGE}\n` };
    return { code: 1, stdout: '', stderr: `error: ${e instanceof Error ? e.message : String(e)}\n` };
  }
}

/** How much simulated time the CLI runs between two looks of the oracle and the EDN stream. */
const RUN_STEP_US = 1_000_000;

/**
 * Runs a scenario to `untilUs` with the oracle following it (and the EDN stream writing to `ednPath`), keeping
 * the history's window unless `fullHistory`: memory stays bounded whatever the run's length.
 */
function runScenario(scenario: Scenario, untilUs: number, fullHistory: boolean, ednPath: string | undefined) {
  const sim = new Simulation(scenario, { historyWindow: !fullHistory });
  const oracle = new Oracle(sim);
  const edn = ednPath === undefined ? null : openEdn(ednPath, sim);
  try {
    for (let t = Math.min(untilUs, RUN_STEP_US); ; t = Math.min(untilUs, t + RUN_STEP_US)) {
      sim.runUntil(t);
      oracle.advance();
      edn?.stream.flush(sim.nowUs);
      if (t >= untilUs) break;
    }
    edn?.stream.finish();
  } finally {
    if (edn) closeSync(edn.fd);
  }
  return buildReport(sim, oracle);
}

function openEdn(path: string, sim: Simulation): { fd: number; stream: EdnStream } {
  if (path.trim() === '') throw new UsageError('--history-edn needs a file path');
  const failed = (e: unknown) =>
    new UsageError(`cannot write "${path}": ${e instanceof Error ? e.message : String(e)}`);
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    throw failed(e);
  }
  const write = (text: string) => {
    try {
      writeSync(fd, text);
    } catch (e) {
      throw failed(e);
    }
  };
  return { fd, stream: new EdnStream(sim.clients, write, keyTypes(sim.scenario)) };
}

const RUN_VALUED = new Set(['--until']);
const STALENESS_VALUED = new Set(['--n', '--r', '--w', '--t', '--trials', '--seed', '--k']);

function parse(argv: readonly string[]) {
  return parseArgs({
    args: joinNegativeValues(argv, RUN_VALUED),
    allowPositionals: true,
    strict: true,
    options: {
      until: { type: 'string' },
      preset: { type: 'string' },
      'list-presets': { type: 'boolean' },
      compact: { type: 'boolean' },
      'full-history': { type: 'boolean' },
      'history-edn': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function parseStaleness(argv: readonly string[]) {
  return parseArgs({
    args: joinNegativeValues(argv, STALENESS_VALUED),
    allowPositionals: true,
    strict: true,
    options: {
      n: { type: 'string' },
      r: { type: 'string' },
      w: { type: 'string' },
      profile: { type: 'string' },
      t: { type: 'string' },
      trials: { type: 'string' },
      seed: { type: 'string' },
      k: { type: 'string' },
      propagation: { type: 'string' },
      compact: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
