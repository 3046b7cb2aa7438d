/**
 * The headless CLI: runs the same simulation core as the browser on a scenario and prints a JSON report.
 *
 *   npm run sim -- <scenario.json | '{...json...}' | share URL> [--until <ms>] [--compact]
 *   npm run sim -- --preset <id> [--until <ms>]
 *   npm run sim -- --list-presets
 *   npm run sim -- staleness --n 3 --r 1 --w 1 --profile lnkd-disk --t 0,5,10 [--trials 100000] [--seed 1]
 *   npm run sim -- compare <scenario> | --preset <id> [--models ... | --vary w=1,2] [--until <ms>] [--json]
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MAX_FILE_BYTES, scenarioFromJson } from '../codec/file.ts';
import { decodeShareHash } from '../codec/url.ts';
import { CompareInputError, formatCompareTable } from '../sim/analysis/compare.ts';
import { PBS_LIMITS, runStaleness, StalenessInputError } from '../sim/analysis/pbs.ts';
import { buildReport } from '../sim/analysis/report.ts';
import { PBS_PROFILE_NAMES, type PbsProfileName } from '../sim/engine/latency.ts';
import { Simulation } from '../sim/engine/simulation.ts';
import { historyToEdn } from '../sim/oracle/edn.ts';
import { getPreset, PRESETS } from '../sim/scenarios/presets/index.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';
import { LIMITS } from '../sim/scenarios/schema.ts';
import { COMPARE_HELP, COMPARE_SYNOPSIS, parseCompareArgs, runCompare } from './compare.ts';

const DEFAULT_T = '0,1,2,5,10,20,50,100,200,500,1000';
const DEFAULT_TRIALS = 100_000;

export const USAGE = `Usage:
  npm run sim -- <scenario.json | JSON text | share URL> [--until <ms>] [--compact]
  npm run sim -- --preset <id> [--until <ms>] [--compact]
  npm run sim -- --list-presets
  npm run sim -- staleness --n <N> --r <R> --w <W> --profile <name> [--t <ms,ms,...>] [--trials <count>]
                 [--seed <int>] [--k <versions>] [--propagation all|quorum-only] [--compact]
${COMPARE_SYNOPSIS}

Runs a scenario headless and prints a JSON report: traceHash, endTimeMs, counts (operations, messages, bytes),
anomalyCounts and anomalies by kind (the consistency oracle's), the linearizability verdict, lost writes, final
node states and the history of every client operation (with the kinds of anomaly about each).

The staleness subcommand runs the PBS WARS Monte Carlo model (Bailis et al., VLDB 2012) and prints JSON:
points [{t, pConsistent}] (P(a read started t ms after commit returns the write)), kStaleness (closed form
1 - (C(N-W,R)/C(N,R))^k), pStaleClosedForm, pConsistentClosedForm, readLatencyMs and writeLatencyMs
{p50, p99, p999}, and params (the inputs with defaults).

Options:
  --until <ms>      simulated time to run to, in milliseconds (default: the share link's time, else the
                    scenario's durationMs)
  --preset <id>     run a built-in scenario (see --list-presets)
  --list-presets    list the built-in scenarios as JSON
  --compact         print the report on one line
  --history-edn <f> also write the history as a Jepsen EDN history (for Knossos, Elle, Porcupine):
                    a process per operation a client has in flight (a fresh one after :info),
                    :index on every event, :time in ns, [key value] tuples, sibling reads as sets
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

${COMPARE_HELP}`;

export class UsageError extends Error {}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function loadInput(input: string): { scenario: Scenario; atUs: number | null } {
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
  let size: number;
  try {
    size = statSync(input).size;
  } catch {
    throw new UsageError(
      `cannot read "${input}": no such file (give a scenario file, JSON text or a share URL)`,
    );
  }
  if (size > MAX_FILE_BYTES)
    throw new UsageError(`"${input}" is too large (${size} bytes; the limit is ${MAX_FILE_BYTES})`);
  const parsed = scenarioFromJson(readFileSync(input, 'utf8'), `"${input}"`);
  if (!parsed.ok) throw new UsageError(parsed.error);
  return { scenario: parsed.scenario, atUs: null };
}

function parseUntil(text: string | undefined): number | null {
  if (text === undefined) return null;
  const ms = Number(text);
  if (text.trim() === '' || !Number.isFinite(ms) || ms < 0 || ms * 1000 > LIMITS.maxTimeUs)
    throw new UsageError(
      `--until must be a number of milliseconds between 0 and ${LIMITS.maxTimeUs / 1000}, got "${text}"`,
    );
  return Math.round(ms * 1000);
}

function parseIntOption(name: string, text: string | undefined, fallback?: number): number {
  if (text === undefined) {
    if (fallback === undefined) throw new UsageError(`staleness needs --${name}`);
    return fallback;
  }
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value))
    throw new UsageError(`--${name} must be an integer, got "${text}"`);
  return value;
}

function parseTimes(text: string): number[] {
  return text.split(',').map((item) => {
    const t = Number(item);
    if (item.trim() === '' || !Number.isFinite(t) || t < 0)
      throw new UsageError(
        `--t must be a comma-separated list of times in ms >= 0 (e.g. 0,5,10), got "${text}"`,
      );
    return t;
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

function loadScenarioArg(preset: string | undefined, positionals: readonly string[]) {
  if (preset !== undefined && positionals.length > 0)
    throw new UsageError('give either --preset or a scenario, not both');
  if (positionals.length > 1) throw new UsageError(`expected one scenario, got ${positionals.length}`);
  if (preset !== undefined) {
    const found = getPreset(preset);
    if (!found)
      throw new UsageError(`unknown preset "${preset}"; known: ${PRESETS.map((p) => p.id).join(', ')}`);
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
  const untilUs = untilArg ?? loaded.atUs ?? Math.round(loaded.scenario.durationMs * 1000);
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

export function runCli(argv: readonly string[]): CliResult {
  try {
    if (argv[0] === 'staleness') return runStalenessCli(argv.slice(1));
    if (argv[0] === 'compare') return runCompareCli(argv.slice(1));
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(argv);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const { values, positionals } = parsed;
    if (values.help) return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
    if (values['list-presets']) {
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
    const untilUs = untilArg ?? loaded.atUs ?? Math.round(loaded.scenario.durationMs * 1000);
    const sim = new Simulation(loaded.scenario);
    sim.runUntil(untilUs);
    const report = buildReport(sim);
    const ednPath = values['history-edn'];
    if (ednPath !== undefined) {
      if (ednPath.trim() === '') throw new UsageError('--history-edn needs a file path');
      try {
        writeFileSync(ednPath, historyToEdn(sim.clients.history));
      } catch (e) {
        throw new UsageError(`cannot write "${ednPath}": ${e instanceof Error ? e.message : String(e)}`);
      }
    }
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

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      until: { type: 'string' },
      preset: { type: 'string' },
      'list-presets': { type: 'boolean' },
      compact: { type: 'boolean' },
      'history-edn': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function parseStaleness(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
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
      'history-edn': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
