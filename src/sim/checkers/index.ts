/**
 * The consistency oracle: reads the history (and the simulator's ground truth where useful) and reports each
 * anomaly with a one-sentence explanation naming the operations, nodes and times involved, e.g.
 * "read r17 on bank_follower2 at 41.2 ms returned 900, but write w12 (1000) was acknowledged at 38.0 ms".
 */
import type { Simulation } from '../simulation.ts';
import type { Operation } from '../types.ts';
import { type CheckOptions, checkLinearizable, type RegisterOp, type Verdict } from './linearizability.ts';

export const ANOMALY_KINDS = [
  'stale-read',
  'read-your-writes',
  'monotonic-reads',
  'monotonic-writes',
  'writes-follow-reads',
  'lost-write',
  'divergence',
  'conflict',
  'read-of-failed-write',
  'non-linearizable-read',
  'duplicate-id',
  'not-linearizable',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface Anomaly {
  readonly kind: AnomalyKind;
  readonly explanation: string;
  /** Operation ids involved (r17 / w12 in explanations). */
  readonly ops: readonly number[];
  readonly nodes: readonly string[];
  readonly atUs: number;
}

export interface OracleResult {
  readonly anomalies: readonly Anomaly[];
  readonly linearizability: Verdict;
}

const ms = (us: number) => `${(us / 1000).toFixed(1)} ms`;
const name = (op: Operation) => `${op.f === 'read' ? 'r' : 'w'}${op.id}`;
const shown = (v: string | null) => (v === null ? 'nothing' : JSON.stringify(v));

/** Runs every checker over a simulation's history and ground truth. */
export function checkRun(sim: Simulation, options: CheckOptions = {}): OracleResult {
  const history = sim.clients.history;
  const model = sim.scenario.model;
  const out: Anomaly[] = [];
  const byId = (id: number | undefined) => (id === undefined ? undefined : history[id - 1]);

  for (const op of history) {
    if (op.f !== 'read' || op.status !== 'ok') continue;
    const done = op.completeUs ?? op.invokeUs;
    if (op.stale) {
      const missed =
        model === 'leader-follower'
          ? history.find(
              (w) =>
                w.f === 'write' &&
                w.key === op.key &&
                w.status === 'ok' &&
                w.version === op.expectedMinVersion,
            )
          : undefined;
      out.push({
        kind: 'stale-read',
        explanation: missed
          ? `read ${name(op)} on ${op.node} at ${ms(op.invokeUs)} returned ${shown(op.value)}, but write ${name(missed)} (${shown(missed.value)}) was acknowledged at ${ms(missed.completeUs ?? 0)}`
          : `read ${name(op)} on ${op.node} at ${ms(op.invokeUs)} returned ${shown(op.value)}, older than a write of ${op.key} acknowledged before it began`,
        ops: missed ? [op.id, missed.id] : [op.id],
        nodes: op.node ? [op.node] : [],
        atUs: done,
      });
    }
    const earlier = byId(op.regressedFrom);
    if (earlier)
      out.push({
        kind: 'monotonic-reads',
        explanation: `${op.client}'s read ${name(op)} on ${op.node} at ${ms(op.invokeUs)} returned ${shown(op.value)}, older than what its read ${name(earlier)} on ${earlier.node} saw at ${ms(earlier.invokeUs)} (${shown(earlier.value)})`,
        ops: [op.id, earlier.id],
        nodes: [op.node, earlier.node].filter((n): n is string => n !== null),
        atUs: done,
      });
    const failed = byId(op.readFailedWrite);
    if (failed)
      out.push({
        kind: 'read-of-failed-write',
        explanation: `read ${name(op)} on ${op.node} at ${ms(op.invokeUs)} returned ${shown(op.value)}, the value of write ${name(failed)}, which was reported as failed at ${ms(failed.completeUs ?? 0)}`,
        ops: [op.id, failed.id],
        nodes: op.node ? [op.node] : [],
        atUs: done,
      });
    const newer = byId(op.newerReadBefore);
    if (newer)
      out.push({
        kind: 'non-linearizable-read',
        explanation: `read ${name(op)} by ${op.client} began at ${ms(op.invokeUs)}, after read ${name(newer)} by ${newer.client} had returned ${shown(newer.value)} at ${ms(newer.completeUs ?? 0)}, yet returned the older ${shown(op.value)}`,
        ops: [op.id, newer.id],
        nodes: [op.node, newer.node].filter((n): n is string => n !== null),
        atUs: done,
      });
  }

  if (model === 'leader-follower') out.push(...sessionGuarantees(history));

  for (const op of history)
    if (op.duplicateOf !== undefined) {
      const first = byId(op.duplicateOf);
      out.push({
        kind: 'duplicate-id',
        explanation: `write ${name(op)} on ${op.node} at ${ms(op.invokeUs)} was handed id ${op.value}, already given to ${first ? name(first) : `op ${op.duplicateOf}`} at ${ms(first?.completeUs ?? 0)}`,
        ops: [op.id, op.duplicateOf],
        nodes: op.node ? [op.node] : [],
        atUs: op.completeUs ?? op.invokeUs,
      });
    }

  for (const l of sim.lostWrites())
    out.push({
      kind: 'lost-write',
      explanation: `write w${l.opId} (${l.key} = ${shown(l.value)}) was acknowledged by ${l.ackedBy} at ${ms(l.ackedAtUs)} and lost at ${ms(l.lostAtUs)} on ${l.lostOn}: ${l.reason}`,
      ops: [l.opId],
      nodes: [l.ackedBy, l.lostOn],
      atUs: l.lostAtUs,
    });

  for (const key of sim.model.divergentKeys((n) => sim.network.isUp(n)))
    out.push({
      kind: 'divergence',
      explanation: `replicas still disagree on ${key} at ${ms(sim.nowUs)}: ${sim
        .nodeViews()
        .filter((n) => n.up)
        .map((n) => `${n.id} has ${shown(n.data.find((d) => d.key === key)?.value ?? null)}`)
        .join(', ')}`,
      ops: [],
      nodes: sim.nodes.filter((n) => sim.network.isUp(n)),
      atUs: sim.nowUs,
    });

  for (const c of sim.model.conflictList())
    out.push({
      kind: 'conflict',
      explanation: `${c.node} detected concurrent writes to ${c.key} at ${ms(c.atUs)} (${c.versions
        .map((v) => `${shown(v.value)} from ${v.origin}`)
        .join(', ')}): ${c.outcome}`,
      ops: c.versions.map((v) => v.opId),
      nodes: [c.node],
      atUs: c.atUs,
    });

  const linearizability = checkLinearizable(registerOps(history), options);
  if (linearizability.result === 'not-linearizable') {
    const ops = linearizability.ops.map((id) => byId(id)).filter((o): o is Operation => o !== undefined);
    out.push({
      kind: 'not-linearizable',
      explanation: `the operations on ${linearizability.key} cannot be ordered as one register: ${ops
        .map(
          (o) =>
            `${name(o)} ${o.f} ${shown(o.value)} [${ms(o.invokeUs)}, ${o.completeUs === null ? '…' : ms(o.completeUs)}]`,
        )
        .join(', ')}`,
      ops: linearizability.ops,
      nodes: [...new Set(ops.map((o) => o.node).filter((n): n is string => n !== null))],
      atUs: Math.max(...ops.map((o) => o.completeUs ?? o.invokeUs)),
    });
  }
  out.sort((a, b) => a.atUs - b.atUs || ANOMALY_KINDS.indexOf(a.kind) - ANOMALY_KINDS.indexOf(b.kind));
  return { anomalies: out, linearizability };
}

/** The history as register operations for the linearizability checker (failed ones had no effect). */
export function registerOps(history: readonly Operation[]): RegisterOp[] {
  const ops: RegisterOp[] = [];
  for (const op of history) {
    if (op.status === 'fail' || op.status === 'pending' || op.autoIncrement) continue;
    if (op.f === 'read' && op.status !== 'ok') continue;
    // Reads that returned siblings are not register reads; they are checked by the other checkers.
    if (op.f === 'read' && op.siblings) continue;
    ops.push({
      id: op.id,
      key: op.key,
      f: op.f,
      value: op.value,
      invokeUs: op.invokeUs,
      completeUs: op.status === 'info' ? null : op.completeUs,
    });
  }
  return ops;
}

/** Leader-follower session guarantees, judged by log positions (versions). */
function sessionGuarantees(history: readonly Operation[]): Anomaly[] {
  const out: Anomaly[] = [];
  // Per client: its acknowledged writes and completed reads in completion order.
  const lastWrite = new Map<string, Operation>();
  const lastRead = new Map<string, Operation>();
  const ordered = history
    .filter((o) => o.status === 'ok' && o.completeUs !== null)
    .sort((a, b) => (a.completeUs ?? 0) - (b.completeUs ?? 0));
  for (const op of ordered) {
    const k = `${op.client}\u0000${op.key}`;
    if (op.f === 'read') {
      const own = lastWrite.get(k);
      if (own && own.completeUs !== null && own.completeUs <= op.invokeUs && op.version < own.version)
        out.push({
          kind: 'read-your-writes',
          explanation: `${op.client}'s read ${name(op)} on ${op.node} at ${ms(op.invokeUs)} returned ${shown(op.value)}, without its own write ${name(own)} (${shown(own.value)}) acknowledged at ${ms(own.completeUs)}`,
          ops: [op.id, own.id],
          nodes: op.node ? [op.node] : [],
          atUs: op.completeUs ?? op.invokeUs,
        });
      lastRead.set(k, op);
    } else {
      const prevWrite = lastWrite.get(k);
      if (
        prevWrite &&
        prevWrite.completeUs !== null &&
        prevWrite.completeUs <= op.invokeUs &&
        op.version < prevWrite.version
      )
        out.push({
          kind: 'monotonic-writes',
          explanation: `${op.client}'s write ${name(op)} (${shown(op.value)}) was ordered before its earlier write ${name(prevWrite)} (${shown(prevWrite.value)})`,
          ops: [op.id, prevWrite.id],
          nodes: op.node ? [op.node] : [],
          atUs: op.completeUs ?? op.invokeUs,
        });
      const read = lastRead.get(k);
      if (read && read.completeUs !== null && read.completeUs <= op.invokeUs && op.version < read.version)
        out.push({
          kind: 'writes-follow-reads',
          explanation: `${op.client}'s write ${name(op)} (${shown(op.value)}) was ordered before the version its read ${name(read)} had seen (${shown(read.value)})`,
          ops: [op.id, read.id],
          nodes: op.node ? [op.node] : [],
          atUs: op.completeUs ?? op.invokeUs,
        });
      lastWrite.set(k, op);
    }
  }
  return out;
}

/** Anomalies grouped by kind, for reports. */
export function byKind(anomalies: readonly Anomaly[]): Partial<Record<AnomalyKind, readonly Anomaly[]>> {
  const out: Partial<Record<AnomalyKind, Anomaly[]>> = {};
  for (const a of anomalies) {
    const list = out[a.kind] ?? [];
    list.push(a);
    out[a.kind] = list;
  }
  return out;
}
