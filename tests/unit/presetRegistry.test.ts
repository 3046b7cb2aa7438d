/**
 * The preset registry: how presets are declared and grouped (fixed variants as patches of their twins, models,
 * summaries, the start-here path) and the playback speed each suggests.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { Oracle } from '../../src/sim/oracle/oracle.ts';
import { STORY_SPEEDS, STORY_WALL_S, storySpeed } from '../../src/sim/scenarios/presets/helpers.ts';
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
    '%s: its speed is the slowest that plays its last key moment within STORY_WALL_S',
    (_, preset) => {
      const lastMomentMs = Math.max(lastActionMs(preset), firstShownMs(preset) ?? 0);
      expect(STORY_SPEEDS).toContain(preset.speed);
      expect(preset.speed, `${preset.id}: last key moment at ${lastMomentMs} ms`).toBe(
        storySpeed(lastMomentMs),
      );
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
    expect([0, 160, 161, 400, 1300, 4000, 99_999].map(storySpeed)).toEqual([10, 10, 25, 25, 100, 250, 1000]);
  });
});
