/**
 * A node's menu, opened by clicking its card (or Enter or Space on it), as RaftScope's is: crash it (keeping or
 * losing its disk) or restart it, isolate it from the other nodes or reconnect it, the model's own actions
 * (promote, demote), and the Data group's write and read sent through this node. A WAI-ARIA menu: the first
 * entry takes focus, the arrows, Home and End move between entries, Escape closes it and returns to the node, Tab
 * or a click elsewhere closes it.
 */
import { type KeyboardEvent, type RefObject, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Action } from '../../sim/scenarios/schema.ts';
import { draftRead, draftWrite, opDraftStore, useOpDraft } from '../controls/opDraft.ts';
import { useLabStable } from '../hooks.ts';
import type { ModelUi } from '../models/types.ts';
import { selectTab } from '../page/prefs.ts';
import { useDismiss } from '../page/useDismiss.ts';
import { showReplica } from '../ReplicaPanel.tsx';
import { type LabState, labStore } from '../store.ts';
import { act } from '../worker/simClient.ts';
import { closeNodeMenu, nodeButton, nodeGroup, useNodeMenu } from './nodeMenu.ts';

interface Entry {
  readonly label: string;
  readonly hint: string;
  /** The action to record, or null for an entry that only changes the page. */
  readonly action: () => Action | null;
}

export function NodeMenu({ ui }: { ui: ModelUi }) {
  const open = useNodeMenu((s) => s.node);
  const epoch = useNodeMenu((s) => s.epoch);
  const current = useLabStable(
    (s) => s.epoch === epoch && open !== null && s.snapshot?.nodes.some((n) => n.id === open),
  );
  if (open === null || !current) return null;
  return <OpenMenu key={open} node={open} ui={ui} />;
}

