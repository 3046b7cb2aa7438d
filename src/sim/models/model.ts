/**
 * The contract every replication model implements. A model owns the per-node protocol state of the cluster's
 * nodes, but a node touches another only by sending it a message through `ModelContext.send`: it never reads
 * another node's memory. The simulation calls a model's handlers for the node a message or timer is addressed
 * to, and only while that node is up.
 */
import type { Rng } from '../engine/rng.ts';
import type { Action, ModelName } from '../scenarios/schema.ts';
import type {
  CellView,
  ConflictView,
  LostWrite,
  Message,
  MessageBody,
  ModelSettings,
  MultiLeaderView,
  NodeId,
  Operation,
  Role,
  TimeUs,
} from '../types.ts';
import type { VersionVector } from './shared/versionVector.ts';

export type { LostWrite };

export interface TimerBody {
  readonly type: string;
}

/** What a model may do: the only doors out of a node. */
export interface ModelContext {
  readonly nowUs: TimeUs;
  readonly nodes: readonly NodeId[];
  /** The model's own PRNG stream. */
  readonly rng: Rng;
  send<B extends MessageBody>(from: NodeId, to: NodeId, body: B): void;
  setTimer<T extends TimerBody>(node: NodeId, delayUs: TimeUs, body: T): void;
}

/** What a client request asks for; replies go back with `ClientReply`. */
export interface ClientWrite extends MessageBody {
  readonly type: 'clientWrite';
  readonly kind: 'request';
  readonly reqId: number;
  readonly key: string;
  readonly value: string;
  /** The server assigns the value: the key's current number plus one. */
  readonly autoIncrement?: boolean;
  /** The causal context of the client's last read of the key: the versions this write supersedes. */
  readonly context?: VersionVector;
}

export interface ClientRead extends MessageBody {
  readonly type: 'clientRead';
  readonly kind: 'read';
  readonly reqId: number;
  readonly key: string;
  /** Read-your-writes: serve only from a replica that has applied at least this log position. */
  readonly minIndex?: number;
}

export interface ClientReply extends MessageBody {
  readonly type: 'clientReply';
  readonly kind: 'response';
  readonly reqId: number;
  readonly ok: boolean;
  readonly value?: string | null;
  /** Version written or read (for leader-follower, the log index). */
  readonly version?: number;
  readonly error?: string;
  /** "Not the leader; ask this node." */
  readonly redirect?: NodeId;
  /** The server's term or epoch when it answered. */
  readonly term?: number;
  /** Concurrent values of the key (siblings), when there is more than one. */
  readonly siblings?: readonly string[];
  /** The key's version vector, for the client's next write (its causal context). */
  readonly context?: VersionVector;
  /** Leaderless: a write's dot (coordinator, counter); a read's versions' write operations; LWW timestamp. */
  readonly dot?: { readonly node: NodeId; readonly n: number };
  readonly opIds?: readonly number[];
  readonly ts?: number;
  /** Answered by the key's owner, to which the contacted leader forwarded the write. */
  readonly forwarded?: boolean;
  /** The node's process is down: the request never reached it. */
  readonly refused?: boolean;
  /** The request may or may not have taken effect (e.g. the leader lost its role before committing). */
  readonly indeterminate?: boolean;
}

export type ClientRequest = ClientWrite | ClientRead;

export function isClientRequest(body: MessageBody): body is ClientRequest {
  return body.type === 'clientWrite' || body.type === 'clientRead';
}

/** A node's state as the views and checkers see it. */
export interface NodeState {
  readonly role: Role;
  readonly term: number;
  readonly leaderId: NodeId | null;
  readonly votedFor: NodeId | null;
  readonly data: ReadonlyMap<string, { readonly value: string; readonly version: number }>;
  readonly logLength: number;
  readonly appliedIndex: number;
  readonly commitIndex: number;
}

export interface ReplicationModel {
  readonly name: ModelName;
  /** Called once, at time 0, before any event. */
  start(): void;
  onMessage(node: NodeId, msg: Message): void;
  onTimer(node: NodeId, timer: TimerBody): void;
  /** The node lost its volatile state; with `durable` false it lost its disk too. */
  onCrash(node: NodeId, durable: boolean): void;
  onRestart(node: NodeId): void;
  /** Applies a model-specific setting change from the timeline (e.g. `setReplication`). */
  configure(action: Action): void;
  settings(): ModelSettings;
  nodeState(node: NodeId): NodeState;
  /** A short label for a message, for tooltips ("replicate #4..#6"). */
  describe(body: MessageBody): string;
  /** The message's payload size in bytes under the encoding `wire.ts` documents (the envelope excluded). */
  payloadBytes(body: MessageBody): number;
  /** Manual failover: make this node the leader / make this leader a follower. */
  promote(node: NodeId): void;
  demote(node: NodeId): void;
  /** Acknowledged writes (from the history) that the cluster has since lost, with the reason. */
  lostWrites(acked: readonly Operation[]): LostWrite[];
  /** Conflicts detected so far (multi-leader; empty elsewhere). */
  conflictList(): readonly ConflictView[];
  /** Keys the live leaders disagree on (multi-leader; empty elsewhere). */
  divergentKeys(isUp: (node: NodeId) => boolean): string[];
  /** Per-key detail for the views (siblings, version vectors), where the model has it. */
  cellsOf(node: NodeId): CellView[] | null;
  multiLeaderView(): Omit<MultiLeaderView, 'cuts'> | null;
}

/** A tooltip label for the client messages every model speaks. */
export function describeClientMessage(b: ClientRequest | ClientReply): string {
  switch (b.type) {
    case 'clientWrite':
      return `write ${b.key} = ${b.autoIncrement ? 'next id' : b.value}`;
    case 'clientRead':
      return `read ${b.key}`;
    case 'clientReply':
      if (b.redirect) return `redirect to ${b.redirect}`;
      if (!b.ok) return `error: ${b.error ?? 'failed'}`;
      if (b.value !== undefined) return `value ${b.value ?? 'none'}${b.version ? ` (#${b.version})` : ''}`;
      return b.version ? `ok (#${b.version})` : 'ok';
    default: {
      const never: never = b;
      return never;
    }
  }
}

/** Why and where a resolution discarded an acknowledged write (last-write-wins). */
export interface Discarded {
  readonly node: NodeId;
  readonly atUs: TimeUs;
  readonly reason: string;
}

/**
 * The acknowledged writes a resolution discarded and that no replica still holds: the lost writes of models
 * that resolve conflicts by dropping versions (multi-leader and leaderless last-write-wins).
 */
export function discardedWrites(
  acked: readonly Operation[],
  discarded: ReadonlyMap<number, Discarded>,
  stillHeld: (op: Operation) => boolean,
): LostWrite[] {
  if (discarded.size === 0) return [];
  const lost: LostWrite[] = [];
  for (const op of acked) {
    if (op.f !== 'write' || op.status !== 'ok') continue;
    const d = discarded.get(op.id);
    // Still held somewhere (a replica that has not heard of the winner yet)? Not lost yet.
    if (!d || stillHeld(op)) continue;
    lost.push({
      opId: op.id,
      client: op.client,
      key: op.key,
      value: op.value,
      ackedAtUs: op.completeUs ?? op.invokeUs,
      ackedBy: op.node ?? d.node,
      term: 0,
      index: 0,
      lostAtUs: d.atUs,
      lostOn: d.node,
      reason: d.reason,
    });
  }
  return lost;
}
