/**
 * Which messages the space-time diagram draws: each once, as the displayed time has it (a message the worker's
 * log already has finished while the snapshot on screen still shows it flying was drawn twice, with a React
 * duplicate-key warning), nothing sent after the displayed time, at most MAX_ARROWS.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ARROWS, pickArrows } from '../../src/app/spacetime/arrows.ts';
import type { MessageRecord } from '../../src/app/spacetime/recorder.ts';

function record(id: number, status: MessageRecord['status'], sentUs: number, endUs: number): MessageRecord {
  return {
    id,
    from: 'n1',
    to: 'n2',
    kind: 'replicate',
    sentUs,
    deliverUs: endUs,
    status,
    endUs,
    position: 1,
  };
}

const everything = () => true;

describe('pickArrows', () => {
  it('draws a message held both as in flight and as finished once, as finished when its end is shown', () => {
    const done = [record(5, 'delivered', 1000, 3000)];
    const flying = [record(5, 'flying', 1000, 3000)];
    const picked = pickArrows({ done }, flying, everything, [], 4000);
    expect(picked.map((r) => [r.id, r.status])).toEqual([[5, 'delivered']]);
  });

  it('draws it in flight while the displayed time is before its end (the log ran ahead of the snapshot)', () => {
    const done = [record(5, 'delivered', 1000, 3000)];
    const flying = [record(5, 'flying', 1000, 3000)];
    const picked = pickArrows({ done }, flying, everything, [], 2000);
    expect(picked.map((r) => [r.id, r.status])).toEqual([[5, 'flying']]);
  });

  it('leaves out messages sent after the displayed time, and keeps each id once', () => {
    const done = [
      record(1, 'delivered', 0, 500),
      record(2, 'delivered', 2500, 2600),
      record(1, 'delivered', 0, 500),
    ];
    const picked = pickArrows({ done }, [], everything, [], 2000);
    expect(picked.map((r) => r.id)).toEqual([1]);
  });

  it('draws at most MAX_ARROWS, in flight first, then finished newest first', () => {
    const done = Array.from({ length: MAX_ARROWS + 50 }, (_, i) => record(i + 1, 'delivered', i, i + 1));
    const flying = [record(1000, 'flying', 10, 5000)];
    const picked = pickArrows({ done }, flying, everything, [], 10_000);
    expect(picked).toHaveLength(MAX_ARROWS);
    expect(picked[0]?.id).toBe(1000);
    expect(picked[1]?.id).toBe(MAX_ARROWS + 50);
  });
});
