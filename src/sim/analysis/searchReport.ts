/**
 * The JSON answer of a search (what `npm run sim -- search --json` prints) and the merge of sharded answers
 * into the one a single machine would have given.
 *
 * Why a merge is exact: run i of a search is a pure function of (scenario, seed, i), each shard does its run
 * indices in increasing order and stops at its first failure, and shrinking is deterministic. So the first
 * failure by run index over all shards is the one a single machine meets first, and the shard that found it has
 * already shrunk it exactly as that machine would. One machine would have done (that index + 1) runs; when
 * nothing was found, every shard's runs add up to the budget.
 */
import * as z from 'zod/mini';
import { TraceHash } from '../engine/hash.ts';
import { type Scenario, scenarioSchema } from '../scenarios/schema.ts';
import type { SearchResult, Shard } from './search.ts';
import { PROPERTIES } from './searchCase.ts';
import { FAULT_KINDS } from './searchFaults.ts';

const sizeSchema = z.strictObject({
  faults: z.number().check(z.int(), z.gte(0)),
  operations: z.number().check(z.int(), z.gte(0)),
  trafficPerSec: z.number().check(z.gte(0)),
  nodes: z.number().check(z.int(), z.gte(1)),
  clients: z.number().check(z.int(), z.gte(1)),
});

const commonShape = {
  property: z.enum(PROPERTIES),
  seed: z.number().check(z.int(), z.gte(0), z.lte(0xffffffff)),
  budget: z.number().check(z.int(), z.gte(1)),
  runs: z.number().check(z.int(), z.gte(0)),
  faults: z.array(z.enum(FAULT_KINDS)),
  settleMs: z.number().check(z.gte(0)),
  /** A digest of the scenario searched (before any fault was added), so shards of different scenarios never merge. */
  base: z.string().check(z.regex(/^[0-9a-f]{16}$/)),
  shard: z.optional(
    z.strictObject({
      index: z.number().check(z.int(), z.gte(1)),
      count: z.number().check(z.int(), z.gte(1)),
    }),
  ),
};

const foundSchema = z.strictObject({
  found: z.literal(true),
  ...commonShape,
  runIndex: z.number().check(z.int(), z.gte(0)),
  violation: z.string(),
  atUs: z.number().check(z.int(), z.gte(0)),
  link: z.string(),
  shrinkSteps: z.number().check(z.int(), z.gte(0)),
  shrinkRuns: z.number().check(z.int(), z.gte(0)),
  minimal: z.boolean(),
  size: sizeSchema,
  originalSize: sizeSchema,
  originalViolation: z.string(),
  scenario: scenarioSchema,
  original: scenarioSchema,
});

const notFoundSchema = z.strictObject({
  found: z.literal(false),
  ...commonShape,
  undecided: z.number().check(z.int(), z.gte(0)),
  complete: z.boolean(),
});

const reportSchema = z.discriminatedUnion('found', [foundSchema, notFoundSchema]);

export type FoundReport = z.infer<typeof foundSchema>;
export type NotFoundReport = z.infer<typeof notFoundSchema>;
export type SearchReport = FoundReport | NotFoundReport;

/**
 * A digest of a scenario (16 hex digits), the same in every engine and whatever the order of its keys (a file
 * read through the schema comes back in the schema's order, a preset in its author's).
 */
export function scenarioDigest(scenario: Scenario): string {
  const h = new TraceHash();
  const text = canonicalJson(scenario);
  for (let i = 0; i < text.length; i++) h.mix(text.charCodeAt(i));
  h.mix(text.length);
  return h.digest();
}

/** JSON with every object's keys sorted. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * The JSON answer of `result`, a search of `base`; `link` is the shrunk scenario's share link (the codec, which
 * the core does not import, makes it). Keys come in one order, so equal answers print as equal text.
 */
export function searchReport(result: SearchResult, base: Scenario, link: string | null): SearchReport {
  const common = {
    property: result.property,
    seed: result.seed,
    budget: result.budget,
    runs: result.runs,
    faults: [...result.faults],
    settleMs: result.settleMs,
    base: scenarioDigest(base),
    ...(result.shard ? { shard: { ...result.shard } } : {}),
  };
  if (!result.found)
    return ordered({ found: false, ...common, undecided: result.undecided, complete: result.complete });
  return ordered({
    found: true,
    ...common,
    runIndex: result.runIndex,
    violation: result.violation,
    atUs: result.atUs,
    link: link ?? '',
    shrinkSteps: result.shrinkSteps,
    shrinkRuns: result.shrinkRuns,
    minimal: result.minimal,
    size: result.size,
    originalSize: result.originalSize,
    originalViolation: result.originalViolation,
    scenario: result.scenario,
    original: result.original,
  });
}

