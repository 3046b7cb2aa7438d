/**
 * What a multi-leader resolution records: a conflict (engine/conflictLog.ts) and, under last-write-wins, the
 * acknowledged write it dropped (shared/discarded.ts). A last-write-wins run at 1,000 writes/s records tens of
 * thousands of them and shows a few: each record keeps the versions involved and words its sentence only when
 * read, instead of building quoted text on every change applied. The sentences are the same either way.
 */
import type { ConflictWriter } from '../../types.ts';
import { type Discarded, Discards, MAX_DISCARDED } from '../shared/discarded.ts';
import { stampText } from '../shared/lww.ts';
import type { Version } from './cluster.ts';

/** A conflict (concurrent writes) resolved by last-write-wins: the version dropped and the one kept. */
export class LwwConflict {
  readonly key: string;
  readonly node: string;
  readonly atUs: number;
  private readonly loser: Version;
  private readonly winner: Version;

  constructor(key: string, node: string, atUs: number, loser: Version, winner: Version) {
    this.key = key;
    this.node = node;
    this.atUs = atUs;
    this.loser = loser;
    this.winner = winner;
  }

  /**
   * Read from the class, not kept in each record: a record is made for every detection (60,882 in a 20-s run of
   * the 5-leader bench, three a write), and without the field each takes 64 bytes instead of 72.
   */
  get resolution(): 'lww' {
    return 'lww';
  }

  get versions(): { value: string; origin: string; opId: number }[] {
    return [this.loser, this.winner].map((v) => ({ value: v.value, origin: v.origin, opId: v.opId }));
  }

  get outcome(): string {
    const { node, loser, winner } = this;
    return `${node} kept ${JSON.stringify(winner.value)} from ${winner.origin} (latest timestamp) and dropped ${JSON.stringify(loser.value)}`;
  }

  /** How many versions: `versions.length` (the loser and the winner), without the list. */
  versionCount(): number {
    return 2;
  }

  /** The i-th of `versions` (0 the loser, 1 the winner), the version itself rather than a copy. */
  versionAt(i: number): Version {
    return i === 0 ? this.loser : this.winner;
  }

  /** `outcome` in pieces (the same text joined), for the oracle to word without building it here. */
  outcomeInto(out: ConflictWriter): void {
    const { node, loser, winner } = this;
    out.text(node);
    out.text(' kept ');
    out.quoted(winner.value);
    out.text(' from ');
    out.text(winner.origin);
    out.text(' (latest timestamp) and dropped ');
    out.quoted(loser.value);
  }
}

/**
 * An acknowledged write last-write-wins dropped (the first drop of it), as shared/discarded.ts records it. A run
 * keeps the latest 10,000 of them (MAX_DISCARDED), seconds of a busy run: each holds the few fields its reason
 * reads rather than the two versions (a version and its vector each), which would keep those alive as long, and
 * its dot is made when read (only a disk loss's dot is ever read: heldOrSuperseded). The model keeps these fields
 * in columns (MlDiscards) and makes the record only when it is asked for.
 */
export class LwwDiscard {
  readonly node: string;
  readonly atUs: number;
  private readonly loserOrigin: string;
  private readonly loserSeq: number;
  private readonly loserTs: number;
  private readonly winnerValue: string;
  private readonly winnerOrigin: string;
  private readonly winnerTs: number;
  private readonly loserIsLater: boolean;

  constructor(
    node: string,
    atUs: number,
    loser: Pick<Version, 'origin' | 'seq' | 'ts'>,
    winner: Pick<Version, 'value' | 'origin' | 'ts'>,
    loserIsLater: boolean,
  ) {
    this.node = node;
    this.atUs = atUs;
    this.loserOrigin = loser.origin;
    this.loserSeq = loser.seq;
    this.loserTs = loser.ts;
    this.winnerValue = winner.value;
    this.winnerOrigin = winner.origin;
    this.winnerTs = winner.ts;
    this.loserIsLater = loserIsLater;
  }

