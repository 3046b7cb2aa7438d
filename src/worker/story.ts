/**
 * The story: the host's memory of a run's key moments (src/sim/analysis/moments.ts) and of where playback
 * stops for them. The host feeds it what the run reveals as it plays (fault intervals, the leaders on a fixed
 * grid of simulated time, the oracle's anomalies); in story mode, playback that crosses a moment stops exactly
 * at its time (the host seeks back there when a batch overshot it) and posts it.
 */
import {
  LEADER_GRID_US,
  type LeaderRules,
  type Leadership,
  type Moment,
  MomentFinder,
  upLeaders,
} from '../sim/analysis/moments.ts';
import { ANOMALY_KINDS, type Anomaly, type AnomalyCounts, type AnomalyKind } from '../sim/oracle/oracle.ts';
import type { Scenario } from '../sim/scenarios/schema.ts';
import { placeNamed } from './onDemand/presets.ts';
import type { StoryView } from './protocol.ts';
import type { SimCore } from './simCore.ts';

export { upLeaders };

/**
 * The anomaly kinds a run's story turns on: its preset's (found by the scenario's name, which a user's edits
 * keep), or, for a scenario of the user's own, the first anomaly of every kind.
 */
export function showsOf(scenario: Scenario): readonly AnomalyKind[] {
  return placeNamed(scenario.name)?.shows ?? ANOMALY_KINDS;
}

/** What `Story.seekAdvance` needs of the host: its batches, the events a batch may run, and what ran. */
export interface SeekHost {
  readonly now: () => number;
  readonly run: (toUs: number) => void;
  /** Events the next batch may run (the host's budget, or fewer when a checkpoint falls due). */
  readonly budget: () => number;
  /** Events the seek ran on the core itself in `wallMs`, for the host's count (and its checkpoints). */
  readonly ran: (events: number, wallMs: number) => void;
  readonly deadline: number;
}

/** What `Story.advance` needs of the host: its batches, its clock and its oracle. */
export interface AdvanceHost {
  readonly now: () => number;
  /** Runs batches toward a time until it is reached or the wall clock passes `deadline`. */
  readonly run: (toUs: number) => void;
  /** Runs whatever is left of the events of the current instant. */
  readonly finishInstant: (atUs: number) => void;
  /** Runs the oracle now (its answer comes back through `anomalies`). */
  readonly check: () => void;
  /** Events run so far on this branch: the leaders are looked at again only once some have run. */
  readonly events: () => number;
  readonly deadline: number;
}

export class Story {
  /** Story mode: playback stops at each moment it crosses. Off: it plays through (the moments are still found). */
  on = false;
  private shows: readonly AnomalyKind[] = [];
  private finder = new MomentFinder([]);
  /** The moments found on this branch of the run, in time order. */
  private found: Moment[] = [];
  /** How far the run's fault log has been read (the core's own count: back to 0 whenever the core changes). */
  private faultVersion = 0;
  /** Playback runs on from here: a moment at or before it is not stopped at again. */
  private sinceUs = 0;
  /** The moments playback is stopped at (several when they share an instant), and whether a seek is bringing it there. */
  private stopped: readonly Moment[] | null = null;
  private arriving = false;
  /**
   * Where the last seek ended, while nothing has moved since: a moment found at exactly that time (at once, or
   * when the oracle's answer comes in) is shown as a stop there, so a link opened at a key moment's time shows
   * its caption as the stop the link was shared from did.
   */
  private landedUs: number | null = null;
  /** The furthest grid instant the leaders were looked at on this branch: a seek past it looks on from there. */
  private lookedUs = 0;

  /** A new run (a load or a reset): nothing found yet. */
  start(scenario: Scenario): void {
    this.shows = showsOf(scenario);
    this.finder = new MomentFinder(this.shows);
    this.found = [];
    this.sinceUs = 0;
    this.lookedUs = 0;
    this.clearStop();
  }

  /** The core was replaced (a new run, a checkpoint resumed): its fault log is read again from the start. */
  coreChanged(): void {
    this.faultVersion = 0;
  }

  /**
   * The run forked at `atUs`: what was found after it belonged to the run left behind. The finder starts over
   * knowing only the moments kept, and takes the leaders it sees next as the starting point.
   */
  forked(atUs: number): void {
    this.found = this.found.filter((m) => m.atUs <= atUs);
    this.finder = new MomentFinder(this.shows);
    this.finder.markFound(this.found);
    this.lookedUs = Math.min(this.lookedUs, atUs);
    this.clearStop();
  }

