/**
 * Metrics of a run: latency, availability, staleness and traffic, for the whole run (`summarizeRun`) and as a
 * time series over simulated time (`MetricsCollector`). Pure and deterministic: everything is read off the
 * history, the simulation's counts, the messages it sends and the oracle's verdicts (which reads were stale, how
 * many acknowledged writes were lost and conflicts detected: the oracle is the one judge of those).
 *
 * Definitions (the same in the summary and in every bucket of the series):
 * - latency is `completeUs - invokeUs` of operations that completed ok; failed and indeterminate operations have
 *   no latency (a timeout's duration says nothing about the system);
 * - percentiles are nearest-rank: p of n sorted latencies is the ceil(p/100 * n)-th smallest, so it is always a
 *   latency some operation had; the collector keeps them exact while a bucket holds at most 2,048 latencies and
 *   the run at most 65,536 of a kind, then in log-linear bins (latencies.ts: at most 0.8% under, never over);
 * - availability is the share of completed operations that completed ok: ok / (ok + fail + info). An
 *   indeterminate operation (info) counts as unavailable, since its client could not tell whether it happened;
 * - the stale-read rate is stale reads over reads that completed ok.
 */
import type { FaultInterval } from '../engine/messageLog.ts';
import type { Simulation } from '../engine/simulation.ts';
import { Oracle } from '../oracle/oracle.ts';
import type { Counts, Operation, OpKind, TimeUs } from '../types.ts';
import type { HistoryHold } from '../workload/recent.ts';
import { Latencies } from './latencies.ts';
import { percentile } from './percentiles.ts';

export { Latencies } from './latencies.ts';
export { percentile, percentileOfSorted, RankTracker } from './percentiles.ts';

/** One operation kind's outcome counts and the latency of its ok completions (null when there are none). */
export interface OpStats {
  /** Operations issued so far, pending ones included. */
  readonly invoked: number;
  readonly ok: number;
  readonly failed: number;
  /** Indeterminate: the client could not tell whether it took effect (Jepsen's info). */
  readonly info: number;
  readonly pending: number;
  readonly p50Us: number | null;
  readonly p99Us: number | null;
  readonly meanUs: number | null;
}

export interface RunMetrics {
  /** The simulated time the metrics cover, from 0. */
  readonly untilUs: TimeUs;
  readonly writes: OpStats;
  readonly reads: OpStats;
  /** ok / (ok + failed + info) over every completed operation; null while none has completed. */
  readonly availability: number | null;
  readonly staleReads: number;
  /** Stale reads over reads that completed ok; null while no read has. */
  readonly staleReadRate: number | null;
  readonly messagesSent: number;
  /** Estimated bytes of every message sent (the encoding is documented in wire.ts). */
  readonly bytesSent: number;
  readonly messagesDropped: number;
  readonly conflicts: number;
  readonly lostWrites: number;
}

/** What the metrics read of the oracle's verdicts. */
export interface Judged {
  /** Whether the oracle found this read stale. */
  isStale(opId: number): boolean;
  /** Acknowledged writes lost, and conflicts detected. */
  readonly lostWrites: number;
  readonly conflicts: number;
}

/** The verdicts of an oracle that has judged the run up to now (`advance` or `update`). */
export function judgedBy(oracle: Oracle): Judged {
  const counts = oracle.counts();
  return {
    isStale: (opId) => oracle.kindsOf(opId).includes('stale-read'),
    lostWrites: counts['lost-write'],
    conflicts: counts.conflict,
  };
}

/** The metrics of the run so far, from its whole history: O(history), for reports, tests and comparisons. */
export function summarizeRun(sim: Simulation): RunMetrics {
  const oracle = new Oracle(sim);
  oracle.advance();
  return summarizeHistory(sim.clients.history, sim.counts(), judgedBy(oracle), sim.nowUs);
}

