/**
 * The default preset's first graph prerendered into the HTML at build time (src/app/firstPaint/prerender.ts): it
 * is what the first paint draws (paint.ts, the same functions) from the snapshot the simulation worker really
 * posts first when the page asks for the default preset (inbox, host, core and the wire's slimming, as
 * sim.worker.ts wires them); it is put into index.html's root; what it cannot draw exactly fails the build; and
 * start.ts's `adoptPrerendered` keeps it only for the same preset on a page that shows it.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIRST_FRAME, PRERENDERED } from '../../src/app/firstPaint/marks.ts';
import { computeLayout, frameHtml, graphSvg, topologyOf } from '../../src/app/firstPaint/paint.ts';
import {
  firstRun,
  firstSnapshot,
  LINKED_DIR,
  modelStyle,
  prerenderedHtml,
  prerenderIndex,
  prerenderLinks,
} from '../../src/app/firstPaint/prerender.ts';
import { adoptPrerendered, createCanvas } from '../../src/app/firstPaint/start.ts';
import { DEFAULT_PRESET_ID, PRESET_CATALOG } from '../../src/sim/scenarios/presets/catalog.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { createSimCore } from '../../src/worker/core.ts';
import { SimHost } from '../../src/worker/host.ts';
import { createInbox } from '../../src/worker/inbox.ts';
import type { FromWorker, ViewSnapshot } from '../../src/worker/protocol.ts';
import { slimmer, widener } from '../../src/worker/slim.ts';

/** The first snapshot the page receives after asking the worker for a preset, as the page asks for it. */
async function workerFirstSnapshot(id: string): Promise<ViewSnapshot> {
  return (await workerFirstRun(id)).snapshot;
}

/** That snapshot with the scenario the worker posts before it (which the page's store holds by then). */
async function workerFirstRun(id: string): Promise<{ snapshot: ViewSnapshot; scenario: Scenario }> {
  const slim = slimmer();
  const wide = widener();
  const received: FromWorker[] = [];
  const post = (message: FromWorker) => received.push(wide(structuredClone(slim(message))));
  const host = new SimHost({ post, createSim: createSimCore, now: () => 5, schedule: () => () => {} });
  const take = createInbox((message) => host.handle(message), post);
  take({ type: 'prefetch', hash: '' });
  take({ type: 'loadPreset', epoch: 1, id, play: true });
  take({ type: 'setSpeed', simMsPerSec: 250 });
  take({ type: 'setStory', on: true });
  await vi.waitFor(() => expect(received.some((m) => m.type === 'snapshot')).toBe(true));
  const first = received.find((m) => m.type === 'snapshot');
  if (first?.type !== 'snapshot') throw new Error('no snapshot');
  const posted = received.slice(0, received.indexOf(first)).find((m) => m.type === 'scenario');
  if (posted?.type !== 'scenario') throw new Error('no scenario before the snapshot');
  return { snapshot: first.snapshot, scenario: posted.scenario };
}

/**
 * What start.ts's painter puts into the root for a snapshot (with the store's scenario): the frame with the
 * model's banner (`drawGraph` fills it as `frameHtml` does given the snapshot), then the graph in `.graph`.
 */
function firstPaintOf(
  presetId: string,
  snapshot: ViewSnapshot,
  scenario: Scenario | null = null,
): { frame: string; graph: string } {
  const input = topologyOf(snapshot, scenario);
  return {
    frame: frameHtml(presetId, snapshot),
    graph: graphSvg(snapshot, computeLayout(input), input.leader),
  };
}

