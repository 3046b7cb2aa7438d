/**
 * What the space-time diagram needs of the past and a snapshot does not carry: the messages that finished
 * (delivered or dropped) and the fault intervals (nodes down, partitions, cut links). Snapshots hold only what is
 * in flight now, so a page that opens a link at t = 5 s, or plays faster than it draws, would otherwise never
 * see most messages. The log is a fixed-size ring of typed arrays (no allocation per message: the simulation's
 * event rate is benchmarked), read back by completion time.
 */
import type { MessageKind, NodeId } from '../types.ts';

export const MESSAGE_LOG_SIZE = 4096;
const MAX_FAULTS = 400;

const KINDS: readonly MessageKind[] = [
  'request',
  'replicate',
  'ack',
  'read',
  'response',
  'heartbeat',
  'vote',
];
/** A kind's index in KINDS, by a switch rather than a map lookup: it runs for every message delivered or dropped. */
export function kindIndex(kind: MessageKind): number {
  switch (kind) {
    case 'request':
      return 0;
    case 'replicate':
      return 1;
    case 'ack':
      return 2;
    case 'read':
      return 3;
    case 'response':
      return 4;
    case 'heartbeat':
      return 5;
    case 'vote':
      return 6;
    default:
      return 0;
  }
}

export interface LoggedMessage {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: MessageKind;
  readonly sentUs: number;
  /** When it was delivered or dropped. */
  readonly endUs: number;
  readonly dropped: boolean;
  /** How far along its link it got (1 when delivered). */
  readonly position: number;
}

export interface FaultInterval {
  /** A running number, unique in its run: a view that keeps intervals merges a changed one by it. */
  readonly id: number;
  /** Bumped (from the log's running change count) when the interval starts and when it ends. */
  version: number;
  /** A node down, a partition of the cluster, or one link (between nodes or regions) cut. */
  readonly fault: 'down' | 'partition' | 'cut';
  /** The node that was down, or the groups cut off from each other (a cut link: its two ends). */
  readonly node?: NodeId;
  readonly groups?: readonly (readonly NodeId[])[];
  readonly label: string;
  readonly startUs: number;
  endUs: number | null;
}

export class MessageLog {
  private readonly names: string[];
  private readonly index: Map<string, number>;
  private readonly ids = new Float64Array(MESSAGE_LOG_SIZE);
  private readonly sent = new Float64Array(MESSAGE_LOG_SIZE);
  private readonly end = new Float64Array(MESSAGE_LOG_SIZE);
  private readonly position = new Float32Array(MESSAGE_LOG_SIZE);
  private readonly from = new Uint16Array(MESSAGE_LOG_SIZE);
  private readonly to = new Uint16Array(MESSAGE_LOG_SIZE);
  /** Kind index, plus 128 when dropped. */
  private readonly flags = new Uint8Array(MESSAGE_LOG_SIZE);
  /** Messages logged so far; the newest is at (count - 1) % size. */
  private count = 0;
  readonly faults: FaultInterval[] = [];
  /** Fault intervals started so far (the next one's id), and changes to them (starts and ends) so far. */
  private faultsStarted = 0;
  private faultChanges = 0;

  constructor(names: readonly string[]) {
    this.names = [...names];
    this.index = new Map(names.map((n, i) => [n, i]));
  }

  /** A node joined the run: its messages get a name of their own. */
  addName(name: string): void {
    if (this.index.has(name)) return;
    this.index.set(name, this.names.length);
    this.names.push(name);
  }

  record(
    id: number,
    from: NodeId,
    to: NodeId,
    kind: MessageKind,
    sentUs: number,
    endUs: number,
    dropped: boolean,
    position: number,
  ): void {
    const f = this.index.get(from) ?? 0;
    const t = this.index.get(to) ?? 0;
    this.recordAt(id, f, t, kind, sentUs, endUs, dropped, position);
  }

  /**
   * `record` for ends given by their place in the log's names, which is the network's endpoint index (both list
   * the scenario's nodes, then its clients, then each node added, in that order): the simulation knows them for
   * every message, so the hot path looks no name up.
   */
  recordAt(
    id: number,
    from: number,
    to: number,
    kind: MessageKind,
    sentUs: number,
    endUs: number,
    dropped: boolean,
    position: number,
  ): void {
    const i = this.count % MESSAGE_LOG_SIZE;
    this.ids[i] = id;
    this.from[i] = Math.max(0, from);
    this.to[i] = Math.max(0, to);
    this.sent[i] = sentUs;
    this.end[i] = endUs;
    this.position[i] = position;
    this.flags[i] = kindIndex(kind) + (dropped ? 128 : 0);
    this.count++;
  }

