/** The loaded scenario's title and what to watch for, beside the graph. */
import { getPreset } from '../sim/presets.ts';
import { useLab } from './hooks.ts';

export function ScenarioSummary() {
  const source = useLab((s) => s.source);
  const name = useLab((s) => s.scenario?.name ?? '');
  const description = useLab((s) => s.scenario?.description ?? '');
  const actions = useLab((s) => s.scenario?.timeline.length ?? 0);
  const preset = source.kind === 'preset' ? getPreset(source.id) : undefined;
  return (
    <section className="scenario-summary" aria-label="Scenario summary">
      <h2>{preset?.title ?? name}</h2>
      <p>{preset?.summary ?? (description || 'A custom scenario.')}</p>
      <p className="timeline-count">
        {actions} timed {actions === 1 ? 'action' : 'actions'} in the timeline
      </p>
    </section>
  );
}