function OpenMenu({ node, ui }: { node: string; ui: ModelUi }) {
  const entries = useEntries(node, ui);
  const box = useRef<HTMLDivElement>(null);
  const place = usePlacement(node, box);
  const labelId = `node-menu-${node}`;

  useMenuFocus(node, box, place !== null);

  const onKeyDown = (event: KeyboardEvent) => {
    const items = [...(box.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const next = nextItem(event.key, items.indexOf(document.activeElement as HTMLElement), items.length);
    if (next >= 0) {
      event.preventDefault();
      items[next]?.focus();
    } else if (event.key === 'Tab') closeNodeMenu();
  };

  const choose = (entry: Entry) => {
    const action = entry.action();
    if (action) act(action);
    closeNodeMenu(true);
  };

  return (
    <div
      ref={box}
      className="node-menu"
      style={place ? { left: place.x, top: place.y } : { visibility: 'hidden' }}
      data-testid="node-menu"
      data-node-id={node}
    >
      <p className="node-menu-title" id={labelId}>
        {node}
      </p>
      <div role="menu" aria-labelledby={labelId} onKeyDown={onKeyDown}>
        {entries.map((entry) => (
          <button
            key={entry.label}
            type="button"
            role="menuitem"
            tabIndex={-1}
            title={entry.hint}
            onClick={() => choose(entry)}
          >
            {entry.label}
          </button>
        ))}
      </div>
    </div>
  );
}

/**
 * The first entry takes focus once the menu is placed (an element still hidden for measuring cannot take it).
 * Escape closes it and returns to the node; a press outside closes it, except on its own node, which toggles it.
 */
function useMenuFocus(node: string, box: RefObject<HTMLDivElement | null>, placed: boolean): void {
  useEffect(() => {
    if (placed) box.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [placed, box]);
  useDismiss(
    true,
    (target) => (box.current?.contains(target) || nodeGroup(node)?.contains(target)) ?? false,
    closeNodeMenu,
  );
}

/** The entry a key moves to from entry i of n (arrows wrap around; Home, End), or -1 for any other key. */
function nextItem(key: string, i: number, n: number): number {
  if (key === 'ArrowDown') return (i + 1) % n;
  if (key === 'ArrowUp') return (i - 1 + n) % n;
  if (key === 'Home') return 0;
  if (key === 'End') return n - 1;
  return -1;
}

/** What the menu offers for the node now: its state decides crash or restart, the model the rest. */
function useEntries(node: string, ui: ModelUi): Entry[] {
  const info = useLabStable((s) => nodeInfo(s, node, ui));
  const draft = useOpDraft((d) => d);
  const fallbackKey = useLabStable((s) => s.scenario?.workload.keys[0] ?? 'account_123');
  if (!info) return [];
  const entries = faultEntries(node, info);
  for (const a of info.modelActions) entries.push({ label: a.label, hint: a.hint, action: () => a.action });
  if (info.writeVia !== null) {
    const key = draft.writeKey ?? fallbackKey;
    const via = info.writeVia;
    entries.push({
      label: draft.autoIncrement ? `Write the next id of ${key} here` : `Write ${key} = ${draft.value} here`,
      hint: 'Send the Data group’s write through this node',
      action: () => draftWrite(opDraftStore.getState(), labStore.getState(), via),
    });
  }
  if (info.readVia !== null) {
    const via = info.readVia;
    entries.push({
      label: `Read ${draft.readKey ?? fallbackKey} here`,
      hint: 'Send the Data group’s read to this node',
      action: () => draftRead(opDraftStore.getState(), labStore.getState(), via),
    });
  }
  entries.push({
    label: 'Show all its data',
    hint: 'Open the Replica state tab on this node: every key, each value in full',
    action: () => {
      showReplica(node);
      selectTab('replica');
      return null;
    },
  });
  return entries;
}

/** Crash (keeping or losing the disk) or restart, and isolate or reconnect: what any model allows. */
function faultEntries(node: string, info: NodeInfo): Entry[] {
  const entries: Entry[] = info.up
    ? [
        {
          label: 'Crash',
          hint: 'Stop it; it keeps its log, term and vote on disk',
          action: () => crash(node, true),
        },
        {
          label: 'Crash, losing its disk',
          hint: 'Stop it and wipe its disk: it restarts empty and copies everything again',
          action: () => crash(node, false),
        },
      ]
    : [
        {
          label: 'Restart',
          hint: 'Start it again from what its disk kept',
          action: () => ({ type: 'restart', node }),
        },
      ];
  if (info.isolated) {
    entries.push({
      label: 'Reconnect',
      hint: 'Heal the partition: every node reaches every other',
      action: heal,
    });
  } else if (info.others.length > 0) {
    const others = info.others;
    entries.push({
      label: 'Isolate',
      hint: 'Partition it from the other nodes (this replaces any partition in place)',
      action: () => ({ type: 'partition', groups: [[node], [...others]] }),
    });
  }
  return entries;
}

const heal = (): Action => ({ type: 'heal' });

interface NodeInfo {
  readonly up: boolean;
  /** Alone on its side of the partition in place. */
  readonly isolated: boolean;
  /** The other nodes, in the cluster's order. */
  readonly others: readonly string[];
  readonly modelActions: ReturnType<ModelUi['nodeActions']>;
  /** The write's `node` to send it through this node (undefined: its home, this node), or null: not offered. */
  readonly writeVia: string | undefined | null;
  readonly readVia: string | null;
}

function nodeInfo(state: LabState, node: string, ui: ModelUi): NodeInfo | null {
  const snapshot = state.snapshot;
  const view = snapshot?.nodes.find((n) => n.id === node);
  if (!snapshot || !view) return null;
  // The one leader of a leader-follower cluster is every client's home: a write or read there needs no target.
  const home = ui.currentLeader(snapshot.nodes) === node;
  return {
    up: view.up,
    isolated: snapshot.network.partition.some((side) => side.length === 1 && side[0] === node),
    others: snapshot.nodes.filter((n) => n.id !== node).map((n) => n.id),
    modelActions: ui.nodeActions(view),
    writeVia: ui.writeTargets(snapshot).includes(node) ? node : home ? undefined : null,
    readVia: ui.readTargets(snapshot).includes(node) ? node : home ? 'leader' : null,
  };
}

function crash(node: string, durable: boolean): Action {
  return durable ? { type: 'crash', node } : { type: 'crash', node, durable: false };
}

/**
 * Where the menu goes, inside the graph's box and never over its node's card: under the card, else above it,
 * else beside it (right, then left), else over the graph's top left corner.
 */
function usePlacement(node: string, box: React.RefObject<HTMLDivElement | null>) {
  const [place, setPlace] = useState<{ x: number; y: number } | null>(null);
  useLayoutEffect(() => {
    const menu = box.current;
    const card = nodeButton(node);
    const graph = menu?.offsetParent;
    if (!menu || !card || !graph) return;
    setPlace(placeMenu(graph.getBoundingClientRect(), card.getBoundingClientRect(), menu));
  }, [node, box]);
  return place;
}

const GAP = 6;

function placeMenu(g: DOMRect, c: DOMRect, menu: HTMLElement): { x: number; y: number } {
  const w = menu.offsetWidth;
  const h = menu.offsetHeight;
  const clampX = (x: number) => Math.max(0, Math.min(x, g.width - w));
  const clampY = (y: number) => Math.max(0, Math.min(y, g.height - h));
  const centredX = clampX(c.left + c.width / 2 - g.left - w / 2);
  const below = c.bottom - g.top + GAP;
  if (below + h <= g.height) return { x: centredX, y: below };
  const above = c.top - g.top - GAP - h;
  if (above >= 0) return { x: centredX, y: above };
  const right = c.right - g.left + GAP;
  const sideY = clampY(c.top - g.top);
  if (right + w <= g.width) return { x: right, y: sideY };
  const left = c.left - g.left - GAP - w;
  if (left >= 0) return { x: left, y: sideY };
  return { x: 0, y: 0 };
}
