/**
 * Compare: the same workload and fault timeline under the three replication models, or under one model with
 * different parameters (W=1 against W=2, async against sync), run to the same simulated time and measured side
 * by side as the trade-off table: write and read latency, availability under the faults, stale reads, lost
 * acknowledged writes, conflicts, messages and bytes.
 *
 * A variant is `{label, patch}`: the patch names the model (the scenario is translated into it, see
 * translate.ts) and the settings to change. The named knobs (`w`, `mode`, `resolution`, ...) that the CLI and
 * the UI offer build such patches. Everything here is pure: the same base, variants and time give the same
 * table, in Node and in the browser.
 */
import * as z from 'zod';
import { Simulation } from '../engine/simulation.ts';
import { unreachable } from '../engine/unreachable.ts';
import {
  describeIssues,
  FAILOVER_MODES,
  LIMITS,
  MODELS,
  type ModelName,
  parseScenario,
  READ_REPAIR_MODES,
  REPLICATION_MODES,
  RESOLUTIONS,
  type Scenario,
  TOPOLOGIES,
} from '../scenarios/schema.ts';
import { workExcess } from '../scenarios/work.ts';
import { type RunMetrics, summarizeRun } from './metrics.ts';
import { plural, translateScenario } from './translate.ts';

export class CompareInputError extends Error {}

const count = z.number().int().min(1).max(LIMITS.maxNodes);

