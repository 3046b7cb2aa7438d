import { describe, expect, it } from 'vitest';
import { initialOracle, withAnswer } from '../../src/app/oracle/oracleState.ts';
import type { FromWorker } from '../../src/worker/protocol.ts';

type Checked = Extract<FromWorker, { type: 'checked' }>;

function reply(nowUs: number, patch: Partial<Checked> = {}): Checked {
  return {
    type: 'checked',
    epoch: 1,
    requestId: 0,
    nowUs,
    anomalies: [],
    gapAt: null,
    leftOut: 0,
    total: 0,
    anomalousOps: 1,
    otherAnomalies: 0,
    counts: { 'stale-read': 1 },
    flagged: [{ op: 4, kind: 'stale-read' }],
    linearizability: { result: 'linearizable' },
    verdictText: '',
    ...patch,
  };
}

describe('withAnswer keeps the parts a live answer did not change', () => {
  it('reuses the previous counts and flagged operations when they say the same', () => {
    const first = withAnswer(initialOracle, reply(1000), false);
    const second = withAnswer(first, reply(2000), false);
    expect(second.answer?.nowUs).toBe(2000);
    expect(second.answer?.counts).toBe(first.answer?.counts);
    expect(second.answer?.flagged).toBe(first.answer?.flagged);
  });

  it('takes the new ones when they differ', () => {
    const first = withAnswer(initialOracle, reply(1000), false);
    const more = withAnswer(
      first,
      reply(2000, {
        counts: { 'stale-read': 2 },
        flagged: [
          { op: 4, kind: 'stale-read' },
          { op: 9, kind: 'stale-read' },
        ],
      }),
      false,
    );
    expect(more.answer?.counts).toEqual({ 'stale-read': 2 });
    expect([...(more.answer?.flagged ?? new Map())]).toEqual([
      [4, ['stale-read']],
      [9, ['stale-read']],
    ]);
    const otherKind = withAnswer(more, reply(3000, { flagged: [{ op: 4, kind: 'lost-write' }] }), false);
    expect([...(otherKind.answer?.flagged ?? new Map())]).toEqual([[4, ['lost-write']]]);
  });
});

describe('withAnswer keeps the listed anomalies while they are the same', () => {
  const stale = {
    kind: 'stale-read' as const,
    explanation: 'r4 read nothing',
    ops: [4, 1],
    nodes: ['f1'],
    atUs: 900,
  };

  it('reuses the list and the anomalies by operation when every anomaly is the same', () => {
    const first = withAnswer(initialOracle, reply(1000, { anomalies: [stale], total: 1 }), false);
    const second = withAnswer(first, reply(2000, { anomalies: [{ ...stale }], total: 1 }), false);
    expect(second.answer?.anomalies).toBe(first.answer?.anomalies);
    expect(second.answer?.explained).toBe(first.answer?.explained);
    expect(second.answer?.explained.get(4)).toEqual([stale]);
  });

  it('takes the new list when an anomaly differs', () => {
    const first = withAnswer(initialOracle, reply(1000, { anomalies: [stale], total: 1 }), false);
    const moved = { ...stale, nodes: ['f2'] };
    const second = withAnswer(first, reply(2000, { anomalies: [moved], total: 1 }), false);
    expect(second.answer?.anomalies).toEqual([moved]);
    expect(second.answer?.explained.get(4)).toEqual([moved]);
  });
});
