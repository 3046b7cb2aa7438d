/**
 * The first paint (src/app/firstPaint/): on a first visit the graph is drawn before React has arrived, from the
 * worker's first snapshot, and React's page then replaces it with the same graph in the same place. React's page
 * chunk is held back here, so the painted page can be looked at before it is replaced.
 */
import type { Page } from '@playwright/test';
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
