/**
 * The rows under the graph: the simulated clock and the model's status (who leads, or how it coordinates), then
 * the time scrubber across the stage's width.
 */
import type { ModelUi } from '../models/types.ts';
import { SimTime } from '../SimTime.tsx';
import { Scrubber } from '../timeline/Scrubber.tsx';

export function TimeBar({ ui }: { ui: ModelUi }) {
  const { Status } = ui;
  return (
    <div className="time-bar" data-testid="time-bar">
      <SimTime />
      <Status />
      <div className="scrubber-slot" data-testid="scrubber-slot">
        <Scrubber />
      </div>
    </div>
  );
}
