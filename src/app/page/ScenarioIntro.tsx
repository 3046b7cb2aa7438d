/**
 * The loaded scenario, above the graph: its title, one line on what you will see, what to watch for (the anomaly
 * kinds the preset exists to show, or what its fix prevents), the start-here path, and, folded away, the whole
 * story with the run's technical details (the trace hash, the timed actions).
 */
import { getPreset, type PresetInfo as Preset } from '../../sim/scenarios/presets/catalog.ts';
import { useLab } from '../hooks.ts';
import { KIND_LABELS } from '../oracle/oracle.ts';
import { usePresetStory } from './presetStory.ts';
import { StartHere } from './StartHere.tsx';
import { TraceHash } from './TraceHash.tsx';

export function ScenarioIntro() {
  const source = useLab((s) => s.source);
  const name = useLab((s) => s.scenario?.name ?? '');
  const description = useLab((s) => s.scenario?.description ?? '');
  const actions = useLab((s) => s.scenario?.timeline.length ?? 0);
  const preset = source.kind === 'preset' ? getPreset(source.id) : undefined;
  const presetStory = usePresetStory(preset?.id);
  const story = preset
    ? (presetStory ?? '')
    : description || 'A custom scenario: no story was written for it.';
  return (
    <section className="scenario-intro" aria-label="Scenario summary" data-testid="scenario-intro">
      <div className="intro-head">
        <h2>{preset?.title ?? (name || 'Loading the scenario…')}</h2>
        <StartHere />
      </div>
      <p className="intro-summary" data-testid="intro-summary">
        {preset?.summary ?? (description || 'A scenario opened from a file or a link.')}
      </p>
      <div className="intro-more">
        {preset && <WatchFor preset={preset} />}
        <details className="intro-details">
          <summary>The whole story</summary>
          <p className="intro-story">{story}</p>
          <p className="intro-facts">
            <span className="timeline-count">
              {actions} timed {actions === 1 ? 'action' : 'actions'} in the scenario’s timeline (faults,
              operations and the ones you take).
            </span>{' '}
            <TraceHash />
          </p>
        </details>
      </div>
    </section>
  );
}

/**
 * The anomaly kinds to look for; for a fixed variant, the kinds it prevents and the twin that shows them; for a
 * preset about no anomaly, its own words (`watch`).
 */
function WatchFor({ preset }: { preset: Preset }) {
  const twin = preset.fixes ? getPreset(preset.fixes) : undefined;
  if (twin)
    return (
      <p className="intro-watch" data-testid="intro-watch">
        <span className="intro-watch-label">Watch for:</span> no{' '}
        {twin.shows.map((k) => KIND_LABELS[k]).join(' or ')}, which its twin “{twin.title}” shows.
        {preset.watch && ` But ${preset.watch}`}
      </p>
    );
  if (preset.watch)
    return (
      <p className="intro-watch" data-testid="intro-watch">
        <span className="intro-watch-label">Watch for:</span> {preset.watch}
      </p>
    );
  if (preset.shows.length === 0) return null;
  return (
    <p className="intro-watch" data-testid="intro-watch">
      <span className="intro-watch-label">Watch for:</span>{' '}
      {preset.shows.map((kind, i) => (
        <span key={kind}>
          {i > 0 && ', '}
          <span className={`watch-kind tag-${kind}`}>{KIND_LABELS[kind]}</span>
        </span>
      ))}
      , counted under the graph as they happen.
    </p>
  );
}
