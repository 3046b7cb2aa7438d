import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareScenarios, threeModels } from '../../src/sim/analysis/compare.ts';
import { translateScenario } from '../../src/sim/analysis/translate.ts';
import { PRESETS } from '../../src/sim/scenarios/presets/index.ts';
import { MODELS, type ModelName, parseScenario, type Scenario } from '../../src/sim/scenarios/schema.ts';
import { scenarioArb } from '../support/arbitraries.ts';

const FAULTS = new Set([
  'crash',
  'restart',
  'partition',
  'heal',
  'setLatency',
  'setLoss',
  'cutLink',
  'restoreLink',
]);

/**
 * Whether translating the scenario is refused for the work limit: a thousand nodes standing for election, or
 * every write reaching a thousand nodes, is far over it. The refusal must name the limit and what to change,
 * as for any scenario over it.
 */
function overLimit(scenario: Scenario, model: ModelName): boolean {
  try {
    translateScenario(scenario, model);
    return false;
  } catch (error) {
    expect(String(error)).toMatch(
      new RegExp(
        `the scenario cannot run as ${model}: durationMs: expected work [\\d,]+ .* exceeds the limit of 2,000,000: (shorten|lower|lengthen) `,
      ),
    );
    return true;
  }
}

describe('compare (property)', () => {
  it('translates every preset into every model, keeping its faults and client operations', () => {
    for (const preset of PRESETS)
      for (const model of MODELS) {
        if (preset.scenario.nodes.length > 25 && overLimit(preset.scenario, model)) continue;
        const { scenario } = translateScenario(preset.scenario, model);
        expect(parseScenario(scenario).ok, `${preset.id} as ${model}`).toBe(true);
        const kept = (s: typeof scenario) =>
          s.timeline.filter(
            (e) => FAULTS.has(e.action.type) || e.action.type === 'write' || e.action.type === 'read',
          );
        expect(kept(scenario).map((e) => [e.atUs, e.action.type])).toEqual(
          kept(preset.scenario).map((e) => [e.atUs, e.action.type]),
        );
      }
  });

  it('compares random scenarios under the three models deterministically, never throwing', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const untilUs = s.durationMs * 1000;
        const a = compareScenarios(s, threeModels(), { untilUs });
        const b = compareScenarios(structuredClone(s), threeModels(), { untilUs });
        expect(b).toEqual(a);
        for (const c of a.columns) {
          expect(c.metrics.untilUs).toBe(untilUs);
          // Every variant ran the same arrivals: operations invoked by the workload and the timeline.
          expect(c.metrics.writes.invoked + c.metrics.reads.invoked).toBe(
            (a.columns[0]?.metrics.writes.invoked ?? 0) + (a.columns[0]?.metrics.reads.invoked ?? 0),
          );
        }
      }),
      { numRuns: 40 },
    );
  });
});
