/**
 * Parts of the page that the first drawn graph does not need, as chunks fetched once it has been drawn
 * (`loadAfterFirstGraph`, firstGraph.ts): the column of controls, the key-moment caption and a node's menu.
 * Each keeps its place meanwhile: the controls' column is there, empty and labelled (the skip link's target), so
 * nothing around it moves; the caption and the menu show only after a moment or a click, which come later.
 * Components import these under the same names as the originals.
 */
import { type ComponentProps, lazy, Suspense, useLayoutEffect, useRef } from 'react';
import type { ControlPanel as ControlPanelType } from './ControlPanel.tsx';
import { loadAfterFirstGraph } from './firstGraph.ts';
import type { NodeMenu as NodeMenuType } from './graph/NodeMenu.tsx';
import type { Caption as CaptionType } from './story/Caption.tsx';

const LazyControlPanel = lazy(
  loadAfterFirstGraph(() => import('./ControlPanel.tsx').then((m) => ({ default: m.ControlPanel }))),
);
const LazyCaption = lazy(
  loadAfterFirstGraph(() => import('./story/Caption.tsx').then((m) => ({ default: m.Caption }))),
);
const LazyNodeMenu = lazy(
  loadAfterFirstGraph(() => import('./graph/NodeMenu.tsx').then((m) => ({ default: m.NodeMenu }))),
);

/**
 * The column as ControlPanel.tsx draws it, without its groups yet. When the real column replaces it, the keyboard
 * follows: a user who took the skip link before the controls arrived would otherwise be left on nothing (the
 * focused element leaves the page).
 */
function EmptyControls() {
  const ref = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    const aside = ref.current;
    return () => {
      // Runs while this column is still in the page, in the commit that puts the real one in its place.
      if (aside && document.activeElement === aside)
        queueMicrotask(() => document.getElementById('controls')?.focus());
    };
  }, []);
  return <aside ref={ref} className="control-panel" id="controls" aria-label="Controls" tabIndex={-1} />;
}

export function ControlPanel(props: ComponentProps<typeof ControlPanelType>) {
  return (
    <Suspense fallback={<EmptyControls />}>
      <LazyControlPanel {...props} />
    </Suspense>
  );
}

export function Caption(props: ComponentProps<typeof CaptionType>) {
  return (
    <Suspense fallback={null}>
      <LazyCaption {...props} />
    </Suspense>
  );
}

export function NodeMenu(props: ComponentProps<typeof NodeMenuType>) {
  return (
    <Suspense fallback={null}>
      <LazyNodeMenu {...props} />
    </Suspense>
  );
}
