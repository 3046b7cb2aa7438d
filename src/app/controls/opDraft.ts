/**
 * The operation a user is preparing: which client sends it, the key and value of a write, the key of a read.
 * Shared by the Data forms and a node's menu on the graph ("Write account_123 = 1000 here"), so both say and
 * send the same thing. A key left unset is the loaded scenario's first key.
 */

import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { storyKeys } from '../../sim/scenarios/keys.ts';
import type { Action } from '../../sim/scenarios/schema.ts';
import type { LabState } from '../store.ts';

export interface OpDraft {
  /** The client chosen in the Data group; null: the run's first client. */
  readonly client: string | null;
  readonly writeKey: string | null;
  readonly value: string;
  readonly autoIncrement: boolean;
  readonly readKey: string | null;
}

export const opDraftStore = createStore<OpDraft>()(() => ({
  client: null,
  writeKey: null,
  value: '1000',
  autoIncrement: false,
  readKey: null,
}));

export function useOpDraft<T>(selector: (draft: OpDraft) => T): T {
  return useStore(opDraftStore, selector);
}

export function setDraft(patch: Partial<OpDraft>): void {
  opDraftStore.setState(patch);
}

/** The key a form shows before the user types one: the first key the run is about (scenarios/keys.ts). */
export function defaultKey(state: LabState): string {
  return (state.scenario && storyKeys(state.scenario)[0]) ?? 'account_123';
}

/** The clients of the run, from the snapshot, or the scenario before the first snapshot arrives. */
export function clientsOf(state: LabState): string[] {
  return state.snapshot?.clients.map((c) => c.id) ?? state.scenario?.clients.map((c) => c.id) ?? [];
}

/** The client that sends the next manual operation. */
export function draftClient(draft: OpDraft, clients: readonly string[]): string | null {
  return clients.find((c) => c === draft.client) ?? clients[0] ?? null;
}

/** The write the draft describes, sent to `node` (or to the client's home when undefined). */
export function draftWrite(draft: OpDraft, state: LabState, node?: string): Action | null {
  const client = draftClient(draft, clientsOf(state));
  if (!client) return null;
  const key = draft.writeKey ?? defaultKey(state);
  const target = node === undefined ? {} : { node };
  return draft.autoIncrement
    ? { type: 'write', client, key, value: '', autoIncrement: true, ...target }
    : { type: 'write', client, key, value: draft.value, ...target };
}

/** The read the draft describes, served by `node` (a node id, "leader" for home, or a read policy). */
export function draftRead(draft: OpDraft, state: LabState, node: string): Action | null {
  const client = draftClient(draft, clientsOf(state));
  if (!client) return null;
  return { type: 'read', client, key: draft.readKey ?? defaultKey(state), node };
}
