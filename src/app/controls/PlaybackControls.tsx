/** Play/pause, step, reset, speed, and the simulated clock. */

import { formatSpeed, SPEED_SCALE } from '../format.ts';
import { useLab } from '../hooks.ts';
import { StoryToggle } from '../story/StoryToggle.tsx';
import { replayWithActions, reset, setSpeed, step, togglePlay } from '../worker/simClient.ts';
import { CommitSlider } from './CommitSlider.tsx';
import { ControlGroup } from './ControlGroup.tsx';

export function PlaybackControls() {
  const playing = useLab((s) => s.playing);
  const speed = useLab((s) => s.speed);
  const ready = useLab((s) => s.snapshot !== null);
  const recorded = useLab((s) => (s.scenario?.timeline.length ?? 0) > 0);
  return (
    <ControlGroup id="playback" title="Playback">
      <div className="button-row">
        <button
          type="button"
          className="primary play-button"
          aria-label={playing ? 'Pause' : 'Play'}
          onClick={togglePlay}
          disabled={!ready}
        >
          <span aria-hidden="true" className="icon">
            {playing ? '❚❚' : '▶'}
          </span>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" onClick={step} disabled={!ready} title="Run every event of the next instant">
          Step
        </button>
        <button type="button" onClick={reset} disabled={!ready} title="Restart the scenario from t = 0">
          Reset
        </button>
        <button
          type="button"
          onClick={replayWithActions}
          disabled={!ready || !recorded}
          title="Restart from t = 0 and replay every recorded action at the time it was taken"
        >
          Replay with my actions
        </button>
      </div>
      <CommitSlider
        label="Speed"
        min={0}
        max={SPEED_SCALE.steps}
        value={SPEED_SCALE.toPosition(speed)}
        format={(p) => formatSpeed(p === SPEED_SCALE.toPosition(speed) ? speed : SPEED_SCALE.toValue(p))}
        onCommit={(p) => setSpeed(SPEED_SCALE.toValue(p))}
        live
      />
      <StoryToggle />
    </ControlGroup>
  );
}
