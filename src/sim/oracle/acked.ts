/**
 * The acknowledged writes the checkers have seen complete, indexed the ways they look them up: by log position
 * (leader-follower), by value (the models without one log), and per key in completion order. From these it
 * answers the two questions several checkers ask: which write did a read return, and does a read show a write.
 */
import type { ModelName } from '../scenarios/schema.ts';
import type { Operation } from '../types.ts';
import { CHECKER_MEMORY } from './bounded.ts';
import { type KeyRecord, Records } from './records.ts';

/** Acknowledged writes kept per key for `lastBefore` (the newest; older ones are long superseded). */
const PER_KEY = 1_000;

export class AckedWrites {
  private readonly model: ModelName;
  /**
   * The first acknowledged write at `key@version` (leader-follower log positions: `KeyRecord.byVersion`), or the
   * latest of `key=value` (the models without one log: `KeyRecord.byValue`), each model keeping one of the two.
   * At most CHECKER_MEMORY pairs across the keys: the oldest made is forgotten first (as a BoundedMap does),
   * its key's record and its version or value in these two queues from `head` on.
   */
  private pairKeys: KeyRecord[] = [];
  private pairSeconds: (number | string)[] = [];
  private head = 0;
  private pairs = 0;
  /**
   * The per-key and per-client records the checkers share (acknowledged writes per key, in the order the checkers
   * processed them, are `KeyRecord.acked`: the latest PER_KEY to 2 x PER_KEY).
   */
  readonly records: Records;

  constructor(model: ModelName, records: Records = new Records()) {
    this.model = model;
    this.records = records;
  }

  /** Writes filed so far (what `sourceOf`'s last answer was given at). */
  private adds = 0;
  /** `sourceOf`'s last question and answer, and how many writes had been filed then. */
  private askedOf: Operation | null = null;
  private askedAt = -1;
  private answer: Operation | undefined = undefined;

  /** Files a write acknowledged ok. */
  add(op: Operation): void {
    this.adds++;
    // Each model looks its writes up one way only (`sourceOf`): the other index would go unread.
    const record = this.records.keyOf(op);
    if (this.model === 'leader-follower') {
      record.byVersion ??= new Map();
      const first = record.byVersion.get(op.version);
      if (!first || first.id > op.id) this.pair(record, record.byVersion, op.version, op);
    } else if (op.value !== null) {
      record.byValue ??= new Map();
      this.pair(record, record.byValue, op.value, op);
    }
    const acked = record.acked;
    acked.push(op);
    if (acked.length > 2 * PER_KEY) acked.splice(0, acked.length - PER_KEY);
  }

  /** Sets a pair of a key's index, and forgets the oldest pairs past CHECKER_MEMORY. */
  private pair<B extends number | string>(
    record: KeyRecord,
    index: Map<B, Operation>,
    second: B,
    op: Operation,
  ): void {
    const size = index.size;
    index.set(second, op);
    if (index.size > size) {
      this.pairKeys.push(record);
      this.pairSeconds.push(second);
      this.pairs++;
    }
    while (this.pairs > CHECKER_MEMORY) {
      const oldest = this.pairKeys[this.head] as KeyRecord;
      const b = this.pairSeconds[this.head] as number | string;
      this.head++;
      const inner = (this.model === 'leader-follower' ? oldest.byVersion : oldest.byValue) as
        | Map<number | string, Operation>
        | undefined;
      if (inner?.delete(b)) this.pairs--;
    }
    if (this.head >= CHECKER_MEMORY) {
      this.pairKeys = this.pairKeys.slice(this.head);
      this.pairSeconds = this.pairSeconds.slice(this.head);
      this.head = 0;
    }
  }

  /** The acknowledged write at a log position of a key (leader-follower). */
  atVersion(key: string, version: number): Operation | undefined {
    return this.records.key(key).byVersion?.get(version);
  }

  /**
   * The latest write of the read's key acknowledged before the read began that the read does not show (neither
   * its value nor one of its siblings): the write a stale read missed.
   */
  lastBefore(read: Operation): Operation | undefined {
    const acked = this.records.keyOf(read).acked;
    for (let i = acked.length - 1; i >= 0; i--) {
      const w = acked[i] as Operation;
      if ((w.completeUs ?? Number.POSITIVE_INFINITY) > read.invokeUs) continue;
      if (w.value === read.value || (w.value !== null && read.siblings?.includes(w.value))) continue;
      return w;
    }
    return undefined;
  }

  /** The acknowledged write a read returned, when it can be told. */
  sourceOf(read: Operation): Operation | undefined {
    if (read.value === null) return undefined;
    // Several checkers ask of the same read in turn, with no write filed between: the last answer stands.
    if (read === this.askedOf && this.adds === this.askedAt) return this.answer;
    const source =
      this.model === 'leader-follower'
        ? this.records.keyOf(read).byVersion?.get(read.version)
        : this.records.keyOf(read).byValue?.get(read.value);
    this.askedOf = read;
    this.askedAt = this.adds;
    this.answer = source;
    return source;
  }

  /** Whether a read of `write`'s key shows it or something newer (unsure cases count as shown). */
  covers(read: Operation, write: Operation): boolean {
    if (write.value !== null && (read.value === write.value || read.siblings?.includes(write.value)))
      return true;
    if (this.model === 'leader-follower') return read.version >= write.version;
    if (read.value === null) return false;
    const returned = this.sourceOf(read);
    return !(returned?.completeUs != null && returned.completeUs < write.invokeUs);
  }
}
