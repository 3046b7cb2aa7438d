/**
 * The first paint (src/app/firstPaint/): on a first visit the graph is drawn before React has arrived, from the
 * worker's first snapshot, and React's page then replaces it with the same graph in the same place. React's page
 * chunk is held back here, so the painted page can be looked at before it is replaced. The default preset's first
 * graph is in the HTML itself (prerendered at build time: firstPaint/prerender.ts): shown only when the page opens
 * that preset at time 0 on a wide screen, never for a link or on a phone, watched frame by frame. A link to another
 * preset, of any model, gets that preset's first graph from the build; a multi-leader and a leaderless one are
 * compared with React's graph shape by shape.
 */
import { type Page, test as plainTest } from '@playwright/test';
import { encodeShareHash } from '../../src/codec/url.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { expect, openApp, test } from './fixtures.ts';

/** A preset's scenario under another name and description: a shared run that is no preset's. */
function sharedScenario(id: string, name: string, description: string | undefined): Scenario {
  const scenario = getPreset(id)?.scenario;
  if (!scenario) throw new Error(`no preset ${id}`);
  const { description: _, ...rest } = scenario;
  return description === undefined ? { ...rest, name } : { ...rest, name, description };
}

/** Holds back the built files whose address matches `file` until `release` (what it returns) is called. */
async function holdFile(page: Page, file: RegExp): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(file, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Holds back React's page chunk until `release` is called. */
function holdReact(page: Page): Promise<() => void> {
  return holdFile(page, /\/assets\/mount-[\w-]+\.js$/);
}

/** Holds back the simulation worker's code until `release` is called: no snapshot can come before. */
function holdWorker(page: Page): Promise<() => void> {
  return holdFile(page, /\/assets\/sim\.worker-[\w-]+\.js$/);
}

const DEFAULT_NODES = ['bank_leader', 'bank_follower1', 'bank_follower2'];

/**
 * Installed before the page's own scripts: on every change to the document and every frame, notes the visible
 * node cards the first paint draws (`data-first-paint-node`) named as the default preset's nodes, and whether the
 * prerendered frame is visible (`window.__sampled`); `gaps` counts samples with no node card visible at all (the
 * first paint's or React's) after one had been: a graph that flashed away.
 */
function sampleNodes(names: readonly string[]): void {
  const sampled = { seen: [] as string[], prerenderedShown: false, firstTheme: '', gaps: 0, samples: 0 };
  (window as unknown as { __sampled: typeof sampled }).__sampled = sampled;
  let drawn = false;
  const visible = (e: Element) => e.checkVisibility() && e.getBoundingClientRect().width > 0;
  const sample = () => {
    sampled.samples++;
    for (const card of document.querySelectorAll('[data-first-paint-node]')) {
      const name = card.getAttribute('data-first-paint-node') ?? '';
      if (!names.includes(name) || !visible(card)) continue;
      if (!sampled.seen.includes(name)) sampled.seen.push(name);
      if (!sampled.firstTheme) sampled.firstTheme = document.documentElement.dataset.theme ?? 'none';
    }
    const frame = document.querySelector('[data-prerendered]');
    if (frame && visible(frame)) sampled.prerenderedShown = true;
    // Any node's name on the screen, whatever marks it (the first-look script lays out an unmarked copy of the
    // default's graph, unseen, while a link's graph is on its way): seen only if painted.
    for (const text of document.querySelectorAll('text.node-id')) {
      if (text.closest('[data-testid="node"]')) continue; // React's own card: its run's, not a first look
      const name = text.textContent ?? '';
      const painted = text.checkVisibility({ visibilityProperty: true, opacityProperty: true });
      if (
        names.includes(name) &&
        painted &&
        text.getBoundingClientRect().width > 0 &&
        !sampled.seen.includes(name)
      )
        sampled.seen.push(name);
    }
    const any = [...document.querySelectorAll('[data-first-paint-node], [data-testid="node"]')].some(visible);
    if (drawn && !any) sampled.gaps++;
    drawn ||= any;
  };
  new MutationObserver(sample).observe(document, { childList: true, subtree: true, attributes: true });
  const frame = () => {
    sample();
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

interface Sampled {
  seen: string[];
  prerenderedShown: boolean;
  firstTheme: string;
  gaps: number;
  samples: number;
}
const sampled = (page: Page) => page.evaluate(() => (window as unknown as { __sampled: Sampled }).__sampled);

/** Each card's box and the graph's box on the screen, rounded to a tenth of a pixel. */
function boxes(page: Page, cards: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const box = (e: Element) => {
      const r = e.getBoundingClientRect();
      return [r.x, r.y, r.width, r.height].map((v) => v.toFixed(1)).join(',');
    };
    const area = document.querySelector('.graph-area');
    return [area ? box(area) : 'no graph box', ...[...document.querySelectorAll(selector)].map(box)];
  }, cards);
}

test('the first graph is drawn before React, and React draws the same graph in the same place', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const release = await holdReact(page);
  await page.goto('/');
  const painted = page.locator('[data-first-paint-node]');
  await expect(painted).toHaveCount(3);
  await expect(page.getByTestId('node')).toHaveCount(0);
  await expect(painted.first()).toHaveAttribute('data-first-paint-node', 'bank_leader');
  await expect(painted.first()).toHaveClass(/node-current/);
  await expect(page.locator('.scenario-intro h2')).toHaveText('Bank ledger: asynchronous replication');
  // Paused while React is held, so both pictures show the same moment.
  await page.keyboard.press('Space');
  const before = await boxes(page, '[data-first-paint-node] .node-card');
  release();
  await expect(page.getByTestId('node')).toHaveCount(3);
  await expect(painted).toHaveCount(0);
  await expect(page.locator('#controls button').first()).toBeVisible({ timeout: 15_000 });
  expect(await boxes(page, '[data-testid="node"] .node-card')).toEqual(before);
  // React's cards are there at once, not faded in from nothing.
  const opacity = await page
    .locator('.node-presence')
    .first()
    .evaluate((e) => getComputedStyle(e).opacity);
  expect(opacity).toBe('1');
});

