/**
 * Which recorded messages the diagram draws, and how they relate to client operations. Pure functions over the
 * recording, so the picking rules can be read (and tested) apart from the drawing.
 */
import type { Operation } from '../../sim/types.ts';
import type { MessageRecord, Recording } from './recorder.ts';

/** At most this many arrows: a dense run has a thousand messages in flight, and more would only be ink. */
export const MAX_ARROWS = 200;

/**
 * The client operation a message to or from a client belongs to: that client's latest operation invoked at or
 * before the message was sent and not completed before it. Null for replica traffic.
 */
export function operationOf(
  r: MessageRecord,
  clients: readonly string[],
  history: readonly Operation[],
): Operation | null {
  const client = clients.includes(r.from) ? r.from : clients.includes(r.to) ? r.to : null;
  if (client === null) return null;
  for (let i = history.length - 1; i >= 0; i--) {
    const op = history[i];
    if (!op || op.client !== client || op.invokeUs > r.sentUs) continue;
    if (op.completeUs !== null && op.completeUs < r.sentUs) return null;
    return op;
  }
  return null;
}

/** Whether a message is one of an operation's client messages (its request, redirects and reply). */
export function carries(r: MessageRecord, op: Operation): boolean {
  return (
    (r.from === op.client || r.to === op.client) &&
    r.sentUs >= op.invokeUs &&
    (op.completeUs === null || r.sentUs <= op.completeUs)
  );
}

/**
 * The messages to draw, at most MAX_ARROWS, in three tiers, each with the messages in flight first and then the
 * finished ones newest first: the messages of the operations pointed at or selected, then everything but
 * heartbeats, then heartbeats. Each message is drawn once: the recording can hold one finished that the snapshot
 * read at the same throttled tick still shows in flight; it is drawn as the displayed time has it, finished once its end is
 * reached, in flight before. A message sent after the displayed time is not drawn yet.
 */
export function pickArrows(
  recording: Pick<Recording, 'done'>,
  flying: readonly MessageRecord[],
  inWindow: (r: MessageRecord) => boolean,
  ops: readonly Operation[],
  nowUs: number,
): MessageRecord[] {
  const tiers: MessageRecord[][] = [[], [], []];
  const seen = new Set<number>();
  const place = (r: MessageRecord) => {
    if (seen.has(r.id) || r.sentUs > nowUs || !inWindow(r)) return;
    seen.add(r.id);
    const tier = ops.some((op) => carries(r, op)) ? 0 : r.kind === 'heartbeat' ? 2 : 1;
    (tiers[tier] as MessageRecord[]).push(r);
  };
  const endOf = new Map<number, number>();
  for (const r of recording.done) endOf.set(r.id, r.endUs);
  for (const r of flying) {
    const end = endOf.get(r.id);
    if (end === undefined || end > nowUs) place(r);
  }
  for (let i = recording.done.length - 1; i >= 0; i--) place(recording.done[i] as MessageRecord);
  const out: MessageRecord[] = [];
  for (const tier of tiers)
    for (const r of tier) {
      if (out.length >= MAX_ARROWS) return out;
      out.push(r);
    }
  return out;
}

/** The arrow's tooltip: kind, id, ends, and when it was sent and ended. */
export function arrowTitle(r: MessageRecord): string {
  return `${r.kind} #${r.id} ${r.from} → ${r.to}, sent ${(r.sentUs / 1000).toFixed(3)} ms, ${
    r.status === 'flying' ? 'in flight' : `${r.status} ${(r.endUs / 1000).toFixed(3)} ms`
  }`;
}