describe('the prerendered first graph', () => {
  it('is what the first paint draws from the worker’s first snapshot of the default preset', async () => {
    const live = await workerFirstSnapshot(DEFAULT_PRESET_ID);
    const built = firstSnapshot(DEFAULT_PRESET_ID);
    expect(live.nowUs).toBe(0);
    expect(built).toEqual(live);
    const { frame, graph } = firstPaintOf(DEFAULT_PRESET_ID, live);
    const html = prerenderedHtml(DEFAULT_PRESET_ID, built);
    expect(html).toBe(
      frame
        .replace(
          '<div class="app first-paint"',
          `<div class="app first-paint" ${PRERENDERED}="bank-ledger-async" hidden`,
        )
        .replace('<div class="graph"></div>', `<div class="graph">${graph}</div>`),
    );
    expect([...html.matchAll(/data-first-paint-node="(\w+)"/g)].map((m) => m[1])).toEqual([
      'bank_leader',
      'bank_follower1',
      'bank_follower2',
    ]);
    expect(html.match(/no data yet/g)).toHaveLength(3);
  });

  it('fills index.html’s root and nothing else, after the blocking first-look script', () => {
    const source = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');
    const page = prerenderIndex(source);
    const root = page.indexOf(
      '<div id="root"><div class="app first-paint" data-prerendered="bank-ledger-async" hidden',
    );
    expect(root).toBeGreaterThan(0);
    expect(page.indexOf('<script src="/first-look.js"></script>')).toBeLessThan(page.indexOf('<body>'));
    expect(page.replace(/<div id="root">.*<\/div>\n/s, '<div id="root"></div>\n')).toBe(source);
    expect(page).toContain('<noscript>Replication Lab needs JavaScript');
  });

  it('fails the build rather than draw what the first paint cannot draw exactly', () => {
    expect(() => prerenderIndex('<body></body>')).toThrow('index.html has no empty <div id="root"></div>');
    expect(() => prerenderIndex('<div id="root"></div>', 'scale-leaderless-100')).toThrow(
      'the first paint cannot draw the first snapshot of "scale-leaderless-100"',
    );
    expect(() => firstSnapshot('no-such-preset')).toThrow('there is no preset called "no-such-preset"');
    const built = firstSnapshot(DEFAULT_PRESET_ID);
    const electing = { ...built, nodes: built.nodes.map((n) => ({ ...n, role: 'candidate' as const })) };
    expect(() => prerenderedHtml(DEFAULT_PRESET_ID, electing)).toThrow('has a candidate');
  });
});

describe('the first graphs prerendered for links to other presets', () => {
  const links = prerenderLinks();

  it('are every model’s presets but the default’s, drawn as the first paint draws the worker’s first snapshot', async () => {
    expect(LINKED_DIR).toBe('first-graph');
    expect(links.has(DEFAULT_PRESET_ID)).toBe(false);
    for (const id of ['read-your-writes-violation', 'write-conflict-lww', 'social-posts'])
      expect(links.has(id)).toBe(true);
    for (const [id, html] of links) {
      const live = await workerFirstRun(id);
      expect(live.snapshot.nowUs).toBe(0);
      expect(firstRun(id)).toEqual(live);
      const { frame, graph } = firstPaintOf(id, live.snapshot, live.scenario);
      const css = modelStyle(live.snapshot.view.model);
      expect(html).toBe(
        frame
          .replace(
            '<div class="app first-paint"',
            `<div class="app first-paint" ${PRERENDERED}="${id}" hidden`,
          )
          .replace('<header', css ? `<style>${css}</style><header` : '<header')
          .replace('<div class="graph"></div>', `<div class="graph">${graph}</div>`),
      );
    }
  });

  it('carry the model’s own stylesheet, which the entry’s does not hold, for the other models', () => {
    expect(modelStyle('leader-follower')).toBe('');
    const ml = links.get('write-conflict-lww') ?? '';
    expect(ml).toMatch(
      /^<div class="app first-paint" data-prerendered="write-conflict-lww" hidden[^>]*><style>/,
    );
    expect(ml).toContain('.ml-region-box');
    expect(ml).not.toContain('/*');
    expect(links.get('social-posts')).toContain('.ll-ring');
    expect(links.get('read-your-writes-violation')).not.toContain('<style>');
  });

  it('leave out only the presets whose first snapshot the first paint would not draw', () => {
    const left = PRESET_CATALOG.filter((p) => p.id !== DEFAULT_PRESET_ID && !links.has(p.id)).map(
      (p) => p.id,
    );
    expect(left).toEqual([
      'scale-leader-follower-100',
      'scale-multi-leader-regions',
      'scale-leaderless-100',
      'scale-leaderless-1000',
      'bench-100-nodes',
      'bench-1000-nodes',
    ]);
    for (const id of left)
      expect(() => prerenderedHtml(id, firstSnapshot(id))).toThrow('the first paint cannot draw');
  });
});

