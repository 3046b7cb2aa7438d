/**
 * The checkers that read the model's ground truth rather than the history: lost acknowledged writes (the model
 * reports the acknowledged writes it no longer holds, and why), divergence (replicas that still disagree after
 * heal and quiescence, once the model's repair has had its chance) and conflicts (concurrent writes a replica detected, and what its resolution did). These
 * are state, not history: they are re-read at every update.
 */
import { MAX_CONFLICTS_KEPT } from '../engine/conflictLog.ts';
import { flat } from '../engine/flat.ts';
import type { ConflictView, ConflictWriter, LostWrite, NodeId } from '../types.ts';
import { type Anomaly, escapesNothing, ms, shown } from './anomaly.ts';

/** What these checkers read of a run. */
export interface GroundTruthSource {
  readonly nowUs: number;
  readonly nodes: readonly NodeId[];
  /** The latest conflicts the replicas detected, oldest first (the engine keeps the latest 1,000). */
  conflicts(): readonly ConflictView[];
  /** How many detections the replicas reported so far, all of them (absent: `conflicts()` holds them all). */
  conflictDetections?(): number;
  /**
   * The conflicts reported after the first `count` detections, of those `conflicts()` lists (its tail since then),
   * oldest first; a source with this and `conflictDetections` lists the latest MAX_CONFLICTS_KEPT (the engine's
   * log). Absent: the oracle reads `conflicts()` whole.
   */
  conflictsSince?(count: number): readonly ConflictView[];
  /** How many conflicts so far: sets of concurrent writes to one key, each once (absent: the detections). */
  conflictCount?(): number;
  /** Keys the live replicas hold differently now. */
  divergentKeys(): readonly string[];
  /** The nodes that replicate `key` (absent: every node), the ones a divergence names. */
  replicasOf?(key: string): readonly NodeId[];
  readonly network: { isUp(node: NodeId): boolean };
  /** Healed and quiet (see Simulation.quiescent): divergence is judged only then. */
  quiescent(): boolean;
  /** When quiescent, the instant the quiet began (absent: now): a divergence found then is dated from it. */
  quietSinceUs?(): number;
  lostWrites(): readonly LostWrite[];
  nodeViews(): readonly {
    readonly id: NodeId;
    readonly up: boolean;
    readonly data: readonly { readonly key: string; readonly value: string | null }[];
  }[];
}

/**
 * Lost writes as worded, by report, for one oracle: a model that hands out the same frozen report at every asking
 * (shared/discarded.ts) has each worded once, not on every update. Kept for the reports of the last asking only,
 * in a map made anew at each, rather than in a weak table: a model that drops most writes makes tens of thousands
 * of reports a minute that soon die, and a weak table's room grows with the dead keys waiting for a full
 * collection (in the multi-leader hour run, the heap stepped up 4-8 MB as such tables doubled).
 */
export class LostWording {
  private last = new Map<LostWrite, Anomaly>();

  anomalies(sim: GroundTruthSource): Anomaly[] {
    const before = this.last;
    const now = new Map<LostWrite, Anomaly>();
    const out = sim.lostWrites().map((l) => {
      const anomaly = before.get(l) ?? lostWriteAnomaly(l);
      if (Object.isFrozen(l)) now.set(l, anomaly);
      return anomaly;
    });
    this.last = now;
    return out;
  }
}

/**
 * A lost write worded. An acknowledged write is lost from the later of its ack and its loss: a write can be
 * discarded everywhere before its acknowledgement reaches the client (the replicas' acks were already on their
 * way). Frozen, so a checkpoint shares it rather than copying it.
 */
function lostWriteAnomaly(l: LostWrite): Anomaly {
  return Object.freeze({
    kind: 'lost-write',
    explanation:
      l.lostAtUs >= l.ackedAtUs
        ? `write w${l.opId} (${l.key} = ${shown(l.value)}) was acknowledged by ${l.ackedBy} at ${ms(l.ackedAtUs)} and lost at ${ms(l.lostAtUs)} on ${l.lostOn}: ${l.reason}`
        : `write w${l.opId} (${l.key} = ${shown(l.value)}) was acknowledged by ${l.ackedBy} at ${ms(l.ackedAtUs)}, but had been lost already at ${ms(l.lostAtUs)} on ${l.lostOn}: ${l.reason}`,
    ops: Object.freeze([l.opId]),
    nodes: Object.freeze([l.ackedBy, l.lostOn]),
    atUs: Math.max(l.lostAtUs, l.ackedAtUs),
  }) as Anomaly;
}

