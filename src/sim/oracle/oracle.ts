/**
 * The consistency oracle: reads the history (and the simulator's ground truth where useful) and reports each
 * anomaly with a one-sentence explanation naming the operations, nodes and times involved, e.g.
 * "read r17 on bank_follower2 at 41.2 ms returned 900, but write w12 (1000) was acknowledged at 38.0 ms".
 */
import type { ModelName } from '../scenarios/schema.ts';
import type { ConflictView, LostWrite, NodeId, Operation } from '../types.ts';
import {
  type CheckOptions,
  checkKey,
  DEFAULT_MAX_STEPS,
  type RegisterOp,
  type Verdict,
} from './linearizability.ts';

export const ANOMALY_KINDS = [
  'stale-read',
  'read-your-writes',
  'monotonic-reads',
  'monotonic-writes',
  'writes-follow-reads',
  'consistent-prefix',
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

/**
 * What the oracle reads of a run: its history and the model's ground truth. A `Simulation` is one; tests hand
 * it written histories.
 */
export interface OracleSource {
  readonly clients: { readonly history: readonly Operation[] };
  readonly scenario: { readonly model: ModelName };
  readonly nowUs: number;
  readonly nodes: readonly NodeId[];
  /** Every conflict the replicas detected so far, oldest first. */
  conflicts(): readonly ConflictView[];
  /** Keys the live replicas hold differently now. */
  divergentKeys(): readonly string[];
  readonly network: { isUp(node: NodeId): boolean };
  /** Healed and quiet (see Simulation.quiescent): divergence is judged only then. */
  quiescent(): boolean;
  lostWrites(): readonly LostWrite[];
  nodeViews(): readonly {
    readonly id: NodeId;
    readonly up: boolean;
    readonly data: readonly { readonly key: string; readonly value: string | null }[];
  }[];
}

/** Runs every checker over a simulation's history and ground truth, once. */
export function checkRun(sim: OracleSource, options: CheckOptions = {}): OracleResult {
  return new Oracle(sim).update(options);
}

/** Anomaly order: by time, then by kind (in ANOMALY_KINDS order). */
function byTime(a: Anomaly, b: Anomaly): number {
  return a.atUs - b.atUs || ANOMALY_KINDS.indexOf(a.kind) - ANOMALY_KINDS.indexOf(b.kind);
}

/** Two lists sorted by `byTime` as one (stable: on a tie, `first`'s element comes first). */
function mergeSorted(first: readonly Anomaly[], second: readonly Anomaly[]): Anomaly[] {
  const out: Anomaly[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length || j < second.length) {
    const a = first[i];
    const b = second[j];
    if (a !== undefined && (b === undefined || byTime(a, b) <= 0)) {
      out.push(a);
      i++;
    } else if (b !== undefined) {
      out.push(b);
      j++;
    }
  }
  return out;
}

/** How many recent writes (on distinct keys) a client's next write is taken to depend on (consistent prefix). */
const CAUSAL_MEMORY = 4;

/** A write the reader has seen another write depend on: its reads of that key must show it from now on. */
interface Obligation {
  /** The write the reader must see. */
  readonly write: Operation;
  /** The reader's read that saw `source`. */
  readonly read: Operation;
  /** The write, made after `write` was seen (or written) by its client, that the read returned. */
  readonly source: Operation;
  /** The read by which `source`'s client had seen `write` (none: it wrote `write` itself). */
  readonly via?: Operation;
}

/**
 * The checkers, run incrementally: each `update` looks only at the operations completed since the previous one
 * (in completion order, so per-client session state carries over), re-checks linearizability of the keys that
 * had new completions (a non-linearizable key stays so: the property is prefix-closed), and re-reads the model's
 * ground truth (lost writes, divergence, conflicts), which is state rather than history. One `update` over a
 * whole run gives exactly what a single pass would: `checkRun` is that.
 */
export class Oracle {
  private readonly sim: OracleSource;
  private readonly events: Anomaly[] = [];
  /** History index below which every operation has completed and been processed. */
  private cursor = 0;
  /** Operations at or past the cursor already processed (they completed before an older one). */
  private readonly processed = new Set<number>();
  /** History length already filed by key. */
  private indexed = 0;
  private readonly opsByKey = new Map<string, Operation[]>();
  private sortedKeys: string[] = [];
  private readonly verdicts = new Map<string, Verdict>();
  private readonly dirty = new Set<string>();
  /** Keys found divergent after heal and quiescence, with the time first seen so. */
  private readonly divergedSince = new Map<string, number>();
  /** Per key, a clean cut of its history: where checking resumes, and the register's value there. */
  private readonly cuts = new Map<string, { readonly index: number; readonly state: string | null }>();
  // Session guarantees (leader-follower): per client and key, the last acknowledged write and completed read.
  private readonly lastWrite = new Map<string, Operation>();
  private readonly lastRead = new Map<string, Operation>();
  /** Acknowledged writes by `key@version` (leader-follower log positions) and by `key=value` (the latest). */
  private readonly byVersion = new Map<string, Operation>();
  private readonly byValue = new Map<string, Operation>();
  /** Acknowledged writes per key, in completion order. */
  private readonly ackedByKey = new Map<string, Operation[]>();
  // Consistent prefix: what each client has seen, what each write followed, what each reader owes.
  private readonly observed = new Map<string, Seen[]>();
  private readonly follows = new Map<number, readonly Seen[]>();
  private readonly owed = new Map<string, Map<string, Obligation>>();

  constructor(sim: OracleSource) {
    this.sim = sim;
  }

  /** Processes what happened since the last update; `maxSteps` bounds this update's linearizability search. */
  update(options: CheckOptions = {}): OracleResult {
    const history = this.sim.clients.history;
    for (; this.indexed < history.length; this.indexed++) {
      const op = history[this.indexed] as Operation;
      let list = this.opsByKey.get(op.key);
      if (!list) {
        list = [];
        this.opsByKey.set(op.key, list);
        this.sortedKeys = [...this.opsByKey.keys()].sort();
      }
      list.push(op);
    }
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
    fresh.sort((a, b) => (a.completeUs ?? a.invokeUs) - (b.completeUs ?? b.invokeUs) || a.id - b.id);
    for (const op of fresh) this.process(op);
    return this.result(options);
  }

  /**
   * Records a per-operation anomaly in time order. They arrive almost in order (operations are processed by
   * completion), so this rarely moves anything, and no update has to sort the whole list again.
   */
  private addEvent(anomaly: Anomaly): void {
    const events = this.events;
    let i = events.length;
    while (i > 0 && byTime(events[i - 1] as Anomaly, anomaly) > 0) i--;
    if (i === events.length) events.push(anomaly);
    else events.splice(i, 0, anomaly);
  }

  private process(op: Operation): void {
    this.dirty.add(op.key);
    if (op.status !== 'ok') return;
    if (op.f === 'write') {
      const at = `${op.key}@${op.version}`;
      const first = this.byVersion.get(at);
      if (!first || first.id > op.id) this.byVersion.set(at, op);
      if (op.value !== null) this.byValue.set(`${op.key}=${op.value}`, op);
      const acked = this.ackedByKey.get(op.key) ?? [];
      acked.push(op);
      this.ackedByKey.set(op.key, acked);
    } else this.checkRead(op);
    if (op.duplicateOf !== undefined) {
      const first = this.sim.clients.history[op.duplicateOf - 1];
      this.addEvent({
        kind: 'duplicate-id',
        explanation: `write ${name(op)} on ${op.node} at ${ms(op.invokeUs)} was handed id ${op.value}, already given to ${first ? name(first) : `op ${op.duplicateOf}`} at ${ms(first?.completeUs ?? 0)}`,
        ops: [op.id, op.duplicateOf],
        nodes: op.node ? [op.node] : [],
        atUs: op.completeUs ?? op.invokeUs,
      });
    }
    if (this.sim.scenario.model === 'leader-follower') this.sessionGuarantees(op);
    else if (op.f === 'read') this.readYourWrites(op);
    else this.lastWrite.set(`${op.client}\u0000${op.key}`, op);
    this.consistentPrefix(op);
  }

  private checkRead(op: Operation): void {
    const history = this.sim.clients.history;
    const byId = (id: number | undefined) => (id === undefined ? undefined : history[id - 1]);
    const done = op.completeUs ?? op.invokeUs;
    if (op.stale) {
      const missed =
        this.sim.scenario.model === 'leader-follower'
          ? this.byVersion.get(`${op.key}@${op.expectedMinVersion}`)
          : this.lastAckedBefore(op);
      this.addEvent({
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
      this.addEvent({
        kind: 'monotonic-reads',
        explanation: `${op.client}'s read ${name(op)} on ${op.node} at ${ms(op.invokeUs)} returned ${shown(op.value)}, older than what its read ${name(earlier)} on ${earlier.node} saw at ${ms(earlier.invokeUs)} (${shown(earlier.value)})`,
        ops: [op.id, earlier.id],
        nodes: [op.node, earlier.node].filter((n): n is string => n !== null),
        atUs: done,
      });
    const failed = byId(op.readFailedWrite);
    if (failed)
      this.addEvent({
        kind: 'read-of-failed-write',
        explanation: `read ${name(op)} on ${op.node} at ${ms(op.invokeUs)} returned ${shown(op.value)}, the value of write ${name(failed)}, which was reported as failed at ${ms(failed.completeUs ?? 0)}`,
        ops: [op.id, failed.id],
        nodes: op.node ? [op.node] : [],
        atUs: done,
      });
    const newer = byId(op.newerReadBefore);
    if (newer)
      this.addEvent({
        kind: 'non-linearizable-read',
        explanation: `read ${name(op)} by ${op.client} began at ${ms(op.invokeUs)}, after read ${name(newer)} by ${newer.client} had returned ${shown(newer.value)} at ${ms(newer.completeUs ?? 0)}, yet returned the older ${shown(op.value)}`,
        ops: [op.id, newer.id],
        nodes: [op.node, newer.node].filter((n): n is string => n !== null),
        atUs: done,
      });
  }

  /** Leader-follower session guarantees, judged by log positions (versions). */
  private sessionGuarantees(op: Operation): void {
    if (op.completeUs === null) return;
    const k = `${op.client}\u0000${op.key}`;
    if (op.f === 'read') {
      this.readYourWrites(op);
      this.lastRead.set(k, op);
      return;
    }
    const prevWrite = this.lastWrite.get(k);
    if (
      prevWrite &&
      prevWrite.completeUs !== null &&
      prevWrite.completeUs <= op.invokeUs &&
      op.version < prevWrite.version
    )
      this.addEvent({
        kind: 'monotonic-writes',
        explanation: `${op.client}'s write ${name(op)} (${shown(op.value)}) was ordered before its earlier write ${name(prevWrite)} (${shown(prevWrite.value)})`,
        ops: [op.id, prevWrite.id],
        nodes: op.node ? [op.node] : [],
        atUs: op.completeUs,
      });
    const read = this.lastRead.get(k);
    if (read && read.completeUs !== null && read.completeUs <= op.invokeUs && op.version < read.version)
      this.addEvent({
        kind: 'writes-follow-reads',
        explanation: `${op.client}'s write ${name(op)} (${shown(op.value)}) was ordered before the version its read ${name(read)} had seen (${shown(read.value)})`,
        ops: [op.id, read.id],
        nodes: op.node ? [op.node] : [],
        atUs: op.completeUs,
      });
    this.lastWrite.set(k, op);
  }

  /**
   * Read your writes, in every model: a client's read of a key, begun after its own write of that key was
   * acknowledged, must show that write or something newer (`covers`: by log position in leader-follower; else
   * the same value, a sibling, or not a write that ended before it began). Monotonic writes and
   * writes-follow-reads need one order of writes, which only leader-follower has (`sessionGuarantees`); in the
   * other models reordered writes show up as conflicts and lost writes.
   */
  private readYourWrites(op: Operation): void {
    if (op.completeUs === null) return;
    const own = this.lastWrite.get(`${op.client}\u0000${op.key}`);
    if (!own || own.completeUs === null || own.completeUs > op.invokeUs || this.covers(op, own)) return;
    this.addEvent({
      kind: 'read-your-writes',
      explanation: `${op.client}'s read ${name(op)} on ${op.node} at ${ms(op.invokeUs)} returned ${shown(op.value)}, without its own write ${name(own)} (${shown(own.value)}) acknowledged at ${ms(own.completeUs)}`,
      ops: [op.id, own.id],
      nodes: op.node ? [op.node] : [],
      atUs: op.completeUs,
    });
  }

  /**
   * Consistent prefix (Terry et al.; DDIA 5, "Consistent Prefix Reads"): a write follows the writes its client
   * had seen or made before it (the last few, on other keys). Once a client has read a write, its later reads of
   * the keys that write followed must show what it followed (or something newer), or it sees an answer before
   * its question. Each obligation is judged once, at the reader's next read of that key.
   */
  private consistentPrefix(op: Operation): void {
    const done = op.completeUs ?? op.invokeUs;
    const seen = this.observed.get(op.client) ?? [];
    this.observed.set(op.client, seen);
    if (op.f === 'write') {
      // Only what the client knew when it issued the write: clients may have several operations in flight.
      const before = seen.filter((s) => s.write.key !== op.key && s.atUs <= op.invokeUs);
      if (before.length > 0) this.follows.set(op.id, before);
      remember(seen, op, done);
      return;
    }
    const owed = this.owed.get(op.client) ?? new Map<string, Obligation>();
    this.owed.set(op.client, owed);
    const due = owed.get(op.key);
    // Judged at the first read of the key that began after the read that created the obligation had returned.
    if (due && (due.read.completeUs ?? 0) <= op.invokeUs) {
      owed.delete(op.key);
      if (!this.covers(op, due.write)) {
        const { write, read, source, via } = due;
        this.addEvent({
          kind: 'consistent-prefix',
          explanation: `${op.client}'s read ${name(op)} on ${op.node} at ${ms(op.invokeUs)} returned ${shown(op.value)} for ${op.key}, though its read ${name(read)} at ${ms(read.invokeUs)} had seen write ${name(source)} (${source.key} = ${shown(source.value)}), which ${source.client} made after ${via ? `its read ${name(via)} saw` : 'its own'} write ${name(write)} (${shown(write.value)})`,
          ops: [op.id, read.id, source.id, ...(via ? [via.id] : []), write.id],
          nodes: [op.node, read.node].filter((n): n is string => n !== null),
          atUs: done,
        });
      }
    }
    const source = this.sourceOf(op);
    if (!source) return;
    if (source.client !== op.client)
      for (const { write, via } of this.follows.get(source.id) ?? []) {
        if (write.key === op.key || write.client === op.client) continue;
        const current = owed.get(write.key);
        if (!current || (current.write.completeUs ?? 0) < (write.completeUs ?? 0))
          owed.set(write.key, { write, read: op, source, ...(via ? { via } : {}) });
      }
    remember(seen, source, done, op);
  }

  /**
   * The latest write of the read's key acknowledged before the read began that the read does not show (neither
   * its value nor one of its siblings): the write a stale read missed.
   */
  private lastAckedBefore(read: Operation): Operation | undefined {
    const acked = this.ackedByKey.get(read.key) ?? [];
    for (let i = acked.length - 1; i >= 0; i--) {
      const w = acked[i] as Operation;
      if ((w.completeUs ?? Number.POSITIVE_INFINITY) > read.invokeUs) continue;
      if (w.value === read.value || (w.value !== null && read.siblings?.includes(w.value))) continue;
      return w;
    }
    return undefined;
  }

  /** The acknowledged write a read returned, when it can be told. */
  private sourceOf(read: Operation): Operation | undefined {
    if (read.value === null) return undefined;
    return this.sim.scenario.model === 'leader-follower'
      ? this.byVersion.get(`${read.key}@${read.version}`)
      : this.byValue.get(`${read.key}=${read.value}`);
  }

  /** Whether a read of `write`'s key shows it or something newer (unsure cases count as shown). */
  private covers(read: Operation, write: Operation): boolean {
    if (write.value !== null && (read.value === write.value || read.siblings?.includes(write.value)))
      return true;
    if (this.sim.scenario.model === 'leader-follower') return read.version >= write.version;
    if (read.value === null) return false;
    const returned = this.sourceOf(read);
    return !(returned?.completeUs != null && returned.completeUs < write.invokeUs);
  }

  private result(options: CheckOptions): OracleResult {
    const sim = this.sim;
    const history = sim.clients.history;
    const out: Anomaly[] = [];
    for (const l of sim.lostWrites())
      out.push({
        kind: 'lost-write',
        explanation: `write w${l.opId} (${l.key} = ${shown(l.value)}) was acknowledged by ${l.ackedBy} at ${ms(l.ackedAtUs)} and lost at ${ms(l.lostAtUs)} on ${l.lostOn}: ${l.reason}`,
        ops: [l.opId],
        nodes: [l.ackedBy, l.lostOn],
        atUs: l.lostAtUs,
      });

    // Judged only when healed and quiet; dated from the first update that saw it, and standing until a later
    // quiet moment shows the key converged (a busy moment proves nothing either way).
    if (sim.quiescent()) {
      const divergent = new Set(sim.divergentKeys());
      for (const key of this.divergedSince.keys()) if (!divergent.has(key)) this.divergedSince.delete(key);
      for (const key of divergent) if (!this.divergedSince.has(key)) this.divergedSince.set(key, sim.nowUs);
    }
    for (const [key, since] of this.divergedSince)
      out.push({
        kind: 'divergence',
        explanation: `replicas still disagree on ${key} after heal and quiescence (since ${ms(since)}): ${sim
          .nodeViews()
          .filter((n) => n.up)
          .map((n) => `${n.id} has ${shown(n.data.find((d) => d.key === key)?.value ?? null)}`)
          .join(', ')}`,
        ops: [],
        nodes: sim.nodes.filter((n) => sim.network.isUp(n)),
        atUs: since,
      });

    for (const c of sim.conflicts())
      out.push({
        kind: 'conflict',
        explanation: `${c.node} detected concurrent writes to ${c.key} at ${ms(c.atUs)} (${c.versions
          .map((v) => `${shown(v.value)} from ${v.origin}`)
          .join(', ')}): ${c.outcome}`,
        ops: c.versions.map((v) => v.opId),
        nodes: [c.node],
        atUs: c.atUs,
      });

    const linearizability = this.linearizability(options);
    if (linearizability.result === 'not-linearizable') {
      const ops = linearizability.ops
        .map((id) => history[id - 1])
        .filter((o): o is Operation => o !== undefined);
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
    // The ground-truth ones are few: sort them, and merge them into the per-operation ones (kept in order).
    out.sort(byTime);
    return { anomalies: mergeSorted(this.events, out), linearizability };
  }

  /**
   * Re-checks the keys with new completions (in key order, within this update's step budget; keys the budget
   * did not reach wait for the next update), then answers for the whole store: the first non-linearizable key,
   * else the first key still unknown, else linearizable.
   */
  private linearizability(options: CheckOptions): Verdict {
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
      this.checkKeyNow(key, budget);
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

  private checkKeyNow(key: string, budget: { left: number }): void {
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
      const next = cleanCut(raw, cut.index, this.sim.nowUs);
      if (next) this.cuts.set(key, next);
    }
    this.verdicts.set(
      key,
      verdict.result === 'unknown' ? { ...verdict, steps: before - Math.max(0, budget.left) } : verdict,
    );
    this.dirty.delete(key);
  }
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

/** A write a client made or read (`via` that read), and when it learned of it (that op's completion). */
interface Seen {
  readonly write: Operation;
  readonly atUs: number;
  readonly via?: Operation;
}

/** Adds a write to a client's recent memory: one entry per key, newest last, at most CAUSAL_MEMORY. */
function remember(seen: Seen[], write: Operation, atUs: number, via?: Operation): void {
  const i = seen.findIndex((s) => s.write.key === write.key);
  if (i >= 0) seen.splice(i, 1);
  seen.push(via ? { write, atUs, via } : { write, atUs });
  if (seen.length > CAUSAL_MEMORY) seen.shift();
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
