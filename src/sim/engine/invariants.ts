/**
 * Invariant checks: after every event (tests, the swarm, debug builds) the model's protocol promises still hold,
 * or the run stops at the event that broke one, named so the failure can be found in the trace.
 */

import type { ReplicationModel } from '../models/model.ts';
import type { TimeUs } from '../types.ts';
import type { SimEvent } from './events.ts';

/** A model broke an invariant its protocol promises: the run stops at the event that broke it. */
export class InvariantViolation extends Error {}

/** After an event, in tests and debug builds: the model's invariants still hold, or the run stops here. */
export function assertInvariants(model: ReplicationModel, time: TimeUs, ev: SimEvent): void {
  const violation = model.invariantViolation();
  if (violation === null) return;
  throw new InvariantViolation(`invariant broken at ${time} µs by the ${describeEvent(ev)}: ${violation}`);
}

/** The event in words: which message, timer or action it was. */
function describeEvent(ev: SimEvent): string {
  if (ev.t === 'deliver' || ev.t === 'drop')
    return `${ev.t} of message ${ev.id} (${ev.body.type} ${ev.from} -> ${ev.to})`;
  if (ev.t === 'timer') return `${ev.body.type} timer of ${ev.node}`;
  if (ev.t === 'action') return `timeline action ${ev.entry.action.type}`;
  return ev.t;
}
