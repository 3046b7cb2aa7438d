/**
 * The consistency oracle's answer for the current run: a count per kind of anomaly, each anomaly's one-sentence
 * explanation, and the linearizability verdict. The worker runs the checkers (on "Check now", and again whenever
 * the run is paused at a new state); clicking an anomaly highlights the operations it names in the history and
 * its node on the graph. Also the history's export, as a JSON report or a Jepsen EDN history.
 */
import { useEffect } from 'react';
import { ANOMALY_KINDS, type Anomaly } from '../../sim/checkers/index.ts';
import { formatMs } from '../format.ts';
import { useLab } from '../hooks.ts';
import { labStore } from '../store.ts';
import {
  anomalyKey,
  checkNow,
  connectOracle,
  describeVerdict,
  exportHistory,
  KIND_LABELS,
  selectAnomaly,
  useOracle,
} from './oracle.ts';
import './oracle.css';

/** A long run can have thousands of anomalies; the list shows the first ones, the counts tell the rest. */
const MAX_LISTED = 200;
/** Checks after a pause wait this long for the state to settle (a seek shows progress snapshots while paused). */
const RECHECK_DELAY_MS = 150;

export function AnomaliesPanel() {
  const ready = useLab((s) => s.scenario !== null);
  const pausedAt = useLab((s) => (s.playing ? null : s.snapshot));
  const answer = useOracle((s) => s.answer);
  const checking = useOracle((s) => s.checking);
  const selected = useOracle((s) => s.selected);

  useEffect(() => connectOracle(), []);
  // Paused, every new state (a pause, a step, an action, the end of a seek) is checked again.
  useEffect(() => {
    if (!pausedAt) return;
    const timer = setTimeout(checkNow, RECHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [pausedAt]);

  const counts = new Map<string, number>();
  for (const a of answer?.anomalies ?? []) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  const total = answer?.anomalies.length ?? 0;
  const verdict = answer
    ? describeVerdict(answer.linearizability, labStore.getState().snapshot?.history ?? [])
    : null;
  const headingId = 'anomalies-heading';

  return (
    <section
      className={total > 0 ? 'anomalies has-anomalies' : 'anomalies'}
      aria-labelledby={headingId}
      data-testid="anomalies"
    >
      <div className="anomalies-header">
        <h3 id={headingId}>
          Anomalies{' '}
          <span className="anomaly-total" data-testid="anomaly-total">
            {answer ? total : '–'}
          </span>
        </h3>
        {answer && (
          <span className="anomalies-at" data-testid="anomalies-at">
            checked at {formatMs(answer.nowUs)} ms
          </span>
        )}
        <div className="anomalies-actions">
          <button type="button" onClick={checkNow} disabled={!ready} aria-busy={checking}>
            Check now
          </button>
          <button type="button" onClick={() => exportHistory('json')} disabled={!ready}>
            Export history (JSON)
          </button>
          <button type="button" onClick={() => exportHistory('edn')} disabled={!ready}>
            Export history (EDN)
          </button>
        </div>
      </div>
      {!answer ? (
        <p className="anomalies-none">Pause, or press Check now, to run the consistency checkers.</p>
      ) : (
        <>
          <p
            className={`verdict verdict-${answer.linearizability.result}`}
            data-testid="linearizability"
            data-result={answer.linearizability.result}
          >
            Linearizability: {verdict}
          </p>
          {total === 0 ? (
            <p className="anomalies-none">None: every checker passed on the history so far.</p>
          ) : (
            <>
              <ul className="anomaly-counts" aria-label="Anomalies by kind">
                {ANOMALY_KINDS.filter((k) => counts.has(k)).map((kind) => (
                  <li key={kind} data-kind={kind} data-testid="anomaly-count">
                    <span className="anomaly-kind">{KIND_LABELS[kind]}</span>{' '}
                    <span className="anomaly-n">{counts.get(kind)}</span>
                  </li>
                ))}
              </ul>
              <ol className="anomaly-list">
                {answer.anomalies.slice(0, MAX_LISTED).map((a) => (
                  <AnomalyItem key={anomalyKey(a)} anomaly={a} selected={anomalyKey(a) === selected} />
                ))}
              </ol>
              {total > MAX_LISTED && (
                <p className="anomalies-none">and {total - MAX_LISTED} more (see the counts above)</p>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}

function AnomalyItem({ anomaly, selected }: { anomaly: Anomaly; selected: boolean }) {
  return (
    <li>
      <button
        type="button"
        className="anomaly"
        data-testid="anomaly"
        data-kind={anomaly.kind}
        data-ops={anomaly.ops.join(' ')}
        aria-pressed={selected}
        onClick={() => selectAnomaly(anomaly)}
      >
        <span className={`anomaly-tag tag-${anomaly.kind}`}>{anomaly.kind}</span>
        <span className="anomaly-text">{anomaly.explanation}</span>
      </button>
    </li>
  );
}