/** The text on React's cards, without their tooltips (<title> text, which the painted cards do not have). */
function reactFaceTexts(page: Page): Promise<string[]> {
  return page.locator('.graph-base .node-face').evaluateAll((faces) =>
    faces.map((f) =>
      [...f.querySelectorAll('text')]
        .map((t) =>
          [...t.childNodes]
            .filter((n) => n.nodeName !== 'title')
            .map((n) => n.textContent)
            .join(''),
        )
        .join(''),
    ),
  );
}

/** Pauses the run (unless a story stop already has): both pictures then show the same moment. */
async function pause(page: Page): Promise<void> {
  // Space toggles: a story that stops at its key moment between the look and the press would play on again, so
  // each look presses only while it sees the run playing, until a look sees it paused. Paused once the page shows
  // the run (a snapshot): the worker's first frame of a share link is drawn before the page's entry has run, whose
  // store is not playing until its run has loaded.
  await expect
    .poll(async () => {
      const shown = await page.evaluate(() => window.__labTest?.shown());
      if (shown?.playing) await page.keyboard.press('Space');
      return shown !== undefined && shown.nowUs >= 0 && !shown.playing;
    })
    .toBe(true);
}

/**
 * A multi-leader and a leaderless link: the painted graph (the build's file, then the painter's drawing of every
 * snapshot) and React's are the same, in the same place: the graph's box, the banner row, every card, every region
 * box, the ring and its tokens, and the same text on the cards.
 */
for (const [id, nodes, model] of [
  ['write-conflict-lww', 4, '.ml-region-box'],
  ['social-posts', 3, '.ll-ring, .ll-token, .ll-spoke, .ll-home, .stage-banner'],
] as const) {
  test(`a link to ${id} draws its graph before React, and React draws the same graph in the same place`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const release = await holdReact(page);
    await page.goto(`/?labtest#preset=${id}`);
    const painted = page.locator('[data-first-paint-node]');
    await expect(painted).toHaveCount(nodes);
    await expect(page.getByTestId('node')).toHaveCount(0);
    await expect(page.locator(`[data-prerendered="${id}"]`)).toBeVisible();
    await pause(page);
    const selector = `[data-first-paint-node] .node-card, ${model}`;
    const before = await boxes(page, selector);
    const text = () => page.locator('.graph-base .node-face').allTextContents();
    const paintedText = await text();
    release();
    await expect(page.getByTestId('node')).toHaveCount(nodes);
    await expect(painted).toHaveCount(0);
    await expect(page.locator('#controls button').first()).toBeVisible({ timeout: 15_000 });
    expect(await boxes(page, `[data-testid="node"] .node-card, ${model}`)).toEqual(before);
    const reactText = await reactFaceTexts(page);
    expect(reactText).toEqual(paintedText);
  });
}