  /** How many messages have been logged so far: `finishedSince` reads on from such a count. */
  get total(): number {
    return this.count;
  }

  /** How many changes to the fault intervals there have been so far: `faultsChangedSince` reads on from it. */
  get faultVersion(): number {
    return this.faultChanges;
  }

  /**
   * The messages logged after the first `logged` (oldest first), at most the newest `max` of them, and how many
   * of those were left out (by `max`, or because the ring no longer holds them).
   */
  finishedSince(logged: number, max: number): { messages: LoggedMessage[]; skipped: number } {
    const first = Math.max(logged, this.count - MESSAGE_LOG_SIZE, this.count - max, 0);
    const messages: LoggedMessage[] = [];
    for (let n = first; n < this.count; n++) messages.push(this.read(n % MESSAGE_LOG_SIZE));
    return { messages, skipped: first - Math.min(logged, this.count) };
  }

  /** The fault intervals that started or ended after change number `version`, oldest first. */
  faultsChangedSince(version: number): FaultInterval[] {
    return this.faults.filter((f) => f.version > version).map((f) => ({ ...f }));
  }

  private read(i: number): LoggedMessage {
    const flags = this.flags[i] ?? 0;
    return {
      id: this.ids[i] ?? 0,
      from: this.names[this.from[i] ?? 0] ?? '?',
      to: this.names[this.to[i] ?? 0] ?? '?',
      kind: KINDS[flags & 127] ?? 'request',
      sentUs: this.sent[i] ?? 0,
      endUs: this.end[i] ?? 0,
      dropped: flags >= 128,
      position: Math.round((this.position[i] ?? 1) * 1000) / 1000,
    };
  }

  /** Messages that finished after `sinceUs`, oldest first (at most the ring's size). */
  since(sinceUs: number): LoggedMessage[] {
    const out: LoggedMessage[] = [];
    const oldest = Math.max(0, this.count - MESSAGE_LOG_SIZE);
    for (let n = this.count - 1; n >= oldest; n--) {
      const i = n % MESSAGE_LOG_SIZE;
      if ((this.end[i] ?? 0) <= sinceUs) break;
      out.push(this.read(i));
    }
    return out.reverse();
  }

  /** A node went down (or came back) at `atUs`. */
  nodeUp(node: NodeId, up: boolean, atUs: number): void {
    if (up) {
      const open = this.openFault((f) => f.fault === 'down' && f.node === node);
      if (open) this.close(open, atUs);
      return;
    }
    this.addFault({ fault: 'down', node, label: `${node} down`, startUs: atUs });
  }

  /** The partition changed to `groups` (none: healed) at `atUs`. */
  partition(groups: readonly (readonly NodeId[])[], atUs: number): void {
    const open = this.openFault((f) => f.fault === 'partition');
    if (open) this.close(open, atUs);
    if (groups.length > 0)
      this.addFault({
        fault: 'partition',
        groups: groups.map((g) => [...g]),
        label: `partition ${groups.map((g) => `{${g.join(', ')}}`).join(' | ')}`,
        startUs: atUs,
      });
  }

  /** A link between two nodes or regions was cut (or restored) at `atUs`. */
  link(a: string, b: string, cut: boolean, atUs: number): void {
    const label = `cut ${a} – ${b}`;
    const ends = (f: FaultInterval) => f.groups?.map((g) => g[0]).join('|');
    const open = this.openFault(
      (f) => f.fault === 'cut' && (ends(f) === `${a}|${b}` || ends(f) === `${b}|${a}`),
    );
    if (!cut) {
      if (open) this.close(open, atUs);
      return;
    }
    if (!open) this.addFault({ fault: 'cut', groups: [[a], [b]], label, startUs: atUs });
  }

  private openFault(match: (f: FaultInterval) => boolean): FaultInterval | undefined {
    for (let i = this.faults.length - 1; i >= 0; i--) {
      const f = this.faults[i] as FaultInterval;
      if (f.endUs === null && match(f)) return f;
    }
    return undefined;
  }

  private close(fault: FaultInterval, atUs: number): void {
    fault.endUs = atUs;
    fault.version = ++this.faultChanges;
  }

  private addFault(fault: Omit<FaultInterval, 'id' | 'version' | 'endUs'>): void {
    this.faults.push({ ...fault, id: this.faultsStarted++, version: ++this.faultChanges, endUs: null });
    if (this.faults.length > MAX_FAULTS) this.faults.splice(0, this.faults.length - MAX_FAULTS);
  }
}
