/**
 * Find a failure: random fault timelines around the loaded scenario (its own actions kept), judged against one
 * property, in a background worker, stopping at the first run that breaks it; the run is then shrunk (fewer
 * faults, operations, nodes, an earlier end) while it still fails, and can be opened as the live scenario at the
 * moment of the violation, or shared. "Nothing found in N runs" is an answer too. The same search as
 * `npm run sim -- search`: the same scenario, property, budget and seed give the same answer.
 */
import { useId, useRef, useState } from 'react';
import type { SearchResult } from '../../sim/analysis/search.ts';
import { PROPERTIES, PROPERTY_DESCRIPTIONS, type Property } from '../../sim/analysis/searchCase.ts';
import { FAULT_DESCRIPTIONS, FAULT_KINDS, type FaultKind } from '../../sim/analysis/searchFaults.ts';
import type { Scenario } from '../../sim/scenarios/schema.ts';
import type { SearchStatus } from '../../worker/searchProtocol.ts';
import { useLab } from '../hooks.ts';
import { type RunningSearch, type SearchAnswer, startSearch } from '../worker/searchClient.ts';
import { SearchResultView } from './SearchResultView.tsx';
import './search.css';

const BUDGETS = [100, 1000, 10_000, 100_000] as const;

type Run =
  | { readonly state: 'idle' }
  | { readonly state: 'running'; readonly status: SearchStatus | null; readonly budget: number }
  | { readonly state: 'done'; readonly answer: SearchAnswer; readonly base: Scenario }
  | { readonly state: 'error'; readonly message: string };

/** The properties that mean something for a model: "one leader" is leader-follower's. */
export function propertiesFor(scenario: Scenario): readonly Property[] {
  return PROPERTIES.filter((p) => p !== 'one-leader' || scenario.model === 'leader-follower');
}

export function SearchPanel() {
  const scenario = useLab((s) => s.scenario);
  if (!scenario) return null;
  return <SearchForm scenario={scenario} />;
}

function SearchForm({ scenario }: { scenario: Scenario }) {
  const [property, setProperty] = useState<Property>('lost-write');
  const [budget, setBudget] = useState<number>(1000);
  const [seed, setSeed] = useState<string>('1');
  const [faults, setFaults] = useState<readonly FaultKind[]>(FAULT_KINDS);
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const running = useRef<RunningSearch | null>(null);
  const ids = { heading: useId(), property: useId(), budget: useId(), seed: useId(), faults: useId() };
  const properties = propertiesFor(scenario);
  const chosen = properties.includes(property) ? property : 'lost-write';
  const seedNumber = Number(seed);
  const seedOk = /^\d{1,10}$/.test(seed.trim()) && seedNumber <= 0xffffffff;
  const problem = !seedOk
    ? 'The seed must be a whole number from 0 to 4294967295.'
    : faults.length === 0
      ? 'Choose at least one kind of fault.'
      : null;

  const start = () => {
    if (problem) return;
    const base = scenario;
    const search = startSearch(
      { scenario: base, property: chosen, runs: budget, seed: seedNumber, faults },
      (status) => setRun((r) => (r.state === 'running' ? { ...r, status } : r)),
    );
    running.current = search;
    setRun({ state: 'running', status: null, budget });
    search.done.then(
      (answer) => {
        if (running.current === search) setRun({ state: 'done', answer, base });
      },
      (error: Error) => {
        if (running.current === search) setRun({ state: 'error', message: error.message });
      },
    );
  };

  const busy = run.state === 'running';
  return (
    <section className="search-panel" aria-labelledby={ids.heading} data-testid="search-panel">
      <div className="search-head">
        <h2 id={ids.heading}>Find a failure</h2>
        <p className="search-muted">
          Random fault timelines around this scenario (your actions kept), each run judged against the
          property, until one breaks it; that run is then shrunk to the fewest faults, operations and nodes
          that still break it. The same answer as <code>npm run sim -- search</code> for the same seed.
        </p>
      </div>
      <form
        className="search-form"
        aria-label="Find a failure"
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) start();
        }}
      >
        <div className="field">
          <label htmlFor={ids.property}>Property</label>
          <select
            id={ids.property}
            value={chosen}
            disabled={busy}
            onChange={(e) => setProperty(e.target.value as Property)}
          >
            {properties.map((p) => (
              <option key={p} value={p}>
                {PROPERTY_DESCRIPTIONS[p]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.budget}>Budget (runs)</label>
          <select
            id={ids.budget}
            value={budget}
            disabled={busy}
            onChange={(e) => setBudget(Number(e.target.value))}
          >
            {BUDGETS.map((b) => (
              <option key={b} value={b}>
                {b.toLocaleString('en-US')}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.seed}>Seed</label>
          <input
            id={ids.seed}
            inputMode="numeric"
            value={seed}
            disabled={busy}
            aria-invalid={!seedOk}
            onChange={(e) => setSeed(e.target.value)}
          />
        </div>
        <fieldset className="search-faults" disabled={busy}>
          <legend>Faults to inject</legend>
          {FAULT_KINDS.map((k) => (
            <label key={k} title={FAULT_DESCRIPTIONS[k]}>
              <input
                type="checkbox"
                checked={faults.includes(k)}
                onChange={(e) =>
                  setFaults((f) =>
                    e.target.checked
                      ? FAULT_KINDS.filter((x) => x === k || f.includes(x))
                      : f.filter((x) => x !== k),
                  )
                }
              />
              {k}
            </label>
          ))}
        </fieldset>
        {busy ? (
          <button type="button" onClick={() => running.current?.stop()}>
            Stop
          </button>
        ) : (
          <button type="submit" className="primary" disabled={problem !== null}>
            Find a failure
          </button>
        )}
      </form>
      {problem && (
        <p className="search-problem" role="alert">
          {problem}
        </p>
      )}
      <SearchState run={run} />
    </section>
  );
}

function SearchState({ run }: { run: Run }) {
  if (run.state === 'idle') return null;
  if (run.state === 'error')
    return (
      <p className="search-problem" role="alert">
        The search stopped: {run.message}
      </p>
    );
  if (run.state === 'running') return <SearchProgressView status={run.status} budget={run.budget} />;
  return <SearchResultView answer={run.answer} base={run.base} />;
}

function SearchProgressView({ status, budget }: { status: SearchStatus | null; budget: number }) {
  const runs = status?.runs ?? 0;
  const shrinking = status?.phase === 'shrink';
  return (
    <div className="search-progress" aria-live="polite">
      <progress
        max={shrinking ? undefined : budget}
        value={shrinking ? undefined : runs}
        aria-label={shrinking ? 'Shrinking the failing run' : 'Runs searched'}
      />
      <span data-testid="search-status">
        {shrinking
          ? `Found a failure in run ${runs.toLocaleString('en-US')}; shrinking it: ${status?.shrinkSteps ?? 0} smaller cases after ${status?.shrinkRuns ?? 0} tries (${status?.runsPerSec ?? 0} runs/s)`
          : `${runs.toLocaleString('en-US')} of ${budget.toLocaleString('en-US')} runs, ${status?.runsPerSec ?? 0} runs/s`}
      </span>
    </div>
  );
}

export type { SearchResult };