/** The metrics of a history: traffic from the simulation's `counts`, staleness and losses from the oracle's. */
export function summarizeHistory(
  history: readonly Operation[],
  counts: Counts,
  judged: Judged,
  untilUs: TimeUs,
): RunMetrics {
  const acc = { write: new KindAccumulator(), read: new KindAccumulator() };
  const latencies: Record<OpKind, number[]> = { write: [], read: [] };
  let staleReads = 0;
  for (const op of history) {
    acc[op.f].invoked++;
    if (op.status === 'pending') continue;
    const latency = acc[op.f].complete(op);
    if (latency !== null) latencies[op.f].push(latency);
    if (op.f === 'read' && op.status === 'ok' && judged.isStale(op.id)) staleReads++;
  }
  const stats = (kind: OpKind): OpStats => {
    const sorted = latencies[kind].sort((x, y) => x - y);
    return acc[kind].stats(percentile(sorted, 50), percentile(sorted, 99));
  };
  return assemble(stats('write'), stats('read'), staleReads, counts, judged, untilUs);
}

function assemble(
  writes: OpStats,
  reads: OpStats,
  staleReads: number,
  counts: Counts,
  judged: Judged,
  untilUs: TimeUs,
): RunMetrics {
  const ok = writes.ok + reads.ok;
  const completed = ok + writes.failed + reads.failed + writes.info + reads.info;
  return {
    untilUs,
    writes,
    reads,
    availability: completed > 0 ? ok / completed : null,
    staleReads,
    staleReadRate: reads.ok > 0 ? staleReads / reads.ok : null,
    messagesSent: counts.messagesSent,
    bytesSent: counts.bytesSent,
    messagesDropped: counts.messagesDropped,
    conflicts: judged.conflicts,
    lostWrites: judged.lostWrites,
  };
}

/** Outcome counts and latencies of one operation kind. */
class KindAccumulator {
  invoked = 0;
  ok = 0;
  failed = 0;
  info = 0;
  sumUs = 0;

  /** Counts a completed operation; returns its latency when it completed ok, else null. */
  complete(op: Operation): number | null {
    if (op.status === 'ok') {
      this.ok++;
      const latency = (op.completeUs ?? op.invokeUs) - op.invokeUs;
      this.sumUs += latency;
      return latency;
    }
    if (op.status === 'fail') this.failed++;
    else if (op.status === 'info') this.info++;
    return null;
  }

  stats(p50Us: number | null, p99Us: number | null): OpStats {
    return {
      invoked: this.invoked,
      ok: this.ok,
      failed: this.failed,
      info: this.info,
      pending: this.invoked - this.ok - this.failed - this.info,
      p50Us,
      p99Us,
      meanUs: this.ok > 0 ? this.sumUs / this.ok : null,
    };
  }
}

// ------------------------------------------------------------------------------------------------ time series

/** One interval of simulated time, [startUs, endUs): what completed in it and what was sent in it. */
export interface MetricsBucket {
  readonly startUs: TimeUs;
  readonly endUs: TimeUs;
  /** Operations that completed in the interval, by outcome. */
  readonly ok: number;
  readonly failed: number;
  readonly info: number;
  readonly writesOk: number;
  readonly readsOk: number;
  /** Latency of the writes and reads that completed ok in the interval (null when none did). */
  readonly writeP50Us: number | null;
  readonly writeP99Us: number | null;
  readonly readP50Us: number | null;
  readonly readP99Us: number | null;
  readonly staleReads: number;
  readonly messagesSent: number;
  readonly bytesSent: number;
}

export interface MetricsSeries {
  /** The width of every bucket; it doubles as the run grows, so there are at most `MAX_BUCKETS`. */
  readonly bucketUs: TimeUs;
  /** Buckets from time 0 up to the bucket holding `untilUs`, oldest first. */
  readonly buckets: readonly MetricsBucket[];
  readonly untilUs: TimeUs;
}

/** What the page's metrics panel shows: the run-wide figures, the series behind its charts, and the faults. */
export interface MetricsReport {
  readonly summary: RunMetrics;
  readonly series: MetricsSeries;
  /** The run's fault intervals so far (nodes down, partitions, cut links), as the simulation logged them. */
  readonly faults: readonly FaultInterval[];
}

/** The series never holds more buckets than this: when time outgrows them, neighbours merge in pairs. */
export const MAX_BUCKETS = 120;
/** The first bucket width: one simulated millisecond. */
export const INITIAL_BUCKET_US = 1000;

/** Latencies a bucket keeps exactly; the run-wide figures keep this many of each kind. */
const BUCKET_EXACT = 2_048;
const RUN_EXACT = 65_536;