  get cause(): 'resolution' {
    return 'resolution';
  }

  get dot(): { readonly origin: string; readonly seq: number } {
    return { origin: this.loserOrigin, seq: this.loserSeq };
  }

  get reason(): string {
    const winner = JSON.stringify(this.winnerValue);
    return this.loserIsLater
      ? `last-write-wins discarded this causally later write: its timestamp (${stampText(this.loserTs)} by ${this.loserOrigin}'s clock, which runs behind ${this.winnerOrigin}'s) is older than that of ${winner} from ${this.winnerOrigin} (${stampText(this.winnerTs)})`
      : `last-write-wins kept the concurrent write ${winner} from ${this.winnerOrigin} (timestamp ${stampText(this.winnerTs)} > ${stampText(this.loserTs)})`;
  }
}

/**
 * The multi-leader model's record of discarded writes: a last-write-wins drop is kept as its fields, in columns by
 * ring place, and made into an LwwDiscard only when asked for (a lost-write report); a disk loss's record is an
 * object as before. The 5-leader bench records a drop for most writes (16,009 in 20 s) and keeps the latest
 * 10,000, so each record outlived two scavenges of the young generation, copied and then promoted. In 6 runs of
 * that bench (node --predictable, --trace-gc-nvp), its scavenges copied 65.0 MB and promoted 35.8 with a record
 * made per drop; 56.9 and 29.1 with these columns; 54.7 and 28.0 with one record shared by every drop (a bound).
 */
export class MlDiscards extends Discards<Discarded> {
  /** By place: the replica that dropped the write, the loser's origin, the winner's value and origin. */
  private readonly node: string[] = [];
  private readonly loserOrigin: string[] = [];
  private readonly winnerValue: string[] = [];
  private readonly winnerOrigin: string[] = [];
  /**
   * By place, NUMS numbers (when, the loser's sequence number and timestamp, the winner's timestamp) and whether
   * the loser was causally later: typed arrays, which the scavenger never copies (lists of numbers it does, twice).
   */
  private nums = new Float64Array(0);
  private later = new Uint8Array(0);

  /** `rememberNew` of `new LwwDiscard(node, atUs, loser, winner, loserIsLater)`, without the object. */
  rememberLww(
    opId: number,
    node: string,
    atUs: number,
    loser: Version,
    winner: Version,
    loserIsLater: boolean,
  ): void {
    const at = this.rememberPlace(opId);
    if (at >= this.later.length) this.room(at);
    this.node[at] = node;
    this.loserOrigin[at] = loser.origin;
    this.winnerValue[at] = winner.value;
    this.winnerOrigin[at] = winner.origin;
    const i = at * NUMS;
    const nums = this.nums;
    nums[i] = atUs;
    nums[i + 1] = loser.seq;
    nums[i + 2] = loser.ts;
    nums[i + 3] = winner.ts;
    this.later[at] = loserIsLater ? 1 : 0;
  }

  /** Room for place `at` in the typed columns: doubled, up to the ring's bound. */
  private room(at: number): void {
    const size = Math.min(MAX_DISCARDED, Math.max(64, at + 1, this.later.length * 2));
    const nums = new Float64Array(size * NUMS);
    nums.set(this.nums);
    this.nums = nums;
    const later = new Uint8Array(size);
    later.set(this.later);
    this.later = later;
  }

  protected override made(at: number): Discarded {
    const i = at * NUMS;
    const nums = this.nums;
    return new LwwDiscard(
      this.node[at] as string,
      nums[i] as number,
      { origin: this.loserOrigin[at] as string, seq: nums[i + 1] as number, ts: nums[i + 2] as number },
      {
        value: this.winnerValue[at] as string,
        origin: this.winnerOrigin[at] as string,
        ts: nums[i + 3] as number,
      },
      this.later[at] === 1,
    );
  }
}

/** Numbers per place in `MlDiscards`' typed column. */
const NUMS = 4;
