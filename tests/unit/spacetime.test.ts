import { describe, expect, it } from 'vitest';
import { appendLog, emptyRecording, flyingRecords, RING_SIZE } from '../../src/app/spacetime/recorder.ts';
import {
  type FaultInterval,
  type LoggedMessage,
  MESSAGE_LOG_SIZE,
  MessageLog,
} from '../../src/sim/engine/messageLog.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import { viewSnapshot } from '../../src/worker/pack.ts';
import type { SnapshotLog } from '../../src/worker/protocol.ts';

function message(id: number, endUs: number, dropped = false): LoggedMessage {
  return {
    id,
    from: 'n1',
    to: 'n2',
    kind: 'replicate',
    sentUs: endUs - 10,
    endUs,
    dropped,
    position: dropped ? 0.5 : 1,
  };
}

function log(
  messages: LoggedMessage[],
  faults: FaultInterval[] = [],
  reset = false,
  skipped = 0,
): SnapshotLog {
  return { reset, messages, faults, skipped };
}

const down = (endUs: number | null, version: number): FaultInterval => ({
  id: 0,
  version,
  fault: 'down',
  node: 'n2',
  label: 'n2 down',
  startUs: 100,
  endUs,
});

describe('space-time recorder', () => {
  it('appends each snapshot’s finished messages, delivered or dropped, in order', () => {
    let r = appendLog(emptyRecording(), log([message(1, 40)], [], true));
    r = appendLog(r, log([message(2, 60, true), message(3, 70)]));
    expect(r.done.map((m) => [m.id, m.status, m.endUs, m.position])).toEqual([
      [1, 'delivered', 40, 1],
      [2, 'dropped', 60, 0.5],
      [3, 'delivered', 70, 1],
    ]);
    // A log with nothing new leaves the recording as it was (no re-render).
    expect(appendLog(r, log([]))).toBe(r);
  });

  it('merges fault intervals by id, a later version replacing an earlier one, and splits them for the lanes', () => {
    const cut: FaultInterval = {
      id: 1,
      version: 3,
      fault: 'cut',
      groups: [['US'], ['EU']],
      label: 'cut US – EU',
      startUs: 300,
      endUs: null,
    };
    let r = appendLog(emptyRecording(), log([], [down(null, 1)], true));
    r = appendLog(r, log([], [down(200, 2), cut]));
    expect(r.downs).toEqual([{ node: 'n2', startUs: 100, endUs: 200 }]);
    expect(r.partitions).toEqual([{ groups: [['US'], ['EU']], startUs: 300, endUs: null, cut: true }]);
    // An older version never replaces a newer one.
    r = appendLog(r, log([], [down(null, 1)]));
    expect(r.downs[0]?.endUs).toBe(200);
  });

  it('starts over on a reset (a load, a restart or a seek), and counts what the worker left out', () => {
    let r = appendLog(emptyRecording(), log([message(1, 40)], [down(null, 1)], true));
    r = appendLog(r, log([message(9, 90)], [], false, 25));
    expect(r.skipped).toBe(25);
    const before = r.version;
    r = appendLog(r, log([message(5, 50)], [], true));
    expect(r.done.map((m) => m.id)).toEqual([5]);
    expect(r.downs).toEqual([]);
    expect(r.skipped).toBe(0);
    expect(r.version).toBeGreaterThan(before);
  });

  it('keeps at most RING_SIZE completed messages', () => {
    let r = emptyRecording();
    for (let i = 0; i < RING_SIZE + 10; i++) r = appendLog(r, log([message(i, i * 10 + 10)]));
    expect(r.done.length).toBe(RING_SIZE);
    expect(r.done.at(-1)?.id).toBe(RING_SIZE + 9);
  });

  it('reads the snapshot’s messages in flight as flying records, a doomed one as dropping', () => {
    const sim = new Simulation(getPreset('bank-ledger-async')?.scenario ?? (undefined as never));
    sim.runUntil(30_000);
    const snapshot = viewSnapshot(sim, Number.POSITIVE_INFINITY);
    const flying = flyingRecords(snapshot);
    expect(flying.map((r) => [r.id, r.from, r.to, r.kind, r.sentUs, r.deliverUs])).toEqual(
      sim.messageViews().map((m) => [m.id, m.from, m.to, m.kind, m.sentAt, m.deliverAt]),
    );
    expect(
      flying.every(
        (r) => r.status === (sim.messageViews().find((m) => m.id === r.id)?.doomed ? 'dropped' : 'flying'),
      ),
    ).toBe(true);
  });
});

