/**
 * The preset registry: how presets are declared and grouped (fixed variants as patches of their twins, models,
 * summaries, the start-here path) and the playback speed each suggests.
 */
import { describe, expect, it } from 'vitest';
import { findMoments } from '../../src/sim/analysis/moments.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { Oracle } from '../../src/sim/oracle/oracle.ts';
import {
  STORY_GAP_WALL_S,
  STORY_SPEEDS,
  STORY_WALL_S,
  storySpeed,
} from '../../src/sim/scenarios/presets/helpers.ts';
import {
  getPreset,
  PRESET_GROUPS,
  PRESETS,
  type Preset,
  START_HERE,
} from '../../src/sim/scenarios/presets/index.ts';
import { MODELS } from '../../src/sim/scenarios/schema.ts';

const FIXES = PRESETS.filter((p) => p.fixes !== undefined);

function twinOf(fix: Preset): Preset {
  const twin = getPreset(fix.fixes ?? '');
  if (!twin) throw new Error(`${fix.id} fixes unknown preset ${fix.fixes}`);
  return twin;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Dotted paths of a patch's leaves (arrays are leaves: a patch replaces them whole). */
function leafPaths(value: unknown, path = ''): string[] {
  if (!isPlainObject(value)) return [path];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, path ? `${path}.${k}` : k));
}

/** Dotted paths where two scenarios differ, down to the same leaves as `leafPaths`. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => differences(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

describe('preset declarations', () => {
  it('ids and scenario names are unique (a shared scenario is matched back to its preset by name)', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    expect(new Set(PRESETS.map((p) => p.scenario.name)).size).toBe(PRESETS.length);
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s has a one-line summary and its model', (_, preset) => {
    expect(preset.summary).toMatch(/^[^\n]{20,100}\.$/);
    expect(preset.explanation.length).toBeGreaterThan(preset.summary.length);
    expect(preset.model).toBe(preset.scenario.model);
    expect(new Set(preset.shows).size).toBe(preset.shows.length);
  });

  it.each(FIXES.map((p) => [p.id, p] as const))(
    '%s differs from its broken twin only in what its patch names (and its name)',
    (_, fix) => {
      const twin = twinOf(fix);
      expect(fix.scenario.name).not.toBe(twin.scenario.name);
      const changed = differences(twin.scenario, fix.scenario).filter((path) => path !== 'name');
      // Equal both ways: nothing changes outside the patch, and every field the patch names does change.
      expect(changed.sort()).toEqual(leafPaths(fix.patch).sort());
    },
  );

  it('a fix is the fix of a preset that shows an anomaly, and every such preset has a fix', () => {
    for (const fix of FIXES) {
      const twin = twinOf(fix);
      expect(twin.fixes, `${twin.id} is itself a fix`).toBeUndefined();
      expect(twin.shows.length, `${twin.id} shows nothing for ${fix.id} to fix`).toBeGreaterThan(0);
      expect(fix.shows).toEqual([]);
    }
    const fixed = new Set(FIXES.map((f) => f.fixes));
    expect(PRESETS.filter((p) => p.shows.length > 0 && !fixed.has(p.id)).map((p) => p.id)).toEqual([]);
    expect(FIXES.length).toBe(21);
  });

  it('groups the visible presets by model, in list order', () => {
    expect(PRESET_GROUPS.map((g) => [g.model, g.title])).toEqual([
      ['leader-follower', 'Leader-follower'],
      ['multi-leader', 'Multi-leader'],
      ['leaderless', 'Leaderless'],
    ]);
    for (const group of PRESET_GROUPS) expect(group.presets.every((p) => p.model === group.model)).toBe(true);
    expect(PRESET_GROUPS.map((g) => g.presets.length)).toEqual([20, 15, 15]);
    const grouped = new Set(PRESET_GROUPS.flatMap((g) => g.presets.map((p) => p.id)));
    expect(PRESETS.filter((p) => !grouped.has(p.id)).map((p) => p.id)).toEqual([
      'bench-25-nodes',
      'bench-100-nodes',
      'bench-1000-nodes',
    ]);
  });

  it('starts with the three examples of the brief, then one anomaly per model, each with a fix to try', () => {
    expect(START_HERE.map((p) => p.id)).toEqual([
      'bank-ledger-async',
      'ecommerce-key-range',
      'social-posts',
      'split-brain',
      'lww-drops-writes',
      'sloppy-quorum-stale',
    ]);
    expect(START_HERE.map((p) => p.model)).toEqual([...MODELS, ...MODELS]);
    for (const preset of START_HERE.slice(3)) {
      expect(preset.shows.length).toBeGreaterThan(0);
      expect(FIXES.some((f) => f.fixes === preset.id)).toBe(true);
    }
    expect(START_HERE.every((p) => !p.hidden)).toBe(true);
  });
});

/**
 * When the page's oracle can first report an anomaly of the kinds a preset shows: the run is checked every
 * simulated millisecond (divergence is dated by the check that sees it), so this is within 1 ms of the
 * earliest moment a live run could stop there.
 */
