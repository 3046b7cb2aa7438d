/**
 * Key moments: the points of a run a story stops at. They are found in what the run itself reveals, never at
 * hard-coded times: the first anomaly of each kind the preset exists to show (in the oracle's own sentence), a
 * fault starting or healing (the message log's fault intervals), a new leader (the highest term among the
 * up nodes that believe they lead), and the first write a sloppy quorum acknowledged (a leaderless write whose
 * counted acknowledgements include fallback nodes outside the key's preference list: the view's quorums). `MomentFinder` is fed what happened since its last call and returns the
 * moments it had not returned before; each cause fires once, so feeding it the same things twice is harmless.
 */
import type { FaultInterval } from '../engine/messageLog.ts';
import { Simulation } from '../engine/simulation.ts';
import { type Anomaly, type AnomalyKind, Oracle } from '../oracle/oracle.ts';
import type { Scenario } from '../scenarios/schema.ts';
import type { NodeId, NodeView, QuorumView } from '../types.ts';
import { type LeaderRules, leaderRulesOf, twoLeadersKind } from './leaders.ts';

export { type LeaderRules, leaderRulesOf, twoLeadersKind } from './leaders.ts';

/**
 * The leaders are looked at on this grid of simulated time (every whole millisecond), whatever the playback
 * speed and however the worker's batches fall: so an election's moment is the same instant in every replay.
 */
export const LEADER_GRID_US = 1000;
/** `findMoments` asks the oracle for its whole answer this often (divergence is judged only then). */
const FULL_CHECK_EVERY_US = 25_000;

export type MomentKind = 'anomaly' | 'fault' | 'heal' | 'election' | 'sloppy';

export interface Moment {
  readonly kind: MomentKind;
  /** What caused it, unique in a run ("anomaly:stale-read", "fault:3", "heal:3", "election:2", "sloppy"). */
  readonly cause: string;
  /** Simulated time of the moment: the anomaly's, the fault's start or end, or when the new leader was seen. */
  readonly atUs: number;
  /** For an anomaly the oracle's explanation; otherwise a plain sentence saying what happened. */
  readonly sentence: string;
  /** The nodes involved (the caption points at them), the operations involved, and any messages. */
  readonly nodes: readonly string[];
  readonly ops: readonly number[];
  readonly messages?: readonly number[];
  /** The anomaly's kind, for an anomaly moment. */
  readonly anomalyKind?: AnomalyKind;
}

/** A node that believes it leads, with its term. */
export interface Leadership {
  readonly id: NodeId;
  readonly term: number;
}

/** The up nodes that believe they lead, newest term first (leader-follower only; other models have none). */
export function upLeaders(nodes: readonly NodeView[]): Leadership[] {
  const out: Leadership[] = [];
  for (const n of nodes)
    if (n.model === 'leader-follower' && n.up && n.role === 'leader') out.push({ id: n.id, term: n.term });
  return out.sort(newestFirst);
}

/**
 * `upLeaders` read straight off the run, without building its views: the up `members` whose model says they
 * lead (`leadingTerm`, the model's own), in the same order.
 */
export function upLeadersOf(
  members: readonly NodeId[],
  isUp: (node: NodeId) => boolean,
  leadingTerm: (node: NodeId) => number | null,
): Leadership[] {
  const out: Leadership[] = [];
  for (const id of members) {
    if (!isUp(id)) continue;
    const term = leadingTerm(id);
    if (term !== null) out.push({ id, term });
  }
  return out.sort(newestFirst);
}

function newestFirst(a: Leadership, b: Leadership): number {
  return b.term - a.term || (a.id < b.id ? -1 : 1);
}

/** What happened since the finder's last call. Every field is optional: feed what is at hand. */
export interface MomentInput {
  /** Oracle anomalies (new ones, or all so far: the finder keeps only the first of each kind it wants). */
  readonly anomalies?: readonly Anomaly[];
  /** Fault intervals that started or ended (or all of them). */
  readonly faults?: readonly FaultInterval[];
  /** The up leaders (`upLeaders`) as seen at `atUs`. */
  readonly leaders?: {
    readonly atUs: number;
    readonly leaders: readonly Leadership[];
    /** The cluster's rules at `atUs` (`leaderRulesOf`), which say what two leaders at once are; null: split brain. */
    readonly rules?: LeaderRules | null;
  };
  /** A leaderless run's recent and in-progress quorums (its view's `quorums`). */
  readonly quorums?: readonly QuorumView[];
}

