/** Adapts the core's `Simulation` (with its oracle and metrics) to the small interface the host drives. */

import { MetricsCollector } from '../sim/analysis/metrics.ts';
import { type Leadership, leaderRulesOf, upLeadersOf } from '../sim/analysis/moments.ts';
import { Checkpointer } from '../sim/engine/checkpoint.ts';
import { Simulation } from '../sim/engine/simulation.ts';
import { describeVerdict, Oracle } from '../sim/oracle/oracle.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';
import type { NodeId } from '../sim/types.ts';
import { exportText } from './exportText.ts';
import { viewSnapshot } from './pack.ts';
import { MAX_FINISHED_IN_SNAPSHOT, MAX_MESSAGES_IN_SNAPSHOT, type SnapshotLog } from './protocol.ts';
import type { LogCursor, SimCore } from './simCore.ts';

/**
 * Linearizability search steps one live update may spend (a few milliseconds): keys it does not reach wait for
 * the next update, and a `check` request gets the full budget.
 */
export const LIVE_CHECK_STEPS = 50_000;

/** Everything one run is: the simulation and what watches it. A checkpoint copies all three as one graph. */
interface RunParts {
  readonly sim: Simulation;
  readonly oracle: Oracle;
  readonly metrics: MetricsCollector;
}

/** The run's simulation, as the worker's core makes it (firstRun.ts packs its first snapshot from one). */
export function simulationOf(scenario: Scenario): Simulation {
  // A run of any length: the recent history in full, a summary of the rest (sim/workload/recent.ts).
  return new Simulation(scenario, { historyWindow: true });
}

export function createSimCore(scenario: Scenario): SimCore {
  const sim = simulationOf(scenario);
  const oracle = new Oracle(sim);
  // The metrics read their stale reads, lost writes and conflicts off the same oracle: one judge per run.
  return coreOf({ sim, oracle, metrics: new MetricsCollector(sim, oracle) }, new Checkpointer());
}

/** The core of a run; `checkpointer` takes its checkpoints (one per run: its chunks are shared by all of them). */
function coreOf(parts: RunParts, checkpointer: Checkpointer): SimCore {
  const { sim, oracle, metrics } = parts;
  const completed = completedOperations(sim);
  const leaders = leadersSeen(sim);
  return {
    nowUs: () => sim.nowUs,
    runUntil: (targetUs, maxEvents) => sim.runUntil(targetUs, maxEvents),
    stepInstant: () => sim.step(),
    apply: (action) => sim.apply(action),
    snapshot: (detail) => viewSnapshot(sim, MAX_MESSAGES_IN_SNAPSHOT, detail),
    finished: (since) => finished(sim, since),
    scenario: () => sim.currentScenario(),
    recorded: () => [...sim.recordedActions()],
    adoptRecorded: (branch) => sim.adoptRecorded(branch),
    checkpoint: () => {
      // A completed operation never changes again (a late reply changes nothing: the client gave up), so it is
      // frozen and shared by every copy instead of copied: most of a long run's state is its history. Were
      // anything to write to one after all, the write would throw at once rather than corrupt a checkpoint.
      completed.freeze();
      // The image is kept pristine: every resume copies it again, so one checkpoint serves many seeks. What it
      // shares with the run and the other checkpoints (frozen objects, unchanged chunks) nothing can change.
      const image = checkpointer.image(parts);
      return () => coreOf(checkpointer.resume(image), checkpointer);
    },
    check: () => oracle.update(),
    liveCheck: () => oracle.update({ maxSteps: LIVE_CHECK_STEPS }),
    anomalyCounts: () => {
      oracle.advance();
      return oracle.counts();
    },
    faultsSince: (version) => ({
      faults: sim.messageLog.faultsChangedSince(version),
      version: sim.messageLog.faultVersion,
    }),
    hasLeaders: sim.scenario.model === 'leader-follower',
    leaders: () => leaders.now(),
    leaderRules: () => leaderRulesOf(sim.model.view()),
    quorums: () => sim.model.quorums?.() ?? [],
    describeVerdict: (verdict) => describeVerdict(verdict, sim.clients.history),
    metrics: (counts) => metrics.report(counts),
    exportHistory: (format) => exportText(sim, oracle, format),
  };
}

/** What the message log holds past `since` (or, from no cursor, the newest it has and every fault interval). */
function finished(sim: Simulation, since: LogCursor | null): { log: SnapshotLog; cursor: LogCursor } {
  const log = sim.messageLog;
  const { messages, skipped } = log.finishedSince(since?.messages ?? 0, MAX_FINISHED_IN_SNAPSHOT);
  return {
    log: {
      reset: since === null,
      messages,
      // From no cursor, the diagram starts over from the newest messages: the older ones are not "missing".
      skipped: since === null ? 0 : skipped,
      faults: log.faultsChangedSince(since?.faults ?? 0),
    },
    cursor: { messages: log.total, faults: log.faultVersion },
  };
}

/**
 * The up leaders, read off the model (`leadingTerm`) without building any view: story mode, and a seek past the
 * moments found so far, look at them on a 1 ms grid of simulated time (10,000 looks a wall second at the top
 * speed; 600,000 for a seek ten minutes into a run).
 */
function leadersSeen(sim: Simulation): { now(): readonly Leadership[] } {
  const isUp = (id: NodeId) => sim.network.isUp(id);
  const leadingTerm = (id: NodeId) => sim.model.leadingTerm(id);
  return { now: () => upLeadersOf(sim.nodes, isUp, leadingTerm) };
}

/** Freezes the history's completed operations, scanning on from where the last call stopped. */
function completedOperations(sim: Simulation): { freeze(): void } {
  /** Every operation before this position (from the run's start: the window's first is `trimmed`) is frozen. */
  let done = 0;
  return {
    freeze: () => {
      const history = sim.clients.history;
      const base = sim.clients.trimmed;
      let contiguous = true;
      for (let i = Math.max(0, done - base); i < history.length; i++) {
        const op = history[i];
        if (op === undefined || op.status === 'pending') {
          contiguous = false;
          continue;
        }
        if (!Object.isFrozen(op)) Object.freeze(op);
        if (contiguous) done = base + i + 1;
      }
    },
  };
}