/** A bucket while it fills: its latencies (latencies.ts), exact while few. */
class OpenBucket {
  ok = 0;
  failed = 0;
  info = 0;
  staleReads = 0;
  messagesSent = 0;
  bytesSent = 0;
  readonly writeLatencies = new Latencies(BUCKET_EXACT);
  readonly readLatencies = new Latencies(BUCKET_EXACT);
  /** The bucket as last published; null when something changed since. */
  published: MetricsBucket | null = null;

  /** Files an ok latency. */
  insert(kind: OpKind, latency: number): void {
    (kind === 'write' ? this.writeLatencies : this.readLatencies).add(latency);
  }

  absorb(other: OpenBucket): void {
    this.ok += other.ok;
    this.failed += other.failed;
    this.info += other.info;
    this.staleReads += other.staleReads;
    this.messagesSent += other.messagesSent;
    this.bytesSent += other.bytesSent;
    this.writeLatencies.absorb(other.writeLatencies);
    this.readLatencies.absorb(other.readLatencies);
    this.published = null;
  }

  publish(startUs: TimeUs, endUs: TimeUs): MetricsBucket {
    if (this.published && this.published.startUs === startUs && this.published.endUs === endUs)
      return this.published;
    this.published = {
      startUs,
      endUs,
      ok: this.ok,
      failed: this.failed,
      info: this.info,
      writesOk: this.writeLatencies.count,
      readsOk: this.readLatencies.count,
      writeP50Us: this.writeLatencies.percentile(50),
      writeP99Us: this.writeLatencies.percentile(99),
      readP50Us: this.readLatencies.percentile(50),
      readP99Us: this.readLatencies.percentile(99),
      staleReads: this.staleReads,
      messagesSent: this.messagesSent,
      bytesSent: this.bytesSent,
    };
    return this.published;
  }
}

/**
 * Watches one simulation and keeps its metrics up to date incrementally: the run-wide summary and a series of
 * at most `MAX_BUCKETS` buckets over simulated time. `update()` costs O(new operations + operations still
 * pending), never O(history): operations are appended to the history when invoked and complete out of order, so
 * it remembers how far it has read and which operations it saw still pending. Messages are counted as they are
 * sent (through `Simulation.observeSends`), each in the bucket of its send time, so the series does not depend
 * on how often `update` runs. Stale reads are the oracle's verdicts: pass the run's oracle to share it (the
 * worker does), or the collector keeps its own.
 */
export class MetricsCollector implements HistoryHold {
  private readonly sim: Simulation;
  private readonly oracle: Oracle;
  private bucketUs = INITIAL_BUCKET_US;
  private readonly buckets: OpenBucket[] = [];
  /** Operations read so far (a position from the run's start: those out of the history's window included). */
  private cursor = 0;
  /** Operations seen pending, by position, waiting for their completion (a window never lets one go). */
  private pending: number[] = [];
  private readonly totals = { write: new KindAccumulator(), read: new KindAccumulator() };
  /** The run-wide latencies of each kind (exact while at most RUN_EXACT). */
  private readonly latencies = { write: new Latencies(RUN_EXACT), read: new Latencies(RUN_EXACT) };
  /** Buckets before this one are closed: their latency lists are frozen (a checkpoint shares them). */
  private sealedBuckets = 0;
  private staleReads = 0;

  constructor(sim: Simulation, oracle: Oracle = new Oracle(sim)) {
    this.sim = sim;
    this.oracle = oracle;
    // Whatever was sent before we started watching (a model's start-up messages at time 0) goes in now's bucket.
    const c = sim.counts();
    const at = this.bucketAt(sim.nowUs);
    at.messagesSent += c.messagesSent;
    at.bytesSent += c.bytesSent;
    sim.observeSends(this);
    sim.clients.recent.hold(this);
    this.update();
  }

  /** What the collector has not read yet starts here: the history's window keeps it. */
  historyHeld(): number {
    return this.cursor;
  }

  /** Every message the simulation sends, with its estimated size: counted in the bucket of its time. */
  onSend(atUs: number, bytes: number): void {
    const b = this.bucketAt(atUs);
    b.messagesSent++;
    b.bytesSent += bytes;
    b.published = null;
  }

  /** Stops watching the simulation's sends. */
  detach(): void {
    this.sim.observeSends(null);
    this.sim.clients.recent.release(this);
  }

