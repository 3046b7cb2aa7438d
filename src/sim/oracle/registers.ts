/**
 * Linearizability of the history, key by key (a register per key), checked incrementally: only the keys with
 * new completions are re-checked, from the key's last clean cut, and segment by segment between the clean cuts
 * after it (a clean cut separates everything before it from everything after, so the key is linearizable iff
 * every segment is, each from the value its cut leaves): a budget that runs out keeps the segments it settled,
 * and the next update goes on from there rather than from the start. Once the settled prefix is long, the key
 * lets it go (compaction): only the value at the cut carries on. A key found not linearizable stays so (the
 * property is prefix-closed); a step budget bounds each update, and keys it did not reach wait for the next.
 * The search itself is linearizability.ts.
 */
import type { Operation } from '../types.ts';
import { type Anomaly, ms, name, opById, shown } from './anomaly.ts';
import {
  type CheckOptions,
  checkKey,
  DEFAULT_MAX_STEPS,
  type RegisterOp,
  type Verdict,
} from './linearizability.ts';

/** A segment is checked alone once it holds at least this many operations (shorter ones join the next). */
const MIN_SEGMENT = 256;
/** A key lets go of its settled operations once at least this many lie before its cut. */
const COMPACT_AT = 1_024;

/** A clean cut: checking resumes at `index` with the register holding `state`. */
interface Cut {
  readonly index: number;
  readonly state: string | null;
}

export class Registers {
  /** Per key, its operations from its base on (the settled ones before it were let go), in invocation order. */
  private readonly opsByKey = new Map<string, Operation[]>();
  /** Per key, the register's value before its first kept operation (absent: nothing was let go). */
  private readonly bases = new Map<string, string | null>();
  private sortedKeys: string[] = [];
  private readonly verdicts = new Map<string, Verdict>();
  /** Keys with completions not checked yet. */
  private readonly dirty = new Set<string>();
  /** Per key, a clean cut of its history: where checking resumes, and the register's value there. */
  private readonly cuts = new Map<string, Cut>();

  /** Files a newly invoked operation under its key (a key already found not linearizable needs no more). */
  invoked(op: Operation): void {
    if (this.verdicts.get(op.key)?.result === 'not-linearizable') return;
    let list = this.opsByKey.get(op.key);
    if (!list) {
      list = [];
      this.opsByKey.set(op.key, list);
      this.sortedKeys = [...this.opsByKey.keys()].sort();
    }
    list.push(op);
  }

  /** An operation of this key completed: the key is checked again. */
  completed(op: Operation): void {
    this.dirty.add(op.key);
  }

  /**
   * Re-checks the keys with new completions (in key order, within this update's step budget; keys the budget
   * did not reach wait for the next update), then answers for the whole store: the first non-linearizable key,
   * else the first key still unknown, else linearizable.
   */
  check(options: CheckOptions, nowUs: number): Verdict {
    const budget = { left: options.maxSteps ?? DEFAULT_MAX_STEPS };
    // Keys with new completions first; then keys left unknown by an earlier budget, while this one lasts (so a
    // full check settles what live updates could not, and a hard key cannot starve the others).
    const unknownKeys = this.sortedKeys.filter(
      (k) => !this.dirty.has(k) && this.verdicts.get(k)?.result === 'unknown',
    );
    for (const key of [...this.sortedKeys.filter((k) => this.dirty.has(k)), ...unknownKeys]) {
      if (this.verdicts.get(key)?.result === 'not-linearizable') {
        this.dirty.delete(key);
        continue;
      }
      if (budget.left <= 0) break;
      this.checkKeyNow(key, budget, nowUs);
    }
    let unknown: Verdict | null = null;
    for (const key of this.sortedKeys) {
      const verdict = this.verdicts.get(key);
      if (verdict?.result === 'not-linearizable') return verdict;
      if (!unknown && this.dirty.has(key)) unknown = { result: 'unknown', key, steps: 0 };
      else if (!unknown && verdict?.result === 'unknown') unknown = verdict;
    }
    return unknown ?? { result: 'linearizable' };
  }

  /** A kept operation by id (those of a window that cannot be linearized are kept: the key stops there). */
  op(id: number): Operation | undefined {
    for (const list of this.opsByKey.values()) {
      const op = opById(list, id);
      if (op?.id === id) return op;
    }
    return undefined;
  }

  /** Operations kept across the keys (what compaction bounds). */
  get kept(): number {
    let n = 0;
    for (const list of this.opsByKey.values()) n += list.length;
    return n;
  }

  private checkKeyNow(key: string, budget: { left: number }, nowUs: number): void {
    const before = budget.left;
    const raw = this.opsByKey.get(key) ?? [];
    const base = this.bases.get(key) ?? null;
    const from = this.cuts.get(key) ?? { index: 0, state: base };
    let { verdict, cut, whole: checkedAll } = checkSegments(key, raw, from, budget, nowUs);
    // Found out in part of what the key keeps: all of it decides (and gives the smallest window overall);
    // should it disagree, a cut was wrong, and checking starts over from the beginning.
    if (verdict.result === 'not-linearizable' && !checkedAll) {
      const whole = checkKey(key, registerOps(raw), budget, base);
      verdict = whole.result === 'unknown' ? { result: 'unknown', key, steps: 0 } : whole;
      if (whole.result !== 'not-linearizable') cut = { index: 0, state: base };
    }
    if (verdict.result !== 'not-linearizable' && cut.index >= COMPACT_AT) {
      raw.splice(0, cut.index);
      this.bases.set(key, cut.state);
      cut = { index: 0, state: cut.state };
    }
    this.cuts.set(key, cut);
    this.verdicts.set(
      key,
      verdict.result === 'unknown' ? { ...verdict, steps: before - Math.max(0, budget.left) } : verdict,
    );
    this.dirty.delete(key);
  }
}

