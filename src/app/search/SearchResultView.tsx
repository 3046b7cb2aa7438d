/**
 * The answer of a search: the shrunk failing run (what broke, in the oracle's sentence, at which moment, and how
 * much shrinking removed), opened as the live scenario at that moment or shared by link; or "nothing found in N
 * runs" with the runs whose linearizability check could not decide.
 */
import { useId, useRef } from 'react';
import type { Found, NotFound } from '../../sim/analysis/search.ts';
import type { CaseSize } from '../../sim/analysis/searchCase.ts';
import { PROPERTY_DESCRIPTIONS } from '../../sim/analysis/searchCase.ts';
import type { Scenario } from '../../sim/scenarios/schema.ts';
import { useRevealOnArrival } from '../page/reveal.ts';
import { shareLink } from '../shareLink.ts';
import { notify } from '../store.ts';
import type { SearchAnswer } from '../worker/searchClient.ts';
import { loadScenario } from '../worker/simClient.ts';

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

export function sizeText(s: CaseSize): string {
  const traffic = s.trafficPerSec > 0 ? `, traffic ${count(s.trafficPerSec)}/s` : '';
  return `${plural(s.faults, 'fault')}, ${plural(s.operations, 'operation')}, ${plural(s.nodes, 'node')}, ${plural(s.clients, 'client')}${traffic}`;
}

export function SearchResultView({ answer, base }: { answer: SearchAnswer; base: Scenario }) {
  const { result, stopped, runsPerSec } = answer;
  const shown = useRef<HTMLDivElement>(null);
  useRevealOnArrival(shown, answer);
  return (
    <div className="search-result" data-testid="search-result" aria-live="polite" ref={shown}>
      {result.found ? (
        <FoundView result={result} stopped={stopped} runsPerSec={runsPerSec} />
      ) : (
        <NotFoundView result={result} stopped={stopped} runsPerSec={runsPerSec} base={base} />
      )}
    </div>
  );
}

function open(scenario: Scenario, atUs: number, what: string) {
  loadScenario(scenario, { source: { kind: 'custom' }, seekToUs: atUs });
  notify({
    tone: 'info',
    title: `Opened ${what}`,
    message: `Paused at the failure, ${(atUs / 1000).toFixed(1)} ms into the run.`,
  });
}

function FoundView({ result, stopped, runsPerSec }: { result: Found; stopped: boolean; runsPerSec: number }) {
  const linkId = useId();
  const link = shareLink(result.scenario, result.atUs);
  return (
    <>
      <p className="search-verdict" data-verdict="found">
        <strong>Broken in run {count(result.runIndex + 1)}</strong> of {count(result.budget)} (seed{' '}
        {result.seed}, {count(runsPerSec)} runs/s): the property “{PROPERTY_DESCRIPTIONS[result.property]}”
        does not hold.
      </p>
      <p className="search-sentence" data-testid="search-violation">
        {result.violation} <span className="search-muted">(at {(result.atUs / 1000).toFixed(1)} ms)</span>
      </p>
      <p className="search-muted" data-testid="search-sizes">
        Shrunk{' '}
        {result.minimal
          ? 'to a minimal case'
          : stopped
            ? '(stopped before the end)'
            : '(shrink budget spent)'}{' '}
        in {plural(result.shrinkSteps, 'step')} over {plural(result.shrinkRuns, 'run')}: from{' '}
        {sizeText(result.originalSize)} to {sizeText(result.size)}.
      </p>
      <div className="search-actions">
        <button
          type="button"
          className="primary"
          onClick={() => open(result.scenario, result.atUs, 'the shrunk run')}
        >
          Open the shrunk run
        </button>
        <button type="button" onClick={() => open(result.original, result.atUs, 'the run as found')}>
          Open the run as found
        </button>
        <label htmlFor={linkId}>Link to the shrunk run</label>
        <input
          id={linkId}
          className="search-link"
          readOnly
          value={link}
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
    </>
  );
}

function NotFoundView({
  result,
  stopped,
  runsPerSec,
  base,
}: {
  result: NotFound;
  stopped: boolean;
  runsPerSec: number;
  base: Scenario;
}) {
  const undecided =
    result.undecided > 0 ? `; ${plural(result.undecided, 'run')} too long to decide linearizability` : '';
  return (
    <p className="search-verdict" data-verdict="none">
      <strong>Nothing found in {plural(result.runs, 'run')}</strong>
      {stopped ? ` (stopped before the budget of ${count(result.budget)})` : ''} of{' '}
      {base.name || 'this scenario'} with random {result.faults.join(', ')} ({count(runsPerSec)} runs/s)
      {undecided}: the property “{PROPERTY_DESCRIPTIONS[result.property]}” held in every run.
    </p>
  );
}
