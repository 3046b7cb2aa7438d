/**
 * Compare: the loaded scenario (with every action the user took) run under the three replication models, or
 * under one model with two settings of a parameter, each to the same simulated time in its own worker, and
 * measured side by side as the trade-off table. The best value of each row is marked, each row is read out in a
 * sentence, and any compared variant can be loaded as the live scenario.
 */
import { useId, useState } from 'react';
import {
  CompareInputError,
  type CompareResult,
  KNOBS,
  type Knob,
  knobModel,
  threeModels,
  type Variant,
  type VariantPatch,
  varyKnob,
} from '../../sim/analysis/compare.ts';
import type { ModelName, Scenario } from '../../sim/scenarios/schema.ts';
import { useLab } from '../hooks.ts';
import { type CompareProgress, runCompareInWorker } from '../worker/compareClient.ts';
import { CompareTable } from './CompareTable.tsx';
import { defaultOther, defaultPair, knobValues, otherQuorum } from './pairs.ts';
import './compare.css';

const MODEL_TITLES: Record<ModelName, string> = {
  'leader-follower': 'Leader-follower',
  'multi-leader': 'Multi-leader',
  leaderless: 'Leaderless',
};

/** The parameters offered for a pair, in the order shown, with their labels. */
const PAIR_KNOBS: readonly { knob: Knob; label: string }[] = [
  { knob: 'mode', label: 'Replication mode' },
  { knob: 'failover', label: 'Failover' },
  { knob: 'acks', label: 'Semi-sync acknowledgements' },
  { knob: 'resolution', label: 'Conflict resolution' },
  { knob: 'topology', label: 'Replication topology' },
  { knob: 'w', label: 'Write quorum W' },
  { knob: 'r', label: 'Read quorum R' },
  { knob: 'n', label: 'Replicas per key N' },
  { knob: 'readRepair', label: 'Read repair' },
  { knob: 'sloppy', label: 'Sloppy quorum and hinted handoff' },
];

const MAX_DURATION_MS = 600_000;

type Run =
  | { readonly state: 'idle' }
  | { readonly state: 'running'; readonly progress: CompareProgress | null }
  | { readonly state: 'done'; readonly result: CompareResult; readonly base: Scenario }
  | { readonly state: 'error'; readonly message: string };

export function ComparePanel() {
  const scenario = useLab((s) => s.scenario);
  if (!scenario) return null;
  return <CompareForm scenario={scenario} />;
}

function CompareForm({ scenario }: { scenario: Scenario }) {
  const [kind, setKind] = useState<'models' | 'pair'>('models');
  // Until the user types a time, runs go to the loaded scenario's own duration (which a new load changes), within
  // what the panel runs.
  const [typedMs, setDurationMs] = useState<number | null>(null);
  const durationMs = typedMs ?? Math.min(scenario.durationMs, MAX_DURATION_MS);
  const run = useCompareRun();
  const headingId = useId();
  const { knob, chooseKnob, pair, setPair, other, setOther, otherKnob } = usePairChoice(scenario);

  const { variants, problem } = plannedVariants(scenario, kind === 'models' ? null : { knob, pair, other });
  const durationOk = Number.isFinite(durationMs) && durationMs >= 1 && durationMs <= MAX_DURATION_MS;

  const start = () => {
    if (variants && durationOk) run.start(scenario, variants, durationMs);
  };

  const running = run.current.state === 'running';
  return (
    <section className="cmp-panel" aria-labelledby={headingId} data-testid="compare-panel">
      <div className="cmp-head">
        <h2 id={headingId}>Compare</h2>
        <p className="cmp-muted">
          The loaded scenario, with every action you took, run again under each model or setting to the same
          simulated time, in the background: the same replicas, clients, workload, seed, network and faults.
        </p>
      </div>
      <form
        className="cmp-form"
        aria-label="Comparison"
        onSubmit={(event) => {
          event.preventDefault();
          start();
        }}
      >
        <KindChoice kind={kind} onChange={setKind} />
        {kind === 'pair' && (
          <PairFields
            scenario={scenario}
            knob={knob}
            onKnob={chooseKnob}
            pair={pair}
            onPair={setPair}
            other={other}
            onOther={setOther}
          />
        )}
        <DurationField value={durationMs} valid={durationOk} onChange={setDurationMs} />
        <button type="submit" className="primary" disabled={running || !variants || !durationOk}>
          {running ? 'Comparing…' : 'Compare'}
        </button>
      </form>
      <FormNotes
        plan={kind === 'pair' && variants ? planText(scenario, knob, variants, otherKnob, other) : null}
        problem={problem}
        durationOk={durationOk}
      />
      <RunStatus run={run.current} />
      {run.current.state === 'done' && (
        <CompareTable result={run.current.result} base={run.current.base} live={scenario} />
      )}
    </section>
  );
}

