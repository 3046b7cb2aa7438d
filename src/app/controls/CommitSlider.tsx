/**
 * A labelled range input that commits on release (the native `change` event: pointer up, or each arrow key)
 * rather than on every pixel of a drag, so a drag records one action in the timeline, not hundreds. While
 * dragging, the label shows the value under the thumb.
 */
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';

interface Props {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly step?: number;
  /** The committed position, derived from the latest snapshot. */
  readonly value: number;
  readonly format: (position: number) => string;
  readonly onCommit: (position: number) => void;
  readonly disabled?: boolean;
  readonly hint?: ReactNode;
  /** Commit on every input too: for settings that are not recorded in the timeline (speed). */
  readonly live?: boolean;
}

/** How long a committed draft is kept when the snapshot does not move to it (for example, no change). */
const DRAFT_HOLD_MS = 600;

export function CommitSlider(props: Props) {
  const { label, min, max, step = 1, value, format, onCommit, disabled, hint, live } = props;
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

  const shown = draft ?? value;
  return (
    <div className="field slider-field">
      <div className="field-row">
        <label htmlFor={id}>{label}</label>
        <output htmlFor={id} className="field-value">
          {format(shown)}
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
        disabled={disabled}
        aria-valuetext={format(shown)}
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
