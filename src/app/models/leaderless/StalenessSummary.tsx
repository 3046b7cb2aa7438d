/** The staleness experiment's result beside its chart: the closed-form k-staleness and the latency table. */
import type { StalenessResult } from '../../../sim/analysis/pbs.ts';
import type { StalenessParams } from './StalenessForm.tsx';
import { formatP } from './ui.ts';

export function StalenessSummary({
  params,
  result,
  ms,
}: {
  params: StalenessParams;
  result: StalenessResult;
  ms: number;
}) {
  const { n, r, w } = params;
  const first = result.points[0];
  return (
    <aside className="ll-staleness-summary" data-testid="staleness-summary">
      <h3 className="ll-summary-title">k-staleness, closed form</h3>
      <p
        className="ll-big"
        title="1 - C(N-W, R) / C(N, R): the chance the R replicas read include one of the W that acknowledged"
      >
        <span className="ll-big-value">{formatP(result.kStaleness)}</span>
        <span className="ll-big-label">
          1 − C({n}−{w},{r}) / C({n},{r})
        </span>
      </p>
      <p className="ll-muted">
        P(consistent) if the write reached only its W acknowledging replicas (k = 1 staleness). The curve is
        higher because the write keeps propagating to all N replicas.
        {w + r > n ? ' W + R > N: the quorums always overlap, so it is 1.' : ''}
      </p>
      {first && (
        <p className="ll-muted">
          Monte Carlo at t = 0: <strong>{formatP(first.pConsistent)}</strong>
        </p>
      )}
      <table className="ll-latency-table">
        <thead>
          <tr>
            <th scope="col">ms</th>
            <th scope="col">p50</th>
            <th scope="col">p99</th>
            <th scope="col">p99.9</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row" title="the R-th fastest response">
              read
            </th>
            <td>{result.readLatencyMs.p50}</td>
            <td>{result.readLatencyMs.p99}</td>
            <td>{result.readLatencyMs.p999}</td>
          </tr>
          <tr>
            <th scope="row" title="the W-th fastest acknowledgement">
              write
            </th>
            <td>{result.writeLatencyMs.p50}</td>
            <td>{result.writeLatencyMs.p99}</td>
            <td>{result.writeLatencyMs.p999}</td>
          </tr>
        </tbody>
      </table>
      <p className="ll-muted ll-small">
        {result.params.trials.toLocaleString('en-US')} trials, seed {result.params.seed}, {Math.round(ms)} ms
      </p>
    </aside>
  );
}