/** The parameter compared in a pair comparison, its two values and the other quorum, kept valid for the scenario. */
function usePairChoice(scenario: Scenario) {
  const [knob, setKnob] = useState<Knob>('w');
  const [chosenPair, setPair] = useState<[string, string]>(() => defaultPair('w', scenario));
  const [chosenOther, setOther] = useState<number>(() => defaultOther(scenario, 'r'));
  const values = knobValues(knob, scenario);
  const otherKnob = otherQuorum(knob);
  // A newly loaded scenario with fewer nodes can leave a chosen value out of range: fall back to the defaults.
  const pair = chosenPair.every((v) => values.includes(v)) ? chosenPair : defaultPair(knob, scenario);
  const other =
    otherKnob && chosenOther > scenario.nodes.length ? defaultOther(scenario, otherKnob) : chosenOther;
  const chooseKnob = (next: Knob) => {
    setKnob(next);
    setPair(defaultPair(next, scenario));
    const o = otherQuorum(next);
    if (o) setOther(defaultOther(scenario, o));
  };
  return { knob, chooseKnob, pair, setPair, other, setOther, otherKnob };
}

/** The variants to run: the three models, or two settings of one knob; else why the choice cannot run. */
function plannedVariants(
  scenario: Scenario,
  choice: { knob: Knob; pair: [string, string]; other: number } | null,
): { variants: Variant[] | null; problem: string | null } {
  try {
    if (choice === null) return { variants: threeModels(), problem: null };
    const { knob, pair, other } = choice;
    if (pair[0] === pair[1]) return { variants: null, problem: 'Choose two different values to compare.' };
    const otherKnob = otherQuorum(knob);
    const extra: VariantPatch = otherKnob ? { leaderless: { [otherKnob]: other } } : {};
    return { variants: varyKnob(scenario, knob, pair, extra), problem: null };
  } catch (e) {
    return { variants: null, problem: e instanceof CompareInputError ? e.message : String(e) };
  }
}

/** What the pair comparison runs, in a sentence. */
function planText(
  scenario: Scenario,
  knob: Knob,
  variants: Variant[],
  otherKnob: string | null,
  other: number,
) {
  const translated = knobModel(knob, scenario) !== scenario.model;
  return `${capitalize(KNOBS[knob].doc)}: ${variants.map((v) => v.label).join(' against ')}${
    otherKnob ? `, both with ${otherKnob.toUpperCase()}=${other}` : ''
  }${translated ? ` (the scenario translated to ${knobModel(knob, scenario)})` : ''}.`;
}

/** The plan of a pair comparison, and what stops the form from running. */
function FormNotes({
  plan,
  problem,
  durationOk,
}: {
  plan: string | null;
  problem: string | null;
  durationOk: boolean;
}) {
  return (
    <>
      {plan && <p className="cmp-muted cmp-plan">{plan}</p>}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {!durationOk && (
        <p className="form-error" role="alert">
          The run time must be between 1 and {MAX_DURATION_MS.toLocaleString('en-US')} ms.
        </p>
      )}
    </>
  );
}

function DurationField(props: { value: number; valid: boolean; onChange: (ms: number) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Run to (simulated ms)</label>
      <input
        id={id}
        type="number"
        min={1}
        max={MAX_DURATION_MS}
        step={1}
        value={Number.isFinite(props.value) ? props.value : ''}
        aria-invalid={!props.valid}
        onChange={(e) => props.onChange(e.currentTarget.valueAsNumber)}
      />
    </div>
  );
}

