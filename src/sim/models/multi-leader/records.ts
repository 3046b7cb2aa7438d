/**
 * What a multi-leader resolution records: a conflict (engine/conflictLog.ts) and, under last-write-wins, the
 * acknowledged write it dropped (shared/discarded.ts). A last-write-wins run at 1,000 writes/s records tens of
 * thousands of them and shows a few: each record keeps the versions involved and words its sentence only when
 * read, instead of building quoted text on every change applied. The sentences are the same either way.
 */
import type { ConflictWriter } from '../../types.ts';
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
 * its dot is made when read (only a disk loss's dot is ever read: heldOrSuperseded).
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

  constructor(node: string, atUs: number, loser: Version, winner: Version, loserIsLater: boolean) {
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
      ? `last-write-wins discarded this causally later write: its timestamp (${stampText(this.loserTs)}, ${this.loserOrigin}'s skewed clock) is older than that of ${winner} from ${this.winnerOrigin} (${stampText(this.winnerTs)})`
      : `last-write-wins kept the concurrent write ${winner} from ${this.winnerOrigin} (timestamp ${stampText(this.winnerTs)} > ${stampText(this.loserTs)})`;
  }
}
