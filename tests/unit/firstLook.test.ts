/**
 * public/first-look.js, the blocking script in <head> that runs before the body is parsed: it sets the theme as
 * src/app/page/theme.ts resolves it (so the prerendered first graph is drawn in the right theme from its first
 * frame), and marks <html data-prerender="show"> only when the page will open the default preset at time 0 on a
 * screen wider than a phone's (no fragment in the address). Run in a fake page with node:vm.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { firstLookInline, linkedFile } from '../../src/app/firstPaint/firstLook.ts';
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

/**
 * A link's prerendered graph: the script as the built page carries it (firstLookInline, with the linked ids), in
 * a fake page whose root holds the build's markup for the default preset (or what the entry put there), whose
 * fetch answers the graph's file, and whose parse ends when the test says.
 */
interface LinkPage {
  readonly hash: string;
  readonly width?: number;
  /** What the root's first element is when the graph is placed: the build's markup or the entry's. */
  readonly held?: 'build' | 'entry' | 'none';
  /** The parse is over before the script runs (else it ends when `finishParse` is called). */
  readonly parsed?: boolean;
  readonly answer?: 'ok' | 'missing' | 'fails';
}

const LINKED = {
  'read-your-writes-violation': 'first-graph/read-your-writes-violation-0123abcd.html',
  'split-brain': 'first-graph/split-brain-89abcdef.html',
};
const FRAGMENT = '<div class="app first-paint" data-prerendered="read-your-writes-violation" hidden>…</div>';

function runLink(page: LinkPage) {
  const { hash, width = 1280, held = 'build', parsed = false, answer = 'ok' } = page;
  const { code } = firstLookInline(SCRIPT, LINKED);
  const dataset: Record<string, string> = {};
  const fetched: string[] = [];
  const listeners: (() => void)[] = [];
  const root = {
    innerHTML: '(the build’s markup)',
    firstElementChild:
      held === 'none'
        ? null
        : { hasAttribute: (name: string) => held === 'build' && name === 'data-prerendered' },
  };
  const document = {
    documentElement: { dataset },
    readyState: parsed ? 'interactive' : 'loading',
    addEventListener: (type: string, listener: () => void) => {
      if (type === 'readystatechange') listeners.push(listener);
    },
    getElementById: (id: string) => (id === 'root' ? root : null),
  };
  runInNewContext(code, {
    document,
    location: { hash },
    matchMedia: (query: string) => {
      const max = /\(max-width: (\d+)px\)/.exec(query);
      return { matches: max ? width <= Number(max[1]) : false };
    },
    localStorage: { getItem: () => null },
    fetch: (url: string) => {
      fetched.push(url);
      if (answer === 'fails') return Promise.reject(new TypeError('offline'));
      return Promise.resolve({ ok: answer === 'ok', text: () => Promise.resolve(FRAGMENT) });
    },
  });
  const finishParse = () => {
    document.readyState = 'interactive';
    for (const listener of listeners) listener();
  };
  // Every promise the script chains settles before this resolves.
  const settled = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { dataset, fetched, root, finishParse, settled };
}

describe('the first-look script for a link to a preset the build drew', () => {
  it('is the file less its opening comment, with the linked ids, allowed by its hash', () => {
    const { code, source } = firstLookInline(SCRIPT, LINKED);
    expect(SCRIPT.startsWith('/*')).toBe(true);
    expect(code.startsWith('(() => {')).toBe(true);
    expect(code).toContain(`const LINKED = ${JSON.stringify(LINKED)};`);
    expect(source).toBe(`'sha256-${createHash('sha256').update(code).digest('base64')}'`);
    expect(() => firstLookInline('(() => {})();', LINKED)).toThrow('has no const LINKED = {};');
    expect(() => firstLookInline(SCRIPT, { 'a"b': 'first-graph/a.html' })).toThrow('is not an id');
    expect(() => firstLookInline(SCRIPT, { a: '../a.html' })).toThrow('is not a graph’s file');
    // A graph's file is named by its content too: a page and its graphs always come from the same build.
    const file = linkedFile('first-graph', 'split-brain', '<div>graph</div>');
    expect(file).toMatch(/^first-graph\/split-brain-[0-9a-f]{8}\.html$/);
    expect(linkedFile('first-graph', 'split-brain', '<div>graph</div>')).toBe(file);
    expect(linkedFile('first-graph', 'split-brain', '<div>other</div>')).not.toBe(file);
  });

  it('fetches the graph at once, and puts it in the root in place of the default’s once the page is parsed', async () => {
    const page = runLink({ hash: '#preset=read-your-writes-violation' });
    expect(page.fetched).toEqual(['./first-graph/read-your-writes-violation-0123abcd.html']);
    await page.settled();
    // The parse is not over: the root may not be all there yet.
    expect(page.root.innerHTML).toBe('(the build’s markup)');
    expect(page.dataset.prerender).toBeUndefined();
    page.finishParse();
    await page.settled();
    expect(page.root.innerHTML).toBe(FRAGMENT);
    expect(page.dataset.prerender).toBe(SHOW_MARK.value);
    expect(page.dataset.theme).toBe('dark');
  });

  it('puts it in as soon as it comes when the page is parsed already', async () => {
    const page = runLink({ hash: '#preset=split-brain', parsed: true });
    expect(page.fetched).toEqual(['./first-graph/split-brain-89abcdef.html']);
    await page.settled();
    expect(page.root.innerHTML).toBe(FRAGMENT);
    expect(page.dataset.prerender).toBe('show');
  });

  it('leaves the page alone once the entry has it (the build’s markup gone or replaced), or with no graph', async () => {
    for (const variant of [
      { held: 'entry' },
      { held: 'none' },
      { answer: 'missing' },
      { answer: 'fails' },
    ] as const) {
      const page = runLink({ hash: '#preset=read-your-writes-violation', parsed: true, ...variant });
      expect(page.fetched).toHaveLength(1);
      await page.settled();
      expect(page.root.innerHTML).toBe('(the build’s markup)');
      expect(page.dataset.prerender).toBeUndefined();
    }
  });

  it('fetches nothing for a link the build drew no graph for, a link with more in it, or a phone', async () => {
    for (const page of [
      { hash: '#preset=partial-quorum-staleness' },
      { hash: '#preset=read-your-writes-violation&embed' },
      { hash: '#preset=read-your-writes-violation&' },
      { hash: '#preset=Read-Your-Writes-Violation' },
      { hash: '#preset=constructor' },
      { hash: '#preset=read-your-writes-violation', width: 600 },
      { hash: '#s=abc' },
    ]) {
      const run = runLink({ ...page, parsed: true });
      await run.settled();
      expect(run.fetched).toEqual([]);
      expect(run.dataset.prerender).toBeUndefined();
      expect(run.root.innerHTML).toBe('(the build’s markup)');
    }
    // Without a fragment it is the default's graph, in the HTML already: nothing to fetch.
    const home = runLink({ hash: '' });
    expect(home.fetched).toEqual([]);
    expect(home.dataset.prerender).toBe('show');
  });
});
