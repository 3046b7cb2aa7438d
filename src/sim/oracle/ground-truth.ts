/**
 * The checkers that read the model's ground truth rather than the history: lost acknowledged writes (the model
 * reports the acknowledged writes it no longer holds, and why), divergence (replicas that still disagree after
 * heal and quiescence, once the model's repair has had its chance) and conflicts (concurrent writes a replica detected, and what its resolution did). These
 * are state, not history: they are re-read at every update.
 */
import { flat } from '../engine/flat.ts';
import type { ConflictView, LostWrite, NodeId } from '../types.ts';
import { type Anomaly, ms, shown } from './anomaly.ts';

/** What these checkers read of a run. */
export interface GroundTruthSource {
  readonly nowUs: number;
  readonly nodes: readonly NodeId[];
  /** The latest conflicts the replicas detected, oldest first (the engine keeps the latest 1,000). */
  conflicts(): readonly ConflictView[];
  /** How many detections the replicas reported so far, all of them (absent: `conflicts()` holds them all). */
  conflictDetections?(): number;
  /** How many conflicts so far: sets of concurrent writes to one key, each once (absent: the detections). */
  conflictCount?(): number;
  /** Keys the live replicas hold differently now. */
  divergentKeys(): readonly string[];
  /** The nodes that replicate `key` (absent: every node), the ones a divergence names. */
  replicasOf?(key: string): readonly NodeId[];
  readonly network: { isUp(node: NodeId): boolean };
  /** Healed and quiet (see Simulation.quiescent): divergence is judged only then. */
  quiescent(): boolean;
  lostWrites(): readonly LostWrite[];
  nodeViews(): readonly {
    readonly id: NodeId;
    readonly up: boolean;
    readonly data: readonly { readonly key: string; readonly value: string | null }[];
  }[];
}

export function lostWriteAnomalies(sim: GroundTruthSource): Anomaly[] {
  // An acknowledged write is lost from the later of its ack and its loss: a write can be discarded everywhere
  // before its acknowledgement reaches the client (the replicas' acks were already on their way).
  return sim.lostWrites().map((l) => {
    let anomaly = worded.get(l);
    if (!anomaly) {
      anomaly = {
        kind: 'lost-write',
        explanation:
          l.lostAtUs >= l.ackedAtUs
            ? `write w${l.opId} (${l.key} = ${shown(l.value)}) was acknowledged by ${l.ackedBy} at ${ms(l.ackedAtUs)} and lost at ${ms(l.lostAtUs)} on ${l.lostOn}: ${l.reason}`
            : `write w${l.opId} (${l.key} = ${shown(l.value)}) was acknowledged by ${l.ackedBy} at ${ms(l.ackedAtUs)}, but had been lost already at ${ms(l.lostAtUs)} on ${l.lostOn}: ${l.reason}`,
        ops: [l.opId],
        nodes: [l.ackedBy, l.lostOn],
        atUs: Math.max(l.lostAtUs, l.ackedAtUs),
      };
      if (Object.isFrozen(l)) worded.set(l, anomaly);
    }
    return anomaly;
  });
}

/**
 * Lost writes as worded, by report: a model that hands out the same frozen report at every asking
 * (shared/discarded.ts) has each worded once, not on every update.
 */
const worded = new WeakMap<LostWrite, Anomaly>();

/**
 * Conflicts as anomalies: the engine's latest conflicts (it keeps the latest 1,000, and counts them all), each
 * worded once. Those already worded are kept while the engine keeps their conflict, and only the ones reported
 * since the last update (by the engine's count) are worded, so the list is the same however often it is read.
 */
export class Conflicts {
  private worded: Anomaly[] = [];
  /** How many conflicts were reported by the last update. */
  private seen = 0;

  anomalies(sim: GroundTruthSource): readonly Anomaly[] {
    const latest = sim.conflicts();
    const total = detectionTotal(sim);
    const fresh = Math.min(total - this.seen, latest.length);
    const keep = latest.length - fresh;
    if (this.worded.length > keep) this.worded = this.worded.slice(this.worded.length - keep);
    for (let i = keep; i < latest.length; i++) this.worded.push(conflict(latest[i] as ConflictView));
    this.seen = total;
    return this.worded;
  }
}

/** How many detections of conflicts the replicas reported in all (one conflict may be detected by many). */
export function detectionTotal(sim: GroundTruthSource): number {
  return sim.conflictDetections ? sim.conflictDetections() : sim.conflicts().length;
}

/** How many conflicts a run had: sets of concurrent writes to one key, each counted once. */
export function conflictTotal(sim: GroundTruthSource): number {
  return sim.conflictCount ? sim.conflictCount() : detectionTotal(sim);
}

function conflict(c: ConflictView): Anomaly {
  // Frozen: kept as it is, so a checkpoint shares it rather than copying it (clone.ts).
  return Object.freeze({
    kind: 'conflict',
    // Kept as long as the oracle: flattened now (flat.ts).
    explanation: flat(
      `${c.node} detected concurrent writes to ${c.key} at ${ms(c.atUs)} (${c.versions
        .map((v) => `${shown(v.value)} from ${v.origin}`)
        .join(', ')}): ${c.outcome}`,
    ),
    ops: c.versions.map((v) => v.opId),
    nodes: [c.node],
    atUs: c.atUs,
  });
}

/**
 * Divergence: judged only when healed and settled (the model's repair has had its chance: Simulation.quiescent);
 * dated from the first update that saw it, and standing until a later settled moment shows the key converged (a
 * busy moment proves nothing either way).
 */
export class Divergence {
  /** Keys found divergent after heal and quiescence: the time first seen so, and the key's replicas. */
  private readonly since = new Map<
    string,
    { readonly atUs: number; readonly replicas: ReadonlySet<NodeId> }
  >();

  /** Re-reads the replicas (when quiet), then lists the keys that stand divergent. */
  update(sim: GroundTruthSource): Anomaly[] {
    if (sim.quiescent()) {
      const divergent = new Set(sim.divergentKeys());
      for (const key of this.since.keys()) if (!divergent.has(key)) this.since.delete(key);
      for (const key of divergent)
        if (!this.since.has(key))
          this.since.set(key, { atUs: sim.nowUs, replicas: new Set(sim.replicasOf?.(key) ?? sim.nodes) });
    }
    const out: Anomaly[] = [];
    if (this.since.size === 0) return out;
    const views = sim.nodeViews();
    for (const [key, { atUs, replicas }] of this.since) {
      const held = views.filter((n) => n.up && replicas.has(n.id));
      out.push({
        kind: 'divergence',
        explanation: `replicas still disagree on ${key} after heal and quiescence (since ${ms(atUs)}): ${held
          .map((n) => `${n.id} has ${shown(n.data.find((d) => d.key === key)?.value ?? null)}`)
          .join(', ')}`,
        ops: [],
        nodes: held.map((n) => n.id),
        atUs,
      });
    }
    return out;
  }

  /** Keys standing divergent as of the last update. */
  get size(): number {
    return this.since.size;
  }
}