  /** Playback (re)starts at `nowUs`: a stop shown is over. */
  played(nowUs: number): void {
    this.sinceUs = nowUs;
    this.clearStop();
  }

  clearStop(): void {
    this.stopped = null;
    this.arriving = false;
    this.landedUs = null;
  }

  /**
   * A seek ended at `atUs` and brought no stop of its own: the moments of that very instant are its stop, as
   * playback would have stopped there. What the run reveals there (faults, quorums) is looked at now; an anomaly
   * there comes with the oracle's answer (`stopAtLanding` again then). Returns the stop, if any yet.
   */
  landed(core: SimCore, atUs: number): readonly Moment[] | null {
    this.landedUs = atUs;
    this.reveal(core);
    return this.stopAtLanding();
  }

  /**
   * In story mode, once paused where a seek landed: the moments found at that instant, taken as the stop there
   * (once; playback then runs on from it as from any stop); null when there are none (yet).
   */
  stopAtLanding(): readonly Moment[] | null {
    // Also when story mode is turned on while paused there (the page sends its mode after a link's load).
    const atUs = this.landedUs;
    if (!this.on || atUs === null || this.stopped !== null) return null;
    const moments = this.found.filter((m) => m.atUs === atUs);
    if (moments.length === 0) return null;
    this.stopped = moments;
    this.arriving = false;
    this.sinceUs = atUs;
    this.landedUs = null;
    return moments;
  }

  /** Kinds whose first anomaly is still to be found: only while there are any is the oracle asked each frame. */
  wanted(): readonly AnomalyKind[] {
    return this.finder.wanted();
  }

  /** Whether any wanted kind has been counted (then the host runs the oracle at once to get its sentence). */
  counted(counts: AnomalyCounts): boolean {
    return this.wanted().some((k) => counts[k] > 0);
  }

  /**
   * The oracle's anomalies (the story's anomaly moments are its own findings, in its own sentences); returns the
   * stop where a seek landed when one of them is that instant's moment.
   */
  anomalies(anomalies: readonly Anomaly[]): readonly Moment[] | null {
    this.add(this.finder.find({ anomalies }));
    return this.stopAtLanding();
  }

  leaders(atUs: number, leaders: readonly Leadership[], rules: LeaderRules | null = null): void {
    this.add(this.finder.find({ leaders: { atUs, leaders, rules } }));
  }

  /** Reads the fault intervals that started or ended since the last look. */
  faults(core: SimCore): void {
    const { faults, version } = core.faultsSince(this.faultVersion);
    this.faultVersion = version;
    if (faults.length > 0) this.add(this.finder.find({ faults }));
  }

  /**
   * In story mode, the moments playback crossed since it (re)started and must stop at: the earliest, with any
   * others of the same instant; null to play on.
   */
  due(nowUs: number): readonly Moment[] | null {
    if (!this.on) return null;
    const first = this.found.find((m) => m.atUs > this.sinceUs && m.atUs <= nowUs);
    if (!first) return null;
    return this.found.filter((m) => m.atUs === first.atUs && m.atUs > this.sinceUs);
  }

  /**
   * Story mode: whether playback, now at `nowUs`, must stop at a moment it crossed; if so the stop is taken
   * (`overshot`: the run went past it, and the host seeks back to `atUs`, then posts it: see `arrived`).
   */
  stopIfDue(nowUs: number): { atUs: number; moments: readonly Moment[]; overshot: boolean } | null {
    const moments = this.due(nowUs);
    const atUs = moments?.[0]?.atUs;
    if (!moments || atUs === undefined) return null;
    this.stopped = moments;
    this.arriving = atUs < nowUs;
    this.sinceUs = atUs;
    return { atUs, moments, overshot: this.arriving };
  }

  setOn(on: boolean): void {
    this.on = on;
    if (!on) {
      this.stopped = null;
      this.arriving = false;
    }
  }

  /** A seek ended: the moments to post if it was bringing playback back to a stop. */
  arrived(): readonly Moment[] | null {
    if (!this.arriving) return null;
    this.arriving = false;
    return this.stopped;
  }

  view(): StoryView {
    return { on: this.on, moments: this.found, stopped: this.arriving ? null : this.stopped };
  }