/** What a variant changes. Sections must belong to the variant's model (the patch's, else the base's). */
export const variantPatchSchema = z
  .object({
    model: z.enum(MODELS).optional(),
    leaderFollower: z
      .object({
        mode: z.enum(REPLICATION_MODES),
        semiSyncAcks: count,
        failover: z.enum(FAILOVER_MODES),
        electionTimeoutMs: z.number().min(1).max(60_000),
      })
      .partial()
      .strict()
      .optional(),
    multiLeader: z
      .object({
        resolution: z.enum(RESOLUTIONS),
        topology: z.enum(TOPOLOGIES),
        causalDelivery: z.boolean(),
      })
      .partial()
      .strict()
      .optional(),
    leaderless: z
      .object({
        n: count,
        w: count,
        r: count,
        readRepair: z.enum(READ_REPAIR_MODES),
        sloppyQuorum: z.boolean(),
        hintedHandoff: z.boolean(),
        resolution: z.enum(['siblings', 'lww']),
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict();
export type VariantPatch = z.infer<typeof variantPatchSchema>;

export const variantSchema = z
  .object({ label: z.string().min(1).max(48), patch: variantPatchSchema })
  .strict();
export type Variant = z.infer<typeof variantSchema>;

export const MAX_VARIANTS = 6;
export const variantsSchema = z.array(variantSchema).min(1).max(MAX_VARIANTS);

/** The default comparison: the scenario under each of the three models, with their defaults. */
export function threeModels(): Variant[] {
  return MODELS.map((model) => ({ label: model, patch: { model } }));
}

// ---------------------------------------------------------------- named knobs

/** Parameters a comparison can vary, each belonging to one model. */
export const KNOBS = {
  model: { model: null, values: MODELS, doc: 'the replication model' },
  mode: { model: 'leader-follower', values: REPLICATION_MODES, doc: 'leader-follower replication mode' },
  acks: { model: 'leader-follower', values: null, doc: 'semi-synchronous acknowledgements (k of n)' },
  failover: { model: 'leader-follower', values: FAILOVER_MODES, doc: 'leader-follower failover' },
  resolution: {
    model: 'multi-leader',
    values: RESOLUTIONS,
    doc: 'conflict resolution (multi-leader; lww or siblings when leaderless)',
  },
  topology: { model: 'multi-leader', values: TOPOLOGIES, doc: 'multi-leader replication topology' },
  w: { model: 'leaderless', values: null, doc: 'leaderless write quorum W' },
  r: { model: 'leaderless', values: null, doc: 'leaderless read quorum R' },
  n: { model: 'leaderless', values: null, doc: 'leaderless replicas per key N' },
  readRepair: { model: 'leaderless', values: READ_REPAIR_MODES, doc: 'leaderless read repair' },
  sloppy: { model: 'leaderless', values: ['off', 'on'], doc: 'sloppy quorum with hinted handoff' },
} as const satisfies Record<
  string,
  { model: ModelName | null; values: readonly string[] | null; doc: string }
>;
export type Knob = keyof typeof KNOBS;
export const KNOB_NAMES = Object.keys(KNOBS) as Knob[];

export function isKnob(name: string): name is Knob {
  return Object.hasOwn(KNOBS, name);
}

/** The model a knob varies, given the scenario it starts from. */
export function knobModel(knob: Knob, base: Scenario): ModelName {
  if (knob === 'model') return base.model;
  // Resolution exists in both models with versions; keep the base's if it is one of them.
  if (knob === 'resolution' && base.model === 'leaderless') return 'leaderless';
  return KNOBS[knob].model;
}

const KNOB_LABEL: Record<Knob, (v: string) => string> = {
  model: (v) => v,
  mode: (v) => v,
  acks: (v) => `semi-sync k=${v}`,
  failover: (v) => `${v} failover`,
  resolution: (v) => v,
  topology: (v) => v,
  w: (v) => `W=${v}`,
  r: (v) => `R=${v}`,
  n: (v) => `N=${v}`,
  readRepair: (v) => `read repair ${v}`,
  sloppy: (v) => `sloppy quorum ${v}`,
};

/**
 * One variant per value of a knob: `varyKnob(base, 'w', ['1', '2'])` gives leaderless W=1 and W=2. Values are
 * checked here (naming the knob and the value); the resulting scenarios are checked again when they are built.
 * `extra` fixes other settings of the same model for every variant (the UI's "with R=2").
 */
export function varyKnob(
  base: Scenario,
  knob: Knob,
  values: readonly string[],
  extra: VariantPatch = {},
): Variant[] {
  if (values.length < 1 || values.length > MAX_VARIANTS)
    throw new CompareInputError(`vary ${knob}: give 1 to ${MAX_VARIANTS} values, got ${values.length}`);
  const model = knobModel(knob, base);
  if (extra.model !== undefined && extra.model !== model)
    throw new CompareInputError(`${knob} varies ${model}, but the fixed settings are for ${extra.model}`);
  return values.map((value) => ({
    label: KNOB_LABEL[knob](value),
    patch: mergePatches(extra, knobPatch(knob, value, model, base.nodes.length)),
  }));
}

/** The patch that sets one knob (`knobSetting(base, 'r', '2')`), to fix it for every variant of a pair. */
export function knobSetting(base: Scenario, knob: Knob, value: string): VariantPatch {
  if (knob === 'model') throw new CompareInputError('the model cannot be fixed: vary it, or vary a setting');
  return knobPatch(knob, value, knobModel(knob, base), base.nodes.length);
}

/** `b` over `a`, section by section. */
export function mergePatches(a: VariantPatch, b: VariantPatch): VariantPatch {
  const out: VariantPatch = { ...a, ...b };
  if (a.leaderFollower || b.leaderFollower) out.leaderFollower = { ...a.leaderFollower, ...b.leaderFollower };
  if (a.multiLeader || b.multiLeader) out.multiLeader = { ...a.multiLeader, ...b.multiLeader };
  if (a.leaderless || b.leaderless) out.leaderless = { ...a.leaderless, ...b.leaderless };
  return out;
}

function oneOf<T extends string>(knob: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CompareInputError(`${knob} must be one of ${allowed.join(', ')}, got "${value}"`);
}

function quorum(knob: string, value: string, nodes: number): number {
  // Plain decimal digits only: Number() would also take "0x2", "2e0", " 2 " and "".
  const v = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(v) || v < 1 || v > nodes)
    throw new CompareInputError(`${knob} must be an integer from 1 to ${nodes} (the nodes), got "${value}"`);
  return v;
}

function knobPatch(knob: Knob, value: string, model: ModelName, nodes: number): VariantPatch {
  switch (knob) {
    case 'model':
      return { model: oneOf(knob, value, MODELS) };
    case 'mode':
      return { model, leaderFollower: { mode: oneOf(knob, value, REPLICATION_MODES) } };
    case 'acks':
      return {
        model,
        leaderFollower: { mode: 'semisync', semiSyncAcks: quorum(knob, value, Math.max(1, nodes - 1)) },
      };
    case 'failover':
      return { model, leaderFollower: { failover: oneOf(knob, value, FAILOVER_MODES) } };
    case 'resolution':
      return model === 'leaderless'
        ? { model, leaderless: { resolution: oneOf(knob, value, ['siblings', 'lww'] as const) } }
        : { model, multiLeader: { resolution: oneOf(knob, value, RESOLUTIONS) } };
    case 'topology':
      return { model, multiLeader: { topology: oneOf(knob, value, TOPOLOGIES) } };
    case 'w':
      return { model, leaderless: { w: quorum(knob, value, nodes) } };
    case 'r':
      return { model, leaderless: { r: quorum(knob, value, nodes) } };
    case 'n':
      return { model, leaderless: { n: quorum(knob, value, nodes) } };
    case 'readRepair':
      return { model, leaderless: { readRepair: oneOf(knob, value, READ_REPAIR_MODES) } };
    case 'sloppy': {
      const on = oneOf(knob, value, ['off', 'on'] as const) === 'on';
      return { model, leaderless: { sloppyQuorum: on, hintedHandoff: on } };
    }
    default:
      return unreachable(knob);
  }
}

// ---------------------------------------------------------------- building and running variants

export interface BuiltVariant {
  readonly label: string;
  readonly model: ModelName;
  readonly scenario: Scenario;
  readonly notes: readonly string[];
  /** The model's settings in a line: "async, majority failover", "N=3 W=2 R=2, read repair async". */
  readonly settings: string;
}

/** The base scenario translated into the variant's model with the patch applied, validated. */
export function buildVariant(base: Scenario, variant: Variant): BuiltVariant {
  const checked = variantSchema.safeParse(variant);
  if (!checked.success)
    throw new CompareInputError(
      `variant "${String(variant.label)}": ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const { patch } = checked.data;
  const model = patch.model ?? base.model;
  for (const [section, owner] of [
    ['leaderFollower', 'leader-follower'],
    ['multiLeader', 'multi-leader'],
    ['leaderless', 'leaderless'],
  ] as const)
    if (patch[section] && owner !== model)
      throw new CompareInputError(
        `variant "${variant.label}": ${section} settings, but the variant runs ${model}`,
      );
  const translated = translateScenario(base, model);
  let s: Scenario = { ...translated.scenario, name: `${base.name} (${variant.label})`.slice(0, 80) };
  if (patch.leaderFollower && s.leaderFollower)
    s = { ...s, leaderFollower: { ...s.leaderFollower, ...patch.leaderFollower } };
  if (patch.multiLeader && s.multiLeader)
    s = { ...s, multiLeader: { ...s.multiLeader, ...patch.multiLeader } };
  if (patch.leaderless && s.leaderless) {
    const ll = { ...s.leaderless, ...patch.leaderless };
    // A smaller N alone brings the default quorums down with it; a W or R given above N is reported below.
    if (patch.leaderless.n !== undefined) {
      if (patch.leaderless.w === undefined) ll.w = Math.min(ll.w, ll.n);
      if (patch.leaderless.r === undefined) ll.r = Math.min(ll.r, ll.n);
    }
    s = { ...s, leaderless: ll };
  }
  const settings = describeSettings(s);
  s = {
    ...s,
    description:
      `“${base.name}” compared as ${variant.label}: ${model}, ${settings}. ${base.description ?? ''}`
        .trim()
        .slice(0, 2000),
  };
  const parsed = parseScenario(s);
  if (!parsed.ok) throw new CompareInputError(`variant "${variant.label}": ${describeIssues(parsed.issues)}`);
  return {
    label: variant.label,
    model,
    scenario: parsed.scenario,
    notes: translated.notes,
    settings,
  };
}

/** The settings that matter for a comparison, in one line. */
export function describeSettings(s: Scenario): string {
  switch (s.model) {
    case 'leader-follower': {
      const lf = s.leaderFollower;
      if (!lf) return 'leader-follower';
      const mode = lf.mode === 'semisync' ? `semi-sync (k=${lf.semiSyncAcks})` : lf.mode;
      return `${mode}, ${lf.failover ?? 'manual'} failover`;
    }
    case 'multi-leader': {
      const ml = s.multiLeader;
      if (!ml) return 'multi-leader';
      return `${ml.leaders.length} leaders, ${ml.topology}, ${ml.resolution}${ml.ownership === 'key-range' ? ', key ranges' : ''}`;
    }
    case 'leaderless': {
      const ll = s.leaderless;
      if (!ll) return 'leaderless';
      return (
        `N=${ll.n} W=${ll.w} R=${ll.r}, read repair ${ll.readRepair ?? 'async'}` +
        `${ll.sloppyQuorum ? ', sloppy quorum' : ''}, ${ll.resolution ?? 'siblings'}`
      );
    }
    default:
      return unreachable(s.model);
  }
}

export interface CompareColumn extends BuiltVariant {
  readonly metrics: RunMetrics;
  readonly traceHash: string;
}

export interface CompareResult {
  readonly base: string;
  readonly untilUs: number;
  readonly columns: readonly CompareColumn[];
  readonly rows: readonly CompareRow[];
}

export interface CompareOptions {
  /** Simulated time every variant runs to, in µs. */
  readonly untilUs: number;
  /** Called as the runs advance: variants done (fractional) out of the total. */
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

/** Slices per run, so progress can be reported while a long run advances. */
const SLICES = 20;

/** Builds every variant first (so a bad one fails before any runs), then runs each to the same time. */
export function compareScenarios(
  base: Scenario,
  variants: readonly Variant[],
  options: CompareOptions,
): CompareResult {
  const list = variantsSchema.safeParse(variants);
  if (!list.success)
    throw new CompareInputError(`variants: give 1 to ${MAX_VARIANTS} variants, got ${variants.length}`);
  const { untilUs } = options;
  if (!Number.isInteger(untilUs) || untilUs < 0 || untilUs > LIMITS.maxTimeUs)
    throw new CompareInputError(
      `the run time must be 0 to ${LIMITS.maxTimeUs / 1000} ms, got ${untilUs / 1000}`,
    );
  const labels = new Set<string>();
  for (const v of variants) {
    if (labels.has(v.label)) throw new CompareInputError(`two variants are labelled "${v.label}"`);
    labels.add(v.label);
  }
  const built = variants.map((v) => buildVariant(base, v));
  // Each variant runs to the same time, which may be longer than its scenario's own: that run must fit the
  // limit on total work too, or a comparison could hang the worker (or the CLI) for hours.
  for (const [i, b] of built.entries()) {
    const excess = workExcess(b.scenario, untilUs / 1000);
    if (excess)
      throw new CompareInputError(
        `variant "${variants[i]?.label}" run to ${untilUs / 1000} ms: ${excess.message}; run to an earlier time or ${excess.remedy}`,
      );
  }
  const columns = built.map((b, i) => {
    const sim = new Simulation(b.scenario);
    for (let k = 1; k <= SLICES; k++) {
      sim.runUntil(Math.round((untilUs * k) / SLICES));
      options.onProgress?.(i + k / SLICES, built.length, b.label);
    }
    return { ...b, metrics: summarizeRun(sim), traceHash: sim.traceHash() };
  });
  return { base: base.name, untilUs, columns, rows: compareRows(columns) };
}

// ---------------------------------------------------------------- the table

export type Better = 'lower' | 'higher';

export interface CompareRow {
  readonly key: string;
  readonly label: string;
  readonly better: Better;
  /** One value per column; null when it does not exist (no write completed, so no latency). */
  readonly values: readonly (number | null)[];
  /** Each value as shown: "12.3 ms", "97.5% (39/40)", "3 (7.5%)". */
  readonly display: readonly string[];
  /** Indexes of the best columns; empty when every column is equal. */
  readonly best: readonly number[];
  /** The row in a sentence. */
  readonly reading: string;
}

interface RowSpec {
  readonly key: string;
  readonly label: string;
  readonly better: Better;
  readonly value: (m: RunMetrics) => number | null;
  readonly show: (m: RunMetrics) => string;
  readonly read: (cols: readonly Named[]) => string;
}

interface Named {
  readonly label: string;
  readonly m: RunMetrics;
  readonly v: number | null;
}

const ms = (us: number | null): string => (us === null ? '—' : `${formatNumber(us / 1000)} ms`);
const pct = (share: number): string => `${formatNumber(share * 100)}%`;

/** Up to one decimal below 100, whole numbers above, thousands separated: stable text for tests and the CLI. */
export function formatNumber(x: number): string {
  const rounded = Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 10) / 10;
  const [int, frac] = String(Math.abs(rounded)).split('.');
  const grouped = (int ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** "a", "a and b", "a, b and c". */
export function listLabels(labels: readonly string[]): string {
  if (labels.length <= 1) return labels[0] ?? '';
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/** "leader-follower lost 3; the others none" for counts where zero is the good outcome. */
function countReading(verb: string, noun: (n: number) => string, none: string) {
  return (cols: readonly Named[]): string => {
    const hit = cols.filter((c) => (c.v ?? 0) > 0);
    if (hit.length === 0) return none;
    const parts = hit.map((c) => `${c.label} ${verb} ${noun(c.v ?? 0)}`);
    const clean = cols.filter((c) => (c.v ?? 0) === 0).map((c) => c.label);
    return `${parts.join('; ')}${clean.length > 0 ? `; ${listLabels(clean)} none` : ''}`;
  };
}

/** "leaderless was fastest (12 ms), leader-follower slowest (45 ms)" for latencies and volumes. */
function rangeReading(what: string, low: string, high: string, show: (v: number) => string) {
  return (cols: readonly Named[]): string => {
    const known = cols.filter((c): c is Named & { v: number } => c.v !== null);
    if (known.length === 0) return `no ${what} completed`;
    const min = Math.min(...known.map((c) => c.v));
    const max = Math.max(...known.map((c) => c.v));
    const missing = cols.filter((c) => c.v === null).map((c) => c.label);
    const tail = missing.length > 0 ? `; ${listLabels(missing)}: none completed` : '';
    if (show(min) === show(max)) return `the same everywhere (${show(min)})${tail}`;
    const lows = listLabels(known.filter((c) => show(c.v) === show(min)).map((c) => c.label));
    const highs = listLabels(known.filter((c) => show(c.v) === show(max)).map((c) => c.label));
    return `${lows} ${low} (${show(min)}), ${highs} ${high} (${show(max)})${tail}`;
  };
}

const ROWS: readonly RowSpec[] = [
  {
    key: 'writeP50',
    label: 'Write latency p50',
    better: 'lower',
    value: (m) => m.writes.p50Us,
    show: (m) => ms(m.writes.p50Us),
    read: rangeReading('write', 'acknowledged writes fastest', 'slowest', (v) => ms(v)),
  },
  {
    key: 'writeP99',
    label: 'Write latency p99',
    better: 'lower',
    value: (m) => m.writes.p99Us,
    show: (m) => ms(m.writes.p99Us),
    read: rangeReading('write', 'had the shortest write tail', 'the longest', (v) => ms(v)),
  },
  {
    key: 'readP50',
    label: 'Read latency p50',
    better: 'lower',
    value: (m) => m.reads.p50Us,
    show: (m) => ms(m.reads.p50Us),
    read: rangeReading('read', 'answered reads fastest', 'slowest', (v) => ms(v)),
  },
  {
    key: 'readP99',
    label: 'Read latency p99',
    better: 'lower',
    value: (m) => m.reads.p99Us,
    show: (m) => ms(m.reads.p99Us),
    read: rangeReading('read', 'had the shortest read tail', 'the longest', (v) => ms(v)),
  },
  {
    key: 'availability',
    label: 'Availability',
    better: 'higher',
    value: (m) => m.availability,
    show: (m) => (m.availability === null ? '—' : `${pct(m.availability)} (${okOps(m)}/${completedOps(m)})`),
    read: (cols) => {
      const known = cols.filter((c): c is Named & { v: number } => c.v !== null);
      if (known.length === 0) return 'no operation completed';
      const full = known.filter((c) => c.v >= 1).map((c) => c.label);
      const short = known
        .filter((c) => c.v < 1)
        .map(
          (c) =>
            `${c.label} ${pct(c.v)} (${plural(failedWrites(c.m), 'write')} and ${plural(failedReads(c.m), 'read')} failed or unknown)`,
        );
      if (short.length === 0) return 'every completed operation succeeded everywhere';
      return `${full.length > 0 ? `${listLabels(full)} kept every operation succeeding; ` : ''}${short.join('; ')}`;
    },
  },
  {
    key: 'failedWrites',
    label: 'Writes failed or unknown',
    better: 'lower',
    value: (m) => failedWrites(m),
    show: (m) => `${failedWrites(m)} of ${m.writes.invoked}`,
    read: countReading(
      'could not confirm',
      (n) => (n === 1 ? '1 write' : `${n} writes`),
      'every write was acknowledged',
    ),
  },
  {
    key: 'staleReads',
    label: 'Stale reads',
    better: 'lower',
    value: (m) => m.staleReads,
    show: (m) =>
      m.staleReadRate === null ? String(m.staleReads) : `${m.staleReads} (${pct(m.staleReadRate)})`,
    read: countReading('returned', (n) => `${n} stale ${n === 1 ? 'read' : 'reads'}`, 'no read was stale'),
  },
  {
    key: 'lostWrites',
    label: 'Lost acknowledged writes',
    better: 'lower',
    value: (m) => m.lostWrites,
    show: (m) => String(m.lostWrites),
    read: countReading(
      'lost',
      (n) => `${n} acknowledged ${n === 1 ? 'write' : 'writes'}`,
      'no acknowledged write was lost',
    ),
  },
  {
    key: 'conflicts',
    label: 'Conflicts',
    better: 'lower',
    value: (m) => m.conflicts,
    show: (m) => String(m.conflicts),
    read: countReading(
      'detected',
      (n) => `${n} ${n === 1 ? 'conflict' : 'conflicts'}`,
      'no conflicting writes',
    ),
  },
  {
    key: 'messages',
    label: 'Messages sent',
    better: 'lower',
    value: (m) => m.messagesSent,
    show: (m) =>
      `${formatNumber(m.messagesSent)}${m.messagesDropped > 0 ? ` (${formatNumber(m.messagesDropped)} dropped)` : ''}`,
    read: rangeReading('message', 'sent the fewest', 'the most', (v) => formatNumber(v)),
  },
  {
    key: 'bytes',
    label: 'Bytes sent',
    better: 'lower',
    value: (m) => m.bytesSent,
    show: (m) => formatBytes(m.bytesSent),
    read: rangeReading('message', 'sent the fewest bytes', 'the most', formatBytes),
  },
];

function okOps(m: RunMetrics): number {
  return m.writes.ok + m.reads.ok;
}

function completedOps(m: RunMetrics): number {
  return okOps(m) + m.writes.failed + m.writes.info + m.reads.failed + m.reads.info;
}

function failedReads(m: RunMetrics): number {
  return m.reads.failed + m.reads.info;
}

function failedWrites(m: RunMetrics): number {
  return m.writes.failed + m.writes.info;
}

export function formatBytes(bytes: number): string {
  if (bytes < 10_000) return `${formatNumber(bytes)} B`;
  if (bytes < 10_000_000) return `${formatNumber(bytes / 1000)} kB`;
  return `${formatNumber(bytes / 1_000_000)} MB`;
}

/** The trade-off table: a row per measure, a value per column, the best marked, and the row in a sentence. */
export function compareRows(columns: readonly { label: string; metrics: RunMetrics }[]): CompareRow[] {
  return ROWS.map((spec) => {
    const values = columns.map((c) => spec.value(c.metrics));
    const display = columns.map((c) => spec.show(c.metrics));
    const known = values.filter((v): v is number => v !== null);
    const target = spec.better === 'lower' ? Math.min(...known) : Math.max(...known);
    // Values shown alike are equally good (7.91 ms and 7.88 ms both read "7.9 ms"): compare what is shown.
    const bestText = display[values.indexOf(target)];
    const allEqual =
      known.length === values.length &&
      (known.every((v) => v === target) || display.every((d) => d === display[0]));
    const best =
      known.length === 0 || allEqual
        ? []
        : values.flatMap((v, i) => (v !== null && (v === target || display[i] === bestText) ? [i] : []));
    const named = columns.map((c, i) => ({ label: c.label, m: c.metrics, v: values[i] ?? null }));
    return {
      key: spec.key,
      label: spec.label,
      better: spec.better,
      values,
      display,
      best,
      reading: spec.read(named),
    };
  });
}

/** The table as aligned text, a column per variant (the CLI prints it). */
export function formatCompareTable(result: CompareResult): string {
  const header = ['', ...result.columns.map((c) => c.label)];
  const settings = ['settings', ...result.columns.map((c) => c.settings)];
  const body = result.rows.map((r) => [
    r.label,
    ...r.display.map((d, i) => (r.best.includes(i) ? `${d} *` : d)),
  ]);
  const table = [header, settings, ...body];
  const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const lines = [
    `${result.base}: ${result.columns.length} variants, each run to ${formatNumber(result.untilUs / 1000)} ms simulated (* best)`,
    '',
    line(header),
    rule,
    ...[settings, ...body].map(line),
    '',
    ...result.rows.map((r) => `${r.label}: ${r.reading}`),
  ];
  const notes = result.columns.flatMap((c) => c.notes.map((n) => `  ${c.label}: ${n}`));
  if (notes.length > 0) lines.push('', 'Translation notes:', ...notes);
  return `${lines.join('\n')}\n`;
}
