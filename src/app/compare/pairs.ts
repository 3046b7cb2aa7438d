/** Parameter pairs for the Compare panel: the values a knob can take for a scenario and sensible defaults. */
import { KNOBS, type Knob, knobModel } from '../../sim/analysis/compare.ts';
import { majority } from '../../sim/analysis/translate.ts';
import type { Scenario } from '../../sim/scenarios/schema.ts';

/** The values a knob can take for this scenario. */
export function knobValues(knob: Knob, base: Scenario): string[] {
  const nodes = base.nodes.length;
  const range = (max: number) => Array.from({ length: Math.max(1, max) }, (_, i) => String(i + 1));
  switch (knob) {
    case 'w':
    case 'r':
    case 'n':
      return range(nodes);
    case 'acks':
      return range(nodes - 1);
    case 'resolution':
      return knobModel(knob, base) === 'leaderless' ? ['siblings', 'lww'] : [...KNOBS.resolution.values];
    default: {
      const values = KNOBS[knob].values;
      return values ? [...values] : [];
    }
  }
}

/** A sensible first pair for a knob: the textbook contrast (W=1 against W=2, async against sync). */
export function defaultPair(knob: Knob, base: Scenario): [string, string] {
  const values = knobValues(knob, base);
  const pick = (a: string, b: string): [string, string] =>
    values.includes(a) && values.includes(b) ? [a, b] : [values[0] ?? '', values[1] ?? values[0] ?? ''];
  switch (knob) {
    case 'mode':
      return pick('async', 'sync');
    case 'failover':
      return pick('naive', 'majority');
    case 'resolution':
      return pick('lww', 'siblings');
    case 'readRepair':
      return pick('off', 'async');
    case 'n':
      return pick(String(base.nodes.length - 1), String(base.nodes.length));
    default:
      return pick(values[0] ?? '', values[1] ?? '');
  }
}

/** The other quorum, fixed for both variants of a W or R pair. */
export function otherQuorum(knob: Knob): 'r' | 'w' | null {
  return knob === 'w' ? 'r' : knob === 'r' ? 'w' : null;
}

export function defaultOther(base: Scenario, which: 'r' | 'w'): number {
  return base.leaderless?.[which] ?? majority(base.nodes.length);
}
