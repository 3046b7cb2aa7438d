/** Generated client traffic: on/off and its rate. */

import { useId } from 'react';
import { RATE_SCALE } from '../format.ts';
import { useLab, usePending } from '../hooks.ts';
import { act } from '../worker/simClient.ts';
import { CommitSlider } from './CommitSlider.tsx';
import { ControlGroup } from './ControlGroup.tsx';

export function WorkloadControls() {
  const [enabled, setEnabled] = usePending(useLab((s) => s.snapshot?.workload.enabled ?? false));
  const rate = useLab((s) => s.snapshot?.workload.ratePerSec ?? null);
  const ready = useLab((s) => s.snapshot !== null);
  const checkboxId = useId();
  return (
    <ControlGroup id="workload" title="Workload">
      <div className="field field-check">
        <input
          id={checkboxId}
          type="checkbox"
          checked={enabled}
          disabled={!ready}
          onChange={(event) => {
            const next = event.currentTarget.checked;
            setEnabled(next);
            if (rate !== null) act({ type: 'setWorkload', enabled: next, ratePerSec: rate });
          }}
        />
        <label htmlFor={checkboxId}>Generate traffic</label>
      </div>
      <CommitSlider
        label="Rate"
        min={0}
        max={RATE_SCALE.steps}
        value={rate === null ? null : RATE_SCALE.toPosition(rate)}
        format={(p) =>
          `${rate !== null && p === RATE_SCALE.toPosition(rate) ? rate : RATE_SCALE.toValue(p)} ops/s`
        }
        disabled={!ready}
        onCommit={(p) => act({ type: 'setWorkload', enabled, ratePerSec: RATE_SCALE.toValue(p) })}
      />
    </ControlGroup>
  );
}
