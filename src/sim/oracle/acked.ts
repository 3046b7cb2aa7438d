/**
 * The acknowledged writes the checkers have seen complete, indexed the ways they look them up: by log position
 * (leader-follower), by value (the models without one log), and per key in completion order. From these it
 * answers the two questions several checkers ask: which write did a read return, and does a read show a write.
 */
import type { ModelName } from '../scenarios/schema.ts';
import type { Operation } from '../types.ts';
import { BoundedPairMap, CHECKER_MEMORY } from './bounded.ts';
import { Records } from './records.ts';

/** Acknowledged writes kept per key for `lastBefore` (the newest; older ones are long superseded). */
const PER_KEY = 1_000;

export class AckedWrites {
  private readonly model: ModelName;
  /** The first acknowledged write at `key@version` (leader-follower log positions; the other models keep none). */
  private readonly byVersion = new BoundedPairMap<number, Operation>(CHECKER_MEMORY);
  /** The latest acknowledged write of `key=value` (the models without one log; leader-follower keeps none). */
  private readonly byValue = new BoundedPairMap<string, Operation>(CHECKER_MEMORY);
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
    if (this.model === 'leader-follower') {
      const first = this.byVersion.get(op.key, op.version);
      if (!first || first.id > op.id) this.byVersion.set(op.key, op.version, op);
    } else if (op.value !== null) this.byValue.set(op.key, op.value, op);
    const acked = this.records.keyOf(op).acked;
    acked.push(op);
    if (acked.length > 2 * PER_KEY) acked.splice(0, acked.length - PER_KEY);
  }

  /** The acknowledged write at a log position of a key (leader-follower). */
  atVersion(key: string, version: number): Operation | undefined {
    return this.byVersion.get(key, version);
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
        ? this.atVersion(read.key, read.version)
        : this.byValue.get(read.key, read.value);
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
