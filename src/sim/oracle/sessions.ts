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

export class Sessions {
  private readonly model: ModelName;
  private readonly acked: AckedWrites;
  /** Per client and key, the last acknowledged write and (leader-follower) the last completed read. */
  private readonly lastWrite = new Map<string, Map<string, Operation>>();
  private readonly lastRead = new Map<string, Map<string, Operation>>();

  constructor(model: ModelName, acked: AckedWrites) {
    this.model = model;
    this.acked = acked;
  }

  /** Files an operation that completed ok. */
  file(op: Operation): readonly Anomaly[] {
    if (op.f === 'read') {
      if (op.completeUs === null) return NONE;
      const found = this.readYourWrites(op, op.completeUs);
      if (this.model === 'leader-follower') perClient(this.lastRead, op.client).set(op.key, op);
      return found;
    }
    if (this.model !== 'leader-follower') {
      perClient(this.lastWrite, op.client).set(op.key, op);
      return NONE;
    }
    if (op.completeUs === null) return NONE;
    const found = this.writeOrder(op, op.completeUs);
    perClient(this.lastWrite, op.client).set(op.key, op);
    return found;
  }

  private readYourWrites(op: Operation, atUs: number): readonly Anomaly[] {
    const own = this.lastWrite.get(op.client)?.get(op.key);
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
  private writeOrder(op: Operation, atUs: number): Anomaly[] {
    const out: Anomaly[] = [];
    const prevWrite = this.lastWrite.get(op.client)?.get(op.key);
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
    const read = this.lastRead.get(op.client)?.get(op.key);
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

/** A client's map of its keys (made on first use): kept per client, so no lookup builds a key string. */
function perClient(map: Map<string, Map<string, Operation>>, client: string): Map<string, Operation> {
  let byKey = map.get(client);
  if (!byKey) {
    byKey = new Map();
    map.set(client, byKey);
  }
  return byKey;
}
