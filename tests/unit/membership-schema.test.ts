/** The membership actions' rules: new ids only, no removed node named later, never the last node, the limits. */
import { describe, expect, it } from 'vitest';
import { LIMITS, parseScenario, type TimelineEntry } from '../../src/sim/scenarios/schema.ts';
import { quietCluster } from '../support/story.ts';

const issues = (timeline: TimelineEntry[], nodes = ['leader', 'f1', 'f2']) => {
  const parsed = parseScenario(quietCluster({ nodes, timeline }));
  return parsed.ok ? [] : parsed.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('membership actions in a scenario', () => {
  it('accepts an add, actions on the added node, and a removal', () => {
    expect(
      issues([
        { atUs: 10, action: { type: 'addNode', node: 'f3' } },
        { atUs: 20, action: { type: 'crash', node: 'f3' } },
        { atUs: 30, action: { type: 'removeNode', node: 'f1' } },
      ]),
    ).toEqual([]);
  });

  it('names what is wrong: an existing id, a reused id, a removed node named later, the last node', () => {
    expect(issues([{ atUs: 10, action: { type: 'addNode', node: 'f1' } }])).toEqual([
      'timeline[0].action.node: node "f1" is already a member',
    ]);
    expect(
      issues([
        { atUs: 10, action: { type: 'removeNode', node: 'f1' } },
        { atUs: 20, action: { type: 'restart', node: 'f1' } },
        { atUs: 30, action: { type: 'addNode', node: 'f1' } },
      ]),
    ).toEqual([
      'timeline[1].action.node: node "f1" was removed by timeline[0]',
      'timeline[2].action.node: node "f1" was removed by timeline[0]: a removed id is not reused',
    ]);
    expect(issues([{ atUs: 10, action: { type: 'removeNode', node: 'leader' } }], ['leader'])).toEqual([
      'timeline[0].action.node: "leader" is the last node: a cluster keeps at least one',
    ]);
    expect(issues([{ atUs: 10, action: { type: 'crash', node: 'f9' } }])).toEqual([
      'timeline[0].action.node: unknown node "f9"',
    ]);
  });

  it('keeps the limits of schema.ts: members at once and ids in a run', () => {
    const full = Array.from({ length: LIMITS.maxNodes }, (_, i) => `n${i}`);
    expect(issues([{ atUs: 10, action: { type: 'addNode', node: 'extra' } }], full)).toEqual([
      `timeline[0].action.node: at most ${LIMITS.maxNodes} nodes at once`,
    ]);
    // A cluster one short of the limit at once, then churn: each id added and removed counts for the run.
    const start = full.slice(1);
    const allowed = LIMITS.maxNodesEver - start.length;
    const churn: TimelineEntry[] = [];
    for (let i = 0; i < allowed + 3; i++) {
      churn.push({ atUs: 10 + 2 * i, action: { type: 'addNode', node: `a${i}` } });
      churn.push({ atUs: 11 + 2 * i, action: { type: 'removeNode', node: `a${i}` } });
    }
    // The first add past the limit and each one after it are refused.
    const refused = [0, 2, 4].map(
      (k) =>
        `timeline[${2 * allowed + k}].action.node: at most ${LIMITS.maxNodesEver} node ids in one run (removed ids count)`,
    );
    expect(issues(churn, start)).toEqual(refused);
  });
});
