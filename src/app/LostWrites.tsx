/**
 * Acknowledged writes the cluster has lost: each was acknowledged to its client, and the surviving leader no
 * longer holds it (a new leader truncated it, or a node lost its disk). The core's checker finds them; this
 * only lists them, oldest first, with when and where each was acknowledged and why it was lost.
 */
import type { LostWrite } from '../sim/types.ts';
import { formatMs } from './format.ts';
import { useLabThrottled } from './hooks.ts';

const REFRESH_MS = 250;

/** `holder` says who must still hold every acknowledged write in this model ("the leader"). */
export function LostWrites({ holder }: { holder: string }) {
  const lost = useLabThrottled((s) => s.snapshot?.lostWrites ?? [], REFRESH_MS);
  const headingId = 'lost-writes-heading';
  return (
    <section
      className={lost.length > 0 ? 'lost-writes has-lost' : 'lost-writes'}
      aria-labelledby={headingId}
      data-testid="lost-writes"
    >
      <h3 id={headingId}>
        Lost acknowledged writes{' '}
        <span className="lost-count" data-testid="lost-count">
          {lost.length}
        </span>
      </h3>
      {lost.length === 0 ? (
        <p className="lost-none">None: every acknowledged write is still held by {holder}.</p>
      ) : (
        <ol className="lost-list">
          {lost.map((w) => (
            <li
              key={w.opId}
              data-testid="lost-write"
              data-op-id={w.opId}
              title={`written by client ${w.client}; discarded on ${w.lostOn}`}
            >
              {describeLostWrite(w)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** "w12 account_123 = 1000 acknowledged by bank_leader (term 1, #7) at 412.3 ms — lost at 950.1 ms: why" */
export function describeLostWrite(w: LostWrite): string {
  // A deposed leader's write is orphaned as it is appended, before its acknowledgement (split brain).
  const lost =
    w.lostAtUs < w.ackedAtUs
      ? `lost before it was acknowledged, at ${formatMs(w.lostAtUs)} ms`
      : `lost at ${formatMs(w.lostAtUs)} ms`;
  // Multi-leader writes have no term or log index: a version vector orders them.
  if (w.term === 0 && w.index === 0)
    return (
      `w${w.opId} ${w.key} = ${w.value ?? '?'} acknowledged by ${w.ackedBy} at ${formatMs(w.ackedAtUs)} ms — ` +
      `${lost.replace('lost', `lost on ${w.lostOn}`)}: ${w.reason}`
    );
  return (
    `w${w.opId} ${w.key} = ${w.value ?? '?'} acknowledged by ${w.ackedBy} (term ${w.term}, #${w.index}) ` +
    `at ${formatMs(w.ackedAtUs)} ms — ${lost}: ${w.reason}`
  );
}
