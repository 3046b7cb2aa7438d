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
import * as z from 'zod/mini';
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
import { type CompareRow, compareRows } from './compareRows.ts';
import { type RunMetrics, summarizeRun } from './metrics.ts';
import { translateScenario } from './translate.ts';

export class CompareInputError extends Error {}

const count = z.number().check(z.int(), z.gte(1), z.lte(LIMITS.maxNodes));

/** What a variant changes. Sections must belong to the variant's model (the patch's, else the base's). */
export const variantPatchSchema = z.strictObject({
  model: z.optional(z.enum(MODELS)),
  leaderFollower: z.optional(
    z.partial(
      z.strictObject({
        mode: z.enum(REPLICATION_MODES),
        semiSyncAcks: count,
        failover: z.enum(FAILOVER_MODES),
        electionTimeoutMs: z.number().check(z.gte(1), z.lte(60_000)),
      }),
    ),
  ),
  multiLeader: z.optional(
    z.partial(
      z.strictObject({
        resolution: z.enum(RESOLUTIONS),
        topology: z.enum(TOPOLOGIES),
        causalDelivery: z.boolean(),
      }),
    ),
  ),
  leaderless: z.optional(
    z.partial(
      z.strictObject({
        n: count,
        w: count,
        r: count,
        readRepair: z.enum(READ_REPAIR_MODES),
        sloppyQuorum: z.boolean(),
        hintedHandoff: z.boolean(),
        resolution: z.enum(['siblings', 'lww']),
      }),
    ),
  ),
});
export type VariantPatch = z.infer<typeof variantPatchSchema>;

export const variantSchema = z.strictObject({
  label: z.string().check(z.minLength(1), z.maxLength(48)),
  patch: variantPatchSchema,
});
export type Variant = z.infer<typeof variantSchema>;

export const MAX_VARIANTS = 6;
export const variantsSchema = z.array(variantSchema).check(z.minLength(1), z.maxLength(MAX_VARIANTS));

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

export {
  type Better,
  type CompareRow,
  compareRows,
  formatBytes,
  formatCompareTable,
  formatNumber,
  listLabels,
} from './compareRows.ts';
