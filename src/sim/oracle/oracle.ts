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
import type { HistoryHold } from '../workload/recent.ts';
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
import { Conflicts, conflictTotal, Divergence, type GroundTruthSource, LostWording } from './ground-truth.ts';
import { duplicateId, IdJudge } from './ids.ts';
import type { CheckOptions, Verdict } from './linearizability.ts';
import { byCompletion, completeSeqOf, sortByCompleteSeq, sortNearlySorted } from './order.ts';
import { ConsistentPrefix } from './prefix.ts';
import { type ReadContext, type ReadFinding, ReadJudge, readAnomalies } from './reads.ts';
import { Records } from './records.ts';
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
  /**
   * The anomalies in time order: all of them, or (past KEPT_FIRST + KEPT_LATEST per-operation ones) the first
   * and the latest of those with every ground-truth one; `omitted` says how many were left out.
   */
  readonly anomalies: readonly Anomaly[];
  /** Per-operation anomalies left out of `anomalies` (the counts hold them all). */
  readonly omitted?: number;
  /** Anomalies by kind over the whole run, exact whatever was left out of the list. */
  readonly counts?: AnomalyCounts;
  /**
   * Distinct operations some anomaly is about (a read with two labels counts once) over the whole run, exact
   * whatever was left out of the list.
   */
  readonly anomalousOps?: number;
  readonly linearizability: Verdict;
}

/** How many of the first and of the latest per-operation anomalies a long run keeps as examples. */
export const KEPT_FIRST = 1_000;
export const KEPT_LATEST = 1_000;

/**
 * What the oracle reads of a run: its history and the model's ground truth. A `Simulation` is one; tests hand
 * it written histories.
 */
export interface OracleSource extends GroundTruthSource {
  readonly clients: {
    readonly history: readonly Operation[];
    /** How many operations slid out of the history's window before `history[0]` (none: 0). */
    readonly trimmed?: number;
    /** The window, when the history has one: the oracle holds it at what it has not read yet. */
    readonly recent?: { hold(reader: HistoryHold): void; release(reader: HistoryHold): void };
  };
  /** Lost writes in all (the list may leave out those of operations out of the window). */
  lostWriteCount?(): number;
  readonly scenario: {
    readonly model: ModelName;
    /** Multi-leader keys kept as merged data types (CRDTs), by key prefix: not registers. */
    readonly multiLeader?: { readonly crdt?: readonly { readonly prefix: string }[] };
  };
}

/**
 * The key prefixes of merged data types rather than registers: in a multi-leader run, the CRDT prefixes (an
 * add-wins set's "add mug", a counter's "+1" are operations on the type, and a read returns the merge of them all),
 * which the linearizability check of registers does not apply to (DDIA 5, "Merging concurrently written
 * values"); the other checkers judge those keys as they judge any key. Plain data (checkpoints copy the oracle).
 */
export function mergedPrefixes(scenario: OracleSource['scenario']): readonly string[] {
  return scenario.model === 'multi-leader' ? (scenario.multiLeader?.crdt ?? []).map((c) => c.prefix) : [];
}

/** Whether `key` is under one of `prefixes` (`mergedPrefixes`). */
export function isMergedKey(prefixes: readonly string[], key: string): boolean {
  return prefixes.length > 0 && prefixes.some((prefix) => key.startsWith(prefix));
}

