/**
 * What the preset files share: the shape of a preset declaration, the patch a fixed variant applies to its
 * broken twin, the timeline shorthands, and the rule that picks a preset's playback speed.
 */
import type { AnomalyKind } from '../../oracle/oracle.ts';
import type { Scenario, TimelineEntry } from '../schema.ts';

/**
 * A deep-partial copy of `T`: objects are patched key by key, while arrays and scalars are replaced whole (a
 * timeline or a client list is one value: merging two of them by index would say nothing a reader expects).
 */
export type Patch<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { readonly [K in keyof T]?: Patch<T[K]> }
    : T;

/**
 * What a fixed variant changes in its broken twin's scenario. The version and the model are not patchable: a fix
 * stays in its twin's model, and the scenario's name is given beside the patch (it always differs).
 */
export type ScenarioPatch = Patch<Omit<Scenario, 'version' | 'model' | 'name'>>;

/** The words every preset carries, whether declared whole or as a fix. */
interface PresetText {
  readonly id: string;
  readonly title: string;
  /** One line, what you will see: the grouped picker shows it. */
  readonly summary: string;
  /** The full story: what happens, why, and what fixes it (beside the graph, and in `--list-presets`). */
  readonly explanation: string;
}

/** A preset declared with its whole scenario. */
export interface WholePresetSpec extends PresetText {
  readonly scenario: Scenario;
  /**
   * The anomaly kinds this preset exists to show (the UI stops at the first of them): the kind its story is
   * about, not those that come along with it. Its fixed twin, if any, must show none of them.
   */
  readonly shows?: readonly AnomalyKind[];
  /**
   * What to watch for, in words, when the preset shows no anomaly (nor fixes one): the behaviour its story is
   * about, at the moment it happens ("bank_follower2's lag falling to zero after it restarts at 900 ms").
   */
  readonly watch?: string;
  /** Suggested playback speed in simulated ms per wall second, chosen by `storySpeed` (a test checks it). */
  readonly speed: number;
  /** Hidden from the UI's picker (benchmarks), still available to the CLI and share URLs. */
  readonly hidden?: boolean;
}

/**
 * A preset declared as the fix of another: its scenario is the broken twin's with `patch` applied and `name` as
 * its name, so the two share everything else by construction. It plays at its twin's speed, so the two stories
 * can be watched side by side.
 */
export interface FixPresetSpec extends PresetText {
  /** The id of the broken preset this one fixes. */
  readonly fixes: string;
  /** The scenario's name. */
  readonly name: string;
  readonly patch: ScenarioPatch;
  /**
   * What its run still shows that the fix does not prevent (anomalies of other kinds than its twin's), in words
   * said after the twin's ("But stale reads still: …"); none when it shows nothing.
   */
  readonly watch?: string;
}

export type PresetSpec = WholePresetSpec | FixPresetSpec;

export function isFix(spec: PresetSpec): spec is FixPresetSpec {
  return 'fixes' in spec;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `patch` merged into `base`: objects key by key (keeping `base`'s key order), anything else replaced. */
function merge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch))
    if (value !== undefined) out[key] = merge(base[key], value);
  return out;
}

/**
 * The broken twin's scenario with a fix's name and patch applied. The patch's type only admits the scenario's
 * own fields, each of its own type, so the merge yields a scenario (the preset tests also parse each one).
 */
export function applyPatch(base: Scenario, name: string, patch: ScenarioPatch): Scenario {
  return merge(base, { name, ...patch }) as Scenario;
}

/** A timeline entry at `ms` simulated milliseconds. */
export const at = (ms: number, action: TimelineEntry['action']): TimelineEntry => ({
  atUs: Math.round(ms * 1000),
  action,
});

/** One entry every `stepMs` from `fromMs` to `toMs` inclusive, made by `make(ms, i)`. */
export const every = (
  fromMs: number,
  toMs: number,
  stepMs: number,
  make: (ms: number, i: number) => TimelineEntry['action'],
): TimelineEntry[] =>
  Array.from({ length: Math.floor((toMs - fromMs) / stepMs) + 1 }, (_, i) =>
    at(fromMs + i * stepMs, make(fromMs + i * stepMs, i)),
  );

/** `client` writes `value` to `key` at `ms`, through `node` if given (else its home or the leader). */
export const w = (ms: number, client: string, key: string, value: string, node?: string): TimelineEntry =>
  at(ms, { type: 'write', client, key, value, ...(node ? { node } : {}) });

/** `client` reads `key` at `ms`, from `node` if given (else as its read policy says). */
export const r = (ms: number, client: string, key: string, node?: string): TimelineEntry =>
  at(ms, { type: 'read', client, key, ...(node ? { node } : {}) });

/**
 * Playback speeds a preset may suggest, in simulated ms per wall second: round steps (25 is the page's default),
 * so a preset's speed reads as a choice rather than a fitted number.
 */
export const STORY_SPEEDS = [10, 25, 50, 100, 250, 500, 1000] as const;

/**
 * Wall seconds by which a preset's last key moment should have played. The story should fit in about 20 s; the
 * last 4 s are left for what follows that moment (a caption, the heal's aftermath, a final read's reply).
 */
export const STORY_WALL_S = 16;

/**
 * Wall seconds a viewer waits, at most, for the next thing the story names: from the start or the last stop
 * (story mode stops at each key moment) to the next key moment, or to the reply of the timeline's last
 * operation. Longer, and a newcomer watching a tour step sees nothing happen (social-posts at 10 ms/s waited
 * 15 s for its read's reply).
 */
export const STORY_GAP_WALL_S = 10;

/**
 * The slowest of STORY_SPEEDS that plays a story whose last key moment is at `lastMomentMs` of simulated time
 * within STORY_WALL_S, and whose longest wait between named moments (`longestGapMs`) within STORY_GAP_WALL_S.
 * The last key moment is the later of the last timeline action and the first anomaly the preset shows (as the
 * oracle finds it in a headless run); the named moments are the story's stops (faults, heals, elections, the
 * first anomaly of each kind the preset shows: analysis/moments.ts) and the reply to the timeline's last
 * operation. The preset tests recompute them and check each preset's declared speed against this rule, so the
 * speeds stay deterministic and explained. Slowest, because a newcomer should be able to follow each message; a
 * fixed variant plays at its twin's speed.
 */
export function storySpeed(lastMomentMs: number, longestGapMs = 0): number {
  const fits = STORY_SPEEDS.find(
    (speed) => lastMomentMs <= speed * STORY_WALL_S && longestGapMs <= speed * STORY_GAP_WALL_S,
  );
  return fits ?? Math.max(...STORY_SPEEDS);
}
