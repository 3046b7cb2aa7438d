/**
 * Session guarantees (Terry et al. 1994; DDIA 5, "Problems with Replication Lag"), per client and key:
 *
 * - Read your writes, in every model: a client's read of a key, begun after its own write of that key was
 *   acknowledged, must show that write or something newer (`AckedWrites.covers`: by log position in
 *   leader-follower; else the same value, a sibling, or not a write that ended before it began).
 * - Monotonic writes and writes follow reads, in leader-follower only: they need one order of writes, which only
 *   a single log gives (judged by log positions); in the other models reordered writes show up as conflicts and
 *   lost writes.
 *
 * Operations are filed in completion order, one at a time; each returns the anomalies it completes.
 */
import type { ModelName } from '../scenarios/schema.ts';
import type { Operation } from '../types.ts';
import type { AckedWrites } from './acked.ts';
import { type Anomaly, ms, NONE, name, servedBy, shown } from './anomaly.ts';
import type { ClientKey, Records } from './records.ts';

export class Sessions {
  private readonly model: ModelName;
  private readonly acked: AckedWrites;
  /**
   * Per client and key, the last acknowledged write and (leader-follower) the last completed read: the
   * `lastWrite` and `lastRead` of the records the checkers share (`acked.records`).
   */
  private readonly records: Records;

  constructor(model: ModelName, acked: AckedWrites) {
    this.model = model;
    this.acked = acked;
    this.records = acked.records;
  }

  /** Files an operation that completed ok. */
  file(op: Operation): readonly Anomaly[] {
    const mine = this.records.clientKeyOf(op);
    if (op.f === 'read') {
      if (op.completeUs === null) return NONE;
      const found = this.readYourWrites(op, op.completeUs, mine.lastWrite);
      if (this.model === 'leader-follower') mine.lastRead = op;
      return found;
    }
    if (this.model !== 'leader-follower') {
      mine.lastWrite = op;
      return NONE;
    }
    if (op.completeUs === null) return NONE;
    const found = this.writeOrder(op, op.completeUs, mine);
    mine.lastWrite = op;
    return found;
  }

  private readYourWrites(op: Operation, atUs: number, own: Operation | undefined): readonly Anomaly[] {
    if (!own || own.completeUs === null || own.completeUs > op.invokeUs || this.acked.covers(op, own))
      return NONE;
    return [
      {
        kind: 'read-your-writes',
        explanation: `${op.client}'s read ${name(op)} on ${op.node} at ${ms(op.invokeUs)} returned ${shown(op.value)}, without its own write ${name(own)} (${shown(own.value)}) acknowledged at ${ms(own.completeUs)}`,
        ops: [op.id, own.id],
        nodes: servedBy(op),
        atUs,
      },
    ];
  }

  /** Monotonic writes and writes follow reads: a write ordered before what its client wrote or read earlier. */
  private writeOrder(op: Operation, atUs: number, mine: ClientKey): Anomaly[] {
    const out: Anomaly[] = [];
    const prevWrite = mine.lastWrite;
    if (
      prevWrite &&
      prevWrite.completeUs !== null &&
      prevWrite.completeUs <= op.invokeUs &&
      op.version < prevWrite.version
    )
      out.push({
        kind: 'monotonic-writes',
        explanation: `${op.client}'s write ${name(op)} (${shown(op.value)}) was ordered before its earlier write ${name(prevWrite)} (${shown(prevWrite.value)})`,
        ops: [op.id, prevWrite.id],
        nodes: servedBy(op),
        atUs,
      });
    const read = mine.lastRead;
    if (read && read.completeUs !== null && read.completeUs <= op.invokeUs && op.version < read.version)
      out.push({
        kind: 'writes-follow-reads',
        explanation: `${op.client}'s write ${name(op)} (${shown(op.value)}) was ordered before the version its read ${name(read)} had seen (${shown(read.value)})`,
        ops: [op.id, read.id],
        nodes: servedBy(op),
        atUs,
      });
    return out;
  }
}
