/**
 * The presets' whole stories (stories.json, folded away under the scenario's intro) are a chunk of their own:
 * the first visit draws the graph without them, and they arrive after it.
 */
import { useEffect, useState } from 'react';
import { loadStories } from '../../sim/scenarios/presets/catalog.ts';
import { afterFirstGraph } from '../firstGraph.ts';

let stories: Readonly<Record<string, string>> | null = null;
let loading: Promise<void> | null = null;

/** A preset's whole story, or undefined until the stories have arrived (fetched on first use). */
export function usePresetStory(id: string | undefined): string | undefined {
  const [, setLoaded] = useState(stories !== null);
  useEffect(() => {
    if (stories) return;
    let live = true;
    loading ??= afterFirstGraph()
      .then(loadStories)
      .then((all) => {
        stories = all;
      });
    void loading.then(() => {
      if (live) setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, []);
  return id === undefined ? undefined : stories?.[id];
}
