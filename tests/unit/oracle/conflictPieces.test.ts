/**
 * Conflicts worded from a record's pieces (ConflictView.versionCount/versionAt/outcomeInto, which the leaderless
 * and multi-leader records offer): the same sentence, to the byte, as worded from the record's `versions` and
 * `outcome`, for every conflict of every preset and for values JSON escapes.
 */
import { describe, expect, it } from 'vitest';
import { plainConflict } from '../../../src/sim/engine/conflictLog.ts';
import { Simulation } from '../../../src/sim/engine/simulation.ts';
import { Conflicts, type GroundTruthSource } from '../../../src/sim/oracle/ground-truth.ts';
import { PRESETS } from '../../../src/sim/scenarios/presets/index.ts';
import type { ConflictView, ConflictWriter } from '../../../src/sim/types.ts';

function source(list: readonly ConflictView[]): GroundTruthSource {
  return {
    nowUs: 0,
    nodes: [],
    conflicts: () => list,
    divergentKeys: () => [],
    network: { isUp: () => true },
    quiescent: () => false,
    lostWrites: () => [],
    nodeViews: () => [],
  };
}

/** The conflicts worded, each as the oracle words it. */
const worded = (list: readonly ConflictView[]) => new Conflicts().anomalies(source(list));

/** A record's outcome as its pieces make it: text as it is, values as JSON.stringify quotes them. */
function outcomeOf(c: ConflictView): string {
  let out = '';
  const writer: ConflictWriter = {
    text: (piece) => {
      out += `${piece}`;
    },
    quoted: (value) => {
      out += JSON.stringify(value);
    },
  };
  c.outcomeInto?.(writer);
  return out;
}

/** A record that words `versions` and `outcome` only when read, and offers them in pieces too. */
class Record implements ConflictView {
  readonly key = 'k"1';
  readonly node = 'kv2';
  readonly resolution = 'siblings';
  readonly atUs: number;
  private readonly values: readonly string[];
  constructor(atUs: number, values: readonly string[]) {
    this.atUs = atUs;
    this.values = values;
  }
  get versions() {
    return this.values.map((value, i) => ({ value, origin: `kv${i}`, opId: i + 1 }));
  }
  get outcome() {
    return `kv2 keeps ${this.values.length} siblings: ${this.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  versionCount() {
    return this.values.length;
  }
  versionAt(i: number) {
    return { value: this.values[i] as string, origin: `kv${i}`, opId: i + 1 };
  }
  outcomeInto(out: ConflictWriter) {
    out.text('kv2 keeps ');
    out.text(this.values.length);
    out.text(' siblings: ');
    this.values.forEach((v, i) => {
      if (i > 0) out.text(', ');
      out.quoted(v);
    });
  }
}

describe('conflicts worded from pieces', () => {
  it('the same sentences as from versions and outcome, values JSON escapes first, middle or last', () => {
    const values = ['plain', 'say "hi"', 'back\\slash', 'tab\there', '', 'é', '\u2028', '\ud800', 'x'];
    const records: Record[] = [];
    for (let n = 1; n <= 4; n++)
      for (let first = 0; first + n <= values.length; first++)
        records.push(new Record(1_234_550 + first * 17 + n, values.slice(first, first + n)));
    const fromPieces = worded(records);
    const fromLists = worded(records.map(plainConflict));
    expect(fromPieces.map((a) => a.explanation)).toEqual(fromLists.map((a) => a.explanation));
    expect(fromPieces.map((a) => a.ops)).toEqual(fromLists.map((a) => a.ops));
    expect(fromPieces[0]?.explanation).toBe(
      'kv2 detected concurrent writes to k"1 at 1234.6 ms ("plain" from kv0): kv2 keeps 1 siblings: "plain"',
    );
    // A longer sentence then a shorter one: nothing of the longer one's pieces left over.
    const short = new Record(5, ['a']);
    const again = worded([new Record(4, ['a'.repeat(40), 'b', 'c', 'd']), short]);
    expect(again[1]?.explanation).toBe(
      'kv2 detected concurrent writes to k"1 at 0.0 ms ("a" from kv0): kv2 keeps 1 siblings: "a"',
    );
  });

  it("the models' records: each piece as its list and outcome say, every preset's conflicts worded the same", () => {
    let offered = 0;
    const models = new Set<string>();
    for (const preset of PRESETS) {
      if (preset.scenario.model === 'leader-follower') continue;
      const sim = new Simulation(preset.scenario);
      sim.runUntil(Math.min(preset.scenario.durationMs, 5_000) * 1000);
      const list = sim.conflicts();
      for (const c of list) {
        if (!c.outcomeInto || !c.versionAt || !c.versionCount) continue;
        offered++;
        models.add(preset.scenario.model);
        expect(outcomeOf(c)).toBe(c.outcome);
        const versions = c.versions;
        expect(c.versionCount()).toBe(versions.length);
        versions.forEach((v, i) => {
          const at = c.versionAt?.(i);
          expect([at?.value, at?.origin, at?.opId]).toEqual([v.value, v.origin, v.opId]);
        });
      }
      const fromPieces = worded(list);
      const fromLists = worded(list.map(plainConflict));
      expect(fromPieces).toEqual(fromLists);
    }
    expect(offered).toBeGreaterThan(100);
    expect([...models].sort()).toEqual(['leaderless', 'multi-leader']);
  });
});
