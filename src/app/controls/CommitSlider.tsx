/**
 * A labelled range input that commits on release (the native `change` event: pointer up, or each arrow key)
 * rather than on every pixel of a drag, so a drag records one action in the timeline, not hundreds. While
 * dragging, the label shows the value under the thumb. Before the run's first snapshot there is no value to
 * show (`value` null): the slider is disabled and reads "–" rather than a made-up default.
 */
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';

interface Props {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly step?: number;
  /** The committed position, derived from the latest snapshot; null while there is none. */
  readonly value: number | null;
  readonly format: (position: number) => string;
  readonly onCommit: (position: number) => void;
  readonly disabled?: boolean;
  readonly hint?: ReactNode;
  /** Commit on every input too: for settings that are not recorded in the timeline (speed). */
  readonly live?: boolean;
  /** The value is long text (the sides of a partition): it goes on its own line under the label. */
  readonly wrapValue?: boolean;
}

/** How long a committed draft is kept when the snapshot does not move to it (for example, no change). */
const DRAFT_HOLD_MS = 600;

export function CommitSlider(props: Props) {
  const { label, min, max, step = 1, value, format, onCommit, disabled, hint, live, wrapValue } = props;
  const id = useId();
  const ref = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState<number | null>(null);
  const commit = useRef(onCommit);
  commit.current = onCommit;

  // The snapshot caught up with the committed value (or something else changed it): show the truth.
  // biome-ignore lint/correctness/useExhaustiveDependencies: value is the trigger, not a read.
  useEffect(() => setDraft(null), [value]);

  useEffect(() => {
    const input = ref.current;
    if (!input) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onChange = () => {
      const position = Number(input.value);
      setDraft(position);
      commit.current(position);
      clearTimeout(timer);
      timer = setTimeout(() => setDraft(null), DRAFT_HOLD_MS);
    };
    input.addEventListener('change', onChange);
    return () => {
      input.removeEventListener('change', onChange);
      clearTimeout(timer);
    };
  }, []);

  const known = draft ?? value;
  const shown = known ?? min;
  return (
    <div className="field slider-field">
      <div className={wrapValue ? 'field-row field-row-wrap' : 'field-row'}>
        <label htmlFor={id}>{label}</label>
        <output htmlFor={id} className="field-value">
          {known === null ? '–' : format(known)}
        </output>
      </div>
      <input
        ref={ref}
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={shown}
        disabled={disabled || known === null}
        aria-valuetext={known === null ? 'not known yet' : format(known)}
        onChange={(event) => {
          const position = Number(event.currentTarget.value);
          setDraft(position);
          if (live) onCommit(position);
        }}
      />
      {hint && <div className="field-hint">{hint}</div>}
    </div>
  );
}
