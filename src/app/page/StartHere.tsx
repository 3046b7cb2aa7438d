/**
 * The start-here path: a newcomer's first six presets (the three examples of the project's brief, then one
 * telling anomaly per model; see START_HERE), stepped through with Previous and Next. Off the path, one button
 * leads onto it.
 */
import { START_HERE } from '../../sim/scenarios/presets/catalog.ts';
import { useLab } from '../hooks.ts';
import { loadPreset } from '../presets.ts';

export function StartHere() {
  const current = useLab((s) => (s.source.kind === 'preset' ? s.source.id : null));
  const index = START_HERE.findIndex((p) => p.id === current);
  if (index < 0)
    return (
      <nav className="start-here" aria-label="Start here">
        <button
          type="button"
          className="link-button"
          onClick={() => loadPreset(START_HERE[0]?.id ?? '')}
          title="Six presets that introduce replication one step at a time"
        >
          New here? Start the tour
        </button>
      </nav>
    );
  const previous = START_HERE[index - 1];
  const next = START_HERE[index + 1];
  return (
    <nav className="start-here" aria-label="Start here" data-testid="start-here">
      <span className="start-here-step">
        Tour {index + 1} of {START_HERE.length}
      </span>
      <button
        type="button"
        disabled={!previous}
        onClick={() => previous && loadPreset(previous.id)}
        title={previous ? `Back to “${previous.title}”` : undefined}
      >
        <span aria-hidden="true">‹</span> Previous
      </button>
      <button
        type="button"
        disabled={!next}
        onClick={() => next && loadPreset(next.id)}
        title={next ? `On to “${next.title}”` : 'The last step: pick any preset from the list'}
      >
        Next <span aria-hidden="true">›</span>
      </button>
    </nav>
  );
}
