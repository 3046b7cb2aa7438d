/** The story's actions: switch between story and free mode, continue after a stop. */
import { labStore } from '../store.ts';
import { simClient } from '../worker/simClient.ts';
import { STORY_STORAGE_KEY, type StoryMode } from './storyState.ts';

export function setStoryMode(mode: StoryMode): void {
  labStore.setState({ storyMode: mode, ...(mode === 'free' ? { stoppedAt: null } : {}) });
  try {
    globalThis.localStorage?.setItem(STORY_STORAGE_KEY, mode);
  } catch {
    // Not remembered where storage is refused; the choice still holds for this page.
  }
  simClient.send({ type: 'setStory', on: mode === 'story' });
}

/** Resumes playback after a stop at a key moment. */
export function continueStory(): void {
  labStore.setState({ stoppedAt: null });
  simClient.send({ type: 'continue' });
}
