/**
 * The Find-a-failure worker's handler (src/worker/search.ts), driven without a Worker: its `later` callbacks run
 * from a queue the test drains, and its clock advances 1 ms per reading, so the slicing is deterministic. Its
 * answer must be the CLI's (`findFailure`) for the same scenario, property, budget and seed.
 */
import { describe, expect, it } from 'vitest';
import { findFailure, type SearchResult } from '../../src/sim/analysis/search.ts';
import { isFault } from '../../src/sim/analysis/searchCase.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { SearchWorker } from '../../src/worker/search.ts';
import type { FromSearch } from '../../src/worker/searchProtocol.ts';

function withoutFaults(id: string): Scenario {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  return { ...p.scenario, timeline: p.scenario.timeline.filter((e) => !isFault(e.action)) };
}

function harness(sliceMs = 50) {
  const replies: FromSearch[] = [];
  const queue: (() => void)[] = [];
  let clock = 0;
  const worker = new SearchWorker(
    { post: (r) => replies.push(r), later: (run) => queue.push(run), now: () => clock++ },
    sliceMs,
  );
  /** Runs queued slices; `before` runs before each one (to send a message between slices). */
  const drain = (before: (slices: number) => void = () => {}) => {
    let slices = 0;
    while (queue.length > 0) {
      before(slices);
      queue.shift()?.();
      slices++;
    }
    return slices;
  };
  return { worker, replies, drain };
}

function resultOf(replies: readonly FromSearch[]): Extract<FromSearch, { type: 'result' }> {
  const r = replies.find((x) => x.type === 'result');
  if (r?.type !== 'result') throw new Error(`no result in ${JSON.stringify(replies.map((x) => x.type))}`);
  return r;
}

describe('the search worker', () => {
  const scenario = withoutFaults('split-brain');
  const options = { property: 'lost-write' as const, seed: 1, runs: 100 };

  it("answers exactly as the CLI's findFailure, in slices, with progress through both phases", () => {
    const { worker, replies, drain } = harness();
    worker.receive({ type: 'start', id: 7, scenario, ...options });
    const slices = drain();
    const expected: SearchResult = findFailure(scenario, options);
    const answer = resultOf(replies);
    expect(answer.id).toBe(7);
    expect(answer.stopped).toBe(false);
    expect(answer.result).toEqual(expected);
    expect(expected.found).toBe(true);
    const progress = replies.filter((r) => r.type === 'progress');
    expect(progress.length).toBe(slices);
    // The failure is found in the first slice; the shrinking then reports every slice until its fixpoint.
    expect(progress.every((p) => p.type === 'progress' && p.runs === expected.runs)).toBe(true);
    expect(progress.some((p) => p.type === 'progress' && p.phase === 'shrink')).toBe(true);
    expect(replies.at(-1)?.type).toBe('result');
  });

  it('stops between slices when asked and answers with what it has: nothing found in the runs done', () => {
    const { worker, replies, drain } = harness(2);
    const fixed = withoutFaults('split-brain-fixed');
    worker.receive({
      type: 'start',
      id: 1,
      scenario: fixed,
      property: 'lost-write',
      seed: 1,
      runs: 1000,
      faults: ['partition'],
    });
    drain((slices) => {
      if (slices === 3) worker.receive({ type: 'stop', id: 1 });
    });
    const answer = resultOf(replies);
    expect(answer.stopped).toBe(true);
    expect(answer.result.found).toBe(false);
    if (answer.result.found) return;
    expect(answer.result.complete).toBe(false);
    expect(answer.result.runs).toBeGreaterThan(0);
    expect(answer.result.runs).toBeLessThan(1000);
    // The runs it did are the first of the CLI's search with the same seed: none of them failed there either.
    expect(
      findFailure(fixed, { property: 'lost-write', seed: 1, runs: answer.result.runs, faults: ['partition'] })
        .found,
    ).toBe(false);
  });

  it('a new search replaces the running one, whose later slices post nothing', () => {
    const { worker, replies, drain } = harness(2);
    worker.receive({ type: 'start', id: 1, scenario, ...options });
    worker.receive({ type: 'start', id: 2, scenario, ...options, runs: 3 });
    drain();
    expect(replies.filter((r) => r.id === 1)).toEqual([]);
    expect(resultOf(replies).id).toBe(2);
  });

  it('refuses a property that means nothing for the model, with a message naming it', () => {
    const { worker, replies, drain } = harness();
    worker.receive({
      type: 'start',
      id: 3,
      scenario: withoutFaults('anti-entropy'),
      property: 'one-leader',
      seed: 1,
      runs: 10,
    });
    expect(drain()).toBe(0);
    expect(replies).toEqual([
      {
        type: 'error',
        id: 3,
        message: 'one-leader is a leader-follower property; a leaderless cluster has no leader',
      },
    ]);
  });
});
