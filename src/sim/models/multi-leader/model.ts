/**
 * Multi-leader replication, as in multi-datacenter databases (MySQL/Tungsten, BDR), CouchDB-style offline
 * clients and collaborative editors (DDIA 5, "Multi-Leader Replication").
 *
 * Every leader accepts writes. A write becomes a change `{origin, seq, key, op, vv, ts, deps}`: `(origin, seq)`
 * is its dot, `vv` the key's version vector after it, `ts` the origin's (possibly skewed) clock, `deps` every
 * change the origin had applied. Changes travel between leaders along the replication topology:
 * - all-to-all: the origin sends to every other leader;
 * - circular: each leader forwards to the next one in the ring, up to the origin;
 * - star: spokes send to the hub, which forwards to the other spokes.
 * A node applies each origin's changes in sequence order and exactly once, so nothing is applied twice or
 * forwarded round a loop for ever. A periodic anti-entropy exchange with the topology neighbours (`sync`) fills
 * whatever a partition or a lost message left out. With `causalDelivery`, a change also waits until its `deps`
 * are applied (the fix for causality violations).
 *
 * Conflicts are recognised with the per-key version vectors and resolved as configured (resolution.ts).
 * Ownership: with `key-range`, each key prefix has an owner leader and a write for a key owned elsewhere is
 * forwarded to its owner, so concurrent writes to one key cannot happen; with `any`, every leader writes every
 * key. Local followers replicate their region's leader and serve reads.
 */
import { unreachable } from '../../engine/unreachable.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import type { LostWrite, Message, MessageBody, NodeId, Operation } from '../../types.ts';
import type { ModelAction, ModelContext, ReplicationModel, TimerBody } from '../model.ts';
import { divergentKeysOf } from '../shared/cells.ts';
import { EMPTY_DENSE } from '../shared/denseVector.ts';
import { emptyChangeLog } from './changeLog.ts';
import { onClientRead, onClientWrite } from './clients.ts';
import { MlCluster } from './cluster.ts';
import { type Change, describeMl, type MlMessage, mlPayloadBytes } from './messages.ts';
import { onState, onSync, onSyncTimer, receive } from './replication.ts';
import { cellsOf, invariantViolationOf, lostWritesOf, replicaOf, viewOf } from './view.ts';

export class MultiLeader implements ReplicationModel {
  readonly name = 'multi-leader' as const;
  private readonly c: MlCluster;

  constructor(scenario: Scenario, ctx: ModelContext) {
    this.c = new MlCluster(scenario, ctx);
  }

  start(): void {
    for (const n of this.c.nodes.values()) this.c.scheduleSync(n);
  }

  onMessage(to: NodeId, msg: Message, slot = -1): void {
    const c = this.c;
    const n = c.nodes.at(slot, to);
    const body = msg.body as MlMessage;
    // The most frequent kind first: every change a leader pushes reaches each of its followers.
    switch (body.type) {
      case 'change': {
        const changes = body.changes;
        for (let i = 0; i < changes.length; i++) receive(c, n, changes[i] as Change, msg.from);
        return;
      }
      case 'clientWrite':
        onClientWrite(c, n, msg.from, body);
        return;
      case 'forward':
        onClientWrite(c, n, body.client, body.write, true);
        return;
      case 'clientRead':
        onClientRead(c, n, msg.from, body);
        return;
      case 'sync':
        onSync(c, n, msg.from, body);
        return;
      case 'state':
        onState(c, n, body, msg.from);
        return;
      case 'clientReply':
        return;
      default:
        unreachable(body);
    }
  }

  onTimer(id: NodeId, timer: TimerBody, slot = -1): void {
    if (timer.type === 'sync') onSyncTimer(this.c, this.c.nodes.at(slot, id));
  }

  onCrash(id: NodeId, durable: boolean): void {
    const n = this.c.nodes.get(id);
    n.pending = [];
    if (!durable) {
      for (const cell of n.cells.values())
        for (const v of cell.versions)
          this.c.dropped.remember(v.opId, {
            node: n.id,
            atUs: this.c.ctx.nowUs,
            reason: `${n.id} lost its disk in a crash`,
            dot: { origin: v.origin, seq: v.seq },
            cause: 'disk',
          });
      n.cells.clear();
      n.cellAt = [];
      n.applied = EMPTY_DENSE;
      n.appliedOwned = false;
      n.log = emptyChangeLog();
      n.lostDisk = true;
      // Its counter is gone with the disk: it comes back as a new actor, whose dots cannot collide with the
      // old ones its peers still hold.
      n.incarnation++;
      n.actor = `${n.id}·${n.incarnation}`;
      n.seq = 0;
    }
  }

  onRestart(id: NodeId): void {
    this.c.scheduleSync(this.c.nodes.get(id));
  }

  configure(action: ModelAction): void {
    const c = this.c;
    switch (action.type) {
      case 'setResolution':
        c.config = {
          ...c.config,
          resolution: action.resolution,
          causalDelivery: action.causalDelivery ?? c.config.causalDelivery,
        };
        return;
      case 'setTopology':
        c.config = { ...c.config, topology: action.topology };
        return;
      case 'addNode':
        c.scheduleSync(c.addLeader(action.node));
        return;
      case 'removeNode':
        c.removeNode(action.node);
        return;
      case 'setOwnership':
        c.config = { ...c.config, ownership: action.ownership };
        return;
      default:
        return;
    }
  }

  describe(body: MessageBody): string {
    return describeMl(body as MlMessage, this.c.actors);
  }

  payloadBytes(body: MessageBody): number {
    return mlPayloadBytes(body as MlMessage, this.c.actors);
  }

  lostWrites(acked: readonly Operation[]): LostWrite[] {
    return lostWritesOf(this.c, acked);
  }

  /** Keys whose value differs between the live leaders. */
  divergentKeys(isUp: (id: NodeId) => boolean): string[] {
    const leaders = [...this.c.nodes.values()].filter((n) => n.leader && isUp(n.id));
    return divergentKeysOf(leaders.map((n) => cellsOf(this.c, n)));
  }

  replica(node: NodeId, withData = true) {
    return replicaOf(this.c, this.c.nodes.get(node), withData);
  }

  /** No node leads here. */
  leadingTerm(): null {
    return null;
  }

  view() {
    return viewOf(this.c);
  }

  invariantViolation(): string | null {
    return invariantViolationOf(this.c);
  }
}
