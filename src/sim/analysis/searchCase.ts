/**
 * One case of "Find a failure": a scenario's settings, its timeline split into what a search may change and what
 * it keeps, a window in which faults and operations happen, and a settle period after it. A case builds into a
 * plain scenario (`caseScenario`), and `judgeCase` runs that scenario and says whether a property broke.
 *
 * The timeline's entries fall into three lists:
 *  - faults (crashes, restarts, partitions, heals, cut and restored links, loss, duplication, clock skew): the
 *    search adds random ones beside the user's own, and shrinking removes them or moves them earlier;
 *  - operations (the user's reads and writes): shrinking may drop them;
 *  - settings (everything else: replication, failover, quorums, read policies, latency, the workload switch, an
 *    operator's promote and demote): kept as they are, since they are the settings being tested.
 * Each entry keeps a sequence number, so entries of one instant run in the order the user gave them.
 *
 * Every case ends the same way, at the end of its window: the network heals (partitions, cut links, loss and
 * duplication back to the scenario's own), every crashed node restarts and generated traffic stops; then the
 * cluster gets `settleUs` to settle, so that convergence and lost writes are judged on a quiet cluster.
 */
import { Simulation } from '../engine/simulation.ts';
import { type Anomaly, type AnomalyKind, checkRun } from '../oracle/oracle.ts';
import type { Action, Scenario, TimelineEntry } from '../scenarios/schema.ts';

/** The properties a search can look for a violation of. */
export const PROPERTIES = [
  'lost-write',
  'stale-read',
  'convergence',
  'linearizable',
  'one-leader',
  'read-your-writes',
  'monotonic-reads',
] as const;
export type Property = (typeof PROPERTIES)[number];

/** What each property promises, in one line (the CLI's usage text and the page's picker). */
export const PROPERTY_DESCRIPTIONS: Readonly<Record<Property, string>> = {
  'lost-write': 'no acknowledged write is lost',
  'stale-read': 'no read misses a write acknowledged before the read began',
  convergence: 'the replicas agree on every key once the network has healed and the cluster is quiet',
  linearizable: "every key's history can be ordered as one register (linearizability)",
  'one-leader': 'at most one leader per term (leader-follower only: Raft\'s "Election Safety")',
  'read-your-writes': "a client's read shows its own acknowledged writes",
  'monotonic-reads': "a client's reads never go back to an older value than it has seen",
};

export function isProperty(text: string): text is Property {
  return (PROPERTIES as readonly string[]).includes(text);
}

/** The search step budget of one run's linearizability check: past it the run is undecided, not a violation. */
export const LINEARIZABILITY_STEPS = 200_000;

/** A timeline entry and its place in the order of its instant. */
export interface CaseEntry extends TimelineEntry {
  readonly seq: number;
}

export interface SearchCase {
  /** The settings: the scenario without its timeline (built from the lists below) and its length. */
  readonly scenario: Scenario;
  readonly faults: readonly CaseEntry[];
  readonly ops: readonly CaseEntry[];
  readonly settings: readonly CaseEntry[];
  /** Faults and operations happen in [0, windowUs]; the ending runs at windowUs, after everything else then. */
  readonly windowUs: number;
  readonly settleUs: number;
}

const FAULT_ACTIONS: ReadonlySet<Action['type']> = new Set([
  'crash',
  'restart',
  'partition',
  'heal',
  'cutLink',
  'restoreLink',
  'setLoss',
  'setDuplication',
  'setClockSkew',
]);

export function isFault(action: Action): boolean {
  return FAULT_ACTIONS.has(action.type);
}

/**
 * The case a scenario starts from: its timeline sorted into faults, operations and settings, its durationMs as
 * the span searched; entries past it are left out, as the scenario never ran them either.
 */
export function baseCase(scenario: Scenario, settleUs: number): SearchCase {
  const windowUs = Math.floor(scenario.durationMs * 1000);
  const faults: CaseEntry[] = [];
  const ops: CaseEntry[] = [];
  const settings: CaseEntry[] = [];
  scenario.timeline.forEach((entry, seq) => {
    if (entry.atUs > windowUs) return;
    const item = { atUs: entry.atUs, action: entry.action, seq };
    const a = entry.action;
    if (isFault(a)) faults.push(item);
    else if (a.type === 'write' || a.type === 'read') ops.push(item);
    else settings.push(item);
  });
  return { scenario: { ...scenario, timeline: [] }, faults, ops, settings, windowUs, settleUs };
}

/** The scenario a case stands for: its entries in time order, then the ending, then the settle period. */
export function caseScenario(c: SearchCase): Scenario {
  const entries = [...c.settings, ...c.ops, ...c.faults].sort((a, b) => a.atUs - b.atUs || a.seq - b.seq);
  const timeline: TimelineEntry[] = entries.map(({ atUs, action }) => ({ atUs, action }));
  for (const action of ending(c)) timeline.push({ atUs: c.windowUs, action });
  return { ...c.scenario, durationMs: (c.windowUs + c.settleUs) / 1000, timeline };
}

