/**
 * public/first-look.js, the blocking script in <head> that runs before the body is parsed: it sets the theme as
 * src/app/page/theme.ts resolves it (so the prerendered first graph is drawn in the right theme from its first
 * frame), and marks <html data-prerender="show"> only when the page will open the default preset at time 0 on a
 * screen wider than a phone's (no fragment in the address). Run in a fake page with node:vm.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { SHOW_MARK } from '../../src/app/firstPaint/marks.ts';

const SCRIPT = readFileSync(new URL('../../public/first-look.js', import.meta.url), 'utf8');

// The page's preferences store, given a storage to persist to (Node has none), so the script reads what it writes.
const written = new Map<string, string>();
vi.stubGlobal('localStorage', {
  getItem: (key: string) => written.get(key) ?? null,
  setItem: (key: string, value: string) => written.set(key, value),
  removeItem: (key: string) => written.delete(key),
});
const { prefsStore, setTheme } = await import('../../src/app/page/prefs.ts');
const PREFS_KEY = prefsStore.persist.getOptions().name ?? '';
vi.unstubAllGlobals();

/** What the page's preferences store writes to localStorage once the toggle chose `theme`. */
function chosen(theme: 'light' | 'dark' | null): string {
  setTheme(theme);
  return written.get(PREFS_KEY) ?? '';
}

interface Page {
  readonly hash?: string;
  readonly width?: number;
  readonly system?: 'light' | 'dark' | 'none';
  readonly stored?: string | null;
  readonly storageThrows?: boolean;
}

/** The <html> element's dataset after the script ran in a page like `page`. */
function run(page: Page): Record<string, string> {
  const { hash = '', width = 1280, system = 'none', stored = null, storageThrows = false } = page;
  const dataset: Record<string, string> = {};
  const matches = (query: string): boolean => {
    const max = /\(max-width: (\d+)px\)/.exec(query);
    if (max) return width <= Number(max[1]);
    return query === `(prefers-color-scheme: ${system})`;
  };
  runInNewContext(SCRIPT, {
    document: { documentElement: { dataset } },
    location: { hash },
    matchMedia: (query: string) => ({ matches: matches(query) }),
    localStorage: {
      getItem: (key: string) => {
        if (storageThrows) throw new Error('denied');
        return key === PREFS_KEY ? stored : null;
      },
    },
  });
  return dataset;
}

describe('the first-look script', () => {
  it('shows the prerendered graph only without a fragment, on a screen wider than a phone’s', () => {
    expect(PREFS_KEY).toBe('replication-lab:page');
    expect(run({}).prerender).toBe(SHOW_MARK.value);
    expect(SHOW_MARK.attribute).toBe('prerender');
    expect(run({ width: 601 }).prerender).toBe('show');
    for (const hash of ['#preset=bank-ledger-sync', '#s=abc', '#preset=bank-ledger-async&embed', '#x'])
      expect(run({ hash }).prerender).toBeUndefined();
    expect(run({ width: 600 }).prerender).toBeUndefined();
    expect(run({ width: 390 }).prerender).toBeUndefined();
  });

  it('sets the theme the page resolves: the remembered choice, else the system’s, else dark', () => {
    expect(run({}).theme).toBe('dark');
    expect(run({ system: 'light' }).theme).toBe('light');
    expect(run({ system: 'dark' }).theme).toBe('dark');
    expect(run({ system: 'dark', stored: chosen('light') }).theme).toBe('light');
    expect(run({ system: 'light', stored: chosen('dark') }).theme).toBe('dark');
    expect(run({ system: 'light', stored: chosen(null) }).theme).toBe('light');
    expect(chosen('light')).toBe('{"state":{"theme":"light","tab":"diagram","collapsed":[]},"version":1}');
    expect(run({ system: 'light', stored: '{"state":{"theme":"purple"}}' }).theme).toBe('light');
    expect(run({ system: 'light', stored: '{not json' }).theme).toBe('light');
    expect(run({ system: 'light', storageThrows: true })).toEqual({ theme: 'light', prerender: 'show' });
  });
});
