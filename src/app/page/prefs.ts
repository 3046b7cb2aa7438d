/**
 * The page's own preferences, remembered in localStorage: the theme the user chose (or none, to follow the
 * system), the tab open below the graph, and the control groups folded away. They are about how the page looks,
 * never about the run, so they live apart from the lab store and survive a reload or a new preset.
 */
import { useStore } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';

export type Theme = 'light' | 'dark';

export interface PagePrefs {
  /** The theme chosen with the toggle; null follows the system's `prefers-color-scheme`. */
  readonly theme: Theme | null;
  /** The id of the tab open below the graph. */
  readonly tab: string;
  /** Ids of the control groups the user folded. */
  readonly collapsed: readonly string[];
}

export const DEFAULT_TAB = 'diagram';

const initial: PagePrefs = { theme: null, tab: DEFAULT_TAB, collapsed: [] };

export const prefsStore = createStore<PagePrefs>()(
  persist(() => initial, {
    name: 'replication-lab:page',
    version: 1,
    // Without localStorage (a sandboxed frame, Node in tests) the preferences simply last as long as the page.
    storage: createJSONStorage(() => localStorage),
    // Only known fields of the right type are taken from storage: anything else keeps its default.
    merge: (stored, current) => ({ ...current, ...sanitise(stored) }),
  }),
);

function sanitise(stored: unknown): Partial<PagePrefs> {
  if (typeof stored !== 'object' || stored === null) return {};
  const s = stored as Record<string, unknown>;
  const out: { -readonly [K in keyof PagePrefs]?: PagePrefs[K] } = {};
  if (s.theme === 'light' || s.theme === 'dark' || s.theme === null) out.theme = s.theme;
  if (typeof s.tab === 'string') out.tab = s.tab;
  if (Array.isArray(s.collapsed)) out.collapsed = s.collapsed.filter((c) => typeof c === 'string');
  return out;
}

export function usePrefs<T>(selector: (state: PagePrefs) => T): T {
  return useStore(prefsStore, selector);
}

export function selectTab(tab: string): void {
  prefsStore.setState({ tab });
}

export function setTheme(theme: Theme | null): void {
  prefsStore.setState({ theme });
}

export function toggleGroup(id: string): void {
  const { collapsed } = prefsStore.getState();
  prefsStore.setState({
    collapsed: collapsed.includes(id) ? collapsed.filter((c) => c !== id) : [...collapsed, id],
  });
}

export function expandGroup(id: string): void {
  const { collapsed } = prefsStore.getState();
  if (collapsed.includes(id)) prefsStore.setState({ collapsed: collapsed.filter((c) => c !== id) });
}
