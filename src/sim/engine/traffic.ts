/**
 * The network plumbing: a message goes onto the wire (its delay, whether the network dooms it, a second copy on
 * a duplicating link), then is delivered to a live node or a client, or dropped part-way along its link. It also
 * counts what it carried (messages, estimated bytes, deliveries, drops) and keeps the latest drops for the views.
 */

import type { ClientReply, ReplicationModel } from '../models/model.ts';
import { isClientRequest } from '../models/model.ts';
import type { DropReason, DropView, Message, MessageBody, MessageKind, NodeId, TimeUs } from '../types.ts';
import type { Clients } from '../workload/clients.ts';
import type { InFlight, SimEvent } from './events.ts';
import { stringCode } from './hash.ts';
import type { MessageLog } from './messageLog.ts';
import type { Network } from './network.ts';
import type { SimQueue } from './simQueue.ts';
import type { SpareEvents } from './spares.ts';
import { HEADER_BYTES } from './wire.ts';

/** Watches every send without feeding the trace hash (the metrics collector). */
export interface SendObserver {
  onSend(atUs: TimeUs, bytes: number): void;
}

/** Where along its link a dropped message visibly dies. */
const DROP_POSITION: Record<DropReason, number> = { partition: 0.5, loss: 0.6, crashed: 1 };
const MAX_DROPS_KEPT = 64;

/**
 * What the network parts of a simulation are: the queue, the network, the log, the clients, the model and the
 * events done with (spares.ts).
 */
export interface TrafficParts {
  readonly queue: SimQueue<SimEvent>;
  readonly network: Network;
  readonly messageLog: MessageLog;
  readonly clients: Clients;
  readonly model: ReplicationModel;
  readonly spares: SpareEvents;
}

export class Traffic {
  sent = 0;
  /** Estimated bytes sent (wire.ts); an observation only, it never feeds the trace hash. */
  bytes = 0;
  delivered = 0;
  dropped = 0;
  /**
   * When the latest message other than a heartbeat or a vote arrived or died (what `Simulation.quiescent` waits
   * for to leave the network): one of the times the present quiet began after (`Simulation.quietSinceUs`).
   */
  dataEndUs = Number.NEGATIVE_INFINITY;
  /** The latest drops, for the views (at most MAX_DROPS_KEPT). */
  readonly drops: DropView[] = [];
  /** Who watches every send (the metrics collector): an observation seam that never feeds the trace hash. */
  observer: SendObserver | null = null;
  private nextMessageId = 1;
  private readonly parts: TrafficParts;
  /**
   * The last body sized and its size: a body is never changed once sent, and a model sends one body to many
   * (a change pushed to every peer, a store to each home replica), so it is sized once per fan-out.
   */
  private sizedBody: MessageBody | null = null;
  private sizedBytes = 0;
  /**
   * The last body's type and its code (`stringCode`), which the trace hash mixes at delivery. Kept apart from the
   * body: every follower's reply is a body of its own, all of one type, and hashing the type's name again for
   * each was 3.4% of the 100-follower leader-follower preset's profile.
   */
  private sizedTypeName: string | null = null;
  private sizedType = 0;
  /**
   * The last sender and its endpoint index. An endpoint never changes once given (a removed node keeps its
   * place), so the pair stays true for the whole run; an id with none (-1) is looked up again.
   */
  private lastFrom: NodeId | null = null;
  private lastFromEp = -1;
  /**
   * The last receiver and its endpoint index, kept as the sender's are: the replies of a leader's followers all go
   * to it, half the messages of the 100-follower preset.
   */
  private lastTo: NodeId | null = null;
  private lastToEp = -1;

  constructor(parts: TrafficParts) {
    this.parts = parts;
  }

  /** A message onto the wire; `kind` is `body.kind`, which the sender has read already. */
  send<B extends MessageBody>(now: TimeUs, from: NodeId, to: NodeId, body: B, kind: MessageKind): void {
    this.transmit(now, from, to, body, kind);
    // A duplicating network delivers a second copy of the same message, on its own delay.
    if (this.parts.network.duplicates(from, to)) this.transmit(now, from, to, body, kind);
  }

