/**
 * The page: header, notices, the graph with its summary and legend, the linked views (space-time diagram,
 * history timeline, replica state), the metrics, the comparison of models, the controls, and the history.
 */
import { domAnimation, LazyMotion } from 'motion/react';
import { ControlPanel } from './ControlPanel.tsx';
import { ComparePanel } from './compare/ComparePanel.tsx';
import { Graph } from './graph/Graph.tsx';
import { Legend } from './graph/Legend.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { Header } from './header/Header.tsx';
import { MetricsPanel } from './metrics/MetricsPanel.tsx';
import { useModelUi } from './models/registry.ts';
import { Notices } from './Notices.tsx';
import { ReplicaPanel } from './ReplicaPanel.tsx';
import { ScenarioSummary } from './ScenarioSummary.tsx';
import { SimTime } from './SimTime.tsx';
import { SearchPanel } from './search/SearchPanel.tsx';
import { SpaceTimePanel } from './spacetime/SpaceTimePanel.tsx';
import { Scrubber } from './timeline/Scrubber.tsx';

export function App() {
  const ui = useModelUi();
  const { Status, Banner } = ui;
  return (
    // Only the DOM animation features are loaded; components use the lightweight `m` elements.
    <LazyMotion features={domAnimation} strict>
      <div className="app">
        <Header />
        <Notices />
        <main className="workspace">
          <section className="stage" aria-label="Simulation">
            <div className="stage-top">
              <ScenarioSummary />
              <div className="stage-status">
                <SimTime />
                <Status />
              </div>
            </div>
            {Banner && <Banner />}
            <Graph ui={ui} />
            <Scrubber />
            <Legend />
            {ui.panels
              .filter((p) => p.place === 'stage')
              .map((p) => (
                <p.Component key={p.id} />
              ))}
            <SpaceTimePanel />
            <ReplicaPanel ui={ui} />
            <MetricsPanel />
            <ComparePanel />
            <SearchPanel />
          </section>
          <ControlPanel ui={ui} />
          <HistoryPanel ui={ui} />
        </main>
      </div>
    </LazyMotion>
  );
}
