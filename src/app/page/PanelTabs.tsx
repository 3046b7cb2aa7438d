/**
 * Everything below the graph, one tab at a time: the space-time diagram with the client history timeline, the
 * selected replica's state, the metrics, the comparison of models, the history (lost writes, anomalies, the
 * operations), the search for a failing run, and the loaded model's own panels (its record's `panels` placed in a tab). The open tab is
 * remembered; a model panel's tab falls back to the diagram when another model is loaded.
 */
import { ComparePanel } from '../compare/ComparePanel.tsx';
import { HistoryPanel } from '../HistoryPanel.tsx';
import { MetricsPanel } from '../metrics/MetricsPanel.tsx';
import type { ModelUi } from '../models/types.ts';
import { ReplicaPanel } from '../ReplicaPanel.tsx';
import { SearchPanel } from '../search/SearchPanel.tsx';
import { SpaceTimePanel } from '../spacetime/SpaceTimePanel.tsx';
import { HISTORY_TAB } from './AnomalyStrip.tsx';
import { DEFAULT_TAB, selectTab, usePrefs } from './prefs.ts';
import { type TabSpec, Tabs } from './Tabs.tsx';

export function PanelTabs({ ui }: { ui: ModelUi }) {
  const chosen = usePrefs((s) => s.tab);
  const tabs: TabSpec[] = [
    { id: DEFAULT_TAB, label: 'Diagram', render: () => <SpaceTimePanel /> },
    { id: 'replica', label: 'Replica state', render: () => <ReplicaPanel ui={ui} /> },
    { id: 'metrics', label: 'Metrics', render: () => <MetricsPanel /> },
    { id: 'compare', label: 'Compare', render: () => <ComparePanel /> },
    { id: HISTORY_TAB, label: 'History', render: () => <HistoryPanel ui={ui} /> },
    { id: 'search', label: 'Find a failure', render: () => <SearchPanel /> },
    ...ui.panels
      .filter((p) => p.place === 'tab')
      .map((p) => ({ id: p.id, label: p.title, render: () => <p.Component /> })),
  ];
  const selected = tabs.some((t) => t.id === chosen) ? chosen : DEFAULT_TAB;
  return (
    <section className="panel-tabs" aria-label="Views of the run" id="views">
      <Tabs label="Views of the run" tabs={tabs} selected={selected} onSelect={selectTab} />
    </section>
  );
}
