/**
 * The contract every replication model implements. A model owns the per-node protocol state of the cluster's
 * nodes, but a node touches another only by sending it a message through `ModelContext.send`: it never reads
 * another node's memory. The simulation calls a model's handlers for the node a message or timer is addressed
 * to, and only while that node is up.
 */
import type { Rng } from '../engine/rng.ts';
import type { Action, ModelName } from '../scenarios/schema.ts';
import type {
  ConflictView,
  LostWrite,
  Message,
  MessageBody,
  ModelView,
  NodeId,
  Operation,
  QuorumView,
  ReplicaView,
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
  /** The node's own clock (simulated time plus its clock skew), in µs: what a timestamp records. */
  clockUs(node: NodeId): number;
  /** A replica detected concurrent writes to a key, and resolved them: the engine keeps the record. */
  reportConflict(conflict: ConflictView): void;
  /**
   * A replica found `writes` to a key mutually concurrent: the engine counts one conflict per key and set of
   * concurrent writes, however many replicas find it (engine/conflictLog.ts). `concurrent` is not kept. Returns
   * whether they are a conflict not counted before. A model whose `concurrent` is "neither version vector covers
   * the other" may pass `vectorOf`, each write's dense vector, which lets the count skip conflicts that cannot
   * take the writes (same answer, less work). A model may pass `dots` there instead, each write's single dot when
   * its vector has one positive entry, which lets the count rule such conflicts out without a walk and, where
   * every write involved has one, answer from its columns alone (engine/conflictDots.ts `SingleDots`; same
   * answer). A model passing dots promises what that contract says: two dots of one actor with different counters
   * are never `concurrent`, dots of different actors always are, and one dot names one write.
   */
  noteConflict<W extends { readonly opId: number }>(
    key: string,
    writes: readonly W[],
    concurrent: (a: W, b: W) => boolean,
    vectorOf?: ((w: W) => readonly number[]) | { actorOf(w: W): number; counterOf(w: W): number },
  ): boolean;
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

/** The timeline actions that only a model knows how to carry out (the engine handles the rest). */
export type ModelAction = Extract<
  Action,
  {
    type:
      | 'addNode'
      | 'removeNode'
      | 'setReplication'
      | 'setFailover'
      | 'promote'
      | 'demote'
      | 'setQuorum'
      | 'setResolution'
      | 'setTopology'
      | 'setOwnership';
  }
>;

const MODEL_ACTIONS: ReadonlySet<Action['type']> = new Set<ModelAction['type']>([
  'addNode',
  'removeNode',
  'setReplication',
  'setFailover',
  'promote',
  'demote',
  'setQuorum',
  'setResolution',
  'setTopology',
  'setOwnership',
]);

export function isModelAction(action: Action): action is ModelAction {
  return MODEL_ACTIONS.has(action.type);
}

/**
 * The contract of a replication model. Every model implements all of it: no stubs, and nothing the engine or
 * the views must ask of one model only. What differs between models is in `view()`, a union discriminated on
 * the model's name.
 */
export interface ReplicationModel {
  readonly name: ModelName;
  /** Called once, at time 0, before any event. */
  start(): void;
  /**
   * A message arrives at `node`. `msg` is the engine's for the length of the call: once the event has run, the
   * engine writes a later message into the same object (engine/spares.ts), so a model keeps its sender and its
   * body (which are never reused), never the message itself. `slot` (the engine always gives it) is the node's
   * endpoint index in the network, one number for the node the whole run (shared/nodes.ts `NodeTable.at` finds
   * its state by it).
   */
  onMessage(node: NodeId, msg: Message, slot?: number): void;
  /** A timer of `node` fires; `slot` as for `onMessage` (its endpoint index). */
  onTimer(node: NodeId, timer: TimerBody, slot?: number): void;
  /** The node lost its volatile state; with `durable` false it lost its disk too. */
  onCrash(node: NodeId, durable: boolean): void;
  onRestart(node: NodeId): void;
  /**
   * Carries out a model action from the timeline (a setting change, an operator's promote or demote, a
   * membership change); an action that means nothing in this model (a quorum change in a leader-follower
   * cluster) changes nothing. `addNode` comes after the engine gave the new machine its place in the network
   * (up, empty); `removeNode` after the engine took the machine away (down for good, its timers dead, messages
   * to it dropped): the model makes the membership follow, by its own protocol.
   */
  configure(action: ModelAction): void;
  /** A short label for a message, for tooltips ("replicate #4..#6"). */
  describe(body: MessageBody): string;
  /** The message's payload size in bytes under the encoding `wire.ts` documents (the envelope excluded). */
  payloadBytes(body: MessageBody): number;
  /** Acknowledged writes (from the history) that the cluster has since lost, with the reason. */
  lostWrites(acked: readonly Operation[]): LostWrite[];
  /** Keys the given replicas hold differently (the oracle asks only after heal and quiescence). */
  divergentKeys(isUp: (node: NodeId) => boolean): string[];
  /**
   * One node's replica state: its role, its data key by key (in key order), and the model's own detail. Without
   * `withData` (default true) the data is left out: `data` is empty and `dataOmitted` counts the keys held.
   */
  replica(node: NodeId, withData?: boolean): ReplicaView;
  /** The model's own settings and state for the views. */
  view(): ModelView;
  /**
   * The term `node` leads in, if it believes it leads (what a view's role and term say, read without building
   * one: the story looks at the leaders every simulated millisecond); null when it does not, or in a model
   * without leaders.
   */
  leadingTerm(node: NodeId): number | null;
  /**
   * A leaderless model's recent and in-progress quorums, as its view has them, without building the rest of the
   * view (the worker reads them every frame while the story watches for a sloppy quorum's write).
   */
  quorums?(): readonly QuorumView[];
  /**
   * The first invariant the model's protocol promises that does not hold now, in words (null: all hold).
   * Checked after every event in tests and debug builds (see `Simulation`'s `checkInvariants`).
   */
  invariantViolation(): string | null;
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
