/**
 * Plain-data types shared by the core, the worker and the views. Snapshots cross `postMessage`, so everything
 * here is structured-clone friendly: no classes, no functions, no Maps.
 */
import type { FailoverMode, Latency, ReadMode, ReplicationMode } from './scenarios/schema.ts';

export type NodeId = string;
/** Integer simulated microseconds. */
export type TimeUs = number;

/** Colour class of a message in the views. */
export type MessageKind = 'request' | 'replicate' | 'ack' | 'read' | 'response' | 'heartbeat' | 'vote';

export interface MessageBody {
  readonly type: string;
  readonly kind: MessageKind;
}

/** The envelope carries its own timing, so a view can place it at (now - sentAt) / (deliverAt - sentAt). */
export interface Message<B extends MessageBody = MessageBody> {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly sentAt: TimeUs;
  readonly deliverAt: TimeUs;
  readonly body: B;
}

export type DropReason = 'loss' | 'partition' | 'crashed';

export interface MessageView {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly sentAt: TimeUs;
  readonly deliverAt: TimeUs;
  readonly type: string;
  readonly kind: MessageKind;
  /** Short text for tooltips, e.g. "replicate #12..#14". */
  readonly label: string;
  /** Set when the network has decided to drop this message: it dies at `deliverAt` (mid-link for a partition). */
  readonly doomed?: DropReason;
}

export interface DropView {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly at: TimeUs;
  /** Where along the link it died, 0..1. */
  readonly position: number;
  readonly reason: DropReason;
  readonly kind: MessageKind;
  readonly type: string;
}

export interface KeyValueView {
  readonly key: string;
  readonly value: string;
  /** Log index of the write that produced the value (multi-leader: the size of its version vector). */
  readonly version: number;
  /** Multi-leader: the concurrent values (more than one: siblings), the version vector, conflicts seen. */
  readonly siblings?: readonly string[];
  readonly vv?: string;
  readonly conflicts?: number;
}

export type Role = 'leader' | 'follower' | 'candidate' | 'replica';

/** Where a node sits and whether it runs: the part of a node every view sees the same way. */
export interface NodePlace {
  readonly up: boolean;
  /** The node's region, when the scenario has regions. */
  readonly region?: string;
  /** Which partition side the node is on (0 when there is no partition). */
  readonly side: number;
}

/**
 * A node as the views see it: where it sits and whether it is up, and its replica state, which has a role and
 * data in every model and the model's own detail beside them (`model` tells which).
 */
export type NodeView = NodePlace & ReplicaView;

export interface ClientView {
  readonly id: NodeId;
  readonly pending: number;
  readonly leaderHint: NodeId;
  /** A read policy ("leader", "any", "read-your-writes", "monotonic") or a node id. */
  readonly readFrom: string;
  /** The replica a monotonic-reads client sticks to, once chosen. */
  readonly sticky: NodeId | null;
}

export type OpKind = 'write' | 'read';
/** Jepsen's completion types: ok, fail (definitely did not happen), info (indeterminate). */
export type OpStatus = 'pending' | 'ok' | 'fail' | 'info';

/**
 * One client operation, recorded as invoke and completion in the style of a Jepsen history: what was asked, what
 * came back, and the ground truth the client saw at each end (positions in the history's event order, the
 * write's dot and timestamp, the read's causal context and the writes it returned). It carries no verdict:
 * whether a read was stale or an id handed out twice is the oracle's judgement (src/sim/oracle).
 */
export interface Operation {
  readonly id: number;
  readonly client: NodeId;
  readonly f: OpKind;
  readonly key: string;
  /** Value written (for an auto-increment write: the id it was handed), or value read (null: the key was absent). */
  value: string | null;
  /** Free text for the history, e.g. "deposit 50". */
  readonly note?: string;
  readonly invokeUs: TimeUs;
  completeUs: TimeUs | null;
  /**
   * Where the invocation and the completion fall among the history's events, numbered together from 0 in the
   * order the clients saw them (as Jepsen's `:index`): it orders events of the same instant.
   */
  readonly invokeSeq: number;
  completeSeq: number | null;
  status: OpStatus;
  /** The node that served (or last handled) the operation. */
  node: NodeId | null;
  /** Log index of the version written or read; 0 when the key was absent. */
  version: number;
  /** The term (epoch) of the node that answered. */
  term?: number;
  /** The server assigned the value (an auto-increment id). */
  readonly autoIncrement?: boolean;
  /** For a read of a key with concurrent values: every sibling. */
  siblings?: string[];
  /** For a write acknowledged by a model with version vectors: its dot (the node that made it, its counter). */
  dot?: { readonly node: NodeId; readonly n: number };
  /** Last-write-wins timestamp: of the version a write made, or of the version a read returned. */
  ts?: number;
  /** For a read: the causal context (version vector) of what it returned. */
  context?: Readonly<Record<NodeId, number>>;
  /** For a read: the operations that wrote the versions it returned. */
  opIds?: readonly number[];
  error?: string;
  /** True for operations issued from the timeline (preset or user), false for generated traffic. */
  readonly manual: boolean;
}

