/**
 * Counts of the run, the acknowledged writes the cluster has lost, and the table of recent client operations,
 * Jepsen style. Operations and messages are the simulation's counts; anomalies are the oracle's (each operation
 * counted once per kind of anomaly it shows), as are the rows' marks.
 */
import { type RefObject, useEffect, useRef } from 'react';
import type { AnomalyKind } from '../sim/oracle/oracle.ts';
import type { Operation } from '../sim/types.ts';
import { formatInt, formatMs } from './format.ts';
import { useLabThrottled } from './hooks.ts';
import { LostWrites } from './LostWrites.tsx';
import type { ModelUi } from './models/types.ts';
import { OperationStatus } from './OperationStatus.tsx';
import { AnomaliesPanel } from './oracle/AnomaliesPanel.tsx';
import { hoverOperation, pinOperation, useOracle } from './oracle/oracle.ts';
import { ReadBadges } from './ReadBadges.tsx';

const ROWS = 40;
/** The table and counters refresh a few times a second, not every frame. */
const REFRESH_MS = 250;

export function HistoryPanel({ ui }: { ui: ModelUi }) {
  return (
    <section className="history-panel" aria-labelledby="history-heading">
      <div className="history-header">
        <h2 id="history-heading">History</h2>
        <CountsBar />
      </div>
      {ui.panels
        .filter((p) => p.place === 'history')
        .map((p) => (
          <p.Component key={p.id} />
        ))}
      <LostWrites holder={ui.words.holder} />
      <AnomaliesPanel />
      <HistoryTable />
      <WindowNote />
    </section>
  );
}

/** The anomaly counts the bar shows, from the oracle, under the keys the page's tests know them by. */
const ANOMALY_ITEMS: readonly { key: string; label: string; kind: AnomalyKind; tone: string }[] = [
  { key: 'staleReads', label: 'stale reads', kind: 'stale-read', tone: 'stale' },
  { key: 'nonMonotonicReads', label: 'non-monotonic reads', kind: 'monotonic-reads', tone: 'stale' },
  { key: 'lostWrites', label: 'lost writes', kind: 'lost-write', tone: 'lost' },
  { key: 'duplicateIds', label: 'duplicate ids', kind: 'duplicate-id', tone: 'lost' },
];