/** Share links the first-paint tests open: what each is, its scenario, its node count, and the intro it gets. */
const SHARED_LINKS = [
  [
    'a multi-leader preset’s scenario',
    getPreset('write-conflict-lww')?.scenario,
    4,
    getPreset('write-conflict-lww')?.title,
    getPreset('write-conflict-lww')?.summary,
  ],
  [
    'a leaderless scenario of its own',
    sharedScenario('social-posts', 'Our cart, N=3', 'Three replicas behind a <cart> service.'),
    3,
    'Our cart, N=3',
    'Three replicas behind a <cart> service.',
  ],
  [
    'a leader-follower scenario of its own, with no description',
    sharedScenario('bank-ledger-sync', 'Ledger & co', undefined),
    3,
    'Ledger & co',
    'A scenario opened from a file or a link.',
  ],
] as const;

/**
 * Share links (`#s=`): the worker reads the link, and the painter draws the run's first snapshots before React,
 * with the intro React gives it: a preset's scenario shared as it is keeps the preset's title; one that is no
 * preset's (renamed, with its own description) is introduced by its own words. React then draws the same graph in
 * the same place.
 */
for (const [what, scenario, nodes, title, summary] of SHARED_LINKS) {
  test(`a share link of ${what} is drawn before React, with its own intro, and React draws the same graph in the same place`, async ({
    page,
  }) => {
    if (!scenario) throw new Error(`no scenario for ${what}`);
    await page.setViewportSize({ width: 1280, height: 720 });
    const release = await holdReact(page);
    await page.goto(`/?labtest#${encodeShareHash(scenario)}`);
    const painted = page.locator('[data-first-paint-node]');
    await expect(painted).toHaveCount(nodes);
    await expect(page.getByTestId('node')).toHaveCount(0);
    await expect(page.locator('[data-prerendered]')).toHaveCount(0);
    await expect(page.locator('.scenario-intro h2')).toHaveText(title ?? '');
    await expect(page.locator('.intro-summary')).toHaveText(summary ?? '');
    await pause(page);
    const before = await boxes(page, '[data-first-paint-node] .node-card, .scenario-intro, .stage-banner');
    const paintedText = await page.locator('.graph-base .node-face').allTextContents();
    release();
    await expect(page.getByTestId('node')).toHaveCount(nodes);
    await expect(painted).toHaveCount(0);
    await expect(page.locator('#controls button').first()).toBeVisible({ timeout: 15_000 });
    await expect(page.locator('.scenario-intro h2')).toHaveText(title ?? '');
    expect(await boxes(page, '[data-testid="node"] .node-card, .scenario-intro, .stage-banner')).toEqual(
      before,
    );
    const reactText = await reactFaceTexts(page);
    expect(reactText).toEqual(paintedText);
  });
}

/** Holds back the page's entry (src/main.tsx's chunk) until `release` is called: nothing of the page's code runs. */
function holdEntry(page: Page): Promise<() => void> {
  return holdFile(page, /\/assets\/index-[\w-]+\.js$/);
}

/**
 * A share link's first frame without the page's entry: the simulation worker reads the link, runs it to its first
 * snapshot and draws it (src/worker/firstFrame.ts), and the first-look script puts it in the page, with the intro
 * the page gives it and its model's style; the entry's painter then draws over it in the same place, and React
 * draws the same graph in the same place again.
 */
