/**
 * The consistency oracle's answer for the current run: a count per kind of anomaly, each anomaly's one-sentence
 * explanation, and the linearizability verdict. The worker runs the checkers incrementally as the run goes and
 * pushes the answer a few times a second ("Full check" re-runs the linearizability search with the full step
 * budget); clicking an anomaly highlights the operations it names in the history, the timeline and the
 * space-time diagram, and its node on the graph. Also the history's export, as a JSON report or a Jepsen EDN
 * history.
 */
import { Fragment } from 'react';
import { ANOMALY_KINDS, type Anomaly } from '../../sim/oracle/oracle.ts';
import { formatSimTime } from '../format.ts';
import { useLab } from '../hooks.ts';
import { anomalyKey, checkNow, exportHistory, KIND_LABELS, selectAnomaly, useOracle } from './oracle.ts';
import type { OracleAnswer } from './oracleState.ts';
import './oracle.css';

const count = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * The headline counts operations, as a reader does: a stale read that also breaks read-your-writes is one
 * anomalous operation with two labels. Conflicts, non-linearizable windows and divergent keys concern several
 * operations or none, and are counted apart.
 */
export function headline(ops: number, others: number, labels: number): string {
  const parts: string[] = [];
  if (ops > 0) parts.push(count(ops, 'anomalous operation'));
  if (others > 0) parts.push(`${count(others, 'anomaly', 'anomalies')} about several operations or a key`);
  const text = parts.join(' and ');
  return labels > ops + others
    ? `${text} (${count(labels, 'label')}: one operation can break several rules)`
    : text;
}

export function AnomaliesPanel() {
  const answer = useOracle((s) => s.answer);
  const total = answer?.total ?? 0;
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
            {answer ? answer.anomalousOps + answer.otherAnomalies : '–'}
          </span>
        </h3>
        {answer && total > 0 && (
          <span className="anomalies-headline" data-testid="anomalous-ops">
            {headline(answer.anomalousOps, answer.otherAnomalies, total)}
          </span>
        )}
        {answer && (
          <span className="anomalies-at" data-testid="anomalies-at">
            checked at {formatSimTime(answer.nowUs)}
          </span>
        )}
        <OracleActions />
      </div>
      {!answer ? (
        <p className="anomalies-none">The checkers start with the run.</p>
      ) : (
        <Findings answer={answer} />
      )}
    </section>
  );
}

/** Full check, and the history's export as JSON or EDN. */
function OracleActions() {
  const ready = useLab((s) => s.scenario !== null);
  const checking = useOracle((s) => s.checking);
  return (
    <div className="anomalies-actions">
      <button
        type="button"
        onClick={checkNow}
        disabled={!ready}
        aria-busy={checking}
        title="Run every checker again, with the full linearizability search budget"
      >
        Full check
      </button>
      <button type="button" onClick={() => void exportHistory('json')} disabled={!ready}>
        Export history (JSON)
      </button>
      <button type="button" onClick={() => void exportHistory('edn')} disabled={!ready}>
        Export history (EDN)
      </button>
    </div>
  );
}

/** The linearizability verdict, then the counts by kind and every anomaly listed (or that there are none). */
function Findings({ answer }: { answer: OracleAnswer }) {
  const selected = useOracle((s) => s.selected);
  const counts = answer.counts;
  const total = answer.total;
  return (
    <>
      <p
        className={`verdict verdict-${answer.linearizability.result}`}
        data-testid="linearizability"
        data-result={answer.linearizability.result}
      >
        Linearizability: {answer.verdictText}
      </p>
      {total === 0 ? (
        <p className="anomalies-none">None: every checker passed on the history so far.</p>
      ) : (
        <>
          <ul className="anomaly-counts" aria-label="Anomalies by kind">
            {ANOMALY_KINDS.filter((k) => counts[k] !== undefined).map((kind) => (
              <li key={kind} data-kind={kind} data-testid="anomaly-count">
                <span className="anomaly-kind">{KIND_LABELS[kind]}</span>{' '}
                <span className="anomaly-n">{counts[kind]}</span>
                {kind === 'conflict' ? (
                  <span className="muted">
                    {' '}
                    (sets of concurrent writes to one key; each node's detection is listed)
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
          <ol className="anomaly-list">
            {answer.anomalies.map((a, i) => (
              <Fragment key={anomalyKey(a)}>
                {i === answer.gapAt && (
                  <li className="anomaly-gap" data-testid="anomaly-gap">
                    … {answer.leftOut.toLocaleString('en-US')} more in between (see the counts above) …
                  </li>
                )}
                <AnomalyItem anomaly={a} selected={anomalyKey(a) === selected} />
              </Fragment>
            ))}
          </ol>
        </>
      )}
    </>
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
