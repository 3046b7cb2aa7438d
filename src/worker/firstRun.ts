/**
 * The snapshot the simulation worker posts first for a run, and the scenario it posts before it, as the page asks
 * for the run (`load`, played at once, from time 0). The build's prerendered graphs (src/app/firstPaint/
 * prerender.ts) and a shared run's first frame drawn in the worker (firstFrame.ts) are drawn from it. Pure: no
 * Worker globals, no clock.
 *
 * The host (host.ts) posts that snapshot before any event has run, so it is the engine's state as the scenario
 * builds it: here it is packed straight from a `Simulation` made as the worker's core makes it (core.ts
 * `simulationOf`), without the host, the oracle, the metrics or the story, whose work on `load` (a live check, a
 * metrics report, the key moments) comes after the snapshot or beside it and changes nothing in it.
 * tests/unit/firstFrame.test.ts holds it equal to what a host posts on `load` for every preset. A share link's first
 * frame waits for this, and the host's way also ran (and compiled, the first time) the live check, the metrics
 * report and the story, which the page's own `load` runs moments later anyway: traced in Chromium, the worker's
 * thread spent a median 7.3-7.8 ms of CPU reading the link and drawing its frame this way against 9.3-9.6 ms the
 * host's way (paired loads of a share link of write-conflict-lww, four runs of 6 to 10 pairs).
 */
import type { Scenario } from '../sim/scenarios/schema.ts';
import { simulationOf } from './core.ts';
import { viewSnapshot } from './pack.ts';
import { MAX_MESSAGES_IN_SNAPSHOT, type ViewSnapshot } from './protocol.ts';

export interface FirstRun {
  readonly snapshot: ViewSnapshot;
  /** The `scenario` reply posted before the snapshot (the page's store holds it when the snapshot comes). */
  readonly scenario: Scenario;
}

export function firstRunOf(scenario: Scenario): FirstRun {
  const sim = simulationOf(scenario);
  return { snapshot: viewSnapshot(sim, MAX_MESSAGES_IN_SNAPSHOT), scenario: sim.currentScenario() };
}
