/** What the message colours mean, and the heartbeat toggle. */
import { useId } from 'react';
import { useLab } from '../hooks.ts';
import { MESSAGE_KINDS } from '../kinds.ts';
import { setShowHeartbeats } from '../store.ts';

export function Legend() {
  const showHeartbeats = useLab((s) => s.showHeartbeats);
  const id = useId();
  return (
    <div className="legend">
      <ul aria-label="Message colours">
        {MESSAGE_KINDS.map(({ kind, label }) => (
          <li key={kind}>
            <svg width="12" height="12" aria-hidden="true">
              <circle cx="6" cy="6" r="5" className={`message kind-${kind}`} />
            </svg>
            {label}
          </li>
        ))}
        <li>
          <svg width="12" height="12" aria-hidden="true">
            <path d="M 2 2 L 10 10 M 10 2 L 2 10" className="drop-x" />
          </svg>
          dropped
        </li>
      </ul>
      <div className="legend-toggle">
        <input
          id={id}
          type="checkbox"
          checked={showHeartbeats}
          onChange={(e) => setShowHeartbeats(e.currentTarget.checked)}
        />
        <label htmlFor={id}>Show heartbeats</label>
      </div>
    </div>
  );
}