/** The report with its keys in the canonical order (and no shard when it is the whole search). */
function ordered(r: SearchReport): SearchReport {
  const head = {
    found: r.found,
    property: r.property,
    seed: r.seed,
    budget: r.budget,
    runs: r.runs,
    faults: r.faults,
    settleMs: r.settleMs,
    base: r.base,
    ...(r.shard && r.shard.count > 1 ? { shard: r.shard } : {}),
  };
  if (!r.found) return { ...head, found: false, undecided: r.undecided, complete: r.complete };
  const { runIndex, violation, atUs, link, shrinkSteps, shrinkRuns, minimal, size, originalSize } = r;
  return {
    ...head,
    found: true,
    runIndex,
    violation,
    atUs,
    link,
    shrinkSteps,
    shrinkRuns,
    minimal,
    size,
    originalSize,
    originalViolation: r.originalViolation,
    scenario: r.scenario,
    original: r.original,
  };
}

/** Shard answers that cannot be merged: the message names the input and what is wrong. */
export class MergeInputError extends Error {}

export interface Merged {
  readonly report: SearchReport;
  /** Doubts about the answer (a shard stopped by its deadline before the failure's index). */
  readonly warnings: readonly string[];
}

/** The answers of the n shards of one search, each named (a file name) for messages, merged into one. */
export function mergeReports(inputs: readonly { readonly name: string; readonly data: unknown }[]): Merged {
  if (inputs.length === 0) throw new MergeInputError('nothing to merge: give the JSON answer of every shard');
  const reports = inputs.map(({ name, data }) => {
    const parsed = reportSchema.safeParse(data);
    if (parsed.success) return { name, report: parsed.data };
    const issue = parsed.error.issues[0];
    throw new MergeInputError(
      `${name} is not the JSON answer of a search (npm run sim -- search ... --json): ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown shape'}`,
    );
  });
  const first = reports[0] as { name: string; report: SearchReport };
  const count = first.report.shard?.count ?? 1;
  const seen = new Map<number, string>();
  for (const { name, report } of reports) {
    for (const key of ['property', 'seed', 'budget', 'settleMs', 'base'] as const)
      if (report[key] !== first.report[key])
        throw new MergeInputError(
          `${name} is from another search than ${first.name}: its ${key === 'base' ? 'scenario' : key} differs (${report[key]} against ${first.report[key]})`,
        );
    if (report.faults.join(',') !== first.report.faults.join(','))
      throw new MergeInputError(`${name} is from another search than ${first.name}: its faults differ`);
    const shard = report.shard ?? { index: 1, count: 1 };
    if (shard.count !== count)
      throw new MergeInputError(
        `${name} is ${whichPart(shard)}, but ${first.name} is ${whichPart(first.report.shard ?? { index: 1, count: 1 })}`,
      );
    const other = seen.get(shard.index);
    if (other !== undefined)
      throw new MergeInputError(`${name} and ${other} are both shard ${shard.index}/${count}`);
    seen.set(shard.index, name);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0)
    throw new MergeInputError(
      `shard ${missing.map((i) => `${i}/${count}`).join(', ')} missing: give every shard's answer`,
    );
  return combine(reports.map((r) => r.report));
}

function combine(reports: readonly SearchReport[]): Merged {
  const found = reports.filter((r): r is FoundReport => r.found);
  const whole = { shard: undefined } as const;
  if (found.length === 0) {
    const notFound = reports as readonly NotFoundReport[];
    const merged: NotFoundReport = {
      ...(reports[0] as NotFoundReport),
      ...whole,
      runs: sum(notFound.map((r) => r.runs)),
      undecided: sum(notFound.map((r) => r.undecided)),
      complete: notFound.every((r) => r.complete),
    };
    return { report: ordered(merged), warnings: [] };
  }
  const winner = found.reduce((a, b) => (b.runIndex < a.runIndex ? b : a));
  const warnings: string[] = [];
  for (const r of reports) {
    if (r.found) continue;
    const shard = r.shard ?? { index: 1, count: 1 };
    const next = nextIndex(shard, r.runs);
    if (!r.complete && next < winner.runIndex)
      warnings.push(
        `shard ${shard.index}/${shard.count} stopped before run ${next}: a failure before run ${winner.runIndex} may have been missed, so this may not be the first one`,
      );
  }
  return { report: ordered({ ...winner, ...whole, runs: winner.runIndex + 1 }), warnings };
}

function whichPart(shard: Shard): string {
  return shard.count === 1 ? 'a whole search (no --shard)' : `shard ${shard.index}/${shard.count}`;
}

/** The first run index a shard had not done after `runs` runs. */
function nextIndex(shard: Shard, runs: number): number {
  return shard.index - 1 + runs * shard.count;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