/** Runs every checker over a simulation's history and ground truth, once. */
export function checkRun(sim: OracleSource, options: CheckOptions = {}): OracleResult {
  const oracle = new Oracle(sim);
  const result = oracle.update(options);
  oracle.detach();
  return result;
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
export class Oracle implements HistoryHold {
  private readonly sim: OracleSource;
  /** Per-operation anomalies found so far, in time order: the first KEPT_FIRST and the latest KEPT_LATEST. */
  private readonly events: Anomaly[] = [];
  /** Per-operation anomalies left out of `events`. */
  private omitted = 0;
  /** Distinct operations the per-operation anomalies are about (all of them: the list keeps examples). */
  private eventOps = 0;
  /**
   * Position in the history (operations since the run began, those out of the window included) below which
   * every operation has completed and been processed.
   */
  private cursor = 0;
  /** Operations at or past the cursor already processed (they completed before an older one). */
  private readonly processed = new Set<number>();
  /** Position in the history up to which the checkers have seen the invocations. */
  private invoked = 0;
  /** The history window's position when `kindsByOp` last let go of the operations out of it. */
  private prunedAt = 0;
  private readonly acked: AckedWrites;
  private readonly reads: ReadJudge;
  private readonly ids = new IdJudge();
  private readonly sessions: Sessions;
  private readonly prefix: ConsistentPrefix;
  private readonly registers: Registers;
  private readonly divergence = new Divergence();
  private readonly lostWording = new LostWording();
  private readonly conflicts = new Conflicts();
  private readonly findings = new Map<number, Finding>();
  /** Where the read checkers' findings are worded: the history, the acknowledged writes, the model. */
  private readonly readContext: ReadContext;
  /** The kinds of the per-operation anomalies about each operation (the first one each names). */
  private readonly kindsByOp = new Map<number, readonly AnomalyKind[]>();
  private readonly eventCounts = noAnomalies();
  private lastVerdict: Verdict | null = null;
  /** The prefixes of keys of merged data types, which are not registers (`mergedPrefixes`). */
  private readonly merged: readonly string[];

  constructor(sim: OracleSource) {
    this.sim = sim;
    this.merged = mergedPrefixes(sim.scenario);
    // One set of per-key and per-client records, shared by the checkers (records.ts).
    this.acked = new AckedWrites(sim.scenario.model, new Records());
    this.reads = new ReadJudge(this.acked.records);
    this.registers = new Registers(this.acked.records);
    this.sessions = new Sessions(sim.scenario.model, this.acked);
    this.prefix = new ConsistentPrefix(this.acked);
    this.readContext = { history: sim.clients.history, acked: this.acked, model: sim.scenario.model };
    sim.clients.recent?.hold(this);
  }

  /** What the oracle has not read yet starts here: the history's window keeps it. */
  historyHeld(): number {
    return this.cursor;
  }

  /** Stops holding the history's window (an oracle used once). */
  detach(): void {
    this.sim.clients.recent?.release(this);
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
    const base = this.sim.clients.trimmed ?? 0;
    const from = this.invoked - base;
    for (; this.invoked < base + history.length; this.invoked++) {
      const op = history[this.invoked - base] as Operation;
      if (!isMergedKey(this.merged, op.key)) this.registers.invoked(op);
    }
    const fresh = this.completedSinceLast(history, base);
    // One list, sorted in place twice: both orders are total (ids break ties), so the order each pass sees does
    // not depend on the one it started from, and the second sort finds the list nearly in order already.
    sortByCompleteSeq(fresh);
    this.judgeInEventOrder(history, from, fresh);
    if (base - this.prunedAt >= PRUNE_EVERY) this.prune(base);
    sortNearlySorted(fresh, byCompletion);
    for (let i = 0; i < fresh.length; i++) this.file(fresh[i] as Operation);
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
    counts['lost-write'] = this.sim.lostWriteCount?.() ?? this.sim.lostWrites().length;
    counts.conflict = conflictTotal(this.sim);
    counts.divergence = this.divergence.size;
    counts['not-linearizable'] = this.lastVerdict?.result === 'not-linearizable' ? 1 : 0;
    return counts;
  }

  /** Lets go of the verdicts about operations that left the history's window (the page asks only of those in it). */
  private prune(base: number): void {
    for (const id of this.kindsByOp.keys()) if (id <= base) this.kindsByOp.delete(id);
    this.prunedAt = base;
  }

  /**
   * What the oracle retains, in entries (what bounds its memory on a long run): the operations the
   * linearizability check keeps, the anomaly examples kept, and the operations with verdicts kept for the page.
   */
  retained(): { registerOps: number; examples: number; verdicts: number } {
    return { registerOps: this.registers.kept, examples: this.events.length, verdicts: this.kindsByOp.size };
  }

  /** Operations completed since the last call, in history order; `base`: the position of `history[0]`. */
  private completedSinceLast(history: readonly Operation[], base: number): Operation[] {
    const fresh: Operation[] = [];
    let contiguous = true;
    for (let i = this.cursor - base; i < history.length; i++) {
      const op = history[i] as Operation;
      if (op.status === 'pending') {
        contiguous = false;
        continue;
      }
      if (this.processed.has(op.id)) {
        if (contiguous) {
          this.processed.delete(op.id);
          this.cursor = base + i + 1;
        }
        continue;
      }
      fresh.push(op);
      if (contiguous) this.cursor = base + i + 1;
      else this.processed.add(op.id);
    }
    return fresh;
  }

  /**
   * Feeds the new invocations (the history from index `from` on) and completions (`completes`, in event order),
   * merged in the order the clients saw them, to the judges.
   */
  private judgeInEventOrder(
    history: readonly Operation[],
    from: number,
    completes: readonly Operation[],
  ): void {
    const invokes = invokeOrder(history, from);
    // The history itself when already in invocation order (a recorded one is): read from `from` on, no copy.
    let i = invokes === history ? from : 0;
    for (let c = 0; c < completes.length; c++) {
      const op = completes[c] as Operation;
      const seq = completeSeqOf(op);
      for (; i < invokes.length && (invokes[i] as Operation).invokeSeq <= seq; i++)
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
    // Most operations have no finding: no lookup then.
    const finding = this.findings.size > 0 ? this.findings.get(op.id) : undefined;
    if (finding) this.findings.delete(op.id);
    if (op.f === 'read' && finding?.read)
      for (const a of readAnomalies(op, finding.read, this.readContext)) this.addEvent(a);
    if (finding?.duplicateOf !== undefined)
      this.addEvent(duplicateId(op, finding.duplicateOf, this.sim.clients.history));
    // Most operations complete no anomaly: an empty list is not walked.
    const sessions = this.sessions.file(op);
    if (sessions.length > 0) for (const a of sessions) this.addEvent(a);
    const prefix = this.prefix.file(op);
    if (prefix.length > 0) for (const a of prefix) this.addEvent(a);
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
    // Past the examples kept, the oldest of the latest goes (the first KEPT_FIRST stay): the count keeps it.
    if (events.length > KEPT_FIRST + KEPT_LATEST) {
      events.splice(KEPT_FIRST, 1);
      this.omitted++;
    }
    this.eventCounts[anomaly.kind]++;
    const about = aboutOp(anomaly);
    if (about === undefined) return;
    // A new list rather than a push, for the same reason.
    const kinds = this.kindsByOp.get(about) ?? [];
    if (kinds.length === 0) this.eventOps++;
    this.kindsByOp.set(about, Object.freeze([...kinds, anomaly.kind]));
  }

  /** Every anomaly so far: the per-operation ones, and the ground truth's and linearizability's as of now. */
  private result(options: CheckOptions): OracleResult {
    const sim = this.sim;
    const lost = this.lostWording.anomalies(sim);
    const divergent = this.divergence.update(sim);
    const conflicts = this.conflicts.update(sim);
    const linearizability = this.registers.check(options, sim.nowUs);
    this.lastVerdict = linearizability;
    const violation = notLinearizable(linearizability, (id) => this.registers.op(id));
    // The per-operation anomalies are kept in order, and so (as the engine reports them) are the conflicts, the
    // many ground-truth ones: the few others are sorted and merged in. Kinds differ between the three lists, so
    // no two of them tie (`byTime`), and the merge is the one order a stable sort of them all would give.
    let anomalies: Anomaly[];
    if (conflicts.inOrder) {
      anomalies = mergeSorted(this.events, conflicts.list, conflicts.from);
      if (lost.length > 0 || divergent.length > 0 || violation) {
        const few = [...lost, ...divergent];
        if (violation) few.push(violation);
        few.sort(byTime);
        anomalies = mergeSorted(anomalies, few);
      }
    } else {
      const out = [...lost, ...divergent, ...conflicts.list.slice(conflicts.from)];
      if (violation) out.push(violation);
      out.sort(byTime);
      anomalies = mergeSorted(this.events, out);
    }
    const counts = this.counts();
    return {
      anomalies,
      omitted: this.omitted,
      counts,
      anomalousOps: this.anomalousOps(lost, counts),
      linearizability,
    };
  }

  /**
   * Distinct anomalous operations: those of the per-operation anomalies, and the lost writes that have none. A
   * lost write out of the history's window is counted as one more (its operation left `kindsByOp` with it).
   */
  private anomalousOps(lost: readonly Anomaly[], counts: AnomalyCounts): number {
    let alone = counts['lost-write'] - lost.length;
    for (const a of lost) if (!this.kindsByOp.has(a.ops[0] as number)) alone++;
    return this.eventOps + alone;
  }
}

/** How far the history's window moves between two prunings of the per-operation verdicts. */
const PRUNE_EVERY = 10_000;

/**
 * The operations from history index `from` on, in invocation order: the history itself when it is in that order
 * already (a recorded one is: operations are appended as they are invoked; read it from `from` on), else a
 * sorted copy of them (a hand-written history may not be).
 */
function invokeOrder(history: readonly Operation[], from: number): readonly Operation[] {
  for (let i = from + 1; i < history.length; i++)
    if ((history[i] as Operation).invokeSeq < (history[i - 1] as Operation).invokeSeq)
      return history.slice(from).sort((a, b) => a.invokeSeq - b.invokeSeq || a.id - b.id);
  return history;
}

/** An anomaly frozen with its lists. */
function frozen(anomaly: Anomaly): Anomaly {
  Object.freeze(anomaly.ops);
  Object.freeze(anomaly.nodes);
  return Object.freeze(anomaly);
}