function CountsBar() {
  const counts = useLabThrottled((s) => s.snapshot?.counts ?? null, REFRESH_MS);
  const found = useOracle((s) => s.answer?.counts);
  if (!counts) return null;
  // `key` names the count for the page's tests: a field of the snapshot's counts, or an anomaly item's key.
  const items: { label: string; value: number; tone?: string; key: string }[] = [
    { key: 'opsOk', label: 'ok', value: counts.opsOk, tone: 'ok' },
    { key: 'opsFailed', label: 'failed', value: counts.opsFailed, tone: 'fail' },
    { key: 'opsInfo', label: 'indeterminate', value: counts.opsInfo, tone: 'info' },
    { key: 'opsPending', label: 'pending', value: counts.opsPending },
    ...ANOMALY_ITEMS.map(({ key, label, kind, tone }) => ({ key, label, tone, value: found?.[kind] ?? 0 })),
    { key: 'messagesSent', label: 'messages sent', value: counts.messagesSent },
    { key: 'messagesDropped', label: 'dropped', value: counts.messagesDropped, tone: 'fail' },
  ];
  return (
    <dl className="counts" data-testid="counts">
      {items.map((item) => (
        <div
          key={item.key}
          className={`count${item.tone ? ` count-${item.tone}` : ''}`}
          data-count={item.key}
        >
          <dt>{item.label}</dt>
          <dd>{formatInt(item.value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function HistoryTable() {
  const ops = useLabThrottled((s) => (s.snapshot?.history ?? []).slice(-ROWS).reverse(), REFRESH_MS);
  // What the oracle found about each operation: lost writes and duplicate ids mark a row lost, stale reads and
  // reads back in time mark it stale.
  const flagged = useOracle((s) => s.answer?.flagged);
  // The operations of the anomaly selected in the Anomalies panel.
  const highlighted = useOracle((s) => s.highlightedOps);
  // The operation pointed at in any view: hovering or focusing a row points at it for the others.
  const hovered = useOracle((s) => s.hoveredOp);
  const scrollBox = useRef<HTMLDivElement>(null);
  useScrollToHighlighted(scrollBox, highlighted);
  return (
    <div className="history-scroll" ref={scrollBox}>
      <table className="history-table">
        <HistoryHead />
        <tbody>
          {ops.length === 0 && (
            <tr>
              <td colSpan={11} className="empty">
                No operations yet.
              </td>
            </tr>
          )}
          {ops.map((op) => (
            <OperationRow
              key={op.id}
              op={op}
              kinds={flagged?.get(op.id)}
              highlighted={highlighted.includes(op.id)}
              hovered={hovered === op.id}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Says plainly when the run keeps only a window of its history (a long run: sim/workload/recent.ts). */
function WindowNote() {
  const earlier = useLabThrottled((s) => s.snapshot?.historyEarlier ?? 0, REFRESH_MS);
  if (earlier === 0) return null;
  return (
    <p className="history-window" data-testid="history-window">
      The run keeps its last 60 simulated seconds (at most 50,000 operations) in full: {formatInt(earlier)}{' '}
      earlier operations are summarised (counted above and judged by the oracle, no longer listed or
      exported).
    </p>
  );
}

/** Brings the first highlighted row into view inside the table's own scroll box (not the page). */
function useScrollToHighlighted(scrollBox: RefObject<HTMLDivElement | null>, highlighted: readonly number[]) {
  useEffect(() => {
    const box = scrollBox.current;
    const row = highlighted.length > 0 ? box?.querySelector('tr[data-highlighted="true"]') : null;
    if (!box || !row) return;
    const offset = row.getBoundingClientRect().top - box.getBoundingClientRect().top;
    if (offset < 30 || offset > box.clientHeight - 30) box.scrollTop += offset - box.clientHeight / 2;
  }, [highlighted, scrollBox]);
}

function HistoryHead() {
  return (
    <thead>
      <tr>
        <th scope="col">#</th>
        <th scope="col">client</th>
        <th scope="col">op</th>
        <th scope="col">key</th>
        <th scope="col">value</th>
        <th scope="col" className="num">
          invoke ms
        </th>
        <th scope="col" className="num">
          complete ms
        </th>
        <th scope="col">status</th>
        <th scope="col">node</th>
        <th scope="col" className="num">
          term
        </th>
        <th scope="col">note</th>
      </tr>
    </thead>
  );
}

interface RowProps {
  readonly op: Operation;
  /** The kinds of the oracle's anomalies about it. */
  readonly kinds: readonly AnomalyKind[] | undefined;
  readonly highlighted: boolean;
  readonly hovered: boolean;
}

/** One operation; pointing at it (hover or focus) points at it in every view, a click or Enter pins it. */
function OperationRow({ op, kinds, highlighted, hovered }: RowProps) {
  const className = [rowTone(kinds), highlighted ? 'row-highlighted' : '', hovered ? 'row-hovered' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <tr
      data-op-id={op.id}
      data-highlighted={highlighted ? 'true' : undefined}
      data-hovered={hovered ? 'true' : undefined}
      tabIndex={0}
      aria-selected={highlighted}
      onKeyDown={(event) => {
        // Enter or Space pins the operation in every view (what clicking its timeline bar does).
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        pinOperation(op.id);
      }}
      onClick={() => pinOperation(op.id)}
      onMouseEnter={() => hoverOperation(op.id)}
      onMouseLeave={() => hoverOperation(null)}
      onFocus={() => hoverOperation(op.id)}
      onBlur={() => hoverOperation(null)}
      className={className || undefined}
    >
      <td className="num muted">{op.id}</td>
      <td>{op.client}</td>
      <td>
        <span className={`op-f op-${op.f}`}>{op.f}</span>
        {op.manual && (
          <span className="manual-tag" title="issued from the timeline (preset or you)">
            manual
          </span>
        )}
      </td>
      <td className="mono">{op.key}</td>
      <td className="mono">
        {op.value ?? (op.status === 'ok' ? 'nothing' : op.autoIncrement ? 'next id' : '')}
        {op.version > 0 && <span className="version"> v{op.version}</span>}
      </td>
      <td className="num">{formatMs(op.invokeUs)}</td>
      <td className="num">{formatMs(op.completeUs)}</td>
      <td>
        <OperationStatus op={op} />
        <ReadBadges op={op} />
      </td>
      <td>{op.node ?? ''}</td>
      <td className="num muted">{op.term ?? ''}</td>
      <td className="muted">{op.error ?? op.note ?? ''}</td>
    </tr>
  );
}

function rowTone(kinds: readonly AnomalyKind[] | undefined): string {
  if (!kinds) return '';
  if (kinds.includes('lost-write') || kinds.includes('duplicate-id')) return 'row-lost';
  if (kinds.includes('stale-read') || kinds.includes('monotonic-reads')) return 'row-stale';
  return '';
}