/** The cause of the first write acknowledged by a sloppy quorum (one per run). */
const SLOPPY_CAUSE = 'sloppy';

/** Order of moments at one instant: what broke first, then what it led to. */
const KIND_ORDER: Readonly<Record<MomentKind, number>> = {
  heal: 0,
  fault: 1,
  election: 2,
  sloppy: 3,
  anomaly: 4,
};

export function byMomentTime(a: Moment, b: Moment): number {
  return a.atUs - b.atUs || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.cause < b.cause ? -1 : 1);
}

export class MomentFinder {
  private readonly shows: ReadonlySet<AnomalyKind>;
  private readonly fired = new Set<string>();
  /** The newest term any leader was seen in; null before the first look at the leaders. */
  private newestTerm: number | null = null;
  private lastLeader: Leadership | null = null;

  constructor(shows: readonly AnomalyKind[]) {
    this.shows = new Set(shows);
  }

  /** The kinds the preset shows whose first anomaly has not been found yet. */
  wanted(): AnomalyKind[] {
    return [...this.shows].filter((k) => !this.fired.has(`anomaly:${k}`));
  }

  /** Whether a sloppy quorum's first acknowledged write is still to be found (then feed it `quorums`). */
  watchesQuorums(): boolean {
    return !this.fired.has(SLOPPY_CAUSE);
  }

  /** Takes `moments` as already returned (a run that forked keeps the ones before the fork). */
  markFound(moments: readonly Moment[]): void {
    for (const m of moments) this.fired.add(m.cause);
  }

  /** The moments in `input` not returned before, in time order. */
  find(input: MomentInput): Moment[] {
    const out: Moment[] = [];
    if (input.faults) for (const f of input.faults) this.fault(f, out);
    if (input.leaders) this.election(input.leaders, out);
    if (input.quorums && this.watchesQuorums()) this.sloppy(input.quorums, out);
    if (input.anomalies && this.wanted().length > 0) this.anomalies(input.anomalies, out);
    return out.sort(byMomentTime);
  }

  private fire(moment: Moment, out: Moment[]): void {
    if (this.fired.has(moment.cause)) return;
    this.fired.add(moment.cause);
    out.push(moment);
  }

  private anomalies(anomalies: readonly Anomaly[], out: Moment[]): void {
    // The earliest of each wanted kind: an update may list a later one first (lost writes are re-read state).
    const first = new Map<AnomalyKind, Anomaly>();
    for (const a of anomalies) {
      if (!this.shows.has(a.kind) || this.fired.has(`anomaly:${a.kind}`)) continue;
      const seen = first.get(a.kind);
      if (!seen || a.atUs < seen.atUs) first.set(a.kind, a);
    }
    for (const [kind, a] of first)
      this.fire(
        {
          kind: 'anomaly',
          cause: `anomaly:${kind}`,
          atUs: a.atUs,
          sentence: kind === 'lost-write' ? lostSentence(a, anomalies) : a.explanation,
          nodes: [...new Set(a.nodes)],
          ops: [...a.ops],
          anomalyKind: kind,
        },
        out,
      );
  }

  private fault(f: FaultInterval, out: Moment[]): void {
    const nodes = faultNodes(f);
    this.fire(
      { kind: 'fault', cause: `fault:${f.id}`, atUs: f.startUs, sentence: faultSentence(f), nodes, ops: [] },
      out,
    );
    if (f.endUs !== null)
      this.fire(
        { kind: 'heal', cause: `heal:${f.id}`, atUs: f.endUs, sentence: healSentence(f), nodes, ops: [] },
        out,
      );
  }