/**
 * Conflicts as anomalies: the engine's latest conflicts (it keeps the latest 1,000, and counts them all), each
 * worded once. Those already worded are kept while the engine keeps their conflict, and only the ones reported
 * since the last update (by the engine's count) are worded, so the list is the same however often it is read.
 * The kept ones are `worded` from `head` on: those the engine let go are passed over, and spliced out only once
 * as many have gone as it keeps (not a copy of the kept thousand at every update of a busy run).
 *
 * Worded when found, not when read, though wording is about a third of the live oracle's instructions in the
 * checker bench: the worker's live reply lists the latest 100 anomalies, and its page shows each one's text, so
 * whatever arrives between two updates is read unless more than 100 do. Wording only the texts read (a record
 * keeping the engine's conflict, worded at the first reading) words all 2,412 of the bench's conflicts at its
 * cadence and at every playback speed up to 1,000 simulated ms per second, and showed no gain in interleaved
 * pairs; it words fewer only at 4,000 (1,543) and at the top speed, 10,000 (800 of 2,412).
 */
export class Conflicts {
  private worded: Anomaly[] = [];
  /** Where the kept ones start in `worded`. */
  private head = 0;
  /** How many conflicts were reported by the last update. */
  private seen = 0;
  /** Whether the kept ones are in time order (the engine reports them as it detects them, so they are). */
  private ordered = true;

  /** The kept conflicts, worded, oldest first (as the engine reported them). */
  anomalies(sim: GroundTruthSource): readonly Anomaly[] {
    this.update(sim);
    if (this.head > 0) {
      this.worded = this.worded.slice(this.head);
      this.head = 0;
    }
    return this.worded;
  }

  /**
   * Words the conflicts reported since the last update and lets go of those the engine no longer keeps; the kept
   * ones are then `list` from `from` on, in time order (by `byTime`) when `inOrder`.
   */
  update(sim: GroundTruthSource): { list: readonly Anomaly[]; from: number; inOrder: boolean } {
    const total = detectionTotal(sim);
    // Only the ones reported since the last update, when the source can say (not a copy of all it keeps).
    const since = sim.conflictDetections ? sim.conflictsSince?.(this.seen) : undefined;
    const latest = since ?? sim.conflicts();
    const held = since ? Math.min(total, MAX_CONFLICTS_KEPT) : latest.length;
    const fresh = since ? since.length : Math.min(total - this.seen, latest.length);
    const keep = held - fresh;
    const kept = this.worded.length - this.head;
    if (kept > keep) this.head += kept - keep;
    if (this.head > 0 && this.head >= this.worded.length - this.head) {
      this.worded = this.worded.slice(this.head);
      this.head = 0;
    }
    // Order is checked from the first kept one on: once the ones out of order are let go, it holds again.
    if (!this.ordered) this.ordered = inTimeOrder(this.worded, this.head);
    for (let i = latest.length - fresh; i < latest.length; i++) {
      const anomaly = conflict(latest[i] as ConflictView);
      const last = this.worded.length > this.head ? this.worded[this.worded.length - 1] : undefined;
      if (last !== undefined && last.atUs > anomaly.atUs) this.ordered = false;
      this.worded.push(anomaly);
    }
    this.seen = total;
    return { list: this.worded, from: this.head, inOrder: this.ordered };
  }
}

/** Whether conflicts (all of one kind) from `from` on are in time order. */
function inTimeOrder(list: readonly Anomaly[], from: number): boolean {
  for (let i = from + 1; i < list.length; i++)
    if ((list[i - 1] as Anomaly).atUs > (list[i] as Anomaly).atUs) return false;
  return true;
}

/** How many detections of conflicts the replicas reported in all (one conflict may be detected by many). */
export function detectionTotal(sim: GroundTruthSource): number {
  return sim.conflictDetections ? sim.conflictDetections() : sim.conflicts().length;
}

/** How many conflicts a run had: sets of concurrent writes to one key, each counted once. */
export function conflictTotal(sim: GroundTruthSource): number {
  return sim.conflictCount ? sim.conflictCount() : detectionTotal(sim);
}

/**
 * A conflict worded: "kv5 detected concurrent writes to k0 at 12.3 ms ("v30" from kv3, "v5" from kv4): <the
 * model's outcome>". The sentence's pieces go into one list joined once, which makes the one string it is and
 * nothing else; built piece by piece (a template, `+=`) it made a string for every step, and the quoted values one
 * each, all garbage at once (a busy run words thousands, and garbage made during a live update is collected on
 * its clock). A record that offers its versions one by one and its outcome in pieces (`versionAt`,
 * `outcomeInto`: both models' records do) is read through those, without the list of copies and the outcome's
 * string its getters build at each reading: the pieces of both go into the one list, kept for the purpose.
 */
