/** The loaded scenario's title and what to watch for, beside the graph. */
import { useState } from 'react';
import { getPreset } from '../sim/scenarios/presets/index.ts';
import { useLab } from './hooks.ts';

export function ScenarioSummary() {
  const source = useLab((s) => s.source);
  const name = useLab((s) => s.scenario?.name ?? '');
  const description = useLab((s) => s.scenario?.description ?? '');
  const actions = useLab((s) => s.scenario?.timeline.length ?? 0);
  const [expanded, setExpanded] = useState(false);
  const preset = source.kind === 'preset' ? getPreset(source.id) : undefined;
  const summary = preset?.explanation ?? (description || 'A custom scenario.');
  return (
    <section className="scenario-summary" aria-label="Scenario summary">
      <h2>{preset?.title ?? name}</h2>
      <p className={expanded ? 'summary-text' : 'summary-text clamped'}>{summary}</p>
      <div className="summary-footer">
        {summary.length > 160 && (
          <button type="button" className="link-button" onClick={() => setExpanded(!expanded)}>
            {expanded ? 'Show less' : 'Read more'}
          </button>
        )}
        <span className="timeline-count">
          {actions} timed {actions === 1 ? 'action' : 'actions'} in the timeline
        </span>
      </div>
    </section>
  );
}
