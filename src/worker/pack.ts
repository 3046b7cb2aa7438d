/**
 * Packing a snapshot for the trip to the page: its in-flight messages go straight from the engine's queue into
 * columns of typed arrays (see `PackedMessages` in protocol.ts), whose buffers are transferred rather than
 * copied, and on a large cluster only the nodes the page shows in full have their keys worked out.
 */
import type { InFlight } from '../sim/engine/events.ts';
import type { Simulation } from '../sim/engine/simulation.ts';
import { labelOf, type RawSnapshot, type WithData } from '../sim/engine/snapshot.ts';
import type { ReplicationModel } from '../sim/models/model.ts';
import type { NodeId, NodeView } from '../sim/types.ts';
import { DOOM_ORDER, type FromWorker, kindCode, type PackedMessages, type ViewSnapshot } from './protocol.ts';

/** Up to this many nodes a snapshot carries every node's keys; beyond, only the nodes the page shows in full. */
export const FULL_DETAIL_NODES = 30;

/**
 * Which nodes' keys a snapshot of `nodeCount` nodes carries: every node's up to FULL_DETAIL_NODES, beyond only
 * the nodes in `detail` (the others carry `dataOmitted`, their key count, and their keys are never worked out).
 */
export function withDataFor(nodeCount: number, detail: ReadonlySet<NodeId>): WithData | undefined {
  return nodeCount <= FULL_DETAIL_NODES ? undefined : (id) => detail.has(id);
}

const NO_DETAIL: ReadonlySet<NodeId> = new Set();

/** A snapshot of the run for the page: its messages in flight written straight into columns. */
export function viewSnapshot(sim: Simulation, maxMessages: number, detail = NO_DETAIL): ViewSnapshot {
  return packSnapshot(sim.rawSnapshot(maxMessages, withDataFor(sim.nodes.length, detail)), sim.model);
}

export function packSnapshot(snapshot: RawSnapshot, model: ReplicationModel): ViewSnapshot {
  const { messages, nodes, ...rest } = snapshot;
  const names: string[] = [];
  const index = new Map<string, number>();
  const nameIndex = (name: string): number => {
    let i = index.get(name);
    if (i === undefined) {
      i = names.length;
      names.push(name);
      index.set(name, i);
    }
    return i;
  };
  for (const n of nodes) nameIndex(n.id);
  for (const c of snapshot.clients) nameIndex(c.id);

  const count = messages.length;
  const packed: PackedMessages = {
    count,
    id: new Float64Array(count),
    sentAt: new Float64Array(count),
    deliverAt: new Float64Array(count),
    from: new Uint16Array(count),
    to: new Uint16Array(count),
    kind: new Uint8Array(count),
    doomed: new Uint8Array(count),
    names,
    labels: '',
    labelEnd: new Uint32Array(count),
  };
  const labels: string[] = [];
  let end = 0;
  for (let i = 0; i < count; i++) {
    const m = messages[i] as InFlight;
    const label = labelOf(m, model);
    packed.id[i] = m.id;
    packed.sentAt[i] = m.sentAt;
    packed.deliverAt[i] = m.deliverAt;
    packed.from[i] = nameIndex(m.from);
    packed.to[i] = nameIndex(m.to);
    packed.kind[i] = kindCode(m.body.kind);
    packed.doomed[i] = m.doomed ? DOOM_ORDER.indexOf(m.doomed) + 1 : 0;
    labels.push(label);
    end += label.length;
    packed.labelEnd[i] = end;
  }
  return { ...rest, nodes: shareConfigurations(nodes), messages: { ...packed, labels: labels.join('') } };
}

/**
 * Leader-follower nodes that use the same configuration share one array, which the structured clone then copies
 * once: a 100-follower cluster's configurations are otherwise 10,000 strings a snapshot for the page to read.
 */
export function shareConfigurations(nodes: readonly NodeView[]): readonly NodeView[] {
  let last: readonly NodeId[] | null = null;
  return nodes.map((n) => {
    if (n.model !== 'leader-follower') return n;
    if (last !== null && sameIds(last, n.configuration)) return { ...n, configuration: last };
    last = n.configuration;
    return n;
  });
}

function sameIds(a: readonly NodeId[], b: readonly NodeId[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The buffers a reply can hand over to the page instead of copying. */
export function transferables(message: FromWorker): Transferable[] {
  if (message.type !== 'snapshot') return [];
  const m = message.snapshot.messages;
  return [m.id, m.sentAt, m.deliverAt, m.from, m.to, m.kind, m.doomed, m.labelEnd].map(
    (a) => a.buffer as ArrayBuffer,
  );
}