for (const [what, scenario, nodes, title, summary] of SHARED_LINKS) {
  test(`a share link of ${what} is drawn by the worker before the page’s entry has arrived, then in the same place by the page`, async ({
    page,
  }) => {
    if (!scenario) throw new Error(`no scenario for ${what}`);
    await page.setViewportSize({ width: 1280, height: 720 });
    const releaseReact = await holdReact(page);
    const releaseEntry = await holdEntry(page);
    // Not waiting for the page's load: its entry is held.
    await page.goto(`/?labtest#${encodeShareHash(scenario)}`, { waitUntil: 'commit' });
    const frame = page.locator('[data-first-frame]');
    await expect(frame).toBeVisible();
    const painted = page.locator('[data-first-paint-node]');
    await expect(painted).toHaveCount(nodes);
    for (const card of await painted.all()) await expect(card).toBeVisible();
    await expect(page.locator('[data-prerendered]')).toHaveCount(0);
    await expect(page.locator('.scenario-intro h2')).toHaveText(title ?? '');
    await expect(page.locator('.intro-summary')).toHaveText(summary ?? '');
    // Nothing of the page's own code has run.
    expect(await page.evaluate(() => window.__labTest === undefined)).toBe(true);
    const selector = '[data-first-paint-node] .node-card, .scenario-intro, .stage-banner, .graph-area';
    const before = await boxes(page, selector);
    releaseEntry();
    // The entry's painter draws over the worker's frame, with the same graph in the same place.
    await expect(frame).toHaveCount(0);
    await expect(painted).toHaveCount(nodes);
    await pause(page);
    expect(await boxes(page, selector)).toEqual(before);
    const paintedText = await page.locator('.graph-base .node-face').allTextContents();
    releaseReact();
    await expect(page.getByTestId('node')).toHaveCount(nodes);
    await expect(painted).toHaveCount(0);
    await expect(page.locator('#controls button').first()).toBeVisible({ timeout: 15_000 });
    expect(
      await boxes(page, '[data-testid="node"] .node-card, .scenario-intro, .stage-banner, .graph-area'),
    ).toEqual(before);
    expect(await reactFaceTexts(page)).toEqual(paintedText);
  });
}

/**
 * The worker posts a share link's first frame unasked (src/worker/framePort.ts: the page sends it nothing for it),
 * whenever it is drawn: when that is after the page's entry has taken the worker over, the first-look script's
 * listener, the worker's first, still takes it and the page's client never sees it (it knows no such reply: the
 * fixture fails the test on the error it would throw), and the page runs the link.
 */
test('a share link’s first frame that comes after the page’s entry has the worker is the first-look script’s, never the page’s client’s', async ({
  page,
}) => {
  const scenario = getPreset('write-conflict-lww')?.scenario;
  if (!scenario) throw new Error('no write-conflict-lww');
  await page.setViewportSize({ width: 1280, height: 720 });
  const release = await holdFile(page, /\/assets\/share\.worker-[\w-]+\.js$/);
  // What the page sends its workers, what they send it (a listener before the first-look script's) and what of that
  // reaches the page's own `onmessage` handlers, by type.
  await page.addInitScript(() => {
    const seen = { sent: [] as unknown[], said: [] as unknown[], handled: [] as unknown[] };
    (window as unknown as { __seen: typeof seen }).__seen = seen;
    const post = Worker.prototype.postMessage as (this: Worker, ...args: unknown[]) => void;
    Worker.prototype.postMessage = function (this: Worker, ...args: unknown[]) {
      seen.sent.push((args[0] as { type?: unknown } | null)?.type);
      post.apply(this, args);
    };
    window.Worker = class extends Worker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener('message', (event) => seen.said.push(event.data?.type));
      }
      // What reaches the page's own handler (the first-look script's, then the page's client's).
      override set onmessage(handler: ((event: MessageEvent) => unknown) | null) {
        super.onmessage = handler
          ? (event: MessageEvent) => {
              seen.handled.push(event.data?.type);
              return handler.call(this, event);
            }
          : null;
      }
      override get onmessage() {
        return super.onmessage;
      }
    };
  });
  await page.goto(`/?labtest#${encodeShareHash(scenario)}`, { waitUntil: 'commit' });
  // The entry has run and taken the worker over (its test hooks are in), the worker's code still held.
  await expect.poll(() => page.evaluate(() => window.__labTest !== undefined)).toBe(true);
  const seen = () =>
    page.evaluate(
      () =>
        (window as unknown as { __seen: { sent: unknown[]; said: unknown[]; handled: unknown[] } }).__seen,
    );
  expect((await seen()).said).toEqual([]);
  release();
  await expect(page.getByTestId('node')).toHaveCount(4);
  await expect.poll(async () => (await seen()).said).toContain('firstFrame');
  expect((await seen()).sent).not.toContain('firstFrame');
  expect((await seen()).handled).toContain('alive');
  expect((await seen()).handled).not.toContain('firstFrame');
  await expect(page.locator('[data-first-frame]')).toHaveCount(0);
});