/**
 * Checks a key's operations from `cut` on, segment by segment between its clean cuts (each at least
 * MIN_SEGMENT long, but the last): returns the verdict, the cut reached (the last clean cut, when all is
 * linearizable; the start of the segment that was not, or that the budget did not finish) and whether that
 * verdict's segment was all the key keeps.
 */
function checkSegments(
  key: string,
  raw: readonly Operation[],
  from: Cut,
  budget: { left: number },
  nowUs: number,
): { verdict: Verdict; cut: Cut; whole: boolean } {
  const cuts = cleanCuts(raw, from.index, nowUs);
  let cut = from;
  for (let i = 0; i <= cuts.length; i++) {
    const next = cuts[i];
    // Short segments join the next one; the operations after the last cut form the final one.
    if (next && next.index - cut.index < MIN_SEGMENT && i < cuts.length - 1) continue;
    const end = next ? next.index : raw.length;
    const verdict = checkKey(key, registerOps(raw.slice(cut.index, end)), budget, cut.state);
    if (verdict.result !== 'linearizable')
      return { verdict, cut, whole: cut.index === 0 && end === raw.length };
    if (next) cut = next;
  }
  return { verdict: { result: 'linearizable' }, cut, whole: true };
}

/** A verdict of "not linearizable" as an anomaly naming the window of operations that cannot be ordered. */
export function notLinearizable(
  verdict: Verdict,
  opOf: (id: number) => Operation | undefined,
): Anomaly | null {
  if (verdict.result !== 'not-linearizable') return null;
  const ops = verdict.ops.map(opOf).filter((o): o is Operation => o !== undefined);
  return {
    kind: 'not-linearizable',
    explanation: `the operations on ${verdict.key} cannot be ordered as one register: ${ops
      .map(
        (o) =>
          `${name(o)} ${o.f} ${shown(o.value)} [${ms(o.invokeUs)}, ${o.completeUs === null ? '…' : ms(o.completeUs)}]`,
      )
      .join(', ')}`,
    ops: verdict.ops,
    nodes: [...new Set(ops.map((o) => o.node).filter((n): n is string => n !== null))],
    atUs: Math.max(...ops.map((o) => o.completeUs ?? o.invokeUs)),
  };
}

/**
 * The clean cuts of a key's operations from `from` on (in invocation order), oldest first: each after an operation that began after every earlier one had completed (so it is last in every
 * linearization of what came before, and the register holds its value after it) and that completed before
 * every later one began (so everything later comes after it). Checking can resume there with that value: the
 * cost of a live check is then the operations since the last quiet moment, not the whole history. Failed
 * operations had no effect and are ignored; an operation still pending, or indeterminate, never ends. Touching
 * intervals count as concurrent, as in the search.
 */
function cleanCuts(ops: readonly Operation[], from: number, nowUs: number): Cut[] {
  let latestEnd = Number.NEGATIVE_INFINITY;
  let candidate: { index: number; end: number } | null = null;
  const cuts: Cut[] = [];
  const cutAt = (i: number) => cuts.push({ index: i + 1, state: (ops[i] as Operation).value });
  for (let i = from; i < ops.length; i++) {
    const op = ops[i] as Operation;
    if (op.status === 'fail' || op.autoIncrement) continue;
    if (op.f === 'read' && (op.status === 'info' || (op.status === 'ok' && op.siblings))) continue;
    if (candidate) {
      if (op.invokeUs > candidate.end) cutAt(candidate.index);
      candidate = null;
    }
    const end = op.status === 'ok' && op.completeUs !== null ? op.completeUs : Number.POSITIVE_INFINITY;
    if (end !== Number.POSITIVE_INFINITY && op.invokeUs > latestEnd) candidate = { index: i, end };
    latestEnd = Math.max(latestEnd, end);
  }
  // The last one is a cut only if it completed before now: an operation invoked at this very instant would be
  // concurrent with it (touching intervals are), and may not have been recorded yet.
  if (candidate && candidate.end < nowUs) cutAt(candidate.index);
  return cuts;
}

/** The history as register operations for the linearizability checker (failed ones had no effect). */
export function registerOps(history: readonly Operation[]): RegisterOp[] {
  const ops: RegisterOp[] = [];
  for (const op of history) {
    if (op.status === 'fail' || op.autoIncrement) continue;
    if (op.f === 'read' && op.status !== 'ok') continue;
    // Reads that returned siblings are not register reads; they are checked by the other checkers.
    if (op.f === 'read' && op.siblings) continue;
    ops.push({
      id: op.id,
      key: op.key,
      f: op.f,
      value: op.value,
      invokeUs: op.invokeUs,
      // A write still pending (or indeterminate) may already have taken effect, or may never.
      completeUs: op.status === 'ok' ? op.completeUs : null,
    });
  }
  return ops;
}

/** "linearizable", "not linearizable: w1, r2 on account_123", "unknown: budget ran out (on k)". */
export function describeVerdict(verdict: Verdict, history: readonly Operation[]): string {
  switch (verdict.result) {
    case 'linearizable':
      return 'linearizable';
    case 'not-linearizable': {
      const names = verdict.ops.map((id) => {
        const op = opById(history, id);
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
