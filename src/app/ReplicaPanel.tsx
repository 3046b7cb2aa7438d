/**
 * The selected replica's state, one of the linked views: its role, term and log positions, every key it holds
 * (value in full, version, siblings and version vector), and the operations it served among the recent
 * history. It follows the selection of the other views (hovering a node, a diagram lane, an operation, selecting
 * an anomaly), and otherwise shows the replica chosen in its own list or from a node's menu on the graph
 * ("Show all its data"). Hovering one of its operations points at it in the timeline, the diagram and the
 * history.
 */
import { useEffect, useId } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { KeyValueView, NodeView, Operation } from '../sim/types.ts';
import { formatMs } from './format.ts';
import { deposedLeaders } from './graph/deposed.ts';
import { useLab, useLabThrottled } from './hooks.ts';
import type { ModelUi } from './models/types.ts';
import { hoverOperation, pinOperation, useOracle } from './oracle/oracle.ts';
import { selectNode } from './store.ts';
import { showInDetail } from './worker/simClient.ts';
import './replica.css';

const REFRESH_MS = 250;
const MAX_KEYS = 40;
const MAX_OPS = 12;
const NO_NODES: readonly NodeView[] = [];
const NO_OPS: readonly Operation[] = [];

/** The replica chosen in the panel's list (or from a node's menu): shown when no other view selects one. */
const choiceStore = createStore<{ chosen: string | null }>()(() => ({ chosen: null }));

/** Makes the panel show this replica (the node's menu on the graph, "Show all its data"). */
export function showReplica(node: string): void {
  choiceStore.setState({ chosen: node });
}

export function ReplicaPanel({ ui }: { ui: ModelUi }) {
  const views = useLabThrottled((s) => s.snapshot?.nodes ?? NO_NODES, REFRESH_MS);
  const nodes = views.map((n) => n.id);
  const selected = useLab((s) => s.selectedNode);
  const chosen = useStore(choiceStore, (s) => s.chosen);
  const shown =
    selected && nodes.includes(selected) ? selected : chosen && nodes.includes(chosen) ? chosen : nodes[0];
  const view = views.find((n) => n.id === shown) ?? null;
  const deposed = useLabThrottled((s) => deposedLeaders(s.snapshot?.nodes, s.snapshot?.view), REFRESH_MS);
  // On a large cluster the worker sends keys only for the nodes shown in full: this one.
  useEffect(() => showInDetail(shown ? [shown] : []), [shown]);
  const selectId = useId();
  if (nodes.length === 0 || !shown) return null;

  return (
    <section className="replica-panel" aria-labelledby={`${selectId}-h`} data-testid="replica-panel">
      <div className="replica-header">
        <h2 id={`${selectId}-h`}>Replica state</h2>
        <label htmlFor={selectId}>Replica</label>
        <select
          id={selectId}
          value={shown}
          onChange={(e) => {
            // The choice is also the selection the other views follow (and it replaces theirs).
            showReplica(e.target.value);
            selectNode(e.target.value);
          }}
        >
          {nodes.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        {selected === shown && selected !== chosen && (
          <span className="replica-following">following the selection in the other views</span>
        )}
      </div>
      {view && (
        <>
          <p className="replica-meta" data-testid="replica-meta">
            <strong>{view.id}</strong> {ui.replicaSummary(view, deposed.includes(view.id))}
          </p>
          <div className="replica-grid">
            <KeyTable view={view} />
            <ServedOperations node={view.id} />
          </div>
        </>
      )}
      {view && view.data.length > MAX_KEYS && (
        <p className="empty">and {view.data.length - MAX_KEYS} more keys</p>
      )}
    </section>
  );
}

/** Every key the replica holds, each value whole (the graph's cards cut long ones). */
function KeyTable({ view }: { view: NodeView }) {
  return (
    <table className="replica-data" aria-label={`Keys held by ${view.id}`}>
      <thead>
        <tr>
          <th scope="col">key</th>
          <th scope="col">value</th>
          <th scope="col" className="num">
            version
          </th>
        </tr>
      </thead>
      <tbody>
        {view.data.length === 0 && (
          <tr>
            <td colSpan={3} className="empty">
              {view.dataOmitted ? `${view.dataOmitted} keys, loading…` : 'No data yet.'}
            </td>
          </tr>
        )}
        {view.data.slice(0, MAX_KEYS).map((d: KeyValueView) => (
          <tr key={d.key}>
            <td className="mono">{d.key}</td>
            <td className="mono replica-value">
              {d.siblings && d.siblings.length > 1 ? (
                <span title="concurrent values (siblings)">{d.siblings.join(' | ')}</span>
              ) : (
                d.value
              )}
              {d.vv && <span className="version"> {d.vv}</span>}
            </td>
            <td className="num">{d.version}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The latest operations the replica served; hovering one points at it everywhere, a click pins it. */
function ServedOperations({ node }: { node: string }) {
  const history = useLabThrottled((s) => s.snapshot?.history ?? NO_OPS, REFRESH_MS);
  // The oracle's verdicts about the operations listed: stale reads, lost writes.
  const flagged = useOracle((s) => s.answer?.flagged);
  const hovered = useOracle((s) => s.hoveredOp);
  const pinned = useOracle((s) => s.highlightedOps);
  const served = history
    .filter((o) => o.node === node)
    .slice(-MAX_OPS)
    .reverse();
  return (
    <div>
      <h3 className="replica-sub">Operations it served (latest)</h3>
      {served.length === 0 ? (
        <p className="empty">None in the recent history.</p>
      ) : (
        <ul className="replica-ops">
          {served.map((op: Operation) => (
            <li key={op.id} data-op-id={op.id} data-hovered={hovered === op.id ? 'true' : undefined}>
              <button
                type="button"
                className="replica-op"
                aria-pressed={pinned.includes(op.id)}
                onClick={() => pinOperation(op.id)}
                onMouseEnter={() => hoverOperation(op.id)}
                onMouseLeave={() => hoverOperation(null)}
                onFocus={() => hoverOperation(op.id)}
                onBlur={() => hoverOperation(null)}
              >
                <span className={`op-f op-${op.f}`}>{op.f}</span> {op.key}{' '}
                <span className="mono">{op.value ?? 'nothing'}</span>{' '}
                <span className="muted">
                  {op.f === 'read' ? 'r' : 'w'}
                  {op.id} · {formatMs(op.invokeUs)}–{formatMs(op.completeUs)} ms · {op.status}
                  {flagged?.get(op.id)?.includes('stale-read') ? ' · stale' : ''}
                  {flagged?.get(op.id)?.includes('lost-write') ? ' · lost' : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
