/**
 * Linearizability of the history, key by key (a register per key), checked incrementally: only the keys with
 * new completions are re-checked, from the key's last clean cut; a key found not linearizable stays so (the
 * property is prefix-closed); a step budget bounds each update, and keys it did not reach wait for the next.
 * The search itself is linearizability.ts.
 */
import type { Operation } from '../types.ts';
import { type Anomaly, ms, name, shown } from './anomaly.ts';
import {
  type CheckOptions,
  checkKey,
  DEFAULT_MAX_STEPS,
  type RegisterOp,
  type Verdict,
} from './linearizability.ts';

export class Registers {
  private readonly opsByKey = new Map<string, Operation[]>();
  private sortedKeys: string[] = [];
  private readonly verdicts = new Map<string, Verdict>();
  /** Keys with completions not checked yet. */
  private readonly dirty = new Set<string>();
  /** Per key, a clean cut of its history: where checking resumes, and the register's value there. */
  private readonly cuts = new Map<string, { readonly index: number; readonly state: string | null }>();

  /** Files a newly invoked operation under its key. */
  invoked(op: Operation): void {
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

  private checkKeyNow(key: string, budget: { left: number }, nowUs: number): void {
    const before = budget.left;
    const raw = this.opsByKey.get(key) ?? [];
    const cut = this.cuts.get(key) ?? { index: 0, state: null };
    let verdict = checkKey(key, registerOps(raw.slice(cut.index)), budget, cut.state);
    // Found out from a cut: the key's whole history decides (and gives the smallest window overall); should it
    // disagree, the cut was wrong, and checking starts over from the beginning.
    if (verdict.result === 'not-linearizable' && cut.index > 0) {
      const whole = checkKey(key, registerOps(raw), budget);
      verdict = whole.result === 'unknown' ? { result: 'unknown', key, steps: 0 } : whole;
      if (whole.result !== 'not-linearizable') this.cuts.delete(key);
    }
    if (verdict.result === 'linearizable') {
      const next = cleanCut(raw, cut.index, nowUs);
      if (next) this.cuts.set(key, next);
    }
    this.verdicts.set(
      key,
      verdict.result === 'unknown' ? { ...verdict, steps: before - Math.max(0, budget.left) } : verdict,
    );
    this.dirty.delete(key);
  }
}

/** A verdict of "not linearizable" as an anomaly naming the window of operations that cannot be ordered. */
export function notLinearizable(verdict: Verdict, history: readonly Operation[]): Anomaly | null {
  if (verdict.result !== 'not-linearizable') return null;
  const ops = verdict.ops.map((id) => history[id - 1]).filter((o): o is Operation => o !== undefined);
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
 * The latest clean cut of a key's operations from `from` on (in invocation order), for a history already found
 * linearizable: an operation that began after every earlier one had completed (so it is last in every
 * linearization of what came before, and the register holds its value after it) and that completed before
 * every later one began (so everything later comes after it). Checking can resume there with that value: the
 * cost of a live check is then the operations since the last quiet moment, not the whole history. Failed
 * operations had no effect and are ignored; an operation still pending, or indeterminate, never ends. Touching
 * intervals count as concurrent, as in the search.
 */
function cleanCut(
  ops: readonly Operation[],
  from: number,
  nowUs: number,
): { readonly index: number; readonly state: string | null } | null {
  let latestEnd = Number.NEGATIVE_INFINITY;
  let candidate: { index: number; end: number } | null = null;
  let cut: number | null = null;
  for (let i = from; i < ops.length; i++) {
    const op = ops[i] as Operation;
    if (op.status === 'fail' || op.autoIncrement) continue;
    if (op.f === 'read' && (op.status === 'info' || (op.status === 'ok' && op.siblings))) continue;
    if (candidate) {
      if (op.invokeUs > candidate.end) cut = candidate.index;
      candidate = null;
    }
    const end = op.status === 'ok' && op.completeUs !== null ? op.completeUs : Number.POSITIVE_INFINITY;
    if (end !== Number.POSITIVE_INFINITY && op.invokeUs > latestEnd) candidate = { index: i, end };
    latestEnd = Math.max(latestEnd, end);
  }
  // The last one is a cut only if it completed before now: an operation invoked at this very instant would be
  // concurrent with it (touching intervals are), and may not have been recorded yet.
  if (candidate && candidate.end < nowUs) cut = candidate.index;
  if (cut === null) return null;
  return { index: cut + 1, state: (ops[cut] as Operation).value };
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
