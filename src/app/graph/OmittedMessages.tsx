/**
 * What a capped snapshot left out: a flood of messages in flight (hundreds of thousands) reaches the page as at
 * most MAX_MESSAGES_IN_SNAPSHOT dots, and the rest as a count per kind, said here in words.
 */
import { useLabThrottled } from '../hooks.ts';
import './omitted.css';

const intFormat = new Intl.NumberFormat('en-US');
const NONE: Readonly<Partial<Record<string, number>>> = {};

export function OmittedMessages() {
  const omitted = useLabThrottled((s) => s.snapshot?.messagesOmitted ?? NONE, 250);
  const kinds = Object.entries(omitted).flatMap(([kind, n]) => (n ? [[kind, n] as const] : []));
  if (kinds.length === 0) return null;
  const total = kinds.reduce((sum, [, n]) => sum + n, 0);
  return (
    <p className="graph-omitted" data-testid="messages-omitted" data-count={total}>
      +{intFormat.format(total)} more messages in flight, not drawn (
      {kinds.map(([kind, n]) => `${kind} ${intFormat.format(n)}`).join(', ')})
    </p>
  );
}
