/** The JSON report of a run: what the CLI prints and what tests compare across Node and the browser. */

import type { Simulation } from '../engine/simulation.ts';
import type { Verdict } from '../oracle/linearizability.ts';
import {
  type Anomaly,
  type AnomalyCounts,
  type AnomalyKind,
  byKind,
  checkRun,
  countByKind,
  kindsByOperation,
  type Oracle,
} from '../oracle/oracle.ts';
import type { Counts, LostWrite, OpStatus } from '../types.ts';
import type { EarlierSummary } from '../workload/recent.ts';
import { conflictsText } from './conflictWords.ts';

export interface ReportOperation {
  id: number;
  client: string;
  f: 'write' | 'read';
  key: string;
  value: string | null;
  note?: string;
  invokeMs: number;
  completeMs: number | null;
  status: OpStatus;
  node: string | null;
  version: number;
  term?: number;
  error?: string;
  /** The kinds of the anomalies the oracle found about this operation (absent when none). */
  anomalies?: AnomalyKind[];
}

export interface Report {
  scenario: string;
  model: string;
  seed: number;
  traceHash: string;
  endTimeMs: number;
  /** What the simulation counts itself: operations by outcome, messages, bytes, events. */
  counts: Counts;
  /** The oracle's anomalies, counted by kind (every kind listed, zero included). */
  anomalyCounts: AnomalyCounts;
  /**
   * Every anomaly the checkers found, by kind, each with its explanation; on a long run the first and the latest
   * 1,000 per-operation ones (`anomaliesOmitted` says how many were left out; `anomalyCounts` has them all).
   */
  anomalies: Partial<Record<AnomalyKind, readonly Anomaly[]>>;
  anomaliesOmitted?: number;
  /**
   * Present when the replicas detected conflicts: `anomalyCounts.conflict` counts the conflicts (sets of concurrent
   * writes to one key, each once), `anomalies.conflict` lists each replica's detection of them.
   */
  conflictDetections?: { count: number; note: string };
  /**
   * Present when the replicas detected more conflicts than the engine keeps (src/sim/engine/conflictLog.ts):
   * `anomalies.conflict` lists only the latest `listed` detections; `conflictDetections` counts them all.
   */
  conflictsTrimmed?: { listed: number; total: number; note: string };
  /** Linearizability of the history, per key (register model). */
  linearizability: Verdict;
  /**
   * Leaderless runs: hinted handoff's work, in hints (a key a fallback node holds for one home replica): taken by
   * fallbacks for sloppy writes, handed off to their home replica, lost with a crashed node's disk.
   */
  handoff?: { taken: number; handedOff: number; lost: number };
  /** Acknowledged writes the cluster lost, with when, where and why. */
  lostWrites: (Omit<LostWrite, 'ackedAtUs' | 'lostAtUs'> & { ackedAtMs: number; lostAtMs: number })[];
  nodes: {
    id: string;
    up: boolean;
    role: string;
    /** Leader-follower only: the node's term and log length. */
    term?: number;
    logLength?: number;
    data: Record<string, string>;
  }[];

  /** The operations the history's window holds (every one, unless the run kept only a window). */
  history: ReportOperation[];
  /** When the run kept only a window of its history: what slid out of it, summarised. */
  historyEarlier?: EarlierSummary;
}

const toMs = (us: number) => us / 1000;

function handoffOf(sim: Simulation): Pick<Report, 'handoff'> {
  const view = sim.model.view();
  return view.model === 'leaderless' ? { handoff: { ...view.handoff } } : {};
}

function conflictDetections(sim: Simulation): Pick<Report, 'conflictDetections'> {
  const count = sim.conflictDetections();
  if (count === 0) return {};
  const times = count === 1 ? 'once' : `${count} times`;
  return {
    conflictDetections: {
      count,
      note: `${conflictsText(sim.conflictCount())}, detected ${times} by the replicas (anomalies.conflict lists each detection)`,
    },
  };
}

function conflictsTrimmed(sim: Simulation): Pick<Report, 'conflictsTrimmed'> {
  const total = sim.conflictDetections();
  const listed = sim.conflicts().length;
  if (listed >= total) return {};
  return {
    conflictsTrimmed: {
      listed,
      total,
      note: `${total} detections of conflicts by the replicas; only the latest ${listed} are listed under anomalies.conflict`,
    },
  };
}

/**
 * The report of a run; `live`: the oracle that followed it (a run that kept only a window of its history needs
 * it, since the operations that slid out are no longer there to judge), else one pass over its history.
 */
export function buildReport(sim: Simulation, live?: Oracle): Report {
  const s = sim.currentScenario();
  const oracle = live ? live.update() : checkRun(sim);
  const kinds = kindsByOperation(oracle.anomalies);
  const omitted = oracle.omitted ?? 0;
  const earlier = sim.clients.recent.earlier;
  return {
    scenario: s.name,
    model: s.model,
    seed: s.seed,
    traceHash: sim.traceHash(),
    endTimeMs: toMs(sim.nowUs),
    counts: sim.counts(),
    anomalyCounts: { ...(oracle.counts ?? countByKind(oracle.anomalies)), conflict: sim.conflictCount() },
    anomalies: byKind(oracle.anomalies),
    ...(omitted > 0 ? { anomaliesOmitted: omitted } : {}),
    ...conflictDetections(sim),
    ...conflictsTrimmed(sim),
    linearizability: oracle.linearizability,
    ...handoffOf(sim),
    lostWrites: sim.lostWrites().map(({ ackedAtUs, lostAtUs, ...rest }) => ({
      ...rest,
      ackedAtMs: toMs(ackedAtUs),
      lostAtMs: toMs(lostAtUs),
    })),
    nodes: sim.nodeViews().map((n) => ({
      id: n.id,
      up: n.up,
      role: n.role,
      ...(n.model === 'leader-follower' ? { term: n.term, logLength: n.logLength } : {}),
      data: Object.fromEntries(n.data.map((d) => [d.key, d.value])),
    })),

    ...(earlier.ops > 0 ? { historyEarlier: { ...earlier } } : {}),
    history: sim.clients.history.map((op) => {
      const found = kinds.get(op.id) ?? (live && omitted > 0 ? nonEmpty(live.kindsOf(op.id)) : undefined);
      return {
        id: op.id,
        client: op.client,
        f: op.f,
        key: op.key,
        value: op.value,
        ...(op.note ? { note: op.note } : {}),
        invokeMs: toMs(op.invokeUs),
        completeMs: op.completeUs === null ? null : toMs(op.completeUs),
        status: op.status,
        node: op.node,
        version: op.version,
        ...(op.term !== undefined ? { term: op.term } : {}),
        ...(op.error ? { error: op.error } : {}),
        ...(found ? { anomalies: found } : {}),
      };
    }),
  };
}

function nonEmpty(kinds: readonly AnomalyKind[]): AnomalyKind[] | undefined {
  return kinds.length > 0 ? [...kinds] : undefined;
}
