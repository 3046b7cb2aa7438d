/**
 * The run's time as a slider under the graph: it spans the run so far (0 to the furthest time this branch has
 * reached), with the fault intervals drawn as bands and the oracle's anomalies as marks. Dragging it, or Home,
 * End, the arrow keys and Page Up/Down, shows that moment of the run in every view (the worker replays from its
 * nearest checkpoint). A long seek shows its progress and can be cancelled. Acting while the cursor is before
 * the end forks the run; "Back to the run you left" then loads the run left behind at its end.
 */
import { type KeyboardEvent, memo, useCallback, useLayoutEffect, useRef } from 'react';
import type { FaultInterval } from '../../sim/engine/messageLog.ts';
import type { AnomalyKind } from '../../sim/oracle/oracle.ts';
import { formatSimTime } from '../format.ts';
import { setText, useLab, useLabStable, useLabThrottled } from '../hooks.ts';
import { type LabState, labStore } from '../store.ts';
import { MomentMarks } from '../story/MomentMarks.tsx';
import { backToLeftRun, cancelSeek, seek } from '../worker/simClient.ts';
import './scrubber.css';

const msFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const ms = (us: number) => `${msFormat.format(us / 1000)} ms`;
/** Anomaly marks drawn at most: more would be ink (the Anomalies panel lists them all). */
const MAX_MARKS = 200;

export function Scrubber() {
  const ready = useLab((s) => s.snapshot !== null);
  const faults = useLabThrottled((s) => s.runFaults, 250);
  const marks = useLabThrottled(
    (s) => (s.oracle.answer?.anomalies ?? []).slice(-MAX_MARKS).map((a) => ({ atUs: a.atUs, kind: a.kind })),
    250,
  );
  const { trackRef, inputRef, textRef, go, onKeyDown, release } = useThumb();
  return (
    <div className="scrubber" data-testid="scrubber">
      {/* The bands and marks sit at fractions of --span, so a growing run moves them without re-rendering them. */}
      <div ref={trackRef} className="scrubber-track">
        <Bands faults={faults} marks={marks} />
        <MomentMarks />
        <input
          ref={inputRef}
          type="range"
          className="scrubber-input"
          min={0}
          step={1}
          disabled={!ready}
          aria-label="Set the run's time"
          onChange={(e) => go(Number(e.currentTarget.value))}
          onKeyDown={onKeyDown}
          onPointerUp={release}
          onBlur={release}
        />
      </div>
      <div className="scrubber-status">
        <span ref={textRef} data-testid="scrubber-end" />
        <SeekProgress />
        <BackToLeftRun />
      </div>
    </div>
  );
}

/** The run's time and end as the scrubber shows them (the end is never before the time shown). */
function runSpan(state: LabState): { nowUs: number; endUs: number } {
  const nowUs = state.snapshot?.nowUs ?? 0;
  return { nowUs, endUs: Math.max(state.timeline?.runEndUs ?? 0, nowUs) };
}

/**
 * Where the thumb is, written straight into the slider, its track and its text by a store subscription: a playing
 * run moves them every frame without rendering the scrubber. While dragging the thumb follows the pointer, and
 * the worker's picture catches up seek by seek; once the picture has caught up (or the drag ends) it follows the
 * run again. `go` seeks, clamped to the run.
 */
function useThumb() {
  const trackRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const textRef = useRef<HTMLSpanElement>(null);
  const drag = useRef<number | null>(null);
  const write = useCallback((state: LabState) => {
    const { nowUs, endUs } = runSpan(state);
    if (drag.current === nowUs) drag.current = null;
    const span = String(Math.max(1, endUs));
    const shown = drag.current ?? nowUs;
    const input = inputRef.current;
    const track = trackRef.current;
    if (track && track.style.getPropertyValue('--span') !== span) track.style.setProperty('--span', span);
    if (input) {
      if (input.max !== span) input.max = span;
      const value = String(Math.min(Number(span), shown));
      if (input.value !== value) input.value = value;
      input.setAttribute('aria-valuetext', `${ms(shown)} of ${ms(endUs)}`);
    }
    const text = `${formatSimTime(shown)} of ${ms(endUs)}`;
    if (textRef.current && textRef.current.textContent !== text) setText(textRef.current, text);
  }, []);
  useLayoutEffect(() => {
    write(labStore.getState());
    return labStore.subscribe(write);
  }, [write]);
  const go = (us: number) => {
    const { endUs } = runSpan(labStore.getState());
    const target = Math.round(Math.min(Math.max(1, endUs), Math.max(0, us)));
    drag.current = target;
    write(labStore.getState());
    seek(target);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const state = labStore.getState();
    const { nowUs, endUs } = runSpan(state);
    const target = keyTarget(event.key, drag.current ?? nowUs, Math.max(1, endUs));
    if (target === undefined) return;
    event.preventDefault();
    go(target);
  };
  const release = () => {
    drag.current = null;
    write(labStore.getState());
  };
  return { trackRef, inputRef, textRef, go, onKeyDown, release };
}

/** Where a key moves the thumb: Home and End, a hundredth of the run by arrow, a tenth by page (or undefined). */
function keyTarget(key: string, shown: number, span: number): number | undefined {
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
  return moves[key];
}

/** A long seek's target and progress, with Cancel (renders only while a seek is under way). */
function SeekProgress() {
  const seeking = useLabStable((s) => s.timeline?.seeking ?? null);
  const nowUs = useLab((s) => (s.timeline?.seeking ? (s.snapshot?.nowUs ?? 0) : 0));
  if (!seeking) return null;
  const progress =
    seeking.toUs > seeking.fromUs
      ? Math.round(((nowUs - seeking.fromUs) / (seeking.toUs - seeking.fromUs)) * 100)
      : null;
  return (
    <span role="status" className="scrubber-seeking">
      Seeking to {ms(seeking.toUs)}
      {progress !== null ? ` (${Math.max(0, progress)}%)` : ''}
      <button type="button" className="ghost" onClick={cancelSeek}>
        Cancel
      </button>
    </span>
  );
}

/** After a fork: loads the run left behind, at its end. */
function BackToLeftRun() {
  const left = useLab((s) => s.left);
  if (!left) return null;
  return (
    <button
      type="button"
      onClick={backToLeftRun}
      title={`Load the run you left, at its end (${ms(left.endUs)})`}
    >
      Back to the run you left
    </button>
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
