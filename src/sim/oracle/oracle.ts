/**
 * The consistency oracle: the one judge of a run. It reads the history the clients recorded (which holds no
 * verdicts) and the model's ground truth, runs every checker, and reports each anomaly with a one-sentence
 * explanation naming the operations, nodes and times involved. The page's counts, the metrics and the CLI
 * report all come from it.
 *
 * The checkers, one module each: reads.ts (stale reads, monotonic reads, reads of failed writes,
 * non-linearizable reads), ids.ts (duplicate auto-increment ids), sessions.ts (read your writes, monotonic
 * writes, writes follow reads), prefix.ts (consistent prefix), ground-truth.ts (lost writes, divergence,
 * conflicts) and registers.ts (linearizability, key by key). This file drives them incrementally.
 */
import type { ModelName } from '../scenarios/schema.ts';
import type { Operation } from '../types.ts';
import { AckedWrites } from './acked.ts';
import {
  type Anomaly,
  type AnomalyCounts,
  type AnomalyKind,
  aboutOp,
  byTime,
  mergeSorted,
  noAnomalies,
} from './anomaly.ts';
import {
  Conflicts,
  conflictTotal,
  Divergence,
  type GroundTruthSource,
  lostWriteAnomalies,
} from './ground-truth.ts';
import { duplicateId, IdJudge } from './ids.ts';
import type { CheckOptions, Verdict } from './linearizability.ts';
import { ConsistentPrefix } from './prefix.ts';
import { type ReadContext, type ReadFinding, ReadJudge, readAnomalies } from './reads.ts';
import { notLinearizable, Registers } from './registers.ts';
import { Sessions } from './sessions.ts';

export {
  ANOMALY_KINDS,
  type Anomaly,
  type AnomalyCounts,
  type AnomalyKind,
  aboutOp,
  byKind,
  countByKind,
  isAboutOneOp,
  kindsByOperation,
  noAnomalies,
} from './anomaly.ts';
export { describeVerdict, registerOps } from './registers.ts';

export interface OracleResult {
  readonly anomalies: readonly Anomaly[];
  readonly linearizability: Verdict;
}

/**
 * What the oracle reads of a run: its history and the model's ground truth. A `Simulation` is one; tests hand
 * it written histories.
 */
export interface OracleSource extends GroundTruthSource {
  readonly clients: { readonly history: readonly Operation[] };
  readonly scenario: { readonly model: ModelName };
}

/** Runs every checker over a simulation's history and ground truth, once. */
export function checkRun(sim: OracleSource, options: CheckOptions = {}): OracleResult {
  return new Oracle(sim).update(options);
}

/** What the checkers that judge in event order found about an operation, until the driver files it. */
interface Finding {
  read?: ReadFinding;
  duplicateOf?: number;
}

/**
 * The checkers, run incrementally: each `update` looks only at the operations completed since the previous one,
 * re-checks linearizability of the keys that had new completions, and re-reads the model's ground truth (lost
 * writes, divergence, conflicts), which is state rather than history. One `update` over a whole run gives
 * exactly what a single pass would: `checkRun` is that.
 *
 * Two orders, because the checkers ask two kinds of question. The read and id checkers judge what a client could
 * see when it acted (what had been acknowledged when a read began), so they replay the events in the exact order
 * the clients saw them (`invokeSeq`, `completeSeq`). The others file completed operations by completion time and
 * id (per-client session state, consistent prefix), and every anomaly about an operation is filed then.
 */