/** What the simulation itself counts; anomalies are the oracle's (src/sim/oracle), counted by kind there. */
export interface Counts {
  readonly opsOk: number;
  readonly opsFailed: number;
  readonly opsInfo: number;
  readonly opsPending: number;
  readonly writesOk: number;
  readonly readsOk: number;
  readonly messagesSent: number;
  /** Estimated bytes of every message sent (the encoding is documented in wire.ts); not part of the trace hash. */
  readonly bytesSent: number;
  readonly messagesDelivered: number;
  readonly messagesDropped: number;
  readonly events: number;
}

export interface NetworkSettings {
  readonly latency: Latency;
  /** The PBS production profile replica traffic draws from (W, A, R, S by message kind), or null. */
  readonly latencyProfile: string | null;
  readonly dropProbability: number;
  /** Node-to-node messages delivered twice with this probability. */
  readonly duplicateProbability: number;
  /** Links deliver in order (false: each message's delay is independent, so they may overtake each other). */
  readonly fifo: boolean;
  /** Partition groups in effect (empty: none). */
  readonly partition: readonly (readonly NodeId[])[];
  readonly oneWay: boolean;
  /** Links cut one by one (regions or nodes), both ways. */
  readonly cuts: readonly { readonly a: string; readonly b: string }[];
  /** Per-node clock skew in ms, for the models that stamp writes with a clock (0 for nodes not listed). */
  readonly clockSkewMs: Readonly<Record<NodeId, number>>;
}

/** A leader-follower cluster's replication and failover settings. */
export interface LeaderFollowerSettings {
  readonly mode: ReplicationMode;
  /** How the leader serves reads: at once from its own state, or after confirming its leadership. */
  readonly reads: ReadMode;
  readonly semiSyncAcks: number;
  /** In sync mode, the followers the leader waits for; null: all of them. */
  readonly syncFollowers: readonly NodeId[] | null;
  readonly failover: FailoverMode;
  readonly electionTimeoutMs: number;
}

/** An acknowledged write the cluster no longer holds. */
export interface LostWrite {
  readonly opId: number;
  readonly client: NodeId;
  readonly key: string;
  readonly value: string | null;
  readonly ackedAtUs: TimeUs;
  readonly ackedBy: NodeId;
  readonly term: number;
  readonly index: number;
  readonly lostAtUs: TimeUs;
  readonly lostOn: NodeId;
  readonly reason: string;
}

export interface WorkloadSettings {
  readonly enabled: boolean;
  readonly ratePerSec: number;
}

/** A node's detection of a conflict (concurrent writes to a key), and what its resolution did. */
export interface ConflictView {
  readonly key: string;
  readonly node: NodeId;
  readonly atUs: TimeUs;
  readonly versions: readonly { readonly value: string; readonly origin: NodeId; readonly opId: number }[];
  readonly resolution: string;
  readonly outcome: string;
  /**
   * Optional, for a record that words `versions` and `outcome` only when read: how many `versions` there are, and
   * the i-th of them (the same value, origin and opId; it may be the model's own object), read without the list.
   */
  versionCount?(): number;
  versionAt?(i: number): { readonly value: string; readonly origin: NodeId; readonly opId: number };
  /**
   * Optional, with the two above: `outcome` handed to `out` in pieces, text as it is and values to quote as
   * JSON.stringify does, in order (the pieces joined are `outcome`), rather than built into a string. The oracle
   * words a conflict from these in one pass, without the lists and strings the getters make.
   */
  outcomeInto?(out: ConflictWriter): void;
}

