import type { Page } from '@playwright/test';
import {
  canvasAlphaAt,
  expect,
  messageDots,
  messagesInFlight,
  node,
  openApp,
  simTimeUs,
  test,
} from './fixtures.ts';

/** Pauses playback: a hundred nodes under load keep a shared machine's main thread busy enough to stall clicks. */
async function pause(page: Page): Promise<void> {
  const pauseButton = page.getByRole('button', { name: 'Pause', exact: true });
  if (await pauseButton.isVisible()) await pauseButton.click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
}

test('a leader with 100 followers is drawn as compact chips that still crash and restart on a click', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openApp(page);
  await page.getByLabel('Preset').selectOption('scale-leader-follower-100');
  await expect(page.locator('[data-testid="node"].node-chip')).toHaveCount(101, { timeout: 20_000 });
  await expect(node(page, 'leader')).toHaveAttribute('data-role', 'leader');
  await pause(page);
  await node(page, 'f7').click();
  await expect(node(page, 'f7')).toHaveAttribute('data-up', 'false');
  await node(page, 'f7').click();
  await expect(node(page, 'f7')).toHaveAttribute('data-up', 'true');
});

test('a large cluster lists its node switches by a search box, crashed nodes first', async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page);
  const switches = page.getByRole('group', { name: /Nodes up/ });
  // Three nodes: every switch, no search box.
  await expect(switches.getByRole('switch')).toHaveCount(3);
  await expect(switches.getByRole('searchbox')).toHaveCount(0);
  await page.getByLabel('Preset').selectOption('scale-leader-follower-100');
  await expect(page.locator('[data-testid="node"].node-chip')).toHaveCount(101, { timeout: 20_000 });
  await pause(page);
  const find = switches.getByRole('searchbox', { name: 'Find a node' });
  await expect(find).toBeVisible();
  await expect(switches.getByRole('switch')).toHaveCount(24);
  await expect(page.getByTestId('switches-found')).toHaveText(
    'Showing 24 of 101 (crashed ones first): type a name to find another.',
  );
  await find.fill('f7');
  await expect(page.getByTestId('switches-found')).toHaveText('11 of 101 nodes match.');
  await expect(switches.getByRole('switch').first()).toHaveAccessibleName('f7');
  await find.fill('F77');
  await expect(page.getByTestId('switches-found')).toHaveText('1 of 101 nodes matches.');
  // The keyboard: from the box to the one switch it found, which crashes the node.
  await find.press('Tab');
  await expect(switches.getByRole('switch', { name: 'f77' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(node(page, 'f77')).toHaveAttribute('data-up', 'false');
  await expect(page.getByTestId('down-count')).toHaveText('100 of 101');
  // With the box cleared the crashed node comes first, to be restarted.
  await find.fill('');
  await expect(switches.getByRole('switch').first()).toHaveAccessibleName('f77');
  await expect(switches.getByRole('switch').first()).toHaveAttribute('aria-checked', 'false');
  await find.fill('<b>zz</b>');
  await expect(page.getByTestId('switches-found')).toHaveText('No node’s name contains “<b>zz</b>”.');
  await expect(switches.getByRole('switch')).toHaveCount(0);
});

test('the partition slider names a side of many nodes by its ends and its size', async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page);
  await page.getByLabel('Preset').selectOption('scale-leaderless-1000');
  await expect(page.getByTestId('node-dots')).toHaveAttribute('data-dots', '1000', { timeout: 30_000 });
  await pause(page);
  const slider = page.getByLabel('Partition', { exact: true });
  const partition = page.locator('.slider-field', { has: slider });
  await slider.focus();
  for (let i = 0; i < 3; i++) await slider.press('ArrowRight');
  await expect(partition.locator('output')).toHaveText('kv1, kv2, kv3 | kv4, kv5, …, kv1000 (997 nodes)');
  await expect(slider).toHaveAttribute('aria-valuetext', 'kv1, kv2, kv3 | kv4, kv5, …, kv1000 (997 nodes)');
});

