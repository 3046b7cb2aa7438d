/**
 * The PBS staleness experiment (Bailis et al., VLDB 2012): for N, R, W and a production latency profile, a
 * Monte Carlo run of the WARS model in its own worker gives P(consistent read) for a read started t ms after
 * a write commits. Plotted over t beside the closed-form k-staleness probability 1 - C(N-W,R)/C(N,R) and the
 * read and write latency percentiles. The same inputs and seed give the same curve.
 */

import { useId, useState } from 'react';
import type { StalenessResult } from '../../../sim/analysis/pbs.ts';
import { PBS_PROFILE_NAMES, type PbsProfileName } from '../../../sim/engine/latency.ts';
import { labStore } from '../../store.ts';
import { runStalenessInWorker } from '../../worker/stalenessClient.ts';
import { StalenessChart } from './StalenessChart.tsx';
import { leaderlessShown } from './state.ts';
import { formatP } from './ui.ts';

const PROFILE_LABELS: Record<PbsProfileName, string> = {
  'lnkd-ssd': 'LNKD-SSD (LinkedIn, SSDs)',
  'lnkd-disk': 'LNKD-DISK (LinkedIn, spinning disks)',
  ymmr: 'YMMR (Yammer, Riak)',
  wan: 'WAN (replicas across data centres)',
};

const TRIAL_CHOICES = [10_000, 100_000, 1_000_000];

/** t = 0, then 40 points spaced evenly on a log scale from 0.1 ms to 10 s. */
const T_MS = [0, ...Array.from({ length: 41 }, (_, i) => Number((0.1 * 10 ** (i / 8)).toPrecision(3)))];

interface Params {
  readonly n: number;
  readonly r: number;
  readonly w: number;
  readonly profile: PbsProfileName;
  readonly trials: number;
  readonly seed: number;
}

/** Starts from the loaded scenario's quorum settings. */
function initialParams(): Params {
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
  | { readonly state: 'running'; readonly params: Params }
  | { readonly state: 'done'; readonly params: Params; readonly result: StalenessResult; readonly ms: number }
  | { readonly state: 'error'; readonly message: string };

export function StalenessPanel() {
  const [params, setParams] = useState<Params>(initialParams);
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const [logScale, setLogScale] = useState(true);
  const ids = {
    n: useId(),
    r: useId(),
    w: useId(),
    profile: useId(),
    trials: useId(),
    seed: useId(),
    log: useId(),
  };
  const set = (patch: Partial<Params>) =>
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
  const range = (max: number) => Array.from({ length: max }, (_, i) => i + 1);
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
      <form
        className="ll-staleness-form"
        aria-label="Staleness experiment"
        onSubmit={(event) => {
          event.preventDefault();
          start();
        }}
      >
        <NumberSelect
          id={ids.n}
          label="N"
          value={params.n}
          options={range(10)}
          onChange={(n) => set({ n })}
        />
        <NumberSelect
          id={ids.r}
          label="R"
          value={params.r}
          options={range(params.n)}
          onChange={(r) => set({ r })}
        />
        <NumberSelect
          id={ids.w}
          label="W"
          value={params.w}
          options={range(params.n)}
          onChange={(w) => set({ w })}
        />
        <div className="field">
          <label htmlFor={ids.profile}>Latency profile</label>
          <select
            id={ids.profile}
            value={params.profile}
            onChange={(e) => {
              const next = e.currentTarget.value;
              if (isProfile(next)) set({ profile: next });
            }}
          >
            {PBS_PROFILE_NAMES.map((p) => (
              <option key={p} value={p}>
                {PROFILE_LABELS[p]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.trials}>Trials</label>
          <select
            id={ids.trials}
            value={params.trials}
            onChange={(e) => set({ trials: Number(e.currentTarget.value) })}
          >
            {TRIAL_CHOICES.map((t) => (
              <option key={t} value={t}>
                {t.toLocaleString('en-US')}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.seed}>Seed</label>
          <input
            id={ids.seed}
            type="number"
            min={0}
            max={4294967295}
            step={1}
            value={params.seed}
            onChange={(e) => {
              const seed = Math.trunc(Number(e.currentTarget.value));
              if (Number.isFinite(seed) && seed >= 0 && seed <= 4294967295) set({ seed });
            }}
          />
        </div>
        <button type="submit" className="primary" disabled={run.state === 'running'}>
          {run.state === 'running' ? 'Running…' : 'Run experiment'}
        </button>
      </form>
      {run.state === 'error' && (
        <p className="form-error" role="alert">
          {run.message}
        </p>
      )}
      {run.state === 'idle' && (
        <p className="ll-muted ll-staleness-empty">Choose N, R, W and a profile, then run the experiment.</p>
      )}
      {run.state === 'done' && (
        <div className="ll-staleness-result">
          <div className="ll-chart-wrap">
            <div className="field field-check ll-log-toggle">
              <input
                id={ids.log}
                type="checkbox"
                checked={logScale}
                onChange={(e) => setLogScale(e.currentTarget.checked)}
              />
              <label htmlFor={ids.log}>Logarithmic t axis</label>
            </div>
            <StalenessChart result={run.result} logScale={logScale} />
          </div>
          <Summary params={run.params} result={run.result} ms={run.ms} />
        </div>
      )}
    </section>
  );
}

function Summary({ params, result, ms }: { params: Params; result: StalenessResult; ms: number }) {
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

function NumberSelect(props: {
  id: string;
  label: string;
  value: number;
  options: readonly number[];
  onChange: (value: number) => void;
}) {
  return (
    <div className="field ll-narrow">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange(Number(e.currentTarget.value))}
      >
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
}

function isProfile(value: unknown): value is PbsProfileName {
  return typeof value === 'string' && (PBS_PROFILE_NAMES as readonly string[]).includes(value);
}