/** What a conflict record hands its outcome's pieces to (`ConflictView.outcomeInto`). */
export interface ConflictWriter {
  /** Text as it is (a number as a template literal writes it). */
  text(piece: string | number): void;
  /** A value, quoted as JSON.stringify writes it. */
  quoted(value: string): void;
}

/** A quorum a leaderless coordinator ran or runs: acknowledgements counted as they arrive. */
export interface QuorumView {
  readonly coordinator: NodeId;
  readonly reqId: number;
  readonly opId: number;
  readonly kind: 'write' | 'read';
  readonly key: string;
  readonly home: readonly NodeId[];
  readonly acked: readonly NodeId[];
  readonly fallbacks: readonly { readonly node: NodeId; readonly for: NodeId }[];
  readonly needed: number;
  readonly status: 'waiting' | 'repairing' | 'reached' | 'failed';
  readonly startedUs: TimeUs;
  readonly doneUs: TimeUs | null;
}

/** A key as a model that keeps several versions shows it: its values (siblings), version vector, conflicts. */
export interface CellView {
  readonly key: string;
  readonly values: readonly string[];
  readonly vv: string;
  readonly conflicts: number;
}

/** Leaderless only: the quorum settings, the ring, where keys live, hints held, and recent quorums. */
export type ReadRepairMode = 'off' | 'async' | 'blocking';

/** A leaderless cluster's settings (the model's configuration, shown as they are in its view). */
export interface LeaderlessSettings {
  readonly n: number;
  readonly w: number;
  readonly r: number;
  readonly readRepair: ReadRepairMode;
  readonly sloppyQuorum: boolean;
  readonly hintedHandoff: boolean;
  /** 0: no anti-entropy. */
  readonly antiEntropyMs: number;
  readonly resolution: 'siblings' | 'lww';
  readonly requestTimeoutMs: number;
  readonly sloppyAfterMs: number;
  readonly handoffIntervalMs: number;
  readonly failedWriteStatus: 'fail' | 'unknown';
}

/** What every model's replica has: an id, a role and its data, key by key. */
interface ReplicaBase {
  readonly id: NodeId;
  readonly role: Role;
  readonly data: readonly KeyValueView[];
  /**
   * Set when `data` was left out of a snapshot to keep it small (the worker sends every key only for the nodes
   * the page shows in full, on clusters of more than 30 nodes): how many keys the node holds.
   */
  readonly dataOmitted?: number;
}

/** A leader-follower replica: its term and vote, the leader it follows, and its log positions. */
export interface LeaderFollowerReplica extends ReplicaBase {
  readonly model: 'leader-follower';
  readonly term: number;
  /** The leader this node follows (itself for a leader), or null while it knows none. */
  readonly leaderId: NodeId | null;
  readonly votedFor: NodeId | null;
  readonly logLength: number;
  readonly appliedIndex: number;
  readonly commitIndex: number;
  /** Entries behind the current leader's log (0 for the leader). */
  readonly lag: number;
  /**
   * Entries at the end of this node's log that the current leader's log lacks (another epoch at their index, or
   * past its end): a divergent suffix it discards once it follows that leader. 0 or absent: none.
   */
  readonly diverged?: number;
  /** The configuration this node uses: the latest in its log, committed or not (Raft section 6). */
  readonly configuration: readonly NodeId[];
}

export interface LeaderFollowerView {
  readonly model: 'leader-follower';
  readonly settings: LeaderFollowerSettings;
  /** The membership the operator asked for; the leader's configuration moves toward it one server at a time. */
  readonly targetMembers: readonly NodeId[];
  /** Membership changes a leader refused while an earlier one was not yet committed (they wait their turn). */
  readonly refusedChanges: number;
}

export type Resolution = 'arrival' | 'lww' | 'siblings' | 'merge';
export type Topology = 'all-to-all' | 'circular' | 'star';
export type Ownership = 'key-range' | 'any';
export type CrdtType = 'counter' | 'set';

/** A multi-leader cluster's settings. */
export interface MultiLeaderSettings {
  readonly leaders: readonly NodeId[];
  readonly ownership: Ownership;
  readonly ranges: readonly { readonly prefix: string; readonly owner: NodeId }[];
  readonly topology: Topology;
  /** The star's hub (null in other topologies). */
  readonly hub: NodeId | null;
  readonly resolution: Resolution;
  readonly causalDelivery: boolean;
  readonly crdt: readonly { readonly prefix: string; readonly type: CrdtType }[];
  readonly syncIntervalMs: number;
}