  /**
   * Playback's advance toward `goal`: on the leaders' grid when the model has leaders (an election's moment is
   * then the same instant in every replay), then what the run revealed: fault intervals, and the oracle's answer
   * at once when a kind the story waits for was counted.
   */
  advance(core: SimCore, goal: number, host: AdvanceHost): void {
    if (core.hasLeaders) {
      const look = this.looker(core, host);
      // The leaders change only by an event: a grid instant with none run since the last look is not looked at
      // again (a 100-follower cluster at top speed crosses thousands of quiet instants a second).
      let seen = -1;
      runOnGrid(core, goal, host.deadline, host.now, host.run, (atUs) => {
        if (host.events() === seen) {
          if (atUs > this.lookedUs) this.lookedUs = atUs;
          return;
        }
        look(atUs);
        seen = host.events();
      });
    } else host.run(goal);
    this.reveal(core);
    if (this.wanted().length > 0 && this.counted(core.anomalyCounts())) host.check();
  }

  /**
   * A seek's advance toward `goal`. Past the furthest instant the leaders were looked at, on their grid as
   * playback goes, so an election before the seek's end (a link opened at its moment, or later) is found at its
   * own instant, as playing there would have found it; up to that instant at full speed. A seek crosses many
   * grid instants (600,000 for ten minutes), so it steps the core itself, a batch (`budget`) at a time, and
   * looks only where events ran since the last look: the leaders change only by an event.
   */
  seekAdvance(core: SimCore, goal: number, host: SeekHost): void {
    if (!core.hasLeaders || goal <= this.lookedUs) {
      host.run(goal);
      return;
    }
    if (core.nowUs() < this.lookedUs) {
      host.run(this.lookedUs);
      if (core.nowUs() < this.lookedUs || host.now() >= host.deadline) return;
    }
    let events = 0;
    const look = this.looker(core, {
      finishInstant: (atUs) => {
        events += core.runUntil(atUs, Number.POSITIVE_INFINITY);
      },
    });
    let changed = true;
    while (core.nowUs() < goal) {
      const budget = host.budget();
      const started = host.now();
      events = 0;
      while (events < budget && core.nowUs() < goal) {
        const grid = (Math.floor(core.nowUs() / LEADER_GRID_US) + 1) * LEADER_GRID_US;
        const to = Math.min(goal, grid);
        const ran = core.runUntil(to, budget - events);
        events += ran;
        if (ran > 0) changed = true;
        if (core.nowUs() < to) break;
        if (to === grid && changed) {
          look(to);
          changed = false;
        }
      }
      const now = host.now();
      host.ran(events, now - started);
      if (now >= host.deadline) return;
    }
  }

  /** A look at the leaders at a grid instant, once every event of that instant has run. */
  private looker(core: SimCore, host: Pick<AdvanceHost, 'finishInstant'>): (atUs: number) => void {
    return (atUs) => {
      host.finishInstant(atUs);
      const leaders = core.leaders();
      // The rules in force now (a setFailover action changes them), read only when two believe they lead.
      this.leaders(atUs, leaders, leaders.length > 1 ? core.leaderRules() : null);
      if (atUs > this.lookedUs) this.lookedUs = atUs;
    };
  }

  /** What the run reveals without the oracle: fault intervals, and a sloppy quorum's acknowledged write. */
  reveal(core: SimCore): void {
    // A leaderless run's first write a sloppy quorum acknowledged, read from the quorums the view still holds.
    if (core.quorums && this.finder.watchesQuorums()) {
      const quorums = core.quorums();
      if (quorums.length > 0) this.add(this.finder.find({ quorums }));
    }
    this.faults(core);
  }

  private add(moments: readonly Moment[]): void {
    if (moments.length === 0) return;
    this.found = [...this.found, ...moments].sort((a, b) => a.atUs - b.atUs);
  }
}

/**
 * Runs `core` toward `goal` through `run`, stopping at every whole grid point on the way to look at the leaders
 * (`look`), until `goal` or the wall-clock `deadline`. At a grid point every event of that instant has run.
 */
export function runOnGrid(
  core: SimCore,
  goal: number,
  deadline: number,
  now: () => number,
  run: (toUs: number) => void,
  look: (atUs: number) => void,
): void {
  while (core.nowUs() < goal) {
    const grid = (Math.floor(core.nowUs() / LEADER_GRID_US) + 1) * LEADER_GRID_US;
    const to = Math.min(goal, grid);
    run(to);
    if (core.nowUs() < to) return;
    // `look` first runs whatever a batch cut by its event budget left of this very instant.
    if (to === grid) look(to);
    if (now() >= deadline) return;
  }
}