describe('the worker message log', () => {
  it('logs every finished message of a run, delivered or dropped, with exact times, and reads them back by time', () => {
    const preset = getPreset('split-brain');
    if (!preset) throw new Error('no preset');
    const sim = new Simulation(preset.scenario);
    sim.runUntil(400_000);
    const all = sim.messageLog.since(-1);
    expect(all.length).toBe(
      Math.min(MESSAGE_LOG_SIZE, sim.counts().messagesDelivered + sim.counts().messagesDropped),
    );
    expect(all.filter((m) => m.dropped).length).toBe(Math.min(all.length, sim.counts().messagesDropped));
    expect(all.map((m) => m.endUs)).toEqual([...all.map((m) => m.endUs)].sort((a, b) => a - b));
    for (const m of all) {
      expect(m.endUs).toBeGreaterThanOrEqual(m.sentUs);
      if (m.dropped) {
        expect(m.position).toBeGreaterThanOrEqual(0);
        expect(m.position).toBeLessThanOrEqual(1);
      } else expect(m.position).toBe(1);
    }
    // Reading from a time gives exactly the later ones.
    const mid = all[Math.floor(all.length / 2)]?.endUs ?? 0;
    expect(sim.messageLog.since(mid)).toEqual(all.filter((m) => m.endUs > mid));
    // The preset's partition is an interval with its groups; the run is still partitioned at 400 ms or healed.
    expect(sim.messageLog.faults.map((f) => [f.fault, f.label, f.startUs])).toEqual(
      preset.scenario.timeline
        .filter((e) => e.action.type === 'partition' && e.atUs <= 400_000)
        .map((e) => ['partition', expect.stringMatching(/^partition \{/), e.atUs]),
    );
  });

  it('keeps the last MESSAGE_LOG_SIZE messages of a long run', () => {
    const preset = getPreset('bench-25-nodes');
    if (!preset) throw new Error('no preset');
    const sim = new Simulation(preset.scenario);
    sim.runUntil(300_000);
    const all = sim.messageLog.since(-1);
    expect(sim.counts().messagesDelivered + sim.counts().messagesDropped).toBeGreaterThan(MESSAGE_LOG_SIZE);
    expect(all.length).toBe(MESSAGE_LOG_SIZE);
  });

  it('records crashes, restarts and cut links as intervals', () => {
    const log = new MessageLog(['a', 'b']);
    log.nodeUp('a', false, 10);
    log.link('US', 'EU', true, 20);
    log.nodeUp('a', true, 30);
    log.link('EU', 'US', false, 40);
    expect(log.faults).toEqual([
      { id: 0, version: 3, fault: 'down', node: 'a', label: 'a down', startUs: 10, endUs: 30 },
      {
        id: 1,
        version: 4,
        fault: 'cut',
        groups: [['US'], ['EU']],
        label: 'cut US – EU',
        startUs: 20,
        endUs: 40,
      },
    ]);
    // A view that has seen change 2 gets the two intervals that changed since, as copies.
    expect(log.faultsChangedSince(2).map((f) => [f.id, f.endUs])).toEqual([
      [0, 30],
      [1, 40],
    ]);
    expect(log.faultsChangedSince(3).map((f) => f.id)).toEqual([1]);
    expect(log.faultVersion).toBe(4);
  });
});