/** A multi-leader replica: the changes it has applied, per origin, and what waits to be applied. */
export interface MultiLeaderReplica extends ReplicaBase {
  readonly model: 'multi-leader';
  /** Followers: the region leader they replicate; null for a leader. */
  readonly upstream: NodeId | null;
  /** The highest change applied from each origin, as a version vector: `{eu:2, us:3}`. */
  readonly applied: string;
  /** Changes applied so far. */
  readonly changes: number;
  /** Changes received out of order (or before their dependencies), waiting. */
  readonly pending: number;
}

export interface MultiLeaderView {
  readonly model: 'multi-leader';
  readonly settings: MultiLeaderSettings;
}

/** A leaderless replica: what it stores for others (hints) and the requests it coordinates now. */
export interface LeaderlessReplica extends ReplicaBase {
  readonly model: 'leaderless';
  /** Versions held as hints for other replicas, counted per key. */
  readonly hintsHeld: number;
  /** Client requests this node coordinates now. */
  readonly coordinating: number;
}

/** One node's replica state: a union discriminated on `model`. */
export type ReplicaView = LeaderFollowerReplica | MultiLeaderReplica | LeaderlessReplica;

export interface LeaderlessView {
  readonly model: 'leaderless';
  readonly settings: LeaderlessSettings;
  /**
   * Token positions on the ring, as fractions of a turn: every token of a ring of up to 256, else 256 of them
   * evenly spaced (`ringTokens` says how many there are).
   */
  readonly ring: readonly { readonly node: NodeId; readonly position: number }[];
  readonly ringTokens: number;
  /**
   * Each key's home replicas (the first n of `order`) and the ring order fallbacks come from (its first 32
   * nodes at most).
   */
  readonly placement: readonly {
    readonly key: string;
    readonly home: readonly NodeId[];
    readonly order: readonly NodeId[];
  }[];
  /** Hinted handoff's work so far, in hints (a key a fallback node holds for one home replica). */
  readonly handoff: { readonly taken: number; readonly handedOff: number; readonly lost: number };
  readonly hints: readonly {
    readonly node: NodeId;
    readonly hints: readonly { readonly for: NodeId; readonly keys: readonly string[] }[];
  }[];
  /** Recent and in-progress quorums, oldest first: acknowledgements counted as they arrive. */
  readonly quorums: readonly QuorumView[];
}

/** What one model shows beyond the nodes every model has: a union discriminated on `model`. */
export type ModelView = LeaderFollowerView | MultiLeaderView | LeaderlessView;

export interface Snapshot {
  readonly nowUs: TimeUs;
  readonly regions: readonly { readonly id: string; readonly nodes: readonly NodeId[] }[];
  /** The model's own state and settings; `view.model` names the model. */
  readonly view: ModelView;
  /** The latest conflicts the replicas detected (at most 50, newest last; the oracle counts them all). */
  readonly conflicts: readonly ConflictView[];
  /** How many conflicts in all: sets of concurrent writes to one key, each once however many replicas saw it. */
  readonly conflictCount: number;
  /** How many detections the replicas reported in all (`conflicts` lists only the latest of them). */
  readonly conflictDetections: number;
  /** Keys the live replicas disagree on now (all of them up; the oracle judges only after heal and quiet). */
  readonly divergentKeys: readonly string[];
  readonly nodes: readonly NodeView[];
  readonly clients: readonly ClientView[];
  readonly messages: readonly MessageView[];
  /** Messages in flight left out of `messages` by a cap on the snapshot, counted by kind (empty: none). */
  readonly messagesOmitted: Readonly<Partial<Record<MessageKind, number>>>;
  readonly drops: readonly DropView[];
  /** The most recent operations, oldest first. */
  readonly history: readonly Operation[];
  /**
   * Operations that slid out of the run's history window (sim/workload/recent.ts), counted and judged but no
   * longer kept in full; absent while none has.
   */
  readonly historyEarlier?: number;
  readonly counts: Counts;
  /** Acknowledged writes the model no longer holds, as it reports them (the oracle explains and counts them). */
  readonly lostWrites: readonly LostWrite[];
  readonly network: NetworkSettings;
  readonly workload: WorkloadSettings;
  readonly traceHash: string;
  /** Time of the next queued event, or null when nothing is left to happen. */
  readonly nextEventUs: TimeUs | null;
}

/** `T` with its readonly fields writable: for a hot path that builds a message field by field before sending it. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
