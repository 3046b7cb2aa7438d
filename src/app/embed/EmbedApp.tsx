/**
 * The embedded player (`&embed`): the scenario's title, the graph, the scrubber and the play controls, sized to
 * fit a 640x400 iframe, with a link that opens the same run on the full page in a new tab. Everything it needs
 * ships with the page: no request leaves after load.
 */
import { LazyMotion } from 'motion/react';
import { useSyncExternalStore } from 'react';
import { withoutEmbed } from '../../codec/fragment.ts';
import { getPreset } from '../../sim/scenarios/presets/catalog.ts';
import { formatSpeed, SPEED_SCALE } from '../format.ts';
import { ShortGraphFrame } from '../graph/frame.ts';
import { Graph } from '../graph/Graph.tsx';
import { useLab } from '../hooks.ts';
import { useModelUi } from '../models/registry.ts';
import { loadMotionFeatures } from '../motionLoad.ts';
import { Notices } from '../Notices.tsx';
import { SimTime } from '../SimTime.tsx';
import { Scrubber } from '../timeline/Scrubber.tsx';
import { setSpeed, step, togglePlay } from '../worker/simClient.ts';
import './embed.css';

function subscribeHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The full page's address for this run: the address bar keeps the run's scenario in its fragment. */
function useFullPageHref(): string {
  const hash = useSyncExternalStore(subscribeHash, () => location.hash);
  // Recomputed on every render too: the address bar follows the recorded scenario without a hashchange.
  void hash;
  return `${location.pathname}${location.search}${withoutEmbed(location.hash)}`;
}

export function EmbedApp() {
  const ui = useModelUi();
  const { Banner } = ui;
  const title = useLab((s) => {
    const source = s.source;
    if (source?.kind === 'preset') return getPreset(source.id)?.title ?? s.scenario?.name ?? '';
    return s.scenario?.name ?? '';
  });
  const href = useFullPageHref();
  return (
    <LazyMotion features={loadMotionFeatures} strict>
      <div className="embed" data-testid="embed">
        <header className="embed-top">
          <h1 className="embed-title" title={title || undefined}>
            {title || 'Replication Lab'}
          </h1>
          <SimTime />
          <a className="embed-open" href={href} target="_blank" rel="noopener noreferrer">
            Open in Replication Lab
            <span aria-hidden="true"> ↗</span>
          </a>
        </header>
        <Notices />
        {Banner && <Banner />}
        <main className="embed-stage" aria-label="Simulation">
          {/* A short, wide frame: the layouts that can spend less height do (the leaderless ring). */}
          <ShortGraphFrame.Provider value={true}>
            <Graph ui={ui} />
          </ShortGraphFrame.Provider>
        </main>
        <Scrubber />
        <EmbedControls />
      </div>
    </LazyMotion>
  );
}

function EmbedControls() {
  const playing = useLab((s) => s.playing);
  const speed = useLab((s) => s.speed);
  const ready = useLab((s) => s.snapshot !== null);
  const position = SPEED_SCALE.toPosition(speed);
  return (
    <fieldset className="embed-controls" aria-label="Playback">
      <button type="button" className="primary" onClick={togglePlay} disabled={!ready}>
        <span aria-hidden="true">{playing ? '❚❚ ' : '▶ '}</span>
        {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" onClick={step} disabled={!ready} title="Run every event of the next instant">
        Step
      </button>
      <label className="embed-speed">
        Speed
        <input
          type="range"
          min={0}
          max={SPEED_SCALE.steps}
          value={position}
          aria-valuetext={formatSpeed(speed)}
          onChange={(e) => setSpeed(SPEED_SCALE.toValue(Number(e.target.value)))}
        />
        <output>{formatSpeed(speed)}</output>
      </label>
    </fieldset>
  );
}
