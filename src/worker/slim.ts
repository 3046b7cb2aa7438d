/**
 * Snapshots on the wire without the parts that did not change: the simulation worker leaves out of a snapshot
 * each part of `SLIM_PARTS` equal to the one it last posted (`slimmer`, in sim.worker.ts's `post`), and the page
 * puts it back from the last snapshot it received (`widener`, in app/worker/browserWorker.ts), the same object,
 * so the structured clone neither copies nor reads it and the views that select it by reference do not render.
 * Both see every message of one worker in the order it was posted, so each is a mirror of the other; a new
 * worker starts them both afresh.
 */
import type { FromWorker, ViewSnapshot } from './protocol.ts';

/**
 * The parts that often stay the same from one snapshot to the next: the model's view (a 1,000-node ring's
 * tokens), the recent history (200 operations, unchanged while none started or finished), regions, the latest
 * conflicts and lost writes. Nodes, clients and messages change nearly every snapshot and always travel.
 */
export const SLIM_PARTS = ['view', 'history', 'regions', 'conflicts', 'lostWrites', 'divergentKeys'] as const;
export type SlimPart = (typeof SLIM_PARTS)[number];

type SnapshotReply = Extract<FromWorker, { type: 'snapshot' }>;

/** A snapshot reply as it travels: the parts named in `unchanged` left out. */
export type WireReply =
  | Exclude<FromWorker, { type: 'snapshot' }>
  | (Omit<SnapshotReply, 'snapshot'> & {
      readonly snapshot: Omit<ViewSnapshot, SlimPart> & Partial<Pick<ViewSnapshot, SlimPart>>;
      /** Parts left out: equal to those of the previous snapshot posted. */
      readonly unchanged?: readonly SlimPart[];
    });

/** The worker's side: each snapshot reply without the parts equal to the previous snapshot's. */
export function slimmer(): (message: FromWorker) => WireReply {
  const sent = new Map<SlimPart, string>();
  return (message) => {
    if (message.type !== 'snapshot') return message;
    const snapshot: Partial<ViewSnapshot> = { ...message.snapshot };
    const unchanged: SlimPart[] = [];
    for (const part of SLIM_PARTS) {
      const text = JSON.stringify(message.snapshot[part]);
      if (sent.get(part) === text) {
        unchanged.push(part);
        delete snapshot[part];
      } else sent.set(part, text);
    }
    if (unchanged.length === 0) return message;
    return { ...message, snapshot: snapshot as ViewSnapshot, unchanged };
  };
}

/** The page's side: each snapshot reply whole again, its unchanged parts the previous snapshot's own objects. */
export function widener(): (message: WireReply) => FromWorker {
  let last: ViewSnapshot | null = null;
  return (message) => {
    if (message.type !== 'snapshot') return message;
    const { unchanged, ...reply } = message;
    let snapshot = message.snapshot as ViewSnapshot;
    if (unchanged && unchanged.length > 0) {
      const previous = last;
      if (!previous)
        throw new Error(`a snapshot left out ${unchanged.join(', ')} before any snapshot arrived`);
      const kept: Partial<Record<SlimPart, unknown>> = {};
      for (const part of unchanged) kept[part] = previous[part];
      snapshot = { ...message.snapshot, ...kept } as ViewSnapshot;
    }
    last = snapshot;
    return { ...reply, snapshot };
  };
}