/** What undoes the case's faults, and stops generated traffic: only what its faults and settings need. */
function ending(c: SearchCase): Action[] {
  const s = c.scenario;
  const out: Action[] = [];
  const faults = c.faults.map((f) => f.action);
  if (faults.some((a) => a.type === 'partition')) out.push({ type: 'heal' });
  const cuts = new Set<string>();
  for (const a of faults)
    if (a.type === 'cutLink' && !cuts.has(JSON.stringify([a.a, a.b]))) {
      cuts.add(JSON.stringify([a.a, a.b]));
      out.push({ type: 'restoreLink', a: a.a, b: a.b });
    }
  if (faults.some((a) => a.type === 'setLoss'))
    out.push({ type: 'setLoss', dropProbability: s.network.dropProbability });
  if (faults.some((a) => a.type === 'setDuplication'))
    out.push({ type: 'setDuplication', duplicateProbability: s.network.duplicateProbability ?? 0 });
  const crashed = new Set(faults.flatMap((a) => (a.type === 'crash' ? [a.node] : [])));
  for (const node of s.nodes) if (crashed.has(node)) out.push({ type: 'restart', node });
  const traffic = s.workload.enabled || c.settings.some((e) => e.action.type === 'setWorkload');
  if (traffic) out.push({ type: 'setWorkload', enabled: false });
  return out;
}

/** How big a case is: what shrinking makes smaller. */
export interface CaseSize {
  readonly faults: number;
  readonly operations: number;
  /** The generated traffic's rate, 0 when it is off. */
  readonly trafficPerSec: number;
  readonly nodes: number;
  readonly clients: number;
}

export function caseSize(c: SearchCase): CaseSize {
  const s = c.scenario;
  return {
    faults: c.faults.length,
    operations: c.ops.length,
    trafficPerSec: s.workload.enabled ? s.workload.ratePerSec : 0,
    nodes: s.nodes.length,
    clients: s.clients.length,
  };
}

/** A property broken: the oracle's sentence and the key moment, when the violation first shows. */
export interface Violation {
  readonly explanation: string;
  readonly atUs: number;
}

export interface Judgement {
  readonly violation: Violation | null;
  /** The linearizability check ran out of its budget: the run neither broke nor kept the property. */
  readonly undecided: boolean;
}

/** Runs a case's scenario to its end and judges the property. */
export function judgeCase(c: SearchCase, property: Property): Judgement {
  return judgeScenario(caseScenario(c), property);
}

/** Runs a scenario to its durationMs and judges the property on the run. */
export function judgeScenario(scenario: Scenario, property: Property): Judgement {
  const sim = new Simulation(scenario);
  const endUs = Math.floor(scenario.durationMs * 1000);
  if (property === 'one-leader') return { violation: watchLeaders(sim, endUs), undecided: false };
  sim.runUntil(endUs);
  return judgeRun(sim, property);
}

const KIND: Readonly<Record<Exclude<Property, 'one-leader' | 'linearizable'>, AnomalyKind>> = {
  'lost-write': 'lost-write',
  'stale-read': 'stale-read',
  convergence: 'divergence',
  'read-your-writes': 'read-your-writes',
  'monotonic-reads': 'monotonic-reads',
};

/**
 * The property judged on a finished run, by the oracle. Lost writes and divergence are read from the run's
 * ground truth first, so the oracle (and its history pass) runs only when there is something to explain; the
 * other checks skip the linearizability search (a budget of 0 steps) unless that is the property.
 */
function judgeRun(sim: Simulation, property: Exclude<Property, 'one-leader'>): Judgement {
  const clean: Judgement = { violation: null, undecided: false };
  if (property === 'lost-write' && sim.lostWrites().length === 0) return clean;
  if (property === 'convergence' && (!sim.quiescent() || sim.divergentKeys().length === 0)) return clean;
  if (property === 'linearizable') {
    const result = checkRun(sim, { maxSteps: LINEARIZABILITY_STEPS });
    const verdict = result.linearizability.result;
    if (verdict === 'unknown') return { violation: null, undecided: true };
    if (verdict === 'linearizable') return clean;
    return { violation: first(result.anomalies, 'not-linearizable'), undecided: false };
  }
  const anomalies = checkRun(sim, { maxSteps: 0 }).anomalies;
  return { violation: first(anomalies, KIND[property]), undecided: false };
}

function first(anomalies: readonly Anomaly[], kind: AnomalyKind): Violation | null {
  const a = anomalies.find((x) => x.kind === kind);
  return a ? { explanation: a.explanation, atUs: a.atUs } : null;
}

/**
 * Election Safety, watched instant by instant (a leader may hold its role only briefly): the run stops at the
 * first instant a second node is seen leading a term that another node led.
 */
function watchLeaders(sim: Simulation, endUs: number): Violation | null {
  const leaderOf = new Map<number, { node: string; sinceUs: number }>();
  for (let next = sim.nextEventUs(); next !== null && next <= endUs; next = sim.nextEventUs()) {
    sim.runUntil(next);
    for (const node of sim.nodes) {
      const r = sim.model.replica(node);
      if (r.model !== 'leader-follower' || r.role !== 'leader') continue;
      const known = leaderOf.get(r.term);
      if (!known) leaderOf.set(r.term, { node, sinceUs: sim.nowUs });
      else if (known.node !== node) {
        const other = sim.model.replica(known.node);
        const still = other.model === 'leader-follower' && other.role === 'leader' && other.term === r.term;
        return {
          explanation: `two leaders in term ${r.term}: ${known.node} led it from ${ms(known.sinceUs)}, and ${node} became its leader at ${ms(sim.nowUs)}${still ? ` while ${known.node} still led it` : ''}`,
          atUs: sim.nowUs,
        };
      }
    }
  }
  return null;
}

const ms = (us: number) => `${(us / 1000).toFixed(1)} ms`;
