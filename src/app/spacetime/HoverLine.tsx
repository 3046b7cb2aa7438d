/** The line under the diagram that says, in words, what the pointer is on: a message, or an operation. */
import type { Operation } from '../../sim/types.ts';
import { opName } from './HistoryTimeline.tsx';
import type { MessageRecord } from './recorder.ts';

const ms = (us: number, digits: number) => (us / 1000).toFixed(digits);

export function HoverLine({
  hovered,
  hoveredOp,
}: {
  hovered: MessageRecord | null;
  hoveredOp: Operation | null;
}) {
  return (
    <p className="spacetime-hover" aria-live="polite" data-testid="spacetime-hover">
      {hovered ? describeMessage(hovered, hoveredOp) : hoveredOp ? describeOperation(hoveredOp) : HINT}
    </p>
  );
}

const HINT =
  'Hover an arrow, an operation or a history row to link the views, a lane to select its node; scroll the wheel over the diagram to zoom.';

function describeMessage(r: MessageRecord, op: Operation | null): string {
  const end = r.status === 'flying' ? 'in flight' : `${r.status} at ${ms(r.endUs, 3)} ms`;
  const of = op ? ` (operation ${opName(op)}: ${op.f} ${op.key})` : '';
  return `${r.kind} #${r.id}: ${r.from} → ${r.to}, sent at ${ms(r.sentUs, 3)} ms, ${end}${of}`;
}

function describeOperation(op: Operation): string {
  const end = op.completeUs === null ? 'open' : `${ms(op.completeUs, 1)} ms`;
  return `operation ${opName(op)}: ${op.client} ${op.f} ${op.key}, ${ms(op.invokeUs, 1)} ms – ${end}, ${op.status}${
    op.node ? ` on ${op.node}` : ''
  }; its messages are drawn bold`;
}
