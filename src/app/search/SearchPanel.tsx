/**
 * Find a failure: random fault timelines around the loaded scenario (its own actions kept), judged against one
 * property, in a background worker, stopping at the first run that breaks it; the run is then shrunk (fewer
 * faults, operations, nodes, an earlier end) while it still fails, and can be opened as the live scenario at the
 * moment of the violation, or shared. "Nothing found in N runs" is an answer too. The same search as
 * `npm run sim -- search`: the same scenario, property, budget and seed give the same answer.
 */
import { useId, useRef, useState } from 'react';
import { plural } from '../../sim/analysis/plural.ts';
import type { SearchResult } from '../../sim/analysis/search.ts';
import { PROPERTIES, PROPERTY_DESCRIPTIONS, type Property } from '../../sim/analysis/searchCase.ts';
import { FAULT_DESCRIPTIONS, FAULT_KINDS, type FaultKind } from '../../sim/analysis/searchFaults.ts';
import type { Scenario } from '../../sim/scenarios/schema.ts';
import type { SearchRequest, SearchStatus } from '../../worker/searchProtocol.ts';
import { useLab } from '../hooks.ts';
import { type RunningSearch, type SearchAnswer, startSearch } from '../worker/searchClient.ts';
import { SearchResultView } from './SearchResultView.tsx';
import '../compare/compare.css';
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

/** One search at a time, in the worker: its state as the panel shows it, and how to start and stop it. */
function useSearchRun() {
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const running = useRef<RunningSearch | null>(null);
  const start = (request: SearchRequest) => {
    const base = request.scenario;
    const search = startSearch(request, (status) =>
      setRun((r) => (r.state === 'running' ? { ...r, status } : r)),
    );
    running.current = search;
    setRun({ state: 'running', status: null, budget: request.runs });
    search.done.then(
      (answer) => {
        if (running.current === search) setRun({ state: 'done', answer, base });
      },
      (error: Error) => {
        if (running.current === search) setRun({ state: 'error', message: error.message });
      },
    );
  };
  return { run, start, stop: () => running.current?.stop() };
}

/** The seed as typed: a whole number from 0 to 2^32 - 1, or null. */
export function seedOf(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,10}$/.test(trimmed) && Number(trimmed) <= 0xffffffff ? Number(trimmed) : null;
}

function SearchForm({ scenario }: { scenario: Scenario }) {
  const [property, setProperty] = useState<Property>('lost-write');
  const [budget, setBudget] = useState<number>(1000);
  const [seed, setSeed] = useState<string>('1');
  const [faults, setFaults] = useState<readonly FaultKind[]>(FAULT_KINDS);
  const { run, start, stop } = useSearchRun();
  const heading = useId();
  const properties = propertiesFor(scenario);
  const chosen = properties.includes(property) ? property : 'lost-write';
  const seedNumber = seedOf(seed);
  const problem =
    seedNumber === null
      ? 'The seed must be a whole number from 0 to 4294967295.'
      : faults.length === 0
        ? 'Choose at least one kind of fault.'
        : null;
  const busy = run.state === 'running';
  return (
    <section className="cmp-panel search-panel" aria-labelledby={heading} data-testid="search-panel">
      <div className="cmp-head">
        <h2 id={heading}>Find a failure</h2>
        <p className="cmp-muted">
          Random fault timelines around this scenario (your actions kept), each run judged against the
          property, until one breaks it; that run is then shrunk to the fewest faults, operations and nodes
          that still break it. The same answer as <code>npm run sim -- search</code> for the same seed.
        </p>
      </div>
      <form
        className="cmp-form search-form"
        aria-label="Find a failure"
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy && seedNumber !== null && problem === null)
            start({ scenario, property: chosen, runs: budget, seed: seedNumber, faults });
        }}
      >
        <SearchFields
          busy={busy}
          properties={properties}
          property={[chosen, setProperty]}
          budget={[budget, setBudget]}
          seed={[seed, setSeed, seedNumber !== null]}
          faults={[faults, setFaults]}
        />
        {busy ? (
          <button type="button" onClick={stop}>
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

interface FieldsProps {
  readonly busy: boolean;
  readonly properties: readonly Property[];
  readonly property: readonly [Property, (p: Property) => void];
  readonly budget: readonly [number, (n: number) => void];
  readonly seed: readonly [string, (s: string) => void, boolean];
  readonly faults: readonly [
    readonly FaultKind[],
    (f: (old: readonly FaultKind[]) => readonly FaultKind[]) => void,
  ];
}

function SearchFields({ busy, properties, property, budget, seed, faults }: FieldsProps) {
  const ids = { property: useId(), budget: useId(), seed: useId() };
  const toggle = (k: FaultKind, on: boolean) =>
    faults[1]((f) => (on ? FAULT_KINDS.filter((x) => x === k || f.includes(x)) : f.filter((x) => x !== k)));
  return (
    <>
      <div className="field">
        <label htmlFor={ids.property}>Property</label>
        <select
          id={ids.property}
          value={property[0]}
          disabled={busy}
          onChange={(e) => property[1](e.target.value as Property)}
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
          value={budget[0]}
          disabled={busy}
          onChange={(e) => budget[1](Number(e.target.value))}
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
          value={seed[0]}
          disabled={busy}
          aria-invalid={!seed[2]}
          onChange={(e) => seed[1](e.target.value)}
        />
      </div>
      <fieldset className="cmp-kind search-faults" disabled={busy}>
        <legend>Faults to inject</legend>
        {FAULT_KINDS.map((k) => (
          <label key={k} title={FAULT_DESCRIPTIONS[k]}>
            <input
              type="checkbox"
              checked={faults[0].includes(k)}
              onChange={(e) => toggle(k, e.target.checked)}
            />
            {k}
          </label>
        ))}
      </fieldset>
    </>
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
          ? `Found a failure in run ${runs.toLocaleString('en-US')}; shrinking it: ${plural(status?.shrinkSteps ?? 0, 'smaller case')} after ${status?.shrinkRuns ?? 0} ${(status?.shrinkRuns ?? 0) === 1 ? 'try' : 'tries'} (${status?.runsPerSec ?? 0} runs/s)`
          : `${runs.toLocaleString('en-US')} of ${budget.toLocaleString('en-US')} runs, ${status?.runsPerSec ?? 0} runs/s`}
      </span>
    </div>
  );
}

export type { SearchResult };
