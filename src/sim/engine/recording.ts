/**
 * The actions a live run records: whether an action may be recorded at all (the rules a share link is held to),
 * the scenario they make when merged into the timeline, and adopting a recorded future when time travel resumes
 * a run from a checkpoint.
 */

import {
  type Action,
  actionSchema,
  parseScenario,
  type Scenario,
  type TimelineEntry,
} from '../scenarios/schema.ts';
import type { TimeUs } from '../types.ts';
import { queueAction, type SimEvent } from './events.ts';
import type { EventQueue } from './queue.ts';

export class InvalidActionError extends Error {}

/**
 * The scenario with `recorded` merged into its timeline, sorted by time. The merge is stable with the scenario's
 * own entries first, which is also the order in which the live run executed actions of the same instant (they
 * were queued first).
 */
export function mergeTimeline(scenario: Scenario, recorded: readonly TimelineEntry[]): Scenario {
  const timeline: TimelineEntry[] = [];
  const base = scenario.timeline;
  let i = 0;
  for (const entry of recorded) {
    while (i < base.length && (base[i] as TimelineEntry).atUs <= entry.atUs)
      timeline.push(base[i++] as TimelineEntry);
    timeline.push(entry);
  }
  while (i < base.length) timeline.push(base[i++] as TimelineEntry);
  return { ...scenario, timeline };
}

/**
 * Why `action` may not be recorded at `now`, or null when it may. An action is valid when the scenario it would
 * make (the recorded one with this action at now) passes the schema: the rules a share link is held to (known
 * nodes and clients, partitions, quorums, the work limit), so a live run can never record a timeline its own
 * link would refuse.
 */
export function actionProblem(
  scenario: Scenario,
  recorded: readonly TimelineEntry[],
  now: TimeUs,
  action: Action,
): string | null {
  const parsed = actionSchema.safeParse(action);
  if (!parsed.success) return parsed.error.issues.map((i) => i.message).join('; ');
  const next = mergeTimeline(scenario, [...recorded, { atUs: now, action: parsed.data }]);
  const checked = parseScenario(next);
  if (checked.ok) return null;
  const index =
    next.timeline.length - 1 - [...next.timeline].reverse().findIndex((e) => e.action === parsed.data);
  const own = `timeline[${index}]`;
  return checked.issues
    .map((i) => `${i.path.startsWith(`${own}.`) ? i.path.slice(own.length + 1) : i.path}: ${i.message}`)
    .join('; ');
}

/**
 * Adopts a recorded future (time travel): `recorded` becomes `branch`, an earlier pass over this run or a fork
 * of it. The actions already executed must be the first ones of `branch`; those queued and not yet run are
 * dropped, and the rest of `branch` is queued as the live actions they were (after everything else of their
 * instant). Throws when `branch` does not extend what already ran, or when an action it would queue lies before
 * `now`.
 */
export function adoptBranch(
  queue: EventQueue<SimEvent>,
  recorded: TimelineEntry[],
  now: TimeUs,
  branch: readonly TimelineEntry[],
): void {
  const mine = new Set<TimelineEntry>(recorded);
  const queued = new Set<TimelineEntry>();
  for (const ev of queue.items()) if (ev.t === 'action' && mine.has(ev.entry)) queued.add(ev.entry);
  const executed = recorded.filter((e) => !queued.has(e));
  executed.forEach((entry, i) => {
    const same = branch[i];
    if (!same || same.atUs !== entry.atUs || same.action.type !== entry.action.type)
      throw new InvalidActionError(
        `recorded action ${i} (${entry.action.type} at ${entry.atUs} µs) is not in the branch`,
      );
  });
  const future = branch.slice(executed.length);
  const past = future.find((e) => e.atUs < now);
  if (past) throw new InvalidActionError(`a recorded ${past.action.type} at ${past.atUs} µs lies before now`);
  queue.removeWhere((ev) => ev.t === 'action' && queued.has(ev.entry));
  recorded.length = 0;
  recorded.push(...executed);
  for (const { atUs, action } of future) {
    const entry: TimelineEntry = { atUs, action };
    recorded.push(entry);
    queueAction(queue, entry);
  }
}