test('the space-time diagram of the 1,000-node ring draws the lanes of the nodes at work, or all on asking', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openApp(page);
  await page.getByLabel('Preset').selectOption('scale-leaderless-1000');
  await expect(page.getByTestId('node-dots')).toHaveAttribute('data-dots', '1000', { timeout: 30_000 });
  await expect.poll(() => simTimeUs(page), { timeout: 30_000 }).toBeGreaterThan(200_000);
  await pause(page);
  const panel = page.getByTestId('spacetime');
  await panel.scrollIntoViewIfNeeded();
  const lanes = panel.locator('[data-testid="spacetime-lane"][data-kind="node"]');
  const note = panel.getByTestId('spacetime-lanes-note');
  await expect(note).toHaveText(/^Lanes of \d+ of 1,000 nodes: those that sent or received a message/);
  const shown = Number((await note.textContent())?.match(/^Lanes of (\d+)/)?.[1]);
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(1000);
  await expect(lanes).toHaveCount(shown);
  // Every arrow in the window is drawn: none lost a lane it runs from or to.
  const picked = Number(await panel.locator('svg.spacetime-svg').getAttribute('data-arrows'));
  expect(picked).toBeGreaterThan(0);
  await expect(panel.getByTestId('spacetime-arrow')).toHaveCount(picked);
  await panel.getByRole('checkbox', { name: 'All nodes’ lanes' }).check();
  await expect(lanes).toHaveCount(1000);
  await expect(note).toHaveText('Lanes of all 1,000 nodes.');
  await panel.getByRole('checkbox', { name: 'All nodes’ lanes' }).uncheck();
  await expect(lanes).toHaveCount(shown);
});

test('a 1,000-node ring is drawn as dots: hovering one names it, clicking selects it', async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page);
  await page.getByLabel('Preset').selectOption('scale-leaderless-1000');
  const dots = page.getByTestId('node-dots');
  await expect(dots).toHaveAttribute('data-dots', '1000', { timeout: 30_000 });
  await expect(page.getByTestId('node')).toHaveCount(0);
  await pause(page);
  const sample = JSON.parse((await dots.getAttribute('data-sample')) ?? '[]') as {
    id: string;
    x: number;
    y: number;
  }[];
  expect(sample.map((d) => d.id)).toEqual(['kv1', 'kv2', 'kv3', 'kv4', 'kv5']);
  const kv3 = sample[2] as { x: number; y: number };
  const box = await dots.boundingBox();
  if (!box) throw new Error('the dots canvas has no box');
  await page.mouse.move(box.x + kv3.x, box.y + kv3.y);
  await expect(page.locator('.graph .message-tip').filter({ hasText: /^kv3: replica, up$/ })).toBeVisible();
  await page.mouse.click(box.x + kv3.x, box.y + kv3.y);
  await expect(dots).toHaveAttribute('data-labelled', /^kv3( |$)/);
});

test.describe('in story mode', () => {
  test.use({ story: true });

  test('a 1,000-node ring stopped at its crash writes out the node the caption names', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('/#preset=scale-leaderless-1000');
    const caption = page.getByTestId('story-caption');
    // The preset plays at 100 simulated ms a second: kv500 crashes at 1 s.
    await expect(caption).toHaveAttribute('data-kind', 'fault', { timeout: 45_000 });
    await expect(page.getByTestId('story-nodes')).toHaveText('Node: kv500');
    // Written out first, before the dozen nodes with conflicts could crowd it out.
    await expect(page.getByTestId('node-dots')).toHaveAttribute('data-labelled', /^kv500( |$)/);
  });
});

test('a hundred nodes under load: their thousands of message dots are painted where the canvas reports them', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('/#preset=bench-100-nodes');
  const canvas = page.getByTestId('message-canvas');
  // From 600 dots on they are stamped into the canvas's pixels rather than filled as paths.
  await expect.poll(() => messagesInFlight(page), { timeout: 45_000 }).toBeGreaterThanOrEqual(600);
  await expect(canvas).toHaveAttribute('data-painting', 'pixels');
  await pause(page);
  await page.waitForTimeout(300);
  const dots = await messageDots(page);
  await page.waitForTimeout(300);
  expect(await messageDots(page)).toEqual(dots);
  expect(dots.length).toBe(100);
  for (const alpha of await canvasAlphaAt(page, dots)) expect(alpha).toBeGreaterThan(0);
});