  /** Reads the operations invoked or completed since the last update (judged by the oracle first). */
  update(): void {
    this.oracle.advance();
    const history = this.sim.clients.history;
    const base = this.sim.clients.trimmed;
    if (this.pending.length > 0) {
      const still: number[] = [];
      for (const i of this.pending) {
        const op = history[i - base] as Operation;
        if (op.status === 'pending') still.push(i);
        else this.completed(op);
      }
      this.pending = still;
    }
    for (; this.cursor < base + history.length; this.cursor++) {
      const op = history[this.cursor - base] as Operation;
      this.totals[op.f].invoked++;
      if (op.status === 'pending') this.pending.push(this.cursor);
      else this.completed(op);
    }
    // Keep the series covering now, even through a quiet stretch.
    this.bucketAt(this.sim.nowUs);
    this.seal();
  }

  /**
   * Freezes the latency lists of the buckets before now's: every operation completed so far has been read, and
   * the later ones complete from now on, so those lists only change again when buckets merge (into new lists).
   */
  private seal(): void {
    const current = Math.floor(this.sim.nowUs / this.bucketUs);
    for (; this.sealedBuckets < current; this.sealedBuckets++) {
      const b = this.buckets[this.sealedBuckets] as OpenBucket;
      b.writeLatencies.freeze();
      b.readLatencies.freeze();
    }
  }

  private completed(op: Operation): void {
    const latency = this.totals[op.f].complete(op);
    const b = this.bucketAt(op.completeUs ?? op.invokeUs);
    b.published = null;
    if (op.status === 'ok') {
      b.ok++;
      b.insert(op.f, latency as number);
      this.latencies[op.f].add(latency as number);
      if (op.f === 'read' && this.oracle.kindsOf(op.id).includes('stale-read')) {
        b.staleReads++;
        this.staleReads++;
      }
    } else if (op.status === 'fail') b.failed++;
    else b.info++;
  }

  /** The bucket holding time `t`, merging neighbours in pairs until the series fits `MAX_BUCKETS`. */
  private bucketAt(t: TimeUs): OpenBucket {
    let i = Math.floor(t / this.bucketUs);
    while (i >= MAX_BUCKETS) {
      this.mergePairs();
      i = Math.floor(t / this.bucketUs);
    }
    while (this.buckets.length <= i) this.buckets.push(new OpenBucket());
    return this.buckets[i] as OpenBucket;
  }

  private mergePairs(): void {
    const merged: OpenBucket[] = [];
    for (let i = 0; i < this.buckets.length; i += 2) {
      const a = this.buckets[i] as OpenBucket;
      const b = this.buckets[i + 1];
      if (b) a.absorb(b);
      else a.published = null;
      merged.push(a);
    }
    this.buckets.length = 0;
    this.buckets.push(...merged);
    this.bucketUs *= 2;
    this.sealedBuckets = 0; // The merged lists are new: the next update freezes them.
  }

  /**
   * The run-wide metrics as of the last update; `counts` defaults to the simulation's own (pass a snapshot's to
   * avoid recounting).
   */
  summary(counts: Counts = this.sim.counts()): RunMetrics {
    return assemble(
      this.runWide('write'),
      this.runWide('read'),
      this.staleReads,
      counts,
      judgedBy(this.oracle),
      this.sim.nowUs,
    );
  }

  /** A kind's run-wide figures. */
  private runWide(kind: OpKind): OpStats {
    const all = this.latencies[kind];
    return this.totals[kind].stats(all.percentile(50), all.percentile(99));
  }

  /** Reads what is new, then returns the summary, the series and the faults (a copy: open ones still change). */
  report(counts?: Counts): MetricsReport {
    this.update();
    const faults = this.sim.messageLog.faults.map((f) => ({ ...f }));
    return { summary: this.summary(counts), series: this.series(), faults };
  }

  /** The series up to now. Unchanged buckets are the same objects as last time. */
  series(): MetricsSeries {
    const w = this.bucketUs;
    const last = Math.min(this.buckets.length - 1, Math.floor(this.sim.nowUs / w));
    const buckets: MetricsBucket[] = [];
    for (let i = 0; i <= last; i++) buckets.push((this.buckets[i] as OpenBucket).publish(i * w, (i + 1) * w));
    return { bucketUs: w, buckets, untilUs: this.sim.nowUs };
  }
}
