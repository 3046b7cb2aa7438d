/**
 * The snapshot the simulation worker posts first for a run, and the scenario it posts before it, as the page asks
 * for the run (`load`, played at once, from time 0): a host of its own is given the scenario and never ticks, so
 * what it posts is what the worker's host posts on `load`. The build's prerendered graphs (src/app/firstPaint/
 * prerender.ts) and a shared run's first frame drawn in the worker (firstFrame.ts) are drawn from it. Pure: no
 * Worker globals, no clock.
 */
import type { Scenario } from '../sim/scenarios/schema.ts';
import { createSimCore } from './core.ts';
import { SimHost } from './host.ts';
import type { FromWorker, ViewSnapshot } from './protocol.ts';

export interface FirstRun {
  readonly snapshot: ViewSnapshot;
  /** The `scenario` reply posted before the snapshot (the page's store holds it when the snapshot comes). */
  readonly scenario: Scenario;
}

export function firstRunOf(scenario: Scenario): FirstRun {
  const posts: FromWorker[] = [];
  const host = new SimHost({
    post: (message) => posts.push(message),
    createSim: createSimCore,
    now: () => 0,
    schedule: () => () => {},
  });
  host.handle({ type: 'load', epoch: 1, scenario, seekToUs: null, play: true });
  const first = posts.find((m) => m.type === 'snapshot');
  if (first?.type !== 'snapshot') throw new Error(`the run of "${scenario.name}" posted no snapshot`);
  const posted = posts.find((m) => m.type === 'scenario');
  if (posted?.type !== 'scenario') throw new Error(`the run of "${scenario.name}" posted no scenario`);
  return { snapshot: first.snapshot, scenario: posted.scenario };
}