test('a share link that does not decode paints nothing of it: the default runs, with the error said', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/#s=1.not-a-scenario');
  await expect(page.getByText('This share link could not be opened')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('node')).toHaveCount(3);
  await expect(page.locator('.scenario-intro h2')).toHaveText('Bank ledger: asynchronous replication');
});

test('a run the painter cannot draw exactly is left to React: nothing is painted', async ({ page }) => {
  const release = await holdReact(page);
  await page.goto('/#preset=scale-leaderless-100');
  await expect(page.getByTestId('sim-time')).toHaveCount(0);
  // A hundred nodes are drawn as chips, which the painter does not draw: nothing is painted.
  await expect(page.locator('#root')).toBeEmpty();
  release();
  await expect(page.getByTestId('node').first()).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('[data-first-paint-node]')).toHaveCount(0);
});

test('a phone gets no first paint, and the page still opens', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await openApp(page);
  await expect(page.locator('[data-first-paint-node]')).toHaveCount(0);
});

/**
 * The prerendered frame is taken over in place: the worker's first snapshot is drawn by the painter into the same
 * frame (marked before the worker is released), then React's cards replace the painted ones, with no frame
 * without a node and the graph where the prerendered one was.
 */
async function expectTakenOverInPlace(
  page: Page,
  release: { readonly worker: () => void; readonly react: () => void },
  nodes: readonly string[],
  mark: string,
): Promise<void> {
  const painted = page.locator('[data-first-paint-node]');
  const before = await boxes(page, '[data-first-paint-node] .node-card');
  const frame = page.locator('[data-prerendered]');
  await frame.evaluate((e, m) => e.setAttribute('data-test-mark', m), mark);
  release.worker();
  // The first snapshot is the preset's own: the painter keeps the prerendered frame and draws into it.
  await expect
    .poll(() => page.evaluate(() => window.__labTest?.shown().applied ?? 0), { timeout: 15_000 })
    .toBeGreaterThan(0);
  await expect(frame).toHaveAttribute('data-test-mark', mark);
  await expect(frame).toBeVisible();
  await expect(painted).toHaveCount(nodes.length);
  release.react();
  await expect(page.getByTestId('node')).toHaveCount(nodes.length);
  await expect(painted).toHaveCount(0);
  await expect(page.locator('#controls button').first()).toBeVisible({ timeout: 15_000 });
  const after = await sampled(page);
  expect(after.seen).toEqual(nodes);
  expect(after.gaps).toBe(0);
  expect(before[0]).toBe(await boxes(page, '.graph-area').then((b) => b[0]));
}

test('the default preset’s first graph is in the HTML: drawn before any snapshot, in the chosen theme, then taken over in place', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.addInitScript(sampleNodes, DEFAULT_NODES);
  const releaseWorker = await holdWorker(page);
  const releaseReact = await holdReact(page);
  await page.goto('/?labtest');
  const painted = page.locator('[data-first-paint-node]');
  // No snapshot can have come: the worker's code is held back. The graph is the HTML's.
  await expect(painted).toHaveCount(3);
  for (const card of await painted.all()) await expect(card).toBeVisible();
  await expect(page.locator('[data-prerendered="bank-ledger-async"]')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect((await sampled(page)).firstTheme).toBe('light');
  const fill = () =>
    page
      .locator('.node-card')
      .first()
      .evaluate((e) => getComputedStyle(e).fill);
  const prerenderedFill = await fill();
  await expectTakenOverInPlace(
    page,
    { worker: releaseWorker, react: releaseReact },
    DEFAULT_NODES,
    'the HTML’s',
  );
  expect(await fill()).toBe(prerenderedFill);
});

