/**
 * The run's time as a slider under the graph: it spans the run so far (0 to the furthest time this branch has
 * reached), with the fault intervals drawn as bands and the oracle's anomalies as marks. Dragging it, or Home,
 * End, the arrow keys and Page Up/Down, shows that moment of the run in every view (the worker replays from its
 * nearest checkpoint). A long seek shows its progress and can be cancelled. Acting while the cursor is before
 * the end forks the run; "Back to the run you left" then loads the run left behind at its end.
 */
import { type CSSProperties, type KeyboardEvent, memo, useEffect, useState } from 'react';
import type { FaultInterval } from '../../sim/engine/messageLog.ts';
import type { AnomalyKind } from '../../sim/oracle/oracle.ts';
import { formatSimTime } from '../format.ts';
import { useLab, useLabStable, useLabThrottled } from '../hooks.ts';
import { backToLeftRun, cancelSeek, seek } from '../worker/simClient.ts';
import './scrubber.css';

const msFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const ms = (us: number) => `${msFormat.format(us / 1000)} ms`;
/** Anomaly marks drawn at most: more would be ink (the Anomalies panel lists them all). */
const MAX_MARKS = 200;

export function Scrubber() {
  const nowUs = useLab((s) => s.snapshot?.nowUs ?? 0);
  const endUs = useLab((s) => Math.max(s.timeline?.runEndUs ?? 0, s.snapshot?.nowUs ?? 0));
  const seeking = useLabStable((s) => s.timeline?.seeking ?? null);
  const ready = useLab((s) => s.snapshot !== null);
  const left = useLab((s) => s.left);
  const faults = useLabThrottled((s) => s.runFaults, 250);
  const marks = useLabThrottled(
    (s) => (s.oracle.answer?.anomalies ?? []).slice(-MAX_MARKS).map((a) => ({ atUs: a.atUs, kind: a.kind })),
    250,
  );
  // While dragging, the thumb follows the pointer; the worker's picture catches up seek by seek.
  const [dragUs, setDragUs] = useState<number | null>(null);
  // The picture has caught up with the thumb: the thumb follows the run again.
  useEffect(() => {
    setDragUs((drag) => (drag === nowUs ? null : drag));
  }, [nowUs]);
  const span = Math.max(1, endUs);
  const shown = dragUs ?? nowUs;

  const go = (us: number) => {
    const target = Math.round(Math.min(span, Math.max(0, us)));
    setDragUs(target);
    seek(target);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const small = Math.max(1000, span / 100);
    const big = Math.max(10_000, span / 10);
    const moves: Record<string, number> = {
      Home: 0,
      End: span,
      ArrowLeft: shown - small,
      ArrowDown: shown - small,
      ArrowRight: shown + small,
      ArrowUp: shown + small,
      PageDown: shown - big,
      PageUp: shown + big,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    go(target);
  };

  const progress =
    seeking && seeking.toUs > seeking.fromUs
      ? Math.round(((nowUs - seeking.fromUs) / (seeking.toUs - seeking.fromUs)) * 100)
      : null;
  return (
    <div className="scrubber" data-testid="scrubber">
      {/* The bands and marks sit at fractions of --span, so a growing run moves them without re-rendering them. */}
      <div className="scrubber-track" style={{ '--span': span } as CSSProperties}>
        <Bands faults={faults} marks={marks} />
        <input
          type="range"
          className="scrubber-input"
          min={0}
          max={span}
          step={1}
          value={Math.min(span, shown)}
          disabled={!ready}
          aria-label="Set the run's time"
          aria-valuetext={`${ms(shown)} of ${ms(endUs)}`}
          onChange={(e) => go(Number(e.currentTarget.value))}
          onKeyDown={onKeyDown}
          onPointerUp={() => setDragUs(null)}
          onBlur={() => setDragUs(null)}
        />
      </div>
      <div className="scrubber-status">
        <span data-testid="scrubber-end">
          {formatSimTime(shown)} of {ms(endUs)}
        </span>
        {seeking && (
          <span role="status" className="scrubber-seeking">
            Seeking to {ms(seeking.toUs)}
            {progress !== null ? ` (${Math.max(0, progress)}%)` : ''}
            <button type="button" className="ghost" onClick={cancelSeek}>
              Cancel
            </button>
          </span>
        )}
        {left && (
          <button
            type="button"
            onClick={backToLeftRun}
            title={`Load the run you left, at its end (${ms(left.endUs)})`}
          >
            Back to the run you left
          </button>
        )}
      </div>
    </div>
  );
}

/** A fraction of the run as CSS: `us` over the track's --span (the run's end). */
const at = (us: number) => `calc(${us} / var(--span) * 100%)`;

/**
 * The fault bands (an open interval reaches the run's end) and the anomaly marks. Memoised: they re-render when
 * the faults or anomalies change, not on every frame of a playing run.
 */
const Bands = memo(function Bands({
  faults,
  marks,
}: {
  faults: readonly FaultInterval[];
  marks: readonly { readonly atUs: number; readonly kind: AnomalyKind }[];
}) {
  return (
    <div className="scrubber-bands" aria-hidden="true">
      {faults.map((f) => (
        <span
          key={f.id}
          className={`scrubber-band scrubber-band-${f.fault}`}
          data-testid="scrubber-fault"
          data-fault={f.fault}
          title={f.label}
          style={{
            left: at(f.startUs),
            right: f.endUs === null ? 0 : `calc(100% - ${at(f.endUs)})`,
          }}
        />
      ))}
      {marks.map((m, i) => (
        <span
          // Several anomalies can share a time and a kind: the index keeps the keys apart.
          // biome-ignore lint/suspicious/noArrayIndexKey: marks are redrawn whole on every answer.
          key={i}
          className="scrubber-mark"
          data-testid="scrubber-anomaly"
          data-kind={m.kind}
          style={{ left: at(m.atUs) }}
        />
      ))}
    </div>
  );
});
