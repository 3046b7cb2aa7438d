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
import {
  firstLookInline,
  linkedFile,
  type PageFiles,
  takePageFiles,
} from '../../src/app/firstPaint/firstLook.ts';
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
  /** The graph's answer waits for this (else it comes at once). */
  readonly late?: Promise<unknown>;
  /** The simulation worker's file the build names (none: the script starts no worker). */
  readonly simWorker?: string;
  /** The file of the worker the build names for a share link (none: the simulation worker's). */
  readonly shareWorker?: string;
  /** The page's own scripts the build names (none: the HTML asks for them). */
  readonly pageFiles?: PageFiles;
  /** Timers the script sets are kept (`timers`) rather than run. */
  readonly heldTimers?: boolean;
}

/** An element the script makes for <head>: a preload or the entry's module script. */
interface MadeElement {
  readonly tag: string;
  rel?: string;
  as?: string;
  type?: string;
  crossOrigin?: string;
  href?: string;
  src?: string;
}

/** The root's first element, as much of it as the script uses: attributes, a deep copy, a sibling after it. */
class FakeElement {
  readonly attributes: Set<string>;
  readonly cards: FakeElement[];
  hidden = true;
  inert = false;
  readonly style = { cssText: '' };
  /** The element put after this one, and whether it was removed since. */
  next: FakeElement | null = null;
  removed = false;
  constructor(attributes: readonly string[], cards = 3) {
    this.attributes = new Set(attributes);
    this.cards = Array.from({ length: cards }, () => new FakeElement(['data-first-paint-node'], 0));
  }
  hasAttribute(name: string): boolean {
    return this.attributes.has(name);
  }
  setAttribute(name: string): void {
    this.attributes.add(name);
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }
  cloneNode(): FakeElement {
    const copy = new FakeElement([...this.attributes], this.cards.length);
    copy.hidden = this.hidden;
    return copy;
  }
  querySelectorAll(selector: string): FakeElement[] {
    return selector === '[data-first-paint-node]'
      ? this.cards.filter((c) => c.hasAttribute('data-first-paint-node'))
      : [];
  }
  after(node: FakeElement): void {
    this.next = node;
  }
  remove(): void {
    this.removed = true;
  }
}

/** A worker the script started: its file, its options, and the handlers it set. */
interface StartedWorker {
  readonly url: string;
  readonly options: { type: string; name: string };
  onmessage: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessageerror: ((event: unknown) => void) | null;
  /** What the script sent it, with the transfer list. */
  readonly posted: [unknown, unknown[]][];
  /** The message listeners the script added, in order (they run before `onmessage`, which the script set after). */
  readonly listeners: ((event: unknown) => void)[];
  /** The error listeners it added. */
  readonly errorListeners: ((event: unknown) => void)[];
}

/**
 * A message from the worker, as the page gets it: its listeners in order, then `onmessage`, unless one stopped it.
 * True when it reached `onmessage`.
 */
function fromWorker(worker: StartedWorker, data: unknown): boolean {
  let stopped = false;
  const event = { type: 'message', data, stopImmediatePropagation: () => (stopped = true) };
  for (const listener of worker.listeners) {
    listener(event);
    if (stopped) return false;
  }
  worker.onmessage?.(event);
  return true;
}

const LINKED = {
  'read-your-writes-violation': 'first-graph/read-your-writes-violation-0123abcd.html',
  'split-brain': 'first-graph/split-brain-89abcdef.html',
};
const FRAGMENT = '<div class="app first-paint" data-prerendered="read-your-writes-violation" hidden>…</div>';

