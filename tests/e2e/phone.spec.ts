/**
 * A phone, 390x844: nothing wider than the screen, in any tab and any model; the graph first, legible, and
 * still in view while a slider below it is used.
 */
import type { Page } from '@playwright/test';
import { expect, openApp, openTab, setSlider, test } from './fixtures.ts';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

for (const preset of ['bank-ledger-async', 'split-brain', 'lww-drops-writes', 'sloppy-quorum-stale']) {
  test(`${preset}: nothing is wider than the phone's screen, in any tab`, async ({ page }) => {
    await page.goto(`/#preset=${preset}`);
    await expect(page.getByTestId('sim-time')).toHaveText(/t = [\d,]+\.\d{3} ms/);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    for (const tab of ['Diagram', 'Replica state', 'Metrics', 'Compare', 'History']) {
      await openTab(page, tab);
      await page.waitForTimeout(300);
      expect(await pageWidth(page), `${tab} tab`).toBeLessThanOrEqual(390);
    }
  });
}

test('the graph comes first, is legible, and stays in view while a control below it is used', async ({
  page,
}) => {
  await openApp(page);
  const graph = page.getByRole('region', { name: 'Simulation' });
  const controls = page.getByRole('complementary', { name: 'Controls' });
  const graphBox = await graph.boundingBox();
  const controlsBox = await controls.boundingBox();
  expect(graphBox && controlsBox && graphBox.y < controlsBox.y).toBe(true);
  expect(graphBox?.y ?? 1000).toBeLessThan(844 / 2);
  // Compact cards: a node's id is drawn at least 9 px tall on the screen.
  const idHeight = await page
    .locator('[data-testid="node"][data-node-id="bank_leader"] .node-id')
    .evaluate((el) => el.getBoundingClientRect().height);
  expect(idHeight).toBeGreaterThanOrEqual(9);

  // The partition slider, far below the graph: scrolled to, the graph stays on screen above it.
  const slider = page.getByLabel('Partition', { exact: true });
  await slider.scrollIntoViewIfNeeded();
  const sticky = await graph.boundingBox();
  const sliderBox = await slider.boundingBox();
  expect(sticky && sticky.y >= 0 && sticky.y + sticky.height <= 844).toBe(true);
  expect(sliderBox && sticky && sliderBox.y >= sticky.y + sticky.height).toBe(true);
  await setSlider(page, 'Partition', 1);
  await expect(page.getByTestId('partition-divide')).toBeInViewport();
});

test.describe('at a story stop', () => {
  test.use({ story: true });
  test('a stale read’s pill beside the rightmost client stays whole inside the graph', async ({ page }) => {
    // monotonic-reads-violation stops at bob's stale read, bob the rightmost client: its pill is wider than the
    // room on either side of him on a phone.
    await page.goto('/#preset=monotonic-reads-violation');
    const pill = page.locator('[data-testid="client-anomaly"][data-client-id="bob"]');
    await expect(pill).toContainText('stale: read nothing · acked second comment', { timeout: 20_000 });
    const [pillBox, graphBox] = [
      await pill.boundingBox(),
      await page.locator('.graph').first().boundingBox(),
    ];
    if (!pillBox || !graphBox) throw new Error('no box');
    expect(pillBox.x).toBeGreaterThanOrEqual(graphBox.x);
    expect(pillBox.x + pillBox.width).toBeLessThanOrEqual(graphBox.x + graphBox.width);
  });
});

test.describe('story mode on a phone', () => {
  test.use({ story: true });

  test('the key-moment caption is a sheet at the bottom of the screen that covers neither the ringed node nor the graph', async ({
    page,
  }) => {
    await page.goto('/');
    const caption = page.getByTestId('story-caption');
    await expect(caption).toBeVisible({ timeout: 15_000 });
    const sheet = await caption.boundingBox();
    const ring = await page.getByTestId('moment-ring').first().boundingBox();
    const graph = await page.locator('.graph-area').boundingBox();
    if (!sheet || !ring || !graph) throw new Error('caption, ring or graph not drawn');
    // Within the screen, at its bottom, full width less the margins.
    expect(sheet.y + sheet.height).toBeLessThanOrEqual(844);
    expect(sheet.y + sheet.height).toBeGreaterThan(844 - 16);
    expect(sheet.width).toBeGreaterThan(390 - 24);
    // Below the graph: neither the ringed node nor the rest of the graph is hidden.
    expect(sheet.y).toBeGreaterThanOrEqual(ring.y + ring.height);
    expect(sheet.y).toBeGreaterThanOrEqual(graph.y + graph.height);
    await caption.getByRole('button', { name: 'Continue' }).click();
    await expect(caption).toHaveCount(0);
  });

  test('below a long intro and a banner, the page scrolls the ringed node out from under the sheet', async ({
    page,
  }) => {
    test.setTimeout(60_000);
    // stale-leader-reads stops at the partition, db3's election, then the stale read on db1 (its banner and
    // intro put db1 at the bottom of the screen at the page's top).
    await page.goto('/#preset=stale-leader-reads');
    const caption = page.getByTestId('story-caption');
    for (const kind of ['fault', 'election']) {
      await expect(caption).toHaveAttribute('data-kind', kind, { timeout: 20_000 });
      await caption.getByRole('button', { name: 'Continue' }).click();
    }
    await expect(caption).toHaveAttribute('data-kind', 'anomaly', { timeout: 20_000 });
    await expect(page.getByTestId('story-nodes')).toHaveText('Nodes: db3, db1');
    for (const id of ['db1', 'db3']) {
      const ring = page.locator(`[data-testid="moment-ring"][data-node-id="${id}"]`);
      await expect
        .poll(async () => {
          const [box, sheet] = [await ring.boundingBox(), await caption.boundingBox()];
          return box !== null && sheet !== null && box.y >= 0 && box.y + box.height <= sheet.y;
        })
        .toBe(true);
    }
  });
});
