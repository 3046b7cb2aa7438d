/**
 * The store's story slice: story mode (playback stops at each key moment) or free mode (it plays through), the
 * run's key moments as the worker found them (the scrubber marks them), and the moments playback is stopped
 * at (the caption shows them). The worker decides where to stop; this only keeps what it said.
 */
import type { Moment } from '../../sim/analysis/moments.ts';
import type { StoryView } from '../../worker/protocol.ts';

export type StoryMode = 'story' | 'free';

export interface StorySlice {
  readonly storyMode: StoryMode;
  /** Every key moment found on the run's branch so far, in time order. */
  readonly moments: readonly Moment[];
  /** The moments playback is stopped at (the first is the caption's), or null while none is shown. */
  readonly stoppedAt: readonly Moment[] | null;
}

/** The choice is remembered in the browser, so a returning user keeps it. */
export const STORY_STORAGE_KEY = 'replication-lab.story';

export function savedStoryMode(): StoryMode {
  try {
    return globalThis.localStorage?.getItem(STORY_STORAGE_KEY) === 'free' ? 'free' : 'story';
  } catch {
    // Storage can be refused (a sandboxed frame, privacy settings): the default is the story.
    return 'story';
  }
}

export function initialStory(): StorySlice {
  return { storyMode: savedStoryMode(), moments: [], stoppedAt: null };
}

const sameMoments = (a: readonly Moment[] | null, b: readonly Moment[] | null) =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.length === b.length &&
    a.every((m, i) => m.cause === b[i]?.cause && m.atUs === b[i]?.atUs));

/**
 * What a snapshot's story changes in the slice. Every snapshot carries the story afresh (structured clones),
 * so unchanged lists keep their old identity and nothing that shows them re-renders.
 */
export function storyFromSnapshot(state: StorySlice, view: StoryView | undefined): Partial<StorySlice> {
  if (!view) return {};
  const out: { moments?: readonly Moment[]; stoppedAt?: readonly Moment[] | null } = {};
  if (!sameMoments(state.moments, view.moments)) out.moments = view.moments;
  if (!sameMoments(state.stoppedAt, view.stopped)) out.stoppedAt = view.stopped;
  return out;
}
