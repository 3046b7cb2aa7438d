import { readFile } from 'node:fs/promises';
import { expect, node, nodeAction, openApp, setSlider, setSpeed, simTimeUs, test } from './fixtures.ts';

test('the space-time diagram shows lanes, message arrows, a crashed lane and exports SVG', async ({
  page,
}) => {
  await openApp(page);
  await setSpeed(page, 60);
  await expect.poll(() => simTimeUs(page), { timeout: 20_000 }).toBeGreaterThan(300_000);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();

  const panel = page.getByTestId('spacetime');
  // The diagram redraws only while it is on screen (more than its header): scroll to it, as a reader would.
  await panel.scrollIntoViewIfNeeded();
  await expect(panel.getByRole('heading', { name: 'Space-time diagram' })).toBeVisible();
  await expect(panel.locator('[data-testid="spacetime-lane"][data-kind="node"]')).toHaveCount(3);
  await expect(panel.locator('[data-testid="spacetime-lane"][data-kind="client"]')).not.toHaveCount(0);
  await expect.poll(() => panel.getByTestId('spacetime-arrow').count()).toBeGreaterThan(5);
  await expect(
    panel.locator('[data-testid="spacetime-arrow"][data-status="delivered"]').first(),
  ).toBeAttached();
  await expect(panel.getByTestId('spacetime-cursor')).toBeAttached();
  await expect(panel.getByTestId('spacetime-axis')).toContainText('simulated time (ms)');
  await expect(panel.getByRole('list', { name: 'Space-time legend' })).toContainText('replicate');

  // Hovering a node's lane selects that node on the graph (the store's selection).
  await panel.locator('[data-testid="spacetime-lane"][data-lane="bank_follower1"] text').hover();
  await expect(panel.locator('[data-testid="spacetime-lane"][data-lane="bank_follower1"]')).toHaveAttribute(
    'data-selected',
    'true',
  );
  await expect(node(page, 'bank_follower1')).toHaveAttribute('data-selected', 'true');
  await page.mouse.move(0, 0);

  // Hovering a client's request points at its operation: its response is drawn bold too, and its bar in the
  // client history timeline below is pointed at. The preset's client operations are early in the run: widen the
  // window to the whole run, without heartbeats.
  await page.getByLabel('Show heartbeats').uncheck();
  await panel.getByLabel('Time window').fill('100');
  const request = panel
    .locator('[data-testid="spacetime-arrow"][data-kind="request"][data-status="delivered"]')
    .first();
  await request.dispatchEvent('mouseover');
  const pointed = panel.locator('[data-testid="spacetime-arrow"][data-op]');
  await expect(pointed).not.toHaveCount(0);
  expect(await pointed.count()).toBeGreaterThan(1);
  const opId = await pointed.first().getAttribute('data-op');
  const bar = panel.locator(`[data-testid="timeline-op"][data-op-id="${opId}"]`);
  await expect(bar).toHaveAttribute('data-hovered', 'true');
  await expect(page.getByTestId('spacetime-hover')).toContainText(new RegExp(`\\(operation [rw]${opId}:`));
  await request.dispatchEvent('mouseout');
  await expect(bar).not.toHaveAttribute('data-hovered', 'true');

  // Crash a node: its lane gets a grey band.
  await expect(panel.getByTestId('spacetime-down-band')).toHaveCount(0);
  await nodeAction(page, 'bank_follower2', 'Crash');
  await expect(node(page, 'bank_follower2')).toHaveAttribute('data-up', 'false');
  await panel.scrollIntoViewIfNeeded(); // the crash was clicked on the graph, above it
  await expect(panel.locator('[data-testid="spacetime-down-band"][data-node="bank_follower2"]')).toHaveCount(
    1,
  );

  // The window is keyboard adjustable.
  const windowSlider = panel.getByLabel('Time window');
  await windowSlider.focus();
  const before = await windowSlider.inputValue();
  await page.keyboard.press('ArrowLeft');
  await expect(windowSlider).not.toHaveValue(before);

  // The wheel over the diagram zooms in (a narrower window).
  const zoomed = await windowSlider.inputValue();
  await panel.locator('svg.spacetime-svg').hover();
  await page.mouse.wheel(0, -200);
  await expect.poll(async () => Number(await windowSlider.inputValue())).toBeLessThan(Number(zoomed));

  // Export as SVG.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Export SVG', exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('space-time.svg');
  const path = await download.path();
  const text = await readFile(path, 'utf8');
  expect(text.startsWith('<svg')).toBe(true);
  expect(text).toContain('spacetime-down-band');
});

test('a partition is drawn as a band, and drops end in a red x', async ({ page }) => {
  await openApp(page);
  await setSpeed(page, 55);
  await setSlider(page, 'Partition', 1);
  const panel = page.getByTestId('spacetime');
  // The diagram redraws only while it is on screen (more than its header): scroll to it, as a reader would.
  await panel.scrollIntoViewIfNeeded();
  await expect(panel.getByTestId('spacetime-partition-band')).toHaveCount(1);
  await expect(panel.getByTestId('spacetime-drop').first()).toBeAttached({ timeout: 10_000 });
  await setSlider(page, 'Partition', 0);
  await expect(panel.getByTestId('spacetime-partition-band')).toHaveCount(1);
});
