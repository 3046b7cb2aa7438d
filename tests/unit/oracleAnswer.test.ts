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
