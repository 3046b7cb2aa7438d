/**
 * Membership: which machines are in the cluster now, their regions and their incarnations. A node added joins the
 * network, the message log and its region; a node removed leaves them for good. Each model then makes the
 * membership follow in its own way (`configure`), which is the simulation's business, not this module's.
 */

import type { ReplicationModel } from '../models/model.ts';
import type { Scenario } from '../scenarios/schema.ts';
import type { NodeId, NodeView, TimeUs } from '../types.ts';
import type { MessageLog } from './messageLog.ts';
import type { Network } from './network.ts';

/**
 * A node's life as its timers see it: its incarnation now, and its endpoint index in the network once resolved
 * (-1 until then). One record per node, changed in place and never replaced, so a timer holds it and reads the
 * incarnation off it when it fires instead of looking the node up again (`current`).
 */
export interface NodeLife {
  incarnation: number;
  ep: number;
}

export class Membership {
  /** The members now: the scenario's nodes, plus those added and less those removed since, in joining order. */
  readonly members: NodeId[];
  /** Each node's and client's region; the network holds the same map, so a node added is placed at once. */
  readonly regionOf: Map<NodeId, string>;
  /** The regions and their members (a node added to a region joins it). */
  readonly regions: { id: string; nodes: NodeId[] }[];
  /**
   * Each node's life: a crash or a removal starts a new incarnation, and the old incarnation's timers die. A timer
   * set by a node took two lookups by id when set (incarnation, endpoint) and one when it fired; one in all now.
   */
  private readonly lives = new Map<NodeId, NodeLife>();

  constructor(scenario: Scenario) {
    this.members = [...scenario.nodes];
    this.regions = (scenario.regions ?? []).map((r) => ({ id: r.id, nodes: [...r.nodes] }));
    const regionOf = new Map<NodeId, string>();
    for (const r of scenario.regions ?? []) for (const n of r.nodes) regionOf.set(n, r.id);
    for (const c of scenario.clients) if (c.region) regionOf.set(c.id, c.region);
    this.regionOf = regionOf;
    for (const n of scenario.nodes) this.lifeOf(n);
  }

  incarnationOf(node: NodeId): number {
    return this.lives.get(node)?.incarnation ?? 0;
  }

  /** The node's life record (made at incarnation 0 for an id not seen before, as `incarnationOf` counts it). */
  lifeOf(node: NodeId): NodeLife {
    let life = this.lives.get(node);
    if (life === undefined) {
      life = { incarnation: 0, ep: -1 };
      this.lives.set(node, life);
    }
    return life;
  }

  /** The node's process dies (a crash or a removal): its timers die with it. */
  endIncarnation(node: NodeId): void {
    this.lifeOf(node).incarnation++;
  }

  /**
   * A new machine joins: up, with its own place in the network (links, FIFO queues, its region's latency) and a
   * lane in the message log. Nothing happens for a member or a removed id, which is never reused.
   */
  add(node: NodeId, region: string | undefined, network: Network, log: MessageLog): void {
    if (this.members.includes(node) || network.isRemoved(node)) return;
    if (region !== undefined) {
      this.regionOf.set(node, region);
      this.regions.find((r) => r.id === region)?.nodes.push(node);
    }
    network.addNode(node);
    log.addName(node);
    this.lifeOf(node).incarnation = 0;
    this.members.push(node);
  }

  /**
   * A machine is decommissioned: it leaves the members, its timers die (a new incarnation) and messages to it
   * are dropped from now on, as to a crashed node. False when it is no member.
   */
  remove(node: NodeId, network: Network, log: MessageLog, now: TimeUs): boolean {
    const i = this.members.indexOf(node);
    if (i < 0) return false;
    this.members.splice(i, 1);
    for (const r of this.regions) r.nodes = r.nodes.filter((n) => n !== node);
    if (network.isUp(node)) log.nodeUp(node, false, now);
    network.remove(node);
    this.endIncarnation(node);
    return true;
  }

  /** Every member as the views see it, whatever the model: up or down, role, place, data. */
  views(model: ReplicationModel, network: Network, withData?: (node: NodeId) => boolean): NodeView[] {
    return this.members.map((id) => ({
      ...model.replica(id, withData ? withData(id) : true),
      up: network.isUp(id),
      ...(this.regionOf.has(id) ? { region: this.regionOf.get(id) } : {}),
      side: network.sideOf(id),
    }));
  }
}
