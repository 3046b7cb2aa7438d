/**
 * The PBS staleness experiment (Bailis et al., VLDB 2012): for N, R, W and a production latency profile, a
 * Monte Carlo run of the WARS model in its own worker gives P(consistent read) for a read started t ms after
 * a write commits. Plotted over t beside the closed-form k-staleness probability 1 - C(N-W,R)/C(N,R) and the
 * read and write latency percentiles. The same inputs and seed give the same curve.
 */

import { useId, useState } from 'react';
import type { StalenessResult } from '../../../sim/analysis/pbs.ts';
import { labStore } from '../../store.ts';
import { runStalenessInWorker } from '../../worker/stalenessClient.ts';
import { StalenessChart } from './StalenessChart.tsx';
import { isProfile, StalenessForm, type StalenessParams } from './StalenessForm.tsx';
import { StalenessSummary } from './StalenessSummary.tsx';
import { leaderlessShown } from './state.ts';

/** t = 0, then 40 points spaced evenly on a log scale from 0.1 ms to 10 s. */
const T_MS = [0, ...Array.from({ length: 41 }, (_, i) => Number((0.1 * 10 ** (i / 8)).toPrecision(3)))];

/** Starts from the loaded scenario's quorum settings. */
function initialParams(): StalenessParams {
  const ll = leaderlessShown(labStore.getState());
  const profile = ll?.latencyProfile;
  return {
    n: ll?.n ?? 3,
    r: ll?.r ?? 1,
    w: ll?.w ?? 1,
    profile: isProfile(profile) ? profile : 'lnkd-disk',
    trials: 100_000,
    seed: 1,
  };
}

type Run =
  | { readonly state: 'idle' }
  | { readonly state: 'running'; readonly params: StalenessParams }
  | {
      readonly state: 'done';
      readonly params: StalenessParams;
      readonly result: StalenessResult;
      readonly ms: number;
    }
  | { readonly state: 'error'; readonly message: string };

export function StalenessPanel() {
  const [params, setParams] = useState<StalenessParams>(initialParams);
  const [run, setRun] = useState<Run>({ state: 'idle' });
  // Kept here, not in the outcome, so a choice survives running the experiment again.
  const [logScale, setLogScale] = useState(true);
  const set = (patch: Partial<StalenessParams>) =>
    setParams((p) => {
      const next = { ...p, ...patch };
      return { ...next, r: Math.min(next.r, next.n), w: Math.min(next.w, next.n) };
    });
  const start = () => {
    const started = performance.now();
    setRun({ state: 'running', params });
    runStalenessInWorker({ ...params, tMs: T_MS }).then(
      (result) => setRun({ state: 'done', params, result, ms: performance.now() - started }),
      (error: Error) => setRun({ state: 'error', message: error.message }),
    );
  };
  return (
    <section className="ll-staleness" aria-labelledby="staleness-heading" data-testid="staleness-panel">
      <div className="ll-staleness-head">
        <h2 id="staleness-heading">Staleness experiment (PBS t-visibility)</h2>
        <p className="ll-muted">
          How likely is a read started <em>t</em> ms after a write commits to return it? A Monte Carlo run of
          the WARS model: write (W), acknowledgement (A), read (R) and response (S) delays drawn from
          production latency fits.
        </p>
      </div>
      <StalenessForm params={params} running={run.state === 'running'} onChange={set} onRun={start} />
      {run.state === 'error' && (
        <p className="form-error" role="alert">
          {run.message}
        </p>
      )}
      {run.state === 'idle' && (
        <p className="ll-muted ll-staleness-empty">Choose N, R, W and a profile, then run the experiment.</p>
      )}
      {run.state === 'done' && (
        <StalenessOutcome
          params={run.params}
          result={run.result}
          ms={run.ms}
          logScale={logScale}
          onLogScale={setLogScale}
        />
      )}
    </section>
  );
}

interface OutcomeProps {
  readonly params: StalenessParams;
  readonly result: StalenessResult;
  readonly ms: number;
  readonly logScale: boolean;
  readonly onLogScale: (on: boolean) => void;
}

function StalenessOutcome(props: OutcomeProps) {
  const { logScale } = props;
  const logId = useId();
  return (
    <div className="ll-staleness-result">
      <div className="ll-chart-wrap">
        <div className="field field-check ll-log-toggle">
          <input
            id={logId}
            type="checkbox"
            checked={logScale}
            onChange={(e) => props.onLogScale(e.currentTarget.checked)}
          />
          <label htmlFor={logId}>Logarithmic t axis</label>
        </div>
        <StalenessChart result={props.result} logScale={logScale} />
      </div>
      <StalenessSummary params={props.params} result={props.result} ms={props.ms} />
    </div>
  );
}