  /** One message onto the wire: its delay, whether the network drops it, and its delivery or drop event. */
  private transmit<B extends MessageBody>(
    now: TimeUs,
    from: NodeId,
    to: NodeId,
    body: B,
    kind: MessageKind,
  ): void {
    const { network, queue, spares } = this.parts;
    // Each end is looked up once here; the network's per-message steps, and the delivery, use the indexes.
    // A model sends one body from one node to many: the sender's index is looked up once per fan-out.
    let fromEp = this.lastFromEp;
    if (from !== this.lastFrom || fromEp < 0) {
      fromEp = network.endpointOf(from);
      this.lastFrom = from;
      this.lastFromEp = fromEp;
    }
    let toEp = this.lastToEp;
    if (to !== this.lastTo || toEp < 0) {
      toEp = network.endpointOf(to);
      this.lastTo = to;
      this.lastToEp = toEp;
    }
    if (body !== this.sizedBody) {
      this.sizedBody = body;
      this.sizedBytes = HEADER_BYTES + this.parts.model.payloadBytes(body);
      const type = body.type;
      if (type !== this.sizedTypeName) {
        this.sizedTypeName = type;
        this.sizedType = stringCode(type);
      }
    }
    const latency = network.latencyUsAt(fromEp, toEp, from, to, kind);
    const doomed = network.dropAtSendAt(network.nodeOfEndpoint(fromEp), network.nodeOfEndpoint(toEp));
    // A doomed message never occupies the link, so it does not hold back the ones behind it.
    const deliverAt = doomed ? now + latency : network.arrivalUsAt(fromEp, toEp, now, latency);
    const id = this.nextMessageId++;
    const msg = spares.message(
      id,
      from,
      to,
      now,
      deliverAt,
      body,
      doomed,
      fromEp,
      toEp,
      this.sizedType,
      kind,
    );
    this.sent++;
    const bytes = this.sizedBytes;
    this.bytes += bytes;
    if (this.observer) this.observer.onSend(now, bytes);
    if (doomed) {
      const dieAt = now + Math.max(1, Math.round(latency * DROP_POSITION[doomed]));
      queue.pushSoon(dieAt, msg);
    } else {
      queue.pushSoon(deliverAt, msg);
    }
  }

  /** A message arrives at `now`: to a live node's model, to a client, or into a drop. */
  deliver(msg: InFlight, now: TimeUs): void {
    const { to } = msg;
    if (msg.kind !== 'heartbeat' && msg.kind !== 'vote') this.dataEndUs = now;
    const { network } = this.parts;
    const node = network.nodeOfEndpoint(msg.toEp);
    if (node >= 0) {
      if (!network.upAt(node)) {
        this.drop(msg, 'crashed', now);
        // The host is reachable but the process is dead: a client's connection is refused at once.
        if (isClientRequest(msg.body))
          this.send(
            now,
            to,
            msg.from,
            {
              type: 'clientReply',
              kind: 'response',
              reqId: msg.body.reqId,
              ok: false,
              refused: true,
              error: `${to} is down (connection refused)`,
            } satisfies ClientReply,
            'response',
          );
        return;
      }
      if (network.isCutAt(network.nodeOfEndpoint(msg.fromEp), node)) {
        this.drop(msg, 'partition', now);
        return;
      }
      this.delivered++;
      this.logDelivered(msg, now);
      this.parts.model.onMessage(to, msg, msg.toEp);
      return;
    }
    this.delivered++;
    this.logDelivered(msg, now);
    if (msg.body.type === 'clientReply') this.parts.clients.onReply(msg as unknown as Message<ClientReply>);
  }

  private logDelivered(msg: InFlight, now: TimeUs): void {
    this.parts.messageLog.recordAt(msg.id, msg.fromEp, msg.toEp, msg.kind, msg.sentAt, now, false, 1);
  }

  /** A message dies at `now` for `reason`, where along its link the time it travelled says. */
  drop(msg: InFlight, reason: DropReason, now: TimeUs): void {
    this.dropped++;
    if (msg.kind !== 'heartbeat' && msg.kind !== 'vote') this.dataEndUs = now;
    const span = msg.deliverAt - msg.sentAt;
    const position = span > 0 ? Math.min(1, (now - msg.sentAt) / span) : 1;
    this.parts.messageLog.recordAt(msg.id, msg.fromEp, msg.toEp, msg.kind, msg.sentAt, now, true, position);
    this.drops.push({
      id: msg.id,
      from: msg.from,
      to: msg.to,
      at: now,
      position,
      reason,
      kind: msg.kind,
      type: msg.body.type,
    });
    if (this.drops.length > MAX_DROPS_KEPT) this.drops.splice(0, this.drops.length - MAX_DROPS_KEPT);
  }
}
