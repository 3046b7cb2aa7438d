/**
 * Packing a snapshot for the trip to the page: its in-flight messages become columns of typed arrays (see
 * `PackedMessages` in protocol.ts), whose buffers are transferred rather than copied.
 */
import type { NodeId, NodeView, Snapshot } from '../sim/types.ts';
import { DOOM_ORDER, type FromWorker, kindCode, type PackedMessages, type ViewSnapshot } from './protocol.ts';

/** Up to this many nodes a snapshot carries every node's keys; beyond, only the nodes the page shows in full. */
export const FULL_DETAIL_NODES = 30;

/**
 * Every node's summary (role, state, log positions, the model's scalars) and, on a cluster of more than
 * FULL_DETAIL_NODES, the keys only of the nodes in `detail`: the others carry `dataOmitted`, their key count.
 */
export function summariseNodes(nodes: readonly NodeView[], detail: ReadonlySet<NodeId>): readonly NodeView[] {
  if (nodes.length <= FULL_DETAIL_NODES) return nodes;
  return nodes.map((n) =>
    detail.has(n.id) || n.data.length === 0 ? n : { ...n, data: [], dataOmitted: n.data.length },
  );
}

const NO_DETAIL: ReadonlySet<NodeId> = new Set();

export function packSnapshot(snapshot: Snapshot, detail: ReadonlySet<NodeId> = NO_DETAIL): ViewSnapshot {
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
    const m = messages[i];
    if (!m) continue;
    packed.id[i] = m.id;
    packed.sentAt[i] = m.sentAt;
    packed.deliverAt[i] = m.deliverAt;
    packed.from[i] = nameIndex(m.from);
    packed.to[i] = nameIndex(m.to);
    packed.kind[i] = kindCode(m.kind);
    packed.doomed[i] = m.doomed ? DOOM_ORDER.indexOf(m.doomed) + 1 : 0;
    labels.push(m.label);
    end += m.label.length;
    packed.labelEnd[i] = end;
  }
  return { ...rest, nodes: summariseNodes(nodes, detail), messages: { ...packed, labels: labels.join('') } };
}

/** The buffers a reply can hand over to the page instead of copying. */
export function transferables(message: FromWorker): Transferable[] {
  if (message.type !== 'snapshot') return [];
  const m = message.snapshot.messages;
  return [m.id, m.sentAt, m.deliverAt, m.from, m.to, m.kind, m.doomed, m.labelEnd].map(
    (a) => a.buffer as ArrayBuffer,
  );
}
