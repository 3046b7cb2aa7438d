/**
 * "Find a failure": runs searched per second for each model, each beside the rate of plain simulations of the
 * same scenario measured in the same process (the scenario with the search's settle period and no fault, run to
 * its end without judging), so the ratio shows what faults, the per-run setup and the oracle's judgement cost
 * over simulating. Each scenario is a preset whose own faults are taken out, searched for a property its
 * settings keep (so the search does its whole budget instead of stopping at a failure); crashes keep their disk.
 * The ratio is mostly the faults' own work: loss, duplication and partitions make retries, timeouts and elections.
 */
import { Search, type SearchOptions } from '../src/sim/analysis/search.ts';
import { baseCase, caseScenario, isFault, type Property } from '../src/sim/analysis/searchCase.ts';
import { FAULT_KINDS } from '../src/sim/analysis/searchFaults.ts';
import { Simulation } from '../src/sim/engine/simulation.ts';
import { getPreset } from '../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../src/sim/scenarios/schema.ts';
import { median, report } from './lib/report.ts';

const CASES: readonly { readonly preset: string; readonly property: Property }[] = [
  { preset: 'split-brain-fixed', property: 'lost-write' },
  { preset: 'write-conflict-lww', property: 'convergence' },
  { preset: 'anti-entropy', property: 'convergence' },
  // Generated traffic (20 operations a second) makes each run several times longer.
  { preset: 'strict-quorum-fresh', property: 'stale-read' },
];
const RUNS_PER_ROUND = 20;
const ROUNDS = 3;

function scenarioOf(id: string): Scenario {
  const s = getPreset(id)?.scenario;
  if (!s) throw new Error(`no preset ${id}`);
  return { ...s, timeline: s.timeline.filter((e) => !isFault(e.action)) };
}

/** Runs per second of a search's next `runs` runs. */
function searchRate(search: Search, runs: number): number {
  const start = performance.now();
  const progress = search.step(runs);
  if (progress.found)
    throw new Error('the benchmark search found a failure: pick a property the settings keep');
  return runs / ((performance.now() - start) / 1000);
}

/** Runs per second of plain simulations of the scenario as the search runs it, without faults or judgement. */
function plainRate(scenario: Scenario, runs: number): number {
  const start = performance.now();
  for (let i = 0; i < runs; i++) {
    const sim = new Simulation({ ...scenario, seed: i });
    sim.runUntil(scenario.durationMs * 1000);
  }
  return runs / ((performance.now() - start) / 1000);
}

const results = CASES.map(({ preset, property }) => {
  const scenario = scenarioOf(preset);
  const options: SearchOptions = {
    property,
    seed: 1,
    runs: RUNS_PER_ROUND * (ROUNDS + 1),
    faults: FAULT_KINDS.filter((k) => k !== 'disk-loss'),
  };
  const search = new Search(scenario, options);
  const plain = caseScenario(baseCase(scenario, search.settleMs * 1000));
  // A warm-up round of each, then rounds interleaved so that machine noise hits both alike.
  searchRate(search, RUNS_PER_ROUND);
  plainRate(plain, RUNS_PER_ROUND);
  const searched: number[] = [];
  const plains: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    searched.push(searchRate(search, RUNS_PER_ROUND));
    plains.push(plainRate(plain, RUNS_PER_ROUND));
  }
  const searchRunsPerSec = median(searched);
  const plainRunsPerSec = median(plains);
  return {
    model: scenario.model,
    preset,
    property,
    simulatedMsPerRun: plain.durationMs,
    searchRunsPerSec: Number(searchRunsPerSec.toFixed(1)),
    plainRunsPerSec: Number(plainRunsPerSec.toFixed(1)),
    ratio: Number((searchRunsPerSec / plainRunsPerSec).toFixed(3)),
  };
});

console.log(
  JSON.stringify({ benchmark: 'search-runs-per-second', runsPerRound: RUNS_PER_ROUND, results }, null, 2),
);
for (const r of results)
  report({
    id: `search.${r.preset}`,
    what: `find a failure, ${r.model}: ${r.preset} searched for ${r.property} (${r.simulatedMsPerRun} simulated ms a run, random faults, judged)`,
    figure: `${r.searchRunsPerSec} runs/s`,
    reference: `${r.plainRunsPerSec} plain runs/s of the same scenario without faults or judgement`,
    ratio: `${(r.ratio * 100).toFixed(0)}%`,
    target: 'none: shows what faults and judging cost over simulating',
    pass: null,
  });
