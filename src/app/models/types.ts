/**
 * What the page asks of a replication model: one record per model (src/app/models/<name>/index.ts) with its
 * graph layout and layers, its node card body, its controls, status line and panels, and the words it uses.
 * The graph, the control panel and the history ask the record; none of them branches on a model's name.
 */
import type { ComponentType } from 'react';
import type { Action, ModelName, ReadPolicy } from '../../sim/scenarios/schema.ts';
import type { ModelView, NodeId, NodeView } from '../../sim/types.ts';
import type { ViewSnapshot } from '../../worker/protocol.ts';
import type { CardSize, Layout, TopologyInput } from '../graph/layout.ts';

/** The graph's geometry: what it was computed from, and where everything goes. */
export interface GraphTopology {
  readonly input: TopologyInput;
  readonly layout: Layout;
}

export interface LayerProps {
  readonly topology: GraphTopology;
}

export interface NodeBodyProps {
  readonly node: NodeView;
  readonly card: CardSize;
  /** A leader that a newer term has deposed without its knowing (graph/deposed.ts): its body says so. */
  readonly deposed?: boolean;
}

/** A panel of the model's own (the staleness experiment, the conflicts list, extra counters). */
export interface ModelPanel {
  readonly id: string;
  readonly title: string;
  /** A tab of its own below the graph, or inside the History tab above the history table. */
  readonly place: 'tab' | 'history';
  readonly Component: ComponentType;
}

/** An entry of a node's menu on the graph that the model offers beside crash and restart (promote, demote). */
export interface NodeMenuAction {
  readonly label: string;
  readonly action: Action;
  /** What it does, in a sentence (the entry's tooltip). */
  readonly hint: string;
}

export interface ModelUi {
  readonly model: ModelName;
  /** The graph's layout, recomputed only when what it depends on changes (never on a frame). */
  useTopology(): GraphTopology;
  /** Layers behind the node cards (replication links, region groups, the ring). */
  readonly Behind: ComponentType<LayerProps>;
  /** Layers in front of the cards (quorum badges), if any. */
  readonly Front: ComponentType<LayerProps> | null;
  /** The part of a node's card under its header. */
  readonly NodeBody: ComponentType<NodeBodyProps>;
  /** The node's tooltip lines after its id and role. */
  describeNode(node: NodeView, deposed?: boolean): string[];
  /** One line on a replica for the replica panel: role, term, log positions, region... */
  replicaSummary(node: NodeView, deposed?: boolean): string;
  /** The node's epoch number shown on its card (leader-follower: its term), or null. */
  epochOf(node: NodeView): number | null;
  /** The leader the graph marks as current (a halo), if the model has a single one. */
  currentLeader(nodes: readonly NodeView[]): NodeId | null;
  /**
   * Up nodes that all believe they lead and can each still acknowledge writes (split brain) under the model's
   * settings in `view`; empty when none (a deposed leader that cannot commit is not split brain).
   */
  splitBrain(nodes: readonly NodeView[], view?: ModelView): NodeId[];
  /** The model's own entries in a node's menu (leader-follower: promote a follower, demote a leader). */
  nodeActions(node: NodeView): readonly NodeMenuAction[];
  /** The model's own sections of the control panel. */
  readonly Controls: ComponentType;
  /** Beside the clock: who leads, or how the model coordinates. */
  readonly Status: ComponentType;
  /** Above the graph: an alarm or the model's one-line settings (null: none). */
  readonly Banner: ComponentType | null;
  readonly panels: readonly ModelPanel[];
  readonly words: {
    /** Who must still hold every acknowledged write: "the leader", "every leader", "a replica". */
    readonly holder: string;
    /** Where a client's operation goes by default: "leader", "home leader", "home coordinator". */
    readonly home: string;
    /** The label of the write form's target field. */
    readonly writeTo: string;
  };
  /** Read policies a client may choose (null: no per-client policy in this model). */
  readonly readPolicies: readonly ReadPolicy[] | null;
  /** Read policies the read form offers beside "home" and the nodes. */
  readonly readFormPolicies: readonly ReadPolicy[];
  /** Nodes a client may send a write to directly, beside its home (empty: writes go home only). */
  writeTargets(snapshot: ViewSnapshot): NodeId[];
  /** Nodes a client may read from directly. */
  readTargets(snapshot: ViewSnapshot): NodeId[];
}
