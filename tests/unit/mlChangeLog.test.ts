/**
 * The multi-leader change log on its own (src/sim/models/multi-leader/changeLog.ts): runs held by actor index
 * (holes for origins the node holds nothing of), batches in log order whatever the origins, the shared empty
 * answer when nothing is missing, and trimming that drops a prefix in place and keeps each change beside its
 * log position.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CHANGE_LOG_LIMITS,
  emptyChangeLog,
  lacksTrimmed,
  logChange,
  missingChanges,
  skipTo,
  trimLog,
} from '../../src/sim/models/multi-leader/changeLog.ts';
import type { Change } from '../../src/sim/models/multi-leader/messages.ts';

/** A change of origin index `originIx` with sequence number `seq` (only what the log reads). */
function change(originIx: number, seq: number): Change {
  return { origin: `a${originIx}`, originIx, seq, key: 'k', op: `${originIx}:${seq}` } as unknown as Change;
}

const names = (changes: readonly Change[]) => changes.map((c) => c.op);
const saved = { ...CHANGE_LOG_LIMITS };

afterEach(() => {
  Object.assign(CHANGE_LOG_LIMITS, saved);
});

describe('multi-leader change log', () => {
  it('holds origins by index, with holes, and answers in log order across origins', () => {
    const log = emptyChangeLog();
    // Origin 3 first (indexes 0 to 2 stay holes), then 0, interleaved.
    logChange(log, change(3, 1));
    logChange(log, change(0, 1));
    logChange(log, change(3, 2));
    logChange(log, change(0, 2));
    expect(log.held).toBe(4);
    expect(log.applied).toBe(4);
    expect(names(missingChanges(log, [], 10))).toEqual(['3:1', '0:1', '3:2', '0:2']);
    // An asker with 3:1 and 0:2 lacks only 3:2; at most `max` changes.
    expect(names(missingChanges(log, [2, 0, 0, 1], 10))).toEqual(['3:2']);
    expect(names(missingChanges(log, [], 2))).toEqual(['3:1', '0:1']);
  });

  it('answers an asker that misses nothing with an empty list', () => {
    const log = emptyChangeLog();
    expect(missingChanges(log, [], 10)).toEqual([]);
    logChange(log, change(1, 1));
    logChange(log, change(1, 2));
    expect(missingChanges(log, [0, 2], 10)).toEqual([]);
    expect(missingChanges(log, [0, 5], 10)).toEqual([]);
  });

  it('trims what every syncer has applied, keeping positions beside their changes', () => {
    Object.assign(CHANGE_LOG_LIMITS, { keep: 2, retain: 1_000 });
    const log = emptyChangeLog();
    for (let seq = 1; seq <= 10; seq++) {
      logChange(log, change(0, seq));
      logChange(log, change(2, seq));
    }
    // The one syncer has applied origin 0 up to 8 and origin 2 up to 3.
    log.haves.set('peer', [8, 0, 3]);
    trimLog(log, ['peer']);
    expect(log.held).toBe(20 - 8 - 3);
    expect(lacksTrimmed(log, [8, 0, 3])).toBe(false);
    expect(lacksTrimmed(log, [7, 0, 3])).toBe(true);
    // What is left still comes out in log order.
    expect(names(missingChanges(log, [8, 0, 3], 100))).toEqual([
      '2:4',
      '2:5',
      '2:6',
      '2:7',
      '2:8',
      '0:9',
      '2:9',
      '0:10',
      '2:10',
    ]);
    // Trim again after more progress: the dropped prefix is gone from both lists alike.
    log.haves.set('peer', [10, 0, 9]);
    trimLog(log, ['peer']);
    expect(log.held).toBe(2);
    expect(names(missingChanges(log, [10, 0, 9], 100))).toEqual(['2:10']);
    logChange(log, change(2, 11));
    expect(names(missingChanges(log, [10, 0, 9], 100))).toEqual(['2:10', '2:11']);
  });

  it('forgets an origin skipped to by a state transfer, and logs it afresh after', () => {
    const log = emptyChangeLog();
    logChange(log, change(1, 1));
    logChange(log, change(1, 2));
    logChange(log, change(0, 1));
    skipTo(log, 1, 5);
    expect(log.held).toBe(1);
    expect(lacksTrimmed(log, [0, 4])).toBe(true);
    expect(names(missingChanges(log, [0, 5], 10))).toEqual(['0:1']);
    logChange(log, change(1, 6));
    expect(names(missingChanges(log, [1, 5], 10))).toEqual(['1:6']);
  });

  it('answers as a plain list in application order would, whenever it is read between changes', () => {
    // Changes go to their origins' runs only when the log is read: reads at any points between changes (and
    // trims, which read the runs too) must see every change applied so far, each at its own position.
    const step = fc.oneof(
      fc.record({ t: fc.constant('apply' as const), origin: fc.integer({ min: 0, max: 3 }) }),
      fc.record({
        t: fc.constant('read' as const),
        have: fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 4 }),
        max: fc.integer({ min: 1, max: 8 }),
      }),
      fc.record({
        t: fc.constant('trim' as const),
        have: fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 4 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        Object.assign(CHANGE_LOG_LIMITS, { keep: 3, retain: 1_000 });
        const log = emptyChangeLog();
        // The reference: every change applied, in order, and per origin the highest sequence number trimmed.
        const all: Change[] = [];
        const trimmedUpTo = [0, 0, 0, 0];
        const seqs = [0, 0, 0, 0];
        for (const s of steps) {
          if (s.t === 'apply') {
            const seq = (seqs[s.origin] as number) + 1;
            seqs[s.origin] = seq;
            const ch = change(s.origin, seq);
            logChange(log, ch);
            all.push(ch);
          } else if (s.t === 'read') {
            if (lacksTrimmed(log, s.have)) continue;
            const have = (o: number) => s.have[o] ?? 0;
            const expected = all.filter(
              (c) => c.seq > have(c.originIx) && c.seq > (trimmedUpTo[c.originIx] as number),
            );
            expect(names(missingChanges(log, s.have, s.max))).toEqual(names(expected.slice(0, s.max)));
          } else {
            log.haves.set('peer', s.have);
            trimLog(log, ['peer']);
            for (let o = 0; o < 4; o++) trimmedUpTo[o] = log.trimmed[o] ?? 0;
          }
          const held = all.filter((c) => c.seq > (trimmedUpTo[c.originIx] as number)).length;
          expect(log.held).toBe(held);
          expect(log.applied).toBe(all.length);
        }
      }),
    );
  });
  it('trims exactly the prefix a walk of each run would, whatever keep, retain and the askers have', () => {
    // The trim finds each run's cut by bisecting positions and by sequence arithmetic; the reference walks
    // the run change by change, as the log once did.
    const step = fc.oneof(
      fc.record({ t: fc.constant('apply' as const), origin: fc.integer({ min: 0, max: 3 }) }),
      fc.record({
        t: fc.constant('trim' as const),
        haves: fc.array(fc.array(fc.integer({ min: 0, max: 25 }), { minLength: 4, maxLength: 4 }), {
          maxLength: 2,
        }),
        syncers: fc.integer({ min: 0, max: 1 }),
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(step, { maxLength: 100 }),
        (keep, retain, steps) => {
          Object.assign(CHANGE_LOG_LIMITS, { keep, retain });
          const log = emptyChangeLog();
          // The reference: per origin, the changes still held with their log positions.
          const held: { seq: number; position: number }[][] = [[], [], [], []];
          const trimmed = [0, 0, 0, 0];
          const seqs = [0, 0, 0, 0];
          let applied = 0;
          for (const s of steps) {
            if (s.t === 'apply') {
              const seq = (seqs[s.origin] as number) + 1;
              seqs[s.origin] = seq;
              logChange(log, change(s.origin, seq));
              held[s.origin]?.push({ seq, position: applied++ });
              continue;
            }
            s.haves.forEach((have, i) => {
              log.haves.set(`p${i}`, have);
            });
            // Syncers that never asked count as having nothing.
            const syncers = Array.from({ length: s.syncers }, (_, i) => `s${i}`);
            const count = held.reduce((n, run) => n + run.length, 0);
            trimLog(log, syncers);
            if (count > keep) {
              const askers = new Set([...syncers, ...log.haves.keys()]);
              for (let o = 0; o < 4; o++) {
                const run = held[o] as { seq: number; position: number }[];
                let upTo = Number.POSITIVE_INFINITY;
                for (const a of askers) upTo = Math.min(upTo, log.haves.get(a)?.[o] ?? 0);
                let head = 0;
                while (head < run.length) {
                  const { seq, position } = run[head] as { seq: number; position: number };
                  if (position >= applied - retain && (position >= applied - keep || seq > upTo)) break;
                  head++;
                }
                if (head > 0) trimmed[o] = (run[head - 1] as { seq: number }).seq;
                run.splice(0, head);
              }
            }
            for (let o = 0; o < 4; o++) expect(log.trimmed[o] ?? 0).toBe(trimmed[o]);
            expect(log.held).toBe(held.reduce((n, run) => n + run.length, 0));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