for (const [what, path, viewport] of [
  ['a link to another preset', '/#preset=read-your-writes-violation', { width: 1280, height: 720 }],
  [
    'a link to a preset the build drew no graph for',
    '/#preset=scale-leaderless-100',
    { width: 1280, height: 720 },
  ],
  ['a link to a multi-leader preset', '/#preset=write-conflict-lww', { width: 1280, height: 720 }],
  [
    'the embedded player of the default preset',
    '/#preset=bank-ledger-async&embed',
    { width: 1280, height: 720 },
  ],
  ['a phone', '/', { width: 390, height: 800 }],
] as const) {
  test(`${what} never shows the prerendered default graph, not for one frame`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.addInitScript(sampleNodes, DEFAULT_NODES);
    const releaseWorker = await holdWorker(page);
    await page.goto(path);
    // The entry has run (its store is there): the default's prerendered markup is gone from the page.
    await expect(page.locator('[data-prerendered="bank-ledger-async"]')).toHaveCount(0);
    releaseWorker();
    await expect(page.getByTestId('node').first()).toBeVisible({ timeout: 15_000 });
    const seen = await sampled(page);
    expect(seen.samples).toBeGreaterThan(0);
    expect(seen.seen).toEqual([]);
    // Only a link to another preset the build drew gets a prerendered graph: that preset's (the next tests).
    if (!/read-your-writes|write-conflict/.test(path)) expect(seen.prerenderedShown).toBe(false);
  });
}

test('a link to another leader-follower preset draws that preset’s first graph, drawn by the build, before any snapshot, then takes it over in place', async ({
  page,
}) => {
  const nodes = ['db1', 'db2', 'db3'];
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.addInitScript(sampleNodes, nodes);
  const releaseWorker = await holdWorker(page);
  const releaseReact = await holdReact(page);
  await page.goto('/?labtest#preset=read-your-writes-violation');
  const painted = page.locator('[data-first-paint-node]');
  // No snapshot can have come: the worker's code is held back. The graph is the build's, fetched for the link.
  await expect(page.locator('[data-prerendered="read-your-writes-violation"]')).toBeVisible();
  await expect(painted).toHaveCount(3);
  for (const card of await painted.all()) await expect(card).toBeVisible();
  await expect(page.locator('.scenario-intro h2')).toHaveText('Read-your-writes violated (async followers)');
  await expect(page.locator('[data-prerendered="bank-ledger-async"]')).toHaveCount(0);
  await expectTakenOverInPlace(page, { worker: releaseWorker, react: releaseReact }, nodes, 'the build’s');
});

for (const [id, nodes, title] of [
  [
    'write-conflict-lww',
    ['us_leader', 'us_follower', 'eu_leader', 'eu_follower'],
    'Write conflict with last-write-wins: replicas converge (fixed)',
  ],
  ['social-posts', ['kv1', 'kv2', 'kv3'], 'Decentralised social posts (2 of 3 acknowledge)'],
] as const) {
  test(`a link to ${id} draws the build’s first graph, in the model’s own style, before any snapshot, then takes it over in place`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.addInitScript(sampleNodes, nodes);
    const releaseWorker = await holdWorker(page);
    const releaseReact = await holdReact(page);
    await page.goto(`/?labtest#preset=${id}`);
    // No snapshot can have come: the worker's code is held back. The graph is the build's, fetched for the link.
    await expect(page.locator(`[data-prerendered="${id}"]`)).toBeVisible();
    await expect(page.locator('[data-first-paint-node]')).toHaveCount(nodes.length);
    await expect(page.locator('.scenario-intro h2')).toHaveText(title);
    // The model's stylesheet comes with the graph: no shape is drawn with the browser's black fill.
    const fills = await page
      .locator('.ml-region-box, .ll-ring, .ll-home-pill')
      .evaluateAll((shapes) => shapes.map((e) => getComputedStyle(e).fill));
    expect(fills.length).toBeGreaterThan(0);
    for (const fill of fills) expect(fill).not.toBe('rgb(0, 0, 0)');
    await expectTakenOverInPlace(page, { worker: releaseWorker, react: releaseReact }, nodes, 'the build’s');
  });
}

// Playwright's own test: without scripts the preloaded stylesheets go unused, which the browser warns about (the
// fixtures' test fails on any warning), and it parses <noscript> as with scripts on, so its text is only checked
// to be in the page.
plainTest.describe('without JavaScript', () => {
  plainTest.use({ javaScriptEnabled: false });

  plainTest('the page does not pretend to run: the prerendered graph stays hidden', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('[data-prerendered]')).toHaveCount(1);
    await expect(page.locator('[data-prerendered]')).toBeHidden();
    await expect(page.locator('[data-first-paint-node]').first()).toBeHidden();
    expect(await page.content()).toContain('<noscript>Replication Lab needs JavaScript');
  });
});
