/** The run's key moments as small marks on the scrubber's track (under the anomaly marks' row). */
import { memo } from 'react';
import { useLab } from '../hooks.ts';
import { momentTitle } from './momentTitle.ts';
import './story.css';

/** A fraction of the run as CSS: `us` over the track's --span (the run's end), as the scrubber's bands. */
const at = (us: number) => `calc(${us} / var(--span) * 100%)`;

export const MomentMarks = memo(function MomentMarks() {
  const moments = useLab((s) => s.moments);
  return (
    <div className="scrubber-bands moment-marks" aria-hidden="true">
      {moments.map((m) => (
        <span
          key={m.cause}
          className={`moment-mark moment-mark-${m.kind}`}
          data-testid="scrubber-moment"
          data-kind={m.kind}
          title={`${momentTitle(m)} at ${(m.atUs / 1000).toFixed(1)} ms`}
          style={{ left: at(m.atUs) }}
        />
      ))}
    </div>
  );
});