function firstShownMs(preset: Preset): number | undefined {
  if (preset.shows.length === 0) return undefined;
  const sim = new Simulation(preset.scenario);
  const oracle = new Oracle(sim);
  for (let ms = 0; ms <= preset.scenario.durationMs; ms++) {
    sim.runUntil(ms * 1000);
    if (oracle.update().anomalies.some((a) => preset.shows.includes(a.kind))) return ms;
  }
  return undefined;
}

const lastActionMs = (p: Preset) => Math.max(0, ...p.scenario.timeline.map((e) => e.atUs / 1000));

/**
 * When the reply to the timeline's last client operation (a write or read the story makes) arrives, in
 * simulated ms; its end of run if it never completes; undefined when the timeline has none.
 */
function lastReplyMs(preset: Preset): number | undefined {
  const ops = preset.scenario.timeline.filter((e) => e.action.type === 'write' || e.action.type === 'read');
  if (ops.length === 0) return undefined;
  const endUs = preset.scenario.durationMs * 1000;
  const sim = new Simulation(preset.scenario);
  sim.runUntil(endUs);
  const history = sim.snapshot().history;
  let last = 0;
  for (const { atUs, action } of ops) {
    if (action.type !== 'write' && action.type !== 'read') continue;
    const op = history.find((o) => o.invokeUs === atUs && o.client === action.client && o.key === action.key);
    last = Math.max(last, (op?.completeUs ?? endUs) / 1000);
  }
  return last;
}

/**
 * The moments a story names, in simulated ms, in order: its stops in story mode (faults, heals, elections, the
 * first anomaly of each kind it shows) and the reply to its timeline's last operation.
 */
function namedMomentsMs(preset: Preset): number[] {
  const stops = findMoments(preset.scenario, preset.shows, preset.scenario.durationMs * 1000).map(
    (m) => m.atUs / 1000,
  );
  const reply = lastReplyMs(preset);
  return [...stops, ...(reply === undefined ? [] : [reply])].sort((a, b) => a - b);
}

/** The longest a viewer waits, in simulated ms, from the start or one named moment to the next. */
function longestGapMs(moments: readonly number[]): number {
  let gap = 0;
  let previous = 0;
  for (const t of moments) {
    gap = Math.max(gap, t - previous);
    previous = t;
  }
  return gap;
}

describe('playback speed', () => {
  const WHOLE = PRESETS.filter((p) => p.fixes === undefined);

  it.each(WHOLE.filter((p) => p.shows.length > 0).map((p) => [p.id, p] as const))(
    '%s: its first shown anomaly happens within 20 s of wall time at its speed',
    (_, preset) => {
      const first = firstShownMs(preset);
      expect(first, `${preset.id} never shows ${preset.shows.join(', ')}`).toBeDefined();
      expect(first).toBeLessThan(preset.speed * 20);
    },
  );

  it.each(WHOLE.map((p) => [p.id, p] as const))(
    '%s: its speed is the slowest that plays its last key moment within STORY_WALL_S, and each named moment within STORY_GAP_WALL_S of the one before',
    (_, preset) => {
      const lastMomentMs = Math.max(lastActionMs(preset), firstShownMs(preset) ?? 0);
      const gapMs = longestGapMs(namedMomentsMs(preset));
      expect(STORY_SPEEDS).toContain(preset.speed);
      expect(
        preset.speed,
        `${preset.id}: last key moment at ${lastMomentMs} ms, longest wait ${gapMs} ms`,
      ).toBe(storySpeed(lastMomentMs, gapMs));
    },
  );

  it.each(START_HERE.map((p, i) => [i + 1, p.id, p] as const))(
    'tour step %i (%s): what it names arrives within STORY_GAP_WALL_S of real time at its speed',
    (_, _id, preset) => {
      const moments = namedMomentsMs(preset);
      expect(moments.length).toBeGreaterThan(0);
      // Wall seconds at the step's speed (simulated ms per wall second), from the start or the last stop.
      let previous = 0;
      for (const t of moments) {
        expect((t - previous) / preset.speed, `${preset.id}: the moment at ${t} ms`).toBeLessThanOrEqual(
          STORY_GAP_WALL_S,
        );
        previous = t;
      }
      // The first named moment (a stale read, a published post...) comes within a few seconds to 10 s.
      expect((moments[0] ?? 0) / preset.speed).toBeLessThanOrEqual(STORY_GAP_WALL_S);
    },
  );

  it.each(FIXES.map((p) => [p.id, p] as const))(
    '%s plays at its twin speed, and its timeline fits',
    (_, fix) => {
      expect(fix.speed).toBe(twinOf(fix).speed);
      expect(lastActionMs(fix)).toBeLessThanOrEqual(fix.speed * STORY_WALL_S);
    },
  );

  it('the rule picks the slowest round speed that fits', () => {
    expect([0, 160, 161, 400, 1300, 4000, 99_999].map((ms) => storySpeed(ms))).toEqual([
      10, 10, 25, 25, 100, 250, 1000,
    ]);
    // A long wait between named moments asks for a faster speed than the last moment alone.
    expect(storySpeed(150, 149)).toBe(25);
    expect(storySpeed(150, 100)).toBe(10);
    expect(storySpeed(400, 268)).toBe(50);
  });
});
