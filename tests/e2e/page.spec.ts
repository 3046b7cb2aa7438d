/**
 * The page a newcomer meets at 1280x720: everything that leads fits above the fold; the tabs below remember the
 * one open; the anomalies strip opens the list; Share's popover closes on Escape or a click outside and never
 * covers Play/Pause.
 */
import type { Locator } from '@playwright/test';
import { encodeShareHash } from '../../src/codec/url.ts';
import { defaultScenario } from '../../src/sim/scenarios/presets/index.ts';
import { expect, openApp, openTab, setSpeed, test } from './fixtures.ts';

async function bottomOf(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on the page');
  return box.y + box.height;
}

test('above the fold at 1280x720: the scenario, the graph, the clock and scrubber slot, the anomalies', async ({
  page,
}) => {
  await openApp(page);
  for (const part of [
    page.getByRole('region', { name: 'Scenario summary' }),
    page.getByRole('region', { name: 'Simulation' }),
    page.getByTestId('time-bar'),
    page.getByTestId('scrubber-slot'),
    page.getByTestId('anomaly-strip'),
  ])
    expect(await bottomOf(part)).toBeLessThanOrEqual(720);
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeInViewport();
  // The trace hash is a detail, folded away.
  await expect(page.getByTestId('trace-hash')).toBeHidden();
});

test('the open tab is remembered across a reload', async ({ page }) => {
  await openApp(page);
  await expect(page.getByRole('tab', { name: 'Diagram' })).toHaveAttribute('aria-selected', 'true');
  await openTab(page, 'Metrics');
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Metrics' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('metrics')).toBeVisible();
  // Arrow keys move between tabs.
  await page.getByRole('tab', { name: 'Metrics' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Compare' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Compare' })).toHaveAttribute('aria-selected', 'true');
});

test('switching to a shorter tab leaves the tab bar where it was', async ({ page }) => {
  await openApp(page);
  await openTab(page, 'History');
  const tabs = page.getByRole('tablist', { name: /./ }).first();
  // Read down the history until the tab bar is near the top, as someone reading it would be.
  await tabs.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 200));
  const before = (await tabs.boundingBox())?.y;
  await page.getByRole('tab', { name: 'Replica state', exact: true }).click();
  await expect(page.getByTestId('replica-meta')).toBeVisible();
  expect((await tabs.boundingBox())?.y).toBe(before);
});

test('the anomalies strip is as tall listing anomalies as listing none: the tabs below stay put', async ({
  page,
}) => {
  // A run opened paused at 1,500 ms has found its anomalies; at t = 0 (Home on the scrubber) none.
  await page.goto(`/#${encodeShareHash(defaultScenario(), 1_500_000)}`);
  const strip = page.getByTestId('anomaly-strip');
  await expect(strip.getByTestId('strip-count').first()).toBeVisible({ timeout: 20_000 });
  const tabs = page.getByRole('tablist', { name: /./ }).first();
  const listing = (await tabs.boundingBox())?.y;
  await page.getByRole('slider', { name: "Set the run's time" }).press('Home');
  await expect(strip.getByTestId('strip-none')).toBeVisible({ timeout: 20_000 });
  expect((await tabs.boundingBox())?.y).toBe(listing);
});

test('the anomalies strip counts by kind and opens the list at the first of a kind', async ({ page }) => {
  await openApp(page);
  await setSpeed(page, 50);
  const strip = page.getByTestId('anomaly-strip');
  const stale = strip.locator('[data-testid="strip-count"][data-kind="stale-read"]');
  await expect(stale).toContainText('stale reads', { timeout: 20_000 });
  await stale.click();
  await expect(page.getByRole('tab', { name: 'History' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('[data-testid="anomaly"][data-kind="stale-read"]').first()).toBeFocused();
});

test('a count clicked before the History tab’s code has arrived still puts the keyboard on its first anomaly', async ({
  page,
}) => {
  // The tab's chunk held back for a second: far longer than a few frames, as on a slow or loaded machine.
  await page.route(/\/assets\/HistoryPanel-[^/]*\.js$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await route.continue();
  });
  await openApp(page);
  await setSpeed(page, 50);
  const stale = page.locator(
    '[data-testid="anomaly-strip"] [data-testid="strip-count"][data-kind="stale-read"]',
  );
  await expect(stale).toContainText('stale reads', { timeout: 20_000 });
  await stale.click();
  await expect(page.locator('[data-testid="anomaly"][data-kind="stale-read"]').first()).toBeFocused();
});

test('a control group folds away and stays folded', async ({ page }) => {
  await openApp(page);
  const toggle = page.getByRole('button', { name: 'Workload', exact: true });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByLabel('Generate traffic')).toBeHidden();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Workload', exact: true })).toHaveAttribute(
    'aria-expanded',
    'false',
  );
});

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
])
  test(`Share's popover closes on Escape and a click outside, and never covers Play (${viewport.width}px)`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await openApp(page);
    const share = page.getByRole('button', { name: 'Share', exact: true });
    const popover = page.getByTestId('share-popover');
    await share.click();
    await expect(popover).toBeVisible();
    const play = page.getByRole('button', { name: 'Pause', exact: true });
    const a = await popover.boundingBox();
    const b = await play.boundingBox();
    if (!a || !b) throw new Error('not on the page');
    const overlap =
      a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    expect(overlap).toBe(false);
    await page.keyboard.press('Escape');
    await expect(popover).toHaveCount(0);
    await expect(share).toBeFocused();
    await share.click();
    await expect(popover).toBeVisible();
    // A press elsewhere (the anomalies strip's corner, clear of the popover on any screen) closes it.
    await page.getByTestId('anomaly-strip').click({ position: { x: 4, y: 4 } });
    await expect(popover).toHaveCount(0);
  });