export class Oracle {
  private readonly sim: OracleSource;
  /** Per-operation anomalies found so far, in time order. */
  private readonly events: Anomaly[] = [];
  /** History index below which every operation has completed and been processed. */
  private cursor = 0;
  /** Operations at or past the cursor already processed (they completed before an older one). */
  private readonly processed = new Set<number>();
  /** History length whose invocations the checkers have seen. */
  private invoked = 0;
  private readonly acked: AckedWrites;
  private readonly reads = new ReadJudge();
  private readonly ids = new IdJudge();
  private readonly sessions: Sessions;
  private readonly prefix: ConsistentPrefix;
  private readonly registers = new Registers();
  private readonly divergence = new Divergence();
  private readonly conflicts = new Conflicts();
  private readonly findings = new Map<number, Finding>();
  /** Where the read checkers' findings are worded: the history, the acknowledged writes, the model. */
  private readonly readContext: ReadContext;
  /** The kinds of the per-operation anomalies about each operation (the first one each names). */
  private readonly kindsByOp = new Map<number, readonly AnomalyKind[]>();
  private readonly eventCounts = noAnomalies();
  private lastVerdict: Verdict | null = null;

  constructor(sim: OracleSource) {
    this.sim = sim;
    this.acked = new AckedWrites(sim.scenario.model);
    this.sessions = new Sessions(sim.scenario.model, this.acked);
    this.prefix = new ConsistentPrefix(this.acked);
    this.readContext = { history: sim.clients.history, acked: this.acked, model: sim.scenario.model };
  }

  /** Processes what happened since the last update; `maxSteps` bounds this update's linearizability search. */
  update(options: CheckOptions = {}): OracleResult {
    this.advance();
    return this.result(options);
  }

  /**
   * Runs the per-operation checkers over what happened since the last call (cheap: linear in the new
   * operations), without re-reading the ground truth or checking linearizability; `update` does both.
   */
  advance(): void {
    const history = this.sim.clients.history;
    const from = this.invoked;
    for (; this.invoked < history.length; this.invoked++)
      this.registers.invoked(history[this.invoked] as Operation);
    const fresh = this.completedSinceLast(history);
    this.judgeInEventOrder(invokeOrder(history, from), fresh);
    fresh.sort((a, b) => (a.completeUs ?? a.invokeUs) - (b.completeUs ?? b.invokeUs) || a.id - b.id);
    for (const op of fresh) this.file(op);
  }

  /** The kinds of the per-operation anomalies found so far about an operation. */
  kindsOf(opId: number): readonly AnomalyKind[] {
    return this.kindsByOp.get(opId) ?? [];
  }

  /**
   * Anomalies by kind: the per-operation ones found so far (up to the last `advance` or `update`), lost writes
   * and conflicts as the model reports them now, divergence and linearizability as of the last `update`.
   */
  counts(): AnomalyCounts {
    const counts = { ...this.eventCounts };
    counts['lost-write'] = this.sim.lostWrites().length;
    counts.conflict = conflictTotal(this.sim);
    counts.divergence = this.divergence.size;
    counts['not-linearizable'] = this.lastVerdict?.result === 'not-linearizable' ? 1 : 0;
    return counts;
  }

  /** Operations completed since the last call, in history order. */
  private completedSinceLast(history: readonly Operation[]): Operation[] {
    const fresh: Operation[] = [];
    let contiguous = true;
    for (let i = this.cursor; i < history.length; i++) {
      const op = history[i] as Operation;
      if (op.status === 'pending') {
        contiguous = false;
        continue;
      }
      if (this.processed.has(op.id)) {
        if (contiguous) {
          this.processed.delete(op.id);
          this.cursor = i + 1;
        }
        continue;
      }
      fresh.push(op);
      if (contiguous) this.cursor = i + 1;
      else this.processed.add(op.id);
    }
    return fresh;
  }