  /** The earliest write among `quorums` that a sloppy quorum acknowledged. */
  private sloppy(quorums: readonly QuorumView[], out: Moment[]): void {
    let first: { q: QuorumView; standIns: StandIn[] } | null = null;
    for (const q of quorums) {
      const standIns = sloppyStandIns(q);
      if (standIns.length > 0 && (!first || (q.doneUs ?? 0) < (first.q.doneUs ?? 0))) first = { q, standIns };
    }
    if (!first) return;
    const { q, standIns } = first;
    this.fire(
      {
        kind: 'sloppy',
        cause: SLOPPY_CAUSE,
        atUs: q.doneUs ?? q.startedUs,
        sentence: sloppySentence(q, standIns),
        nodes: [...new Set([q.coordinator, ...standIns.flatMap((f) => [f.node, f.for])])],
        ops: [q.opId],
      },
      out,
    );
  }

  private election(
    { atUs, leaders, rules = null }: NonNullable<MomentInput['leaders']>,
    out: Moment[],
  ): void {
    const leader = leaders[0] ?? null;
    const known = this.newestTerm;
    if (leader && (known === null || leader.term > known)) {
      // The first look at the cluster sets the starting point: the leader it was configured with is no moment.
      if (known !== null || this.lastLeader !== null)
        this.fire(
          {
            kind: 'election',
            cause: `election:${leader.term}:${leader.id}`,
            atUs,
            sentence: electionSentence(leader, leaders.slice(1), this.lastLeader, atUs, rules),
            nodes: [leader.id, ...leaders.slice(1).map((l) => l.id)],
            ops: [],
          },
          out,
        );
      this.newestTerm = leader.term;
      this.lastLeader = leader;
    } else if (known === null) {
      // No leader at the first look: the first one elected is a moment.
      this.newestTerm = 0;
    }
  }
}

type StandIn = QuorumView['fallbacks'][number];

/**
 * The fallback nodes (outside the key's preference list) among the acknowledgements that made a write's quorum:
 * the first `needed` ones, counted in the order they arrived; none for a read, a failed or unfinished write, or
 * a write its home replicas acknowledged.
 */
export function sloppyStandIns(q: QuorumView): StandIn[] {
  if (q.kind !== 'write' || q.status !== 'reached' || q.doneUs === null || q.fallbacks.length === 0)
    return [];
  const counted = q.acked.slice(0, q.needed);
  return q.fallbacks.filter((f) => counted.includes(f.node));
}

function sloppySentence(q: QuorumView, standIns: readonly StandIn[]): string {
  const one = standIns.length === 1;
  const stand = standIns.map((f) => `${f.node} for ${f.for}`).join(', ');
  return (
    `Write w${q.opId} of ${q.key} met W at ${ms(q.doneUs ?? q.startedUs)} through a sloppy quorum: ` +
    `${one ? 'a fallback node' : 'fallback nodes'} outside the key's preference list ${group(q.home)} ` +
    `(${stand}) ${one ? 'holds' : 'hold'} it as a hint. The write is acknowledged, but until the hint is ` +
    `handed over, a read from the home replicas can miss it.`
  );
}

const ms = (us: number) => `${(us / 1000).toFixed(1)} ms`;

/**
 * The first lost write's sentence, and how many more the same node had lost by then: the graph's pill above that
 * node names the same first write and the same "+N more" (graph/LostWritesLayer.tsx).
 */
function lostSentence(a: Anomaly, anomalies: readonly Anomaly[]): string {
  const node = a.nodes[a.nodes.length - 1];
  let more = 0;
  for (const o of anomalies)
    if (o !== a && o.kind === 'lost-write' && o.atUs <= a.atUs && o.nodes[o.nodes.length - 1] === node)
      more++;
  return more > 0 ? `${a.explanation} (+${more} more lost on ${node})` : a.explanation;
}
const group = (nodes: readonly string[]) => `{${nodes.join(', ')}}`;

function faultNodes(f: FaultInterval): string[] {
  if (f.fault === 'down') return f.node ? [f.node] : [];
  return (f.groups ?? []).flat();
}

