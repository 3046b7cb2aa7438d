/** Story or free: whether playback stops at each key moment the run reveals, or plays straight through. */
import { useId } from 'react';
import { useLab } from '../hooks.ts';
import { setStoryMode } from './story.ts';
import type { StoryMode } from './storyState.ts';
import './story.css';

const CHOICES: readonly { readonly mode: StoryMode; readonly label: string }[] = [
  { mode: 'story', label: 'Story: stops at key moments' },
  { mode: 'free', label: 'Free: plays through' },
];

export function StoryToggle() {
  const name = useId();
  const mode = useLab((s) => s.storyMode);
  return (
    <fieldset className="story-toggle" data-testid="story-toggle">
      <legend className="visually-hidden">Playback mode</legend>
      {CHOICES.map((c) => (
        <label key={c.mode} className={mode === c.mode ? 'story-choice chosen' : 'story-choice'}>
          <input
            type="radio"
            name={name}
            value={c.mode}
            checked={mode === c.mode}
            onChange={() => setStoryMode(c.mode)}
          />
          {c.label}
        </label>
      ))}
    </fieldset>
  );
}
