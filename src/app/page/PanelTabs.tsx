/**
 * Everything below the graph, one tab at a time: the space-time diagram with the client history timeline, the
 * selected replica's state, the metrics, the comparison of models, the history (lost writes, anomalies, the
 * operations), the search for a failing run, and the loaded model's own panels (its record's `panels` placed in a tab). The open tab is
 * remembered; a model panel's tab falls back to the diagram when another model is loaded.
 *
 * Each view is its own chunk, loaded when its tab is first opened (a labelled line stands in meanwhile), so the
 * first visit fetches only the code that draws the graph.
 */
import { lazy, type ReactElement } from 'react';
import { loadAfterFirstGraph } from '../firstGraph.ts';
import type { ModelUi } from '../models/types.ts';
import { HISTORY_TAB } from './AnomalyStrip.tsx';
import { DEFAULT_TAB, selectTab, usePrefs } from './prefs.ts';
import { type TabSpec, Tabs } from './Tabs.tsx';
import { LazyView } from './ViewLoading.tsx';

// Each view's chunk is fetched when its tab is first shown, but never before the first graph is drawn.
const SpaceTimePanel = lazy(
  loadAfterFirstGraph(() =>
    import('../spacetime/SpaceTimePanel.tsx').then((m) => ({ default: m.SpaceTimePanel })),
  ),
);
const ReplicaPanel = lazy(
  loadAfterFirstGraph(() => import('../ReplicaPanel.tsx').then((m) => ({ default: m.ReplicaPanel }))),
);
const MetricsPanel = lazy(
  loadAfterFirstGraph(() => import('../metrics/MetricsPanel.tsx').then((m) => ({ default: m.MetricsPanel }))),
);
const ComparePanel = lazy(
  loadAfterFirstGraph(() => import('../compare/ComparePanel.tsx').then((m) => ({ default: m.ComparePanel }))),
);
const HistoryPanel = lazy(
  loadAfterFirstGraph(() => import('../HistoryPanel.tsx').then((m) => ({ default: m.HistoryPanel }))),
);
const SearchPanel = lazy(
  loadAfterFirstGraph(() => import('../search/SearchPanel.tsx').then((m) => ({ default: m.SearchPanel }))),
);

export function PanelTabs({ ui }: { ui: ModelUi }) {
  const chosen = usePrefs((s) => s.tab);
  const tabs: TabSpec[] = [
    { id: DEFAULT_TAB, label: 'Diagram', render: () => view('the diagram', <SpaceTimePanel />) },
    {
      id: 'replica',
      label: 'Replica state',
      render: () => view('the replica state', <ReplicaPanel ui={ui} />),
    },
    { id: 'metrics', label: 'Metrics', render: () => view('the metrics', <MetricsPanel />) },
    { id: 'compare', label: 'Compare', render: () => view('the comparison', <ComparePanel />) },
    { id: HISTORY_TAB, label: 'History', render: () => view('the history', <HistoryPanel ui={ui} />) },
    { id: 'search', label: 'Find a failure', render: () => view('Find a failure', <SearchPanel />) },
    ...ui.panels
      .filter((p) => p.place === 'tab')
      .map((p) => ({ id: p.id, label: p.title, render: () => view(p.title, <p.Component />) })),
  ];
  const selected = tabs.some((t) => t.id === chosen) ? chosen : DEFAULT_TAB;
  return (
    <section className="panel-tabs" aria-label="Views of the run" id="views">
      <Tabs label="Views of the run" tabs={tabs} selected={selected} onSelect={selectTab} />
    </section>
  );
}

function view(what: string, element: ReactElement) {
  return <LazyView what={what}>{element}</LazyView>;
}
