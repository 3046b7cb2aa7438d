/**
 * The staleness experiment's inputs: N, R, W, a production latency profile (PBS paper), the number of trials and
 * the seed. R and W never exceed N.
 */
import { useId } from 'react';
import { PBS_PROFILE_NAMES, type PbsProfileName } from '../../../sim/engine/latency.ts';

export interface StalenessParams {
  readonly n: number;
  readonly r: number;
  readonly w: number;
  readonly profile: PbsProfileName;
  readonly trials: number;
  readonly seed: number;
}

const PROFILE_LABELS: Record<PbsProfileName, string> = {
  'lnkd-ssd': 'LNKD-SSD (LinkedIn, SSDs)',
  'lnkd-disk': 'LNKD-DISK (LinkedIn, spinning disks)',
  ymmr: 'YMMR (Yammer, Riak)',
  wan: 'WAN (replicas across data centres)',
};

const TRIAL_CHOICES = [10_000, 100_000, 1_000_000];
const MAX_SEED = 4294967295;

export function isProfile(value: unknown): value is PbsProfileName {
  return typeof value === 'string' && (PBS_PROFILE_NAMES as readonly string[]).includes(value);
}

interface Props {
  readonly params: StalenessParams;
  readonly running: boolean;
  readonly onChange: (patch: Partial<StalenessParams>) => void;
  readonly onRun: () => void;
}

export function StalenessForm({ params, running, onChange: set, onRun }: Props) {
  const ids = { n: useId(), r: useId(), w: useId(), profile: useId() };
  const range = (max: number) => Array.from({ length: max }, (_, i) => i + 1);
  return (
    <form
      className="ll-staleness-form"
      aria-label="Staleness experiment"
      onSubmit={(event) => {
        event.preventDefault();
        onRun();
      }}
    >
      <NumberSelect id={ids.n} label="N" value={params.n} options={range(10)} onChange={(n) => set({ n })} />
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
      <RunSize params={params} onChange={set} />
      <button type="submit" className="primary" disabled={running}>
        {running ? 'Running…' : 'Run experiment'}
      </button>
    </form>
  );
}

/** How many trials, and the seed they draw from: the same inputs and seed give the same curve. */
function RunSize({ params, onChange: set }: Pick<Props, 'params' | 'onChange'>) {
  const trialsId = useId();
  const seedId = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={trialsId}>Trials</label>
        <select
          id={trialsId}
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
        <label htmlFor={seedId}>Seed</label>
        <input
          id={seedId}
          type="number"
          min={0}
          max={MAX_SEED}
          step={1}
          value={params.seed}
          onChange={(e) => {
            const seed = Math.trunc(Number(e.currentTarget.value));
            if (Number.isFinite(seed) && seed >= 0 && seed <= MAX_SEED) set({ seed });
          }}
        />
      </div>
    </>
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