  /** Feeds the new invocations and completions, merged in the order the clients saw them, to the judges. */
  private judgeInEventOrder(invokes: readonly Operation[], completions: readonly Operation[]): void {
    const history = this.sim.clients.history;
    const completes = [...completions].sort((a, b) => completeSeqOf(a) - completeSeqOf(b) || a.id - b.id);
    let i = 0;
    for (const op of completes) {
      for (; i < invokes.length && (invokes[i] as Operation).invokeSeq <= completeSeqOf(op); i++)
        this.reads.invoked(invokes[i] as Operation);
      const read = this.reads.completed(op, history);
      const duplicateOf = this.ids.completed(op);
      if (read || duplicateOf !== undefined)
        this.findings.set(op.id, {
          ...(read ? { read } : {}),
          ...(duplicateOf !== undefined ? { duplicateOf } : {}),
        });
    }
    for (; i < invokes.length; i++) this.reads.invoked(invokes[i] as Operation);
  }

  /** Files a completed operation with every checker, in completion-time order. */
  private file(op: Operation): void {
    this.registers.completed(op);
    if (op.status !== 'ok') return;
    if (op.f === 'write') this.acked.add(op);
    const finding = this.findings.get(op.id);
    this.findings.delete(op.id);
    if (op.f === 'read' && finding?.read)
      for (const a of readAnomalies(op, finding.read, this.readContext)) this.addEvent(a);
    if (finding?.duplicateOf !== undefined)
      this.addEvent(duplicateId(op, finding.duplicateOf, this.sim.clients.history));
    for (const a of this.sessions.file(op)) this.addEvent(a);
    for (const a of this.prefix.file(op)) this.addEvent(a);
  }

  /**
   * Records a per-operation anomaly in time order. They arrive almost in order (operations are processed by
   * completion), so this rarely moves anything, and no update has to sort the whole list again.
   */
  private addEvent(found: Anomaly): void {
    // Filed anomalies never change: frozen, a checkpoint shares them instead of copying them (worker/core.ts).
    const anomaly = frozen(found);
    const events = this.events;
    let i = events.length;
    while (i > 0 && byTime(events[i - 1] as Anomaly, anomaly) > 0) i--;
    if (i === events.length) events.push(anomaly);
    else events.splice(i, 0, anomaly);
    this.eventCounts[anomaly.kind]++;
    const about = aboutOp(anomaly);
    if (about === undefined) return;
    // A new list rather than a push, for the same reason.
    const kinds = this.kindsByOp.get(about) ?? [];
    this.kindsByOp.set(about, Object.freeze([...kinds, anomaly.kind]));
  }

  /** Every anomaly so far: the per-operation ones, and the ground truth's and linearizability's as of now. */
  private result(options: CheckOptions): OracleResult {
    const sim = this.sim;
    const out = [
      ...lostWriteAnomalies(sim),
      ...this.divergence.update(sim),
      ...this.conflicts.anomalies(sim),
    ];
    const linearizability = this.registers.check(options, sim.nowUs);
    this.lastVerdict = linearizability;
    const violation = notLinearizable(linearizability, sim.clients.history);
    if (violation) out.push(violation);
    // The ground-truth ones are few: sort them, and merge them into the per-operation ones (kept in order).
    out.sort(byTime);
    return { anomalies: mergeSorted(this.events, out), linearizability };
  }
}

/**
 * The operations from history index `from` on, in invocation order. A recorded history is already in that order
 * (operations are appended as they are invoked); a hand-written one may not be, and is sorted.
 */
function invokeOrder(history: readonly Operation[], from: number): readonly Operation[] {
  const ops = history.slice(from);
  for (let i = 1; i < ops.length; i++)
    if ((ops[i] as Operation).invokeSeq < (ops[i - 1] as Operation).invokeSeq)
      return ops.sort((a, b) => a.invokeSeq - b.invokeSeq || a.id - b.id);
  return ops;
}

/** An anomaly frozen with its lists. */
function frozen(anomaly: Anomaly): Anomaly {
  Object.freeze(anomaly.ops);
  Object.freeze(anomaly.nodes);
  return Object.freeze(anomaly);
}

/** An operation's completion in event order (one completed without a recorded position sorts last). */
function completeSeqOf(op: Operation): number {
  return op.completeSeq ?? Number.POSITIVE_INFINITY;
}