function conflict(c: ConflictView): Anomaly {
  size = 0;
  put(c.node);
  put(' detected concurrent writes to ');
  put(c.key);
  put(' at ');
  put(ms(c.atUs));
  put(' (');
  let ops: number[];
  if (c.versionCount && c.versionAt && c.outcomeInto) {
    const n = c.versionCount();
    ops = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = c.versionAt(i);
      version(i, v.value, v.origin);
      ops[i] = v.opId;
    }
    put('): ');
    c.outcomeInto(WRITER);
  } else {
    // Read once: a model may word them only when read (a new list at each reading).
    const versions = c.versions;
    const n = versions.length;
    ops = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = versions[i] as ConflictView['versions'][number];
      version(i, v.value, v.origin);
      ops[i] = v.opId;
    }
    put('): ');
    put(c.outcome);
  }
  // Joined from a list of exactly its pieces (join works through a buffer as long as the list, and setting the
  // one list's length down to each conflict's would drop its room, grown anew by the next longer one): a list
  // kept for each count of pieces, written from the one they were put in.
  const exact = sized(size);
  for (let i = 0; i < size; i++) exact[i] = PARTS[i] as string;
  // Kept as long as the oracle: one flat string (flat.ts, which a joined string already is).
  const explanation = flat(exact.join(''));
  // Frozen: kept as it is, so a checkpoint shares it rather than copying it (clone.ts).
  return Object.freeze({ kind: 'conflict', explanation, ops, nodes: [c.node], atUs: c.atUs });
}

/**
 * A version's pieces: what goes before its value (the separator, the opening quote), the value, what goes after
 * it (the closing quote, " from "), its origin. A value JSON would escape is quoted by `shown`.
 */
function version(i: number, value: string, origin: string): void {
  if (typeof value === 'string' && escapesNothing(value)) {
    put(i > 0 ? ', "' : '"');
    put(value);
    put('" from ');
  } else {
    put(i > 0 ? ', ' : '');
    put(shown(value));
    put(' from ');
  }
  put(origin);
}

/**
 * The pieces of the conflict being worded (`conflict`): one list for all, its first `size` the current
 * conflict's, written in place (no list made or grown per conflict; what lies past `size` is a longer one's).
 */
const PARTS: string[] = [];
let size = 0;

/** A list of `count` pieces to join: kept, one for each count up to SIZED (none made per conflict), else new. */
function sized(count: number): string[] {
  if (count > SIZED) return new Array(count);
  let list = BY_SIZE[count];
  if (list === undefined) {
    list = new Array<string>(count).fill('');
    BY_SIZE[count] = list;
  }
  return list;
}

/** Lists of pieces kept by count, up to this many (a conflict of many siblings has its own). */
const SIZED = 64;
const BY_SIZE: string[][] = [];

function put(piece: string): void {
  PARTS[size++] = piece;
}

/** What a record's `outcomeInto` writes to: the pieces of the conflict being worded. */
const WRITER: ConflictWriter = {
  text(piece: string | number): void {
    put(typeof piece === 'string' ? piece : `${piece}`);
  },
  quoted(value: string): void {
    // As JSON.stringify writes it: a string with nothing to escape between quotes as it is.
    if (typeof value === 'string' && escapesNothing(value)) {
      put('"');
      put(value);
      put('"');
    } else put(`${JSON.stringify(value)}`);
  },
};

/**
 * Divergence: judged only when healed and settled (the model's repair has had its chance: Simulation.quiescent);
 * dated from the first update that saw it, and standing until a later settled moment shows the key converged (a
 * busy moment proves nothing either way).
 */
export class Divergence {
  /** Keys found divergent after heal and quiescence: the time first seen so, and the key's replicas. */
  private readonly since = new Map<
    string,
    { readonly atUs: number; readonly replicas: ReadonlySet<NodeId> }
  >();

  /** Re-reads the replicas (when quiet), then lists the keys that stand divergent. */
  update(sim: GroundTruthSource): Anomaly[] {
    if (sim.quiescent()) {
      // Dated from when the quiet began, not from this look: the same run finds the same date however often
      // (and whenever) its checker looks.
      const quietFrom = Math.min(sim.nowUs, sim.quietSinceUs?.() ?? sim.nowUs);
      const divergent = new Set(sim.divergentKeys());
      for (const key of this.since.keys()) if (!divergent.has(key)) this.since.delete(key);
      for (const key of divergent)
        if (!this.since.has(key))
          this.since.set(key, { atUs: quietFrom, replicas: new Set(sim.replicasOf?.(key) ?? sim.nodes) });
    }
    const out: Anomaly[] = [];
    if (this.since.size === 0) return out;
    const views = sim.nodeViews();
    for (const [key, { atUs, replicas }] of this.since) {
      const held = views.filter((n) => n.up && replicas.has(n.id));
      out.push({
        kind: 'divergence',
        explanation: `replicas still disagree on ${key} with no fault in force and nothing left in flight (since ${ms(atUs)}): ${held
          .map((n) => `${n.id} has ${shown(n.data.find((d) => d.key === key)?.value ?? null)}`)
          .join(', ')}`,
        ops: [],
        nodes: held.map((n) => n.id),
        atUs,
      });
    }
    return out;
  }

  /** Keys standing divergent as of the last update. */
  get size(): number {
    return this.since.size;
  }
}