/** A root holding `html` (only what adoptPrerendered reads and does) and <html> with or without the mark. */
function fakePage(prerendered: string | null, shown: boolean) {
  const root = {
    children: prerendered === null ? 0 : 1,
    querySelector: (selector: string) =>
      selector === `[${PRERENDERED}]` && root.children > 0
        ? { getAttribute: (name: string) => (name === PRERENDERED ? prerendered : null) }
        : null,
    replaceChildren: () => {
      root.children = 0;
    },
  };
  vi.stubGlobal('document', { documentElement: { dataset: shown ? { prerender: 'show' } : {} } });
  return root;
}

describe('the painter’s start with a prerendered graph in the root', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  const adopt = (root: ReturnType<typeof fakePage>, presetId: string | null) =>
    adoptPrerendered(root as unknown as HTMLElement, presetId);

  it('takes it over for the same preset on a page that shows it', () => {
    const root = fakePage(DEFAULT_PRESET_ID, true);
    expect(adopt(root, DEFAULT_PRESET_ID)).toBe(DEFAULT_PRESET_ID);
    expect(root.children).toBe(1);
  });

  it('removes it at once for another preset, no preset (a share link, the embed) or a page that hides it', () => {
    for (const [presetId, shown] of [
      ['bank-ledger-sync', true],
      [null, true],
      [DEFAULT_PRESET_ID, false],
    ] as const) {
      const root = fakePage(DEFAULT_PRESET_ID, shown);
      expect(adopt(root, presetId)).toBe(null);
      expect(root.children).toBe(0);
    }
  });

  it('finds nothing to take over in an empty root', () => {
    const root = fakePage(null, true);
    expect(adopt(root, DEFAULT_PRESET_ID)).toBe(null);
  });
});

/** A root as the canvas uses it: its markup, whether it holds an element, and the worker's frame if it does. */
class FakeRoot {
  markup = '';
  emptied = 0;
  get innerHTML(): string {
    return this.markup;
  }
  set innerHTML(html: string) {
    this.markup = html;
  }
  get firstElementChild(): object | null {
    return this.markup ? {} : null;
  }
  querySelector(selector: string): object | null {
    return selector === `[${FIRST_FRAME}]` && this.markup.includes(FIRST_FRAME) ? {} : null;
  }
  replaceChildren(): void {
    this.markup = '';
    this.emptied++;
  }
}

describe('the painter’s canvas with a shared run’s first frame drawn by the worker', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  const FRAME = `<div class="app first-paint" ${FIRST_FRAME}>…</div>`;
  const canvasOf = (root: FakeRoot) => createCanvas(root as unknown as HTMLElement, null);
  // The painter is not used for a snapshot it may not draw (a phone's screen here).
  const painter = {} as Parameters<ReturnType<typeof createCanvas>['paint']>[0];
  const snapshot = firstSnapshot(DEFAULT_PRESET_ID);
  const phone = () => vi.stubGlobal('matchMedia', () => ({ matches: true }));

  it('puts the frame in an empty root while it has drawn nothing, once', () => {
    const root = new FakeRoot();
    const canvas = canvasOf(root);
    canvas.early(FRAME);
    expect(root.innerHTML).toBe(FRAME);
    canvas.early('<div>another</div>');
    expect(root.innerHTML).toBe(FRAME);
  });

  it('takes down the frame (its own, or the first-look script’s) when the snapshot is one it may not draw', () => {
    phone();
    const placed = new FakeRoot();
    const canvas = canvasOf(placed);
    canvas.early(FRAME);
    expect(canvas.paint(painter, snapshot)).toBe(false);
    expect(placed.innerHTML).toBe('');
    const before = new FakeRoot();
    before.innerHTML = FRAME;
    expect(canvasOf(before).paint(painter, snapshot)).toBe(false);
    expect(before.emptied).toBe(1);
  });

  it('leaves the page alone once it has drawn, or when the root holds something else', () => {
    phone();
    const drawn = new FakeRoot();
    const canvas = canvasOf(drawn);
    canvas.paint(painter, snapshot);
    canvas.early(FRAME);
    expect(drawn.innerHTML).toBe('');
    const other = new FakeRoot();
    other.innerHTML = '<div>React’s page</div>';
    canvasOf(other).early(FRAME);
    expect(other.innerHTML).toBe('<div>React’s page</div>');
  });
});
