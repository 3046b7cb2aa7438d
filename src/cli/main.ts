/**
 * The headless CLI: runs the same simulation core as the browser on a scenario and prints a JSON report.
 *
 *   npm run sim -- <scenario.json | '{...json...}' | share URL> [--until <ms>] [--compact]
 *   npm run sim -- --preset <id> [--until <ms>]
 *   npm run sim -- --list-presets
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MAX_FILE_BYTES, scenarioFromJson } from '../codec/file.ts';
import { decodeShareHash } from '../codec/url.ts';
import { getPreset, PRESETS } from '../sim/presets.ts';
import { buildReport } from '../sim/report.ts';
import type { Scenario } from '../sim/scenario.ts';
import { LIMITS } from '../sim/scenario.ts';
import { Simulation } from '../sim/simulation.ts';

export const USAGE = `Usage:
  npm run sim -- <scenario.json | JSON text | share URL> [--until <ms>] [--compact]
  npm run sim -- --preset <id> [--until <ms>] [--compact]
  npm run sim -- --list-presets

Runs a scenario headless and prints a JSON report: traceHash, endTimeMs, counts, final node states and the
history of every client operation.

Options:
  --until <ms>      simulated time to run to, in milliseconds (default: the share link's time, else the
                    scenario's durationMs)
  --preset <id>     run a built-in scenario (see --list-presets)
  --list-presets    list the built-in scenarios as JSON
  --compact         print the report on one line
  -h, --help        show this help`;

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

export function runCli(argv: readonly string[]): CliResult {
  try {
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(argv);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const { values, positionals } = parsed;
    if (values.help) return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
    if (values['list-presets']) {
      const list = PRESETS.map((p) => ({ id: p.id, title: p.title, summary: p.summary }));
      return { code: 0, stdout: `${JSON.stringify(list, null, 2)}\n`, stderr: '' };
    }
    if (values.preset !== undefined && positionals.length > 0)
      throw new UsageError('give either --preset or a scenario, not both');
    if (positionals.length > 1) throw new UsageError(`expected one scenario, got ${positionals.length}`);
    const untilArg = parseUntil(values.until);
    let loaded: { scenario: Scenario; atUs: number | null };
    if (values.preset !== undefined) {
      const preset = getPreset(values.preset);
      if (!preset)
        throw new UsageError(
          `unknown preset "${values.preset}"; known: ${PRESETS.map((p) => p.id).join(', ')}`,
        );
      loaded = { scenario: preset.scenario, atUs: null };
    } else {
      const input = positionals[0];
      if (input === undefined) throw new UsageError('no scenario given');
      loaded = loadInput(input);
    }
    const untilUs = untilArg ?? loaded.atUs ?? Math.round(loaded.scenario.durationMs * 1000);
    const sim = new Simulation(loaded.scenario);
    sim.runUntil(untilUs);
    const report = buildReport(sim);
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
      help: { type: 'boolean', short: 'h' },
    },
  });
}