/** The comparison under way or done: runs it in the compare worker, with its progress. */
function useCompareRun() {
  const [current, setRun] = useState<Run>({ state: 'idle' });
  const start = (base: Scenario, variants: Variant[], durationMs: number) => {
    setRun({ state: 'running', progress: null });
    runCompareInWorker(base, variants, Math.round(durationMs * 1000), (progress) =>
      setRun((r) => (r.state === 'running' ? { state: 'running', progress } : r)),
    ).then(
      (result) => setRun({ state: 'done', result, base }),
      (error: Error) => setRun({ state: 'error', message: error.message }),
    );
  };
  return { current, start };
}

function KindChoice({
  kind,
  onChange,
}: {
  kind: 'models' | 'pair';
  onChange: (kind: 'models' | 'pair') => void;
}) {
  return (
    <fieldset className="cmp-kind">
      <legend>What to compare</legend>
      <label>
        <input
          type="radio"
          name="cmp-kind"
          value="models"
          checked={kind === 'models'}
          onChange={() => onChange('models')}
        />
        The three models
      </label>
      <label>
        <input
          type="radio"
          name="cmp-kind"
          value="pair"
          checked={kind === 'pair'}
          onChange={() => onChange('pair')}
        />
        Two settings of one model
      </label>
    </fieldset>
  );
}

interface PairProps {
  readonly scenario: Scenario;
  readonly knob: Knob;
  readonly onKnob: (knob: Knob) => void;
  readonly pair: [string, string];
  readonly onPair: (pair: [string, string]) => void;
  readonly other: number;
  readonly onOther: (value: number) => void;
}

/** Two settings of one model: the parameter, its two values, and the other quorum they share. */
function PairFields({
  scenario,
  knob,
  onKnob: chooseKnob,
  pair,
  onPair: setPair,
  other,
  onOther: setOther,
}: PairProps) {
  const ids = { knob: useId(), a: useId(), b: useId(), other: useId() };
  const values = knobValues(knob, scenario);
  const otherKnob = otherQuorum(knob);
  return (
    <>
      <div className="field">
        <label htmlFor={ids.knob}>Parameter</label>
        <select
          id={ids.knob}
          value={knob}
          onChange={(e) => {
            const next = e.currentTarget.value;
            const found = PAIR_KNOBS.find((k) => k.knob === next);
            if (found) chooseKnob(found.knob);
          }}
        >
          {(['leader-follower', 'multi-leader', 'leaderless'] as const).map((model) => (
            <optgroup key={model} label={MODEL_TITLES[model]}>
              {PAIR_KNOBS.filter((k) => knobModel(k.knob, scenario) === model).map((k) => (
                <option key={k.knob} value={k.knob}>
                  {k.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <ValueSelect
        id={ids.a}
        label="First"
        value={pair[0]}
        options={values}
        onChange={(v) => setPair([v, pair[1]])}
      />
      <ValueSelect
        id={ids.b}
        label="Second"
        value={pair[1]}
        options={values}
        onChange={(v) => setPair([pair[0], v])}
      />
      {otherKnob && (
        <ValueSelect
          id={ids.other}
          label={`With ${otherKnob.toUpperCase()}`}
          value={String(other)}
          options={knobValues(otherKnob, scenario)}
          onChange={(v) => setOther(Number(v))}
        />
      )}
    </>
  );
}

/** The progress of a comparison under way, or why it failed. */
function RunStatus({ run }: { run: Run }) {
  const progressId = useId();
  const running = run.state === 'running';
  const percent =
    running && run.progress ? Math.min(100, Math.round((run.progress.done / run.progress.total) * 100)) : 0;
  return (
    <>
      <div role="status" aria-live="polite" className="cmp-status">
        {running && (
          <div className="cmp-progress">
            <label htmlFor={progressId}>
              {run.progress ? `Running ${run.progress.label}…` : 'Starting…'} {percent}%
            </label>
            <progress id={progressId} max={100} value={percent} />
          </div>
        )}
      </div>
      {run.state === 'error' && (
        <p className="form-error" role="alert">
          The comparison failed: {run.message}
        </p>
      )}
    </>
  );
}

function ValueSelect(props: {
  id: string;
  label: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
}) {
  return (
    <div className="field cmp-narrow">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
