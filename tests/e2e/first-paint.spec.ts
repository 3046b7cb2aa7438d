/**
 * The first paint (src/app/firstPaint/): on a first visit the graph is drawn before React has arrived, from the
 * worker's first snapshot, and React's page then replaces it with the same graph in the same place. React's page
 * chunk is held back here, so the painted page can be looked at before it is replaced. The default preset's first
 * graph is in the HTML itself (prerendered at build time: firstPaint/prerender.ts): shown only when the page opens
 * that preset at time 0 on a wide screen, never for a link or on a phone, watched frame by frame.
 */
import { type Page, test as plainTest } from '@playwright/test';
import { expect, openApp, test } from './fixtures.ts';

/** Holds back React's page chunk until `release` is called. */
async function holdReact(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/assets\/mount-[\w-]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Holds back the simulation worker's code until `release` is called: no snapshot can come before. */
async function holdWorker(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/assets\/sim\.worker-[\w-]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
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

test('a run of another model is left to React: nothing is painted', async ({ page }) => {
  const release = await holdReact(page);
  await page.goto('/#preset=partial-quorum-staleness');
  await expect(page.getByTestId('sim-time')).toHaveCount(0);
  // The painter knows from the catalog that this run is not one it draws: nothing is painted.
  await expect(page.locator('#root')).toBeEmpty();
  release();
  await expect(page.getByTestId('node').first()).toBeVisible();
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
  ['a link to a preset the build drew no graph for', '/#preset=social-posts', { width: 1280, height: 720 }],
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
    // Only a link to another leader-follower preset gets a prerendered graph: that preset's (the next test).
    if (!path.includes('read-your-writes')) expect(seen.prerenderedShown).toBe(false);
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