export function faultSentence(f: FaultInterval): string {
  const groups = f.groups ?? [];
  switch (f.fault) {
    case 'down':
      return `${f.node} crashed at ${ms(f.startUs)}: it stops answering, and messages to it are lost.`;
    case 'partition':
      return `A partition at ${ms(f.startUs)} splits the network into ${groups.map(group).join(' and ')}: messages between the sides are lost.`;
    case 'cut':
      return `The link between ${groups.flat().join(' and ')} was cut at ${ms(f.startUs)}.`;
  }
}

export function healSentence(f: FaultInterval): string {
  const at = ms(f.endUs ?? f.startUs);
  switch (f.fault) {
    case 'down':
      return `${f.node} restarted at ${at} and rejoins the cluster.`;
    case 'partition':
      return `The partition healed at ${at}: ${(f.groups ?? []).map(group).join(' and ')} can talk again.`;
    case 'cut':
      return `The link between ${(f.groups ?? []).flat().join(' and ')} was restored at ${at}.`;
  }
}

function electionSentence(
  leader: Leadership,
  others: readonly Leadership[],
  previous: Leadership | null,
  atUs: number,
  rules: LeaderRules | null,
): string {
  const base = `${leader.id} became the leader in term ${leader.term} by ${ms(atUs)}`;
  if (others.length > 0) {
    const still = others.map((o) => `${o.id} (term ${o.term})`).join(', ');
    const one = others.length === 1;
    if (twoLeadersKind([leader, ...others], rules?.failover ?? 'naive') === 'split')
      return `${base}, while ${still} still ${one ? 'believes it leads' : 'believe they lead'}: two leaders accept writes (split brain).`;
    const reads =
      rules?.reads === 'read-index'
        ? `${one ? 'its' : 'their'} reads wait to confirm the leadership with a majority, and fail`
        : `${one ? 'it still answers reads' : 'they still answer reads'} from ${one ? 'its' : 'their'} own state, which can be stale`;
    return (
      `${base}, while ${still} has not heard of term ${leader.term} and still ${one ? 'believes it leads' : 'believe they lead'}: ` +
      `a stale leader, not split brain. A write commits only on a majority, and the majority follows ${leader.id}, ` +
      `so writes sent to ${one ? 'it' : 'them'} wait and then fail or end unknown, never acknowledged; ${reads}.`
    );
  }
  if (previous && previous.id !== leader.id)
    return `${base}, replacing ${previous.id} (term ${previous.term}).`;
  return `${base}.`;
}

/**
 * A run's key moments up to `untilUs`, found headlessly the way the worker finds them while playing: the run
 * goes forward one grid step at a time, the leaders are looked at on the grid, the fault log read, and the
 * oracle asked whenever a wanted kind was counted (and every FULL_CHECK_EVERY_US).
 */
export function findMoments(scenario: Scenario, shows: readonly AnomalyKind[], untilUs: number): Moment[] {
  const sim = new Simulation(scenario);
  const oracle = new Oracle(sim);
  const finder = new MomentFinder(shows);
  const found: Moment[] = [];
  let faultVersion = 0;
  for (let t = LEADER_GRID_US; t <= untilUs; t += LEADER_GRID_US) {
    sim.runUntil(t);
    const faults = sim.messageLog.faultsChangedSince(faultVersion);
    faultVersion = sim.messageLog.faultVersion;
    const leaders = scenario.model === 'leader-follower' ? upLeaders(sim.nodeViews()) : [];
    const rules = leaders.length > 1 ? leaderRulesOf(sim.model.view()) : null;
    found.push(...finder.find({ faults, leaders: { atUs: t, leaders, rules } }));
    if (scenario.model === 'leaderless' && finder.watchesQuorums()) {
      const view = sim.model.view();
      if (view.model === 'leaderless') found.push(...finder.find({ quorums: view.quorums }));
    }
    const wanted = finder.wanted();
    if (wanted.length === 0) continue;
    oracle.advance();
    const counts = oracle.counts();
    if (wanted.some((k) => counts[k] > 0) || t % FULL_CHECK_EVERY_US === 0)
      found.push(...finder.find({ anomalies: oracle.update({ maxSteps: 50_000 }).anomalies }));
  }
  return found.sort(byMomentTime);
}
