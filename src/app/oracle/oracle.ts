/**
 * The Anomalies panel's state: the latest answer of the worker's consistency oracle (`check`), the anomaly the
 * user selected, and history exports in flight. The checkers run in the worker; this only asks and keeps the
 * answer. A new load (a new epoch) forgets everything: the answer belonged to the previous run.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { Anomaly, AnomalyKind } from '../../sim/checkers/index.ts';
import type { Verdict } from '../../sim/checkers/linearizability.ts';
import type { Operation } from '../../sim/types.ts';
import type { HistoryFormat } from '../../worker/protocol.ts';
import { labStore, type OracleReply, onOracleReply, requestOracle, selectNode } from '../store.ts';

export interface OracleAnswer {
  /** Simulated time the history was checked at. */
  readonly nowUs: number;
  readonly anomalies: readonly Anomaly[];
  readonly linearizability: Verdict;
}

export interface OracleState {
  readonly epoch: number;
  readonly answer: OracleAnswer | null;
  /** A check was asked for and not answered yet. */
  readonly checking: boolean;
  /** The selected anomaly, as `anomalyKey` (stable across re-checks of a growing history). */
  readonly selected: string | null;
  /** Operation ids the selected anomaly names: the history highlights them. */
  readonly highlightedOps: readonly number[];
}

const initial: OracleState = {
  epoch: 0,
  answer: null,
  checking: false,
  selected: null,
  highlightedOps: [],
};

export const oracleStore = createStore<OracleState>()(() => initial);

export function useOracle<T>(selector: (state: OracleState) => T): T {
  return useStore(oracleStore, selector);
}

let nextRequestId = 1;
let latestCheck = 0;
const pendingExports = new Map<number, string>();
let connected = false;

/** Subscribes to the worker's replies and to loads (idempotent; the panel calls it on mount). */
export function connectOracle(): void {
  if (connected) return;
  connected = true;
  onOracleReply(receiveOracle);
  labStore.subscribe((state) => {
    if (state.epoch === oracleStore.getState().epoch) return;
    pendingExports.clear();
    oracleStore.setState({ ...initial, epoch: state.epoch });
  });
}

export function anomalyKey(a: Anomaly): string {
  return `${a.kind}|${a.atUs}|${a.ops.join(',')}|${a.explanation}`;
}

export function checkNow(): void {
  if (!labStore.getState().scenario) return;
  latestCheck = nextRequestId++;
  oracleStore.setState({ checking: true });
  requestOracle({ type: 'check', requestId: latestCheck });
}

export function exportHistory(format: HistoryFormat): void {
  const scenario = labStore.getState().scenario;
  if (!scenario) return;
  const requestId = nextRequestId++;
  pendingExports.set(requestId, `${slug(scenario.name)}-history.${format}`);
  requestOracle({ type: 'exportHistory', requestId, format });
}

/** Selects an anomaly (or clears the selection): its operations light up in the history, its node on the graph. */
export function selectAnomaly(anomaly: Anomaly | null): void {
  // Choosing the selected anomaly again clears the selection.
  const picked = anomaly && anomalyKey(anomaly) !== oracleStore.getState().selected ? anomaly : null;
  oracleStore.setState({
    selected: picked ? anomalyKey(picked) : null,
    highlightedOps: picked ? [...picked.ops] : [],
  });
  selectNode(picked?.nodes[0] ?? null);
}

export function receiveOracle(reply: OracleReply): void {
  switch (reply.type) {
    case 'checked': {
      if (reply.requestId !== latestCheck) return;
      const answer = {
        nowUs: reply.nowUs,
        anomalies: reply.anomalies,
        linearizability: reply.linearizability,
      };
      const { selected } = oracleStore.getState();
      const still = selected !== null && answer.anomalies.some((a) => anomalyKey(a) === selected);
      oracleStore.setState({
        answer,
        checking: false,
        ...(still ? {} : { selected: null, highlightedOps: [] }),
      });
      return;
    }
    case 'exported': {
      const filename = pendingExports.get(reply.requestId);
      if (filename === undefined) return;
      pendingExports.delete(reply.requestId);
      download(reply.text, filename, reply.format === 'json' ? 'application/json' : 'application/edn');
      return;
    }
    default: {
      const unknown: never = reply;
      throw new Error(`unknown oracle reply ${JSON.stringify(unknown)}`);
    }
  }
}

function download(text: string, filename: string, type: string): void {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'scenario'
  );
}

export const KIND_LABELS: Record<AnomalyKind, string> = {
  'stale-read': 'stale reads',
  'read-your-writes': 'read your writes',
  'monotonic-reads': 'monotonic reads',
  'monotonic-writes': 'monotonic writes',
  'writes-follow-reads': 'writes follow reads',
  'consistent-prefix': 'consistent prefix',
  'lost-write': 'lost writes',
  divergence: 'divergence',
  conflict: 'conflicts',
  'read-of-failed-write': 'reads of failed writes',
  'non-linearizable-read': 'non-linearizable reads',
  'duplicate-id': 'duplicate ids',
  'not-linearizable': 'not linearizable',
};

/** "linearizable", "not linearizable: w1, r2 on account_123", "unknown: budget ran out (on k)". */
export function describeVerdict(verdict: Verdict, history: readonly Operation[]): string {
  switch (verdict.result) {
    case 'linearizable':
      return 'linearizable';
    case 'not-linearizable': {
      const names = verdict.ops.map((id) => {
        const op = history[id - 1];
        return op && op.id === id ? `${op.f === 'read' ? 'r' : 'w'}${id}` : `#${id}`;
      });
      return `not linearizable: ${names.join(', ')} on ${verdict.key}`;
    }
    case 'unknown':
      return `unknown: budget ran out (on ${verdict.key}, after ${verdict.steps.toLocaleString('en-US')} steps)`;
    default: {
      const unknown: never = verdict;
      return String(unknown);
    }
  }
}