function runLink(page: LinkPage) {
  const { hash, width = 1280, held = 'build', parsed = false, answer = 'ok', simWorker = '', late } = page;
  const location = { hash };
  const { code } = firstLookInline(SCRIPT, LINKED, simWorker, page.shareWorker, page.pageFiles);
  const head: MadeElement[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const dataset: Record<string, string> = {};
  const fetched: string[] = [];
  const listeners = new Set<() => void>();
  const observers = new Set<() => void>();
  const frames: (() => void)[] = [];
  const workers: StartedWorker[] = [];
  const root = {
    innerHTML: '(the build’s markup)',
    firstElementChild: held === 'none' ? null : new FakeElement(held === 'build' ? ['data-prerendered'] : []),
    nextSibling: null as object | null,
  };
  const document = {
    documentElement: { dataset },
    readyState: parsed ? 'interactive' : 'loading',
    addEventListener: (type: string, listener: () => void) => {
      if (type === 'readystatechange') listeners.add(listener);
    },
    removeEventListener: (type: string, listener: () => void) => {
      if (type === 'readystatechange') listeners.delete(listener);
    },
    getElementById: (id: string) => (id === 'root' ? root : null),
    createElement: (tag: string): MadeElement => ({ tag }),
    head: { append: (element: MadeElement) => head.push(element) },
  };
  const window: { __simWorker?: () => unknown; __firstFrame?: (take: (html: string) => void) => void } = {};
  runInNewContext(code, {
    document,
    window,
    Worker: class {
      onmessage = null;
      onerror = null;
      onmessageerror = null;
      readonly posted: [unknown, unknown[]][] = [];
      readonly listeners: ((event: unknown) => void)[] = [];
      readonly errorListeners: ((event: unknown) => void)[] = [];
      postMessage(message: unknown, transfer: unknown[] = []) {
        this.posted.push([message, transfer]);
      }
      addEventListener(type: string, listener: (event: unknown) => void) {
        if (type === 'message') this.listeners.push(listener);
        if (type === 'error') this.errorListeners.push(listener);
      }
      readonly url: string;
      readonly options: { type: string; name: string };
      constructor(url: string, options: { type: string; name: string }) {
        this.url = url;
        this.options = options;
        workers.push(this as unknown as StartedWorker);
      }
    },
    MutationObserver: class {
      readonly callback: () => void;
      constructor(callback: () => void) {
        this.callback = callback;
      }
      observe() {
        observers.add(this.callback);
      }
      disconnect() {
        observers.delete(this.callback);
      }
    },
    requestAnimationFrame: (callback: () => void) => frames.push(callback),
    setTimeout: page.heldTimers
      ? (fn: () => void, ms: number) => timers.push({ fn, ms })
      : (fn: () => void, ms: number) => setTimeout(fn, ms),
    location,
    matchMedia: (query: string) => {
      const max = /\(max-width: (\d+)px\)/.exec(query);
      return { matches: max ? width <= Number(max[1]) : false };
    },
    localStorage: { getItem: () => null },
    fetch: (url: string) => {
      fetched.push(url);
      const arrived = late ?? Promise.resolve();
      if (answer === 'fails') return arrived.then(() => Promise.reject(new TypeError('offline')));
      return arrived.then(() => ({ ok: answer === 'ok', text: () => Promise.resolve(FRAGMENT) }));
    },
  });
  const finishParse = () => {
    document.readyState = 'interactive';
    for (const listener of [...listeners]) listener();
  };
  /** The parser puts a node after the root: the root is all there, the parse goes on. */
  const parsePastRoot = () => {
    root.nextSibling = {};
    for (const observer of [...observers]) observer();
  };
  /** The next frame: its callbacks run, then the tasks they set. */
  const frame = async () => {
    for (const callback of frames.splice(0)) callback();
    await settled();
  };
  // Every promise the script chains settles before this resolves.
  const settled = () => new Promise((resolve) => setTimeout(resolve, 0));
  const listening = () => listeners.size + observers.size;
  return {
    dataset,
    fetched,
    head,
    timers,
    root,
    finishParse,
    parsePastRoot,
    frame,
    settled,
    workers,
    window,
    listening,
    location,
  };
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

  it('puts it in once the parser has gone past the root, without waiting for the rest of the page', async () => {
    const page = runLink({ hash: '#preset=read-your-writes-violation' });
    await page.settled();
    expect(page.root.innerHTML).toBe('(the build’s markup)');
    page.parsePastRoot();
    await page.settled();
    expect(page.root.innerHTML).toBe(FRAGMENT);
    expect(page.dataset.prerender).toBe('show');
    // It listens no more.
    expect(page.listening()).toBe(0);
  });

  it('lays the default’s graph out unseen while the link’s is on its way (its fonts), and drops that copy', async () => {
    for (const answer of ['ok', 'missing', 'fails'] as const) {
      let arrive: (value: unknown) => void = () => {};
      const page = runLink({ hash: '#preset=split-brain', answer, late: new Promise((r) => (arrive = r)) });
      page.parsePastRoot();
      await page.settled();
      const held = page.root.firstElementChild as FakeElement;
      const warm = held.next as FakeElement;
      expect(warm).toBeInstanceOf(FakeElement);
      // A copy no one counts as the graph: not the build's markup, no node card, not seen, not reachable.
      expect(warm.hasAttribute('data-prerendered')).toBe(false);
      expect(warm.querySelectorAll('[data-first-paint-node]')).toEqual([]);
      expect(held.querySelectorAll('[data-first-paint-node]')).toHaveLength(3);
      expect(warm.hidden).toBe(false);
      expect(warm.inert).toBe(true);
      expect(warm.hasAttribute('aria-hidden')).toBe(true);
      expect(warm.style.cssText).toContain('visibility:hidden');
      expect(held.hidden).toBe(true);
      arrive(undefined);
      await page.settled();
      if (answer === 'ok') expect(page.root.innerHTML).toBe(FRAGMENT);
      else expect(warm.removed).toBe(true);
    }
  });

  it('makes no copy when the graph came before the root was parsed', async () => {
    const page = runLink({ hash: '#preset=split-brain' });
    await page.settled();
    page.parsePastRoot();
    await page.settled();
    expect((page.root.firstElementChild as FakeElement).next).toBeNull();
    expect(page.root.innerHTML).toBe(FRAGMENT);
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

describe('the simulation worker the first-look script starts', () => {
  const SIM = 'assets/sim.worker-AbC_12-x.js';

  it('is named in the built script, and only a worker’s file is', () => {
    const { code } = firstLookInline(SCRIPT, LINKED, SIM);
    expect(code).toContain(`const SIM_WORKER = "${SIM}";`);
    expect(firstLookInline(SCRIPT, LINKED).code).toContain(`const SIM_WORKER = "";`);
    expect(() => firstLookInline(SCRIPT, LINKED, 'assets/index-abc.js')).toThrow(
      'is not the simulation worker',
    );
    expect(() => firstLookInline(SCRIPT, LINKED, '//evil.example/sim.worker-a.js')).toThrow('is not the');
    expect(() => firstLookInline(SCRIPT.replace("const SIM_WORKER = '';", ''), LINKED, SIM)).toThrow(
      "has no const SIM_WORKER = '';",
    );
  });

  it('starts at once, named with the address, when no prerendered graph shows; keeps what it says', async () => {
    for (const hash of ['#preset=write-conflict-lww', '#s=abc', '#preset=split-brain&embed']) {
      const page = runLink({ hash, simWorker: SIM });
      expect(page.workers).toHaveLength(1);
      const worker = page.workers[0] as StartedWorker;
      expect(worker.url).toBe(`./${SIM}`);
      expect(worker.options).toEqual({ type: 'module', name: `sim ${hash}` });
      // The entry takes it, with what it said before anyone listened; asked again, the same worker.
      const said = { type: 'message' };
      const failed = { type: 'error', prevented: false, preventDefault: () => (failed.prevented = true) };
      worker.onmessage?.(said);
      worker.onerror?.(failed);
      expect(failed.prevented).toBe(true);
      const taken = page.window.__simWorker?.();
      expect(taken).toEqual({ worker, early: [said, failed] });
      expect(page.window.__simWorker?.()).toBe(taken);
      expect(page.workers).toHaveLength(1);
    }
    // On a phone nothing prerendered shows either.
    expect(runLink({ hash: '', width: 390, simWorker: SIM }).workers).toHaveLength(1);
    expect(runLink({ hash: '#preset=split-brain', width: 390, simWorker: SIM }).workers).toHaveLength(1);
  });

  it('starts after the frame that draws the default’s prerendered graph', async () => {
    const page = runLink({ hash: '', simWorker: SIM });
    await page.settled();
    expect(page.workers).toHaveLength(0);
    page.parsePastRoot();
    await page.settled();
    expect(page.workers).toHaveLength(0);
    await page.frame();
    expect(page.workers).toHaveLength(1);
    expect(page.workers[0]?.options.name).toBe('sim ');
  });

  it('starts after the frame that draws a link’s graph, or once none came', async () => {
    const page = runLink({ hash: '#preset=split-brain', simWorker: SIM });
    page.finishParse();
    await page.settled();
    expect(page.root.innerHTML).toBe(FRAGMENT);
    expect(page.workers).toHaveLength(0);
    await page.frame();
    expect(page.workers).toHaveLength(1);
    for (const answer of ['missing', 'fails'] as const) {
      const none = runLink({ hash: '#preset=split-brain', simWorker: SIM, parsed: true, answer });
      await none.settled();
      await none.frame();
      expect(none.workers).toHaveLength(1);
    }
  });

  it('is started by the entry if it asks first, and never twice', async () => {
    const page = runLink({ hash: '#preset=split-brain', simWorker: SIM });
    const taken = page.window.__simWorker?.();
    expect(page.workers).toHaveLength(1);
    expect(taken).toEqual({ worker: page.workers[0], early: [] });
    page.finishParse();
    await page.settled();
    await page.frame();
    expect(page.workers).toHaveLength(1);
  });

  it('is none without a worker’s file (the development server): the entry starts it', () => {
    const page = runLink({ hash: '#preset=write-conflict-lww' });
    expect(page.workers).toHaveLength(0);
    expect(page.window.__simWorker).toBeUndefined();
  });
});

describe('a share link’s first frame, drawn by the worker', () => {
  const SIM = 'assets/sim.worker-AbC_12-x.js';
  const SHARE_FILE = 'assets/share.worker-Xy_9.js';
  const SHARE = '#s=1.eJyrVkrOzyvJz';
  const HTML = '<div class="app first-paint" data-first-frame aria-busy="true">…</div>';
  const share = (page: Omit<LinkPage, 'simWorker' | 'shareWorker'>) =>
    runLink({ ...page, simWorker: SIM, shareWorker: SHARE_FILE });
  /** The worker's frame, posted on its own: true when it went past the script's listener to the page's others. */
  const answer = (page: ReturnType<typeof runLink>, html: string | null) => {
    const worker = page.workers[0];
    if (!worker) throw new Error('no worker');
    return fromWorker(worker, { type: 'firstFrame', html });
  };

  it('is wanted by the worker’s name, asked nothing, and put in place of the build’s markup', async () => {
    const page = share({ hash: SHARE });
    expect(page.workers).toHaveLength(1);
    expect(page.workers[0]?.options).toEqual({ type: 'module', name: `sim+frame ${SHARE}` });
    expect(page.workers[0]?.posted).toEqual([]);
    expect(answer(page, HTML)).toBe(false);
    await page.settled();
    // Not before the root is all there.
    expect(page.root.innerHTML).toBe('(the build’s markup)');
    page.parsePastRoot();
    await page.settled();
    expect(page.root.innerHTML).toBe(HTML);
    // The build's graph stays hidden: only the worker's frame shows.
    expect(page.dataset.prerender).toBeUndefined();
  });

  it('lays no copy of the default’s graph out while the worker starts (it delayed the frame)', async () => {
    const page = share({ hash: SHARE });
    page.parsePastRoot();
    await page.settled();
    expect((page.root.firstElementChild as FakeElement).next).toBeNull();
    answer(page, HTML);
    await page.settled();
    expect(page.root.innerHTML).toBe(HTML);
  });

  it('is taken by the script’s listener before any other of the page’s, and the rest passes', async () => {
    const page = share({ hash: SHARE, parsed: true });
    const said = { type: 'alive' };
    expect(fromWorker(page.workers[0] as StartedWorker, said)).toBe(true);
    expect(answer(page, HTML)).toBe(false);
    expect(answer(page, null)).toBe(false);
    const taken = page.window.__simWorker?.() as { early: { data: unknown }[] };
    expect(taken.early.map((event) => event.data)).toEqual([said]);
    // Once the entry has the worker (its own `onmessage`), the frame still stops at the script's listener.
    const replies: unknown[] = [];
    (page.workers[0] as StartedWorker).onmessage = (event) => replies.push(event);
    expect(answer(page, HTML)).toBe(false);
    expect(replies).toEqual([]);
  });

  it('is handed to the entry once the entry has run, whenever it comes, once', async () => {
    const later = share({ hash: SHARE, held: 'none', parsed: true });
    const taken: string[] = [];
    later.window.__firstFrame?.((html) => taken.push(html));
    answer(later, HTML);
    answer(later, '<div>another</div>');
    await later.settled();
    expect(taken).toEqual([HTML]);
    expect(later.root.innerHTML).toBe('(the build’s markup)');
    const before = share({ hash: SHARE, held: 'entry', parsed: true });
    answer(before, HTML);
    await before.settled();
    const kept: string[] = [];
    before.window.__firstFrame?.((html) => kept.push(html));
    expect(kept).toEqual([HTML]);
    expect(before.root.innerHTML).toBe('(the build’s markup)');
  });

  it('is dropped when the worker drew none, or the address changed meanwhile', async () => {
    for (const [html, hash] of [
      [null, SHARE],
      ['', SHARE],
      [HTML, '#preset=split-brain'],
    ] as const) {
      const page = share({ hash: SHARE, parsed: true });
      const taken: string[] = [];
      page.window.__firstFrame?.((frame) => taken.push(frame));
      page.location.hash = hash;
      answer(page, html);
      await page.settled();
      expect(page.root.innerHTML).toBe('(the build’s markup)');
      expect(taken).toEqual([]);
    }
  });

  it('is wanted of the share link worker the build names, which has the code for it in its own file', () => {
    expect(firstLookInline(SCRIPT, LINKED, SIM, SHARE_FILE).code).toContain(
      `const SHARE_WORKER = "${SHARE_FILE}";`,
    );
    expect(() => firstLookInline(SCRIPT, LINKED, SIM, 'assets/sim.worker-a.js')).toThrow(
      'is not the share link worker',
    );
    const page = share({ hash: SHARE });
    expect(page.workers.map((w) => w.url)).toEqual([`./${SHARE_FILE}`]);
    // Any other address, or a phone, gets the plain worker.
    for (const other of [{ hash: '#preset=write-conflict-lww' }, { hash: SHARE, width: 390 }]) {
      const run = share(other);
      expect(run.workers.map((w) => w.url)).toEqual([`./${SIM}`]);
    }
  });

  it('is wanted for no other address, on a phone, or without the share link worker', async () => {
    for (const page of [
      { hash: `${SHARE}&embed` },
      { hash: `${SHARE}&t=5000` },
      { hash: '#preset=write-conflict-lww' },
      { hash: '#x' },
      { hash: SHARE, width: 390 },
    ]) {
      const run = share({ ...page, parsed: true });
      expect(run.workers).toHaveLength(1);
      expect(run.workers[0]?.options.name).toBe(`sim ${page.hash}`);
      expect(run.workers[0]?.listeners).toEqual([]);
      expect(run.window.__firstFrame).toBeUndefined();
    }
    const none = runLink({ hash: SHARE, simWorker: SIM, parsed: true });
    expect(none.workers[0]?.options.name).toBe(`sim ${SHARE}`);
    expect(none.window.__firstFrame).toBeUndefined();
  });
});

describe('the page’s own scripts, asked for by the script', () => {
  const PAGE: PageFiles = {
    entry: 'assets/index-AbC_12.js',
    modules: ['assets/react-x1.js', 'assets/paint-x2.js'],
    styles: ['assets/mount-x3.css'],
  };
  const SIM = 'assets/sim.worker-AbC_12-x.js';
  const SHARE_FILE = 'assets/share.worker-Xy_9.js';
  const SHARE = '#s=1.eJyrVkrOzyvJz';
  const HTML = '<div class="app first-paint" data-first-frame aria-busy="true">…</div>';
  const open = (page: LinkPage) =>
    runLink({ simWorker: SIM, shareWorker: SHARE_FILE, pageFiles: PAGE, heldTimers: true, ...page });
  /** What the script put in <head>: each preload, then the entry. */
  const asked = (page: ReturnType<typeof runLink>) =>
    page.head.map((e) =>
      e.tag === 'script' ? `script ${e.type} ${e.src}` : `${e.rel} ${e.as ?? ''} ${e.href}`,
    );
  const ALL = [
    'modulepreload  ./assets/index-AbC_12.js',
    'modulepreload  ./assets/react-x1.js',
    'modulepreload  ./assets/paint-x2.js',
    'preload style ./assets/mount-x3.css',
    'script module ./assets/index-AbC_12.js',
  ];

  it('are taken out of the built page, the page left with none of them', () => {
    const built = [
      '<head><script>first</script>',
      '<script type="module" crossorigin src="./assets/index-AbC_12.js"></script>',
      '<link rel="modulepreload" crossorigin href="./assets/react-x1.js">',
      '<link rel="modulepreload" crossorigin href="./assets/paint-x2.js">',
      '<link rel="preload" as="style" crossorigin href="./assets/mount-x3.css">',
      '<link rel="icon" href="./favicon.svg" /></head>',
    ].join('\n    ');
    const { html, page } = takePageFiles(built);
    expect(page).toEqual(PAGE);
    expect(html).toBe('<head><script>first</script>\n    <link rel="icon" href="./favicon.svg" /></head>');
    expect(() => takePageFiles('<head></head>')).toThrow('0 module scripts');
    expect(() =>
      takePageFiles(`${built}<link rel="preload" as="font" crossorigin href="./assets/a.woff2">`),
    ).toThrow('does not know');
    const { code } = firstLookInline(SCRIPT, LINKED, SIM, SHARE_FILE, PAGE);
    expect(code).toContain(`const PAGE = ${JSON.stringify(PAGE)};`);
    expect(() => firstLookInline(SCRIPT, LINKED, SIM, SHARE_FILE, { ...PAGE, entry: '../x.js' })).toThrow(
      'is not a script of the page',
    );
    expect(() => firstLookInline(SCRIPT, LINKED, SIM, SHARE_FILE, { ...PAGE, styles: ['a.js'] })).toThrow(
      'is not a stylesheet',
    );
  });

  it('are asked for once the page is parsed, for any address but a link whose graph or frame comes first', async () => {
    for (const page of [
      { hash: '' },
      { hash: '#preset=write-conflict-lww' },
      { hash: '#preset=read-your-writes-violation', width: 390 },
      { hash: `${SHARE}&embed` },
      { hash: `${SHARE}&t=5000` },
      { hash: SHARE, width: 390 },
    ]) {
      const run = open(page);
      await run.settled();
      expect(asked(run)).toEqual([]);
      run.parsePastRoot();
      await run.settled();
      expect(asked(run)).toEqual(ALL);
      expect(run.head.every((e) => e.crossOrigin === '')).toBe(true);
    }
    // No share link worker: the plain worker, and the page at once.
    const plain = runLink({ hash: SHARE, simWorker: SIM, pageFiles: PAGE, parsed: true });
    await plain.settled();
    expect(asked(plain)).toEqual(ALL);
  });

  /** Runs the timers the script set for `ms`, once. */
  const fire = (page: ReturnType<typeof runLink>, ms: number) => {
    for (const timer of page.timers.filter((t) => t.ms === ms)) timer.fn();
  };

  /** Asserts the page's scripts are not asked for yet, then asked for (all) after the next frame's work. */
  const askedAfterFrame = async (page: ReturnType<typeof runLink>) => {
    expect(page.head).toEqual([]);
    await page.frame();
    fire(page, 0);
    await page.settled();
    expect(asked(page)).toEqual(ALL);
  };

  it('wait for a share link’s first frame, asked for after the frame that draws it, at once when none came', async () => {
    const page = open({ hash: SHARE, parsed: true });
    await page.settled();
    expect(page.head).toEqual([]);
    fromWorker(page.workers[0] as StartedWorker, { type: 'firstFrame', html: HTML });
    await page.settled();
    expect(page.root.innerHTML).toBe(HTML);
    await askedAfterFrame(page);
    // Once.
    fire(page, 200);
    fromWorker(page.workers[0] as StartedWorker, { type: 'firstFrame', html: HTML });
    await page.settled();
    expect(asked(page)).toEqual(ALL);
    // A page that draws no frame (hidden): 200 ms after the frame came.
    const hidden = open({ hash: SHARE, parsed: true });
    fromWorker(hidden.workers[0] as StartedWorker, { type: 'firstFrame', html: HTML });
    await hidden.settled();
    fire(hidden, 200);
    await hidden.settled();
    expect(asked(hidden)).toEqual(ALL);
    // No frame drawn by the worker: at once.
    const none = open({ hash: SHARE, parsed: true });
    fromWorker(none.workers[0] as StartedWorker, { type: 'firstFrame', html: null });
    await none.settled();
    expect(none.root.innerHTML).toBe('(the build’s markup)');
    expect(asked(none)).toEqual(ALL);
  });

  it('wait for a linked preset’s graph, asked for after the frame that draws it, once it failed, 3 s at most', async () => {
    const page = open({ hash: '#preset=read-your-writes-violation', parsed: true });
    await page.settled();
    expect(page.root.innerHTML).toBe(FRAGMENT);
    await askedAfterFrame(page);
    // Once.
    fire(page, 200);
    fire(page, 3000);
    await page.settled();
    expect(asked(page)).toEqual(ALL);
    // A page that draws no frame (hidden): 200 ms after the graph came.
    const hidden = open({ hash: '#preset=split-brain', parsed: true });
    await hidden.settled();
    expect(hidden.head).toEqual([]);
    fire(hidden, 200);
    await hidden.settled();
    expect(asked(hidden)).toEqual(ALL);
    // No graph (a missing file, offline): after the frame, as with one.
    for (const answer of ['missing', 'fails'] as const) {
      const none = open({ hash: '#preset=split-brain', parsed: true, answer });
      await none.settled();
      expect(none.root.innerHTML).toBe('(the build’s markup)');
      fire(none, 200);
      await none.settled();
      expect(asked(none)).toEqual(ALL);
    }
    // The graph never answering: 3 s at most.
    const slow = open({ hash: '#preset=split-brain', parsed: true, late: new Promise(() => {}) });
    await slow.settled();
    expect(slow.head).toEqual([]);
    fire(slow, 3000);
    await slow.settled();
    expect(asked(slow)).toEqual(ALL);
  });

  it('come with the models’ painters for a share link the worker draws only', async () => {
    const painters = ['assets/paintMultiLeader-a1.js', 'assets/paintLeaderless-b2.js'];
    const shared = open({ hash: SHARE, parsed: true, pageFiles: { ...PAGE, painters } });
    fromWorker(shared.workers[0] as StartedWorker, { type: 'firstFrame', html: null });
    await shared.settled();
    expect(asked(shared)).toEqual([
      ...ALL.slice(0, 3),
      'modulepreload  ./assets/paintMultiLeader-a1.js',
      'modulepreload  ./assets/paintLeaderless-b2.js',
      ...ALL.slice(3),
    ]);
    const preset = open({
      hash: '#preset=write-conflict-lww',
      parsed: true,
      pageFiles: { ...PAGE, painters },
    });
    await preset.settled();
    expect(asked(preset)).toEqual(ALL);
    expect(() => firstLookInline(SCRIPT, LINKED, SIM, SHARE_FILE, { ...PAGE, painters: ['x.js'] })).toThrow(
      'is not a script of the page',
    );
  });

  it('wait for the frame no longer when the worker fails, or for 3 s at most', async () => {
    const failed = open({ hash: SHARE, parsed: true });
    const worker = failed.workers[0] as StartedWorker;
    expect(failed.head).toEqual([]);
    for (const listener of worker.errorListeners) listener({ type: 'error' });
    await failed.settled();
    expect(asked(failed)).toEqual(ALL);
    const slow = open({ hash: SHARE, parsed: true });
    expect(slow.timers.map((t) => t.ms)).toEqual([3000]);
    fire(slow, 3000);
    await slow.settled();
    expect(asked(slow)).toEqual(ALL);
    // The frame that comes after is still put in the page; the scripts are not asked for twice.
    fromWorker(worker, { type: 'firstFrame', html: HTML });
    await failed.settled();
    await failed.frame();
    fire(failed, 0);
    fire(failed, 200);
    expect(failed.root.innerHTML).toBe(HTML);
    expect(asked(failed)).toEqual(ALL);
  });
});
