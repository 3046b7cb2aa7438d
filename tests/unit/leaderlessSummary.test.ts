import { describe, expect, it } from 'vitest';
import { describeLeaderlessNode, leaderlessSummary } from '../../src/app/models/leaderless/NodeBody.tsx';
import { plural } from '../../src/sim/analysis/plural.ts';
import type { NodeView } from '../../src/sim/types.ts';

function replica(keys: number, hintsHeld: number, coordinating: number): NodeView {
  return {
    id: 'kv1',
    model: 'leaderless',
    role: 'replica',
    up: true,
    data: Array.from({ length: keys }, (_, i) => ({ key: `k${i}`, value: 'v', version: 1 })),
    hintsHeld,
    coordinating,
    side: 0,
  } as unknown as NodeView;
}

describe('a leaderless replica’s summary counts in words', () => {
  it('says "1 key", "1 hint" and "1 request", not "1 keys"', () => {
    expect(leaderlessSummary(replica(1, 1, 1))).toBe(
      'replica · 1 key · 1 hint held for others · coordinating 1 request',
    );
    expect(describeLeaderlessNode(replica(1, 1, 1))).toEqual([
      'replica, 1 key, 1 hint held for others, coordinating 1',
    ]);
  });

  it('keeps the plural for other counts', () => {
    expect(leaderlessSummary(replica(0, 0, 4))).toBe('replica · 0 keys · coordinating 4 requests');
    expect(leaderlessSummary(replica(2, 3, 0))).toBe('replica · 2 keys · 3 hints held for others');
    expect(describeLeaderlessNode(replica(2, 0, 0))).toEqual([
      'replica, 2 keys, 0 hints held for others, coordinating 0',
    ]);
  });
});

describe('counted (src/app/format.ts): a count and its noun, singular for one', () => {
  it('reads "1 follower", "2 followers", "0 smaller cases", "1 smaller case"', () => {
    expect(plural(1, 'follower')).toBe('1 follower');
    expect(plural(2, 'follower')).toBe('2 followers');
    expect(plural(0, 'smaller case')).toBe('0 smaller cases');
    expect(plural(1, 'smaller case')).toBe('1 smaller case');
  });
});
