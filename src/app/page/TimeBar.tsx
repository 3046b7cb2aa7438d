/**
 * The row under the graph: the simulated clock, the model's status (who leads, or how it coordinates), and the
 * place of the time scrubber.
 */
import type { ModelUi } from '../models/types.ts';
import { SimTime } from '../SimTime.tsx';

export function TimeBar({ ui }: { ui: ModelUi }) {
  const { Status } = ui;
  return (
    <div className="time-bar" data-testid="time-bar">
      <SimTime />
      <Status />
      {/*
       * The time scrubber (src/app/timeline/Scrubber.tsx) goes in this slot: under the graph, beside the clock,
       * taking the rest of the row. The slot is empty until it lands.
       */}
      <div className="scrubber-slot" data-testid="scrubber-slot" />
    </div>
  );
}
