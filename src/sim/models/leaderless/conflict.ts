/**
 * What a leaderless replica or read records when it finds concurrent writes (engine/conflictLog.ts): the
 * versions found and how they were resolved, worded only when read (as multi-leader's records.ts).
 */
import type { ConflictWriter, NodeId } from '../../types.ts';
import type { LlVersion } from './messages.ts';

/**
 * A conflict a leaderless replica or read found: the siblings kept or read, or under last-write-wins the write
 * dropped and the one kept (`versions`: loser, winner). Worded only when read: a busy run finds thousands and
 * shows a few (as multi-leader's records.ts).
 */
export class LlConflict {
  readonly key: string;
  readonly node: NodeId;
  readonly atUs: number;
  readonly resolution: 'siblings' | 'lww';
  private readonly found: readonly LlVersion[];
  private readonly how: 'keeps' | 'read' | 'lww';

  constructor(
    key: string,
    node: NodeId,
    atUs: number,
    found: readonly LlVersion[],
    how: 'keeps' | 'read' | 'lww',
  ) {
    this.key = key;
    this.node = node;
    this.atUs = atUs;
    // The list itself, as found: every list of versions the model makes (a store's, a merge's, a read's, a
    // last-write-wins pair) is new and never changed in place (cluster.ts mergeInto), so it needs no copy (a busy
    // run reports a conflict every few events). Not frozen: freezing each cost more than a copy; a checkpoint
    // shares the records of the log's sealed chunks, which the log freezes whole (conflictLog.ts).
    this.found = found;
    this.how = how;
    this.resolution = how === 'lww' ? 'lww' : 'siblings';
  }

  get versions(): { value: string; origin: NodeId; opId: number }[] {
    return this.found.map((v) => ({ value: v.value, origin: v.origin, opId: v.opId }));
  }

  get outcome(): string {
    const { node, found, how } = this;
    if (how === 'lww') {
      const [loser, winner] = found as [LlVersion, LlVersion];
      return `${node} kept ${JSON.stringify(winner.value)} (latest timestamp) and dropped ${JSON.stringify(loser.value)}`;
    }
    return `${node} ${how} ${found.length} siblings: ${found.map((v) => JSON.stringify(v.value)).join(', ')}`;
  }

  /** How many versions: `versions.length`, without the list. */
  versionCount(): number {
    return this.found.length;
  }

  /** The i-th of `versions` (its value, origin and opId), the version itself rather than a copy. */
  versionAt(i: number): LlVersion {
    return this.found[i] as LlVersion;
  }

  /** `outcome` in pieces (the same text joined), for the oracle to word without building it here. */
  outcomeInto(out: ConflictWriter): void {
    const { node, found, how } = this;
    out.text(node);
    if (how === 'lww') {
      // found: loser, winner (read by index: a destructuring makes an iterator).
      out.text(' kept ');
      out.quoted((found[1] as LlVersion).value);
      out.text(' (latest timestamp) and dropped ');
      out.quoted((found[0] as LlVersion).value);
      return;
    }
    out.text(how === 'keeps' ? ' keeps ' : ' read ');
    out.text(found.length);
    out.text(' siblings: ');
    for (let i = 0; i < found.length; i++) {
      if (i > 0) out.text(', ');
      out.quoted((found[i] as LlVersion).value);
    }
  }
}
