/**
 * The page. Above the fold: the scenario (what it is, what to watch for), the graph, the clock with the place of
 * the time scrubber, the caption of the current moment, and the anomalies found so far. Beside it, the controls
 * in a column that stays in view. Below, the other views of the run as tabs. On a phone the same parts stack in
 * that order, the graph staying at the top while the controls scroll under it.
 */
import { LazyMotion, MotionConfig } from 'motion/react';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { afterFirstGraph } from './firstGraph.ts';
import { warmFonts } from './fontWarmup.ts';
import { Graph } from './graph/Graph.tsx';
import { Legend } from './graph/Legend.tsx';
import { Header } from './header/Header.tsx';
import { ControlPanel } from './lazy.tsx';
import { useModelUi } from './models/registry.ts';
import { loadMotionFeatures } from './motionLoad.ts';
import { Notices } from './Notices.tsx';
import { AnomalyStrip } from './page/AnomalyStrip.tsx';
import { PanelTabs } from './page/PanelTabs.tsx';
import { ScenarioIntro } from './page/ScenarioIntro.tsx';
import { shortcutsStore } from './page/shortcuts.ts';
import { TimeBar } from './page/TimeBar.tsx';

export function App() {
  const ui = useModelUi();
  const { Banner } = ui;
  // The faces a playing run shows and a paused page has not used yet, laid out once while the page is idle, so
  // that the frame a first anomaly appears in does not wait for the system's fonts (fontWarmup.ts).
  useEffect(() => {
    void afterFirstGraph().then(() => warmFonts());
  }, []);
  return (
    // Only the DOM animation features are loaded, as a chunk of their own once the first graph is drawn
    // (motionLoad.ts); components use the lightweight `m` elements. With the system's reduced motion on,
    // motion skips transform animations (cards jump to their new places).
    <LazyMotion features={loadMotionFeatures} strict>
      <MotionConfig reducedMotion="user">
        <div className="app">
          <SkipLink />
          <Header />
          <Notices />
          <main className="workspace">
            <ScenarioIntro />
            {Banner && (
              <div className="stage-banner">
                <Banner />
              </div>
            )}
            <section className="graph-area" aria-label="Simulation">
              <Graph ui={ui} />
            </section>
            <Legend />
            <TimeBar ui={ui} />
            <AnomalyStrip />
            <ControlPanel ui={ui} />
            <PanelTabs ui={ui} />
          </main>
          <Shortcuts />
        </div>
      </MotionConfig>
    </LazyMotion>
  );
}

/**
 * The first stop of the keyboard: straight to the controls. A button that moves focus, not a link to
 * "#controls": the address bar holds the run's link, and a page anchor there would replace it.
 */
function SkipLink() {
  return (
    <button type="button" className="skip-link" onClick={() => document.getElementById('controls')?.focus()}>
      Skip to the controls
    </button>
  );
}

const ShortcutsDialog = lazy(() =>
  import('./page/ShortcutsDialog.tsx').then((m) => ({ default: m.ShortcutsDialog })),
);

/** The shortcuts dialog, its code fetched the first time it is asked for (? or the header's button). */
function Shortcuts() {
  const open = useStore(shortcutsStore, (s) => s.open);
  const [wanted, setWanted] = useState(open);
  if (open && !wanted) setWanted(true);
  return wanted ? (
    <Suspense fallback={null}>
      <ShortcutsDialog />
    </Suspense>
  ) : null;
}
