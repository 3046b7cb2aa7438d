import { expect, node, nodeAction, openApp, openTab, setSlider, setSpeed, test } from './fixtures.ts';

test('a strict quorum completes without a crashed replica, which read repair then brings up to date', async ({
  page,
}) => {
  // A long journey through a live simulation: give it room on a loaded machine.
  test.setTimeout(60_000);
  await openApp(page);
  await page.getByLabel('Preset').selectOption('social-posts');
  await expect(node(page, 'kv1')).toBeVisible();
  await expect(page.getByTestId('hash-ring')).toBeVisible();
  // Leader-follower controls give way to the quorum controls.
  await expect(page.getByRole('heading', { name: 'Quorums' })).toBeVisible();
  await expect(page.getByLabel('Replication mode')).toHaveCount(0);
  // Quiet the generated traffic, so the only quorums on the key are ours.
  await page.getByLabel('Generate traffic').uncheck();
  await setSpeed(page, 60);

  await setSlider(page, 'N (replicas per key)', 3);
  await setSlider(page, 'W (write quorum)', 1);
  await expect(page.getByTestId('quorum-callout')).toContainText('W + R = 3 ≤ N = 3');
  await setSlider(page, 'W (write quorum)', 2);
  await setSlider(page, 'R (read quorum)', 2);
  await expect(page.getByTestId('quorum-callout')).toContainText('W + R = 4 > N = 3');
  await expect(page.getByTestId('quorum-callout')).toContainText('not');

  await nodeAction(page, 'kv3', 'Crash');
  await expect(node(page, 'kv3')).toHaveAttribute('data-up', 'false');

  const write = page.getByRole('form', { name: 'Write' });
  await write.getByLabel('Key').fill('e2e_post');
  await write.getByLabel('Value').fill('hello');
  await write.getByRole('button', { name: 'Write', exact: true }).click();
  // alice's home, kv1, coordinates: the write reaches W = 2 with kv1 and kv2 while kv3 is down.
  const badge = page.locator('[data-testid="quorum-badge"][data-key="e2e_post"][data-kind="write"]');
  await expect(badge).toHaveAttribute('data-status', 'reached', { timeout: 10_000 });
  await expect(badge).toHaveAttribute('data-coordinator', 'kv1');
  await expect(badge).toHaveAttribute('data-acked', '2');
  await expect(badge).toContainText('2/2 ✓ quorum reached');
  await expect(page.getByTestId('result').filter({ hasText: 'e2e_post = hello' })).toContainText('ok');
  await expect(node(page, 'kv1')).toContainText('e2e_post');
  await expect(node(page, 'kv2')).toContainText('e2e_post');
  await expect(node(page, 'kv3')).not.toContainText('e2e_post');

  // The key picker shows the key's preference list: with N = 3 of 3 nodes, every node is a home replica.
  await page.getByLabel('Highlight key').selectOption('e2e_post');
  await expect(page.locator('[data-testid="home-replica"]')).toHaveCount(3);

  await nodeAction(page, 'kv3', 'Restart');
  await expect(node(page, 'kv3')).toHaveAttribute('data-up', 'true');
  await expect(node(page, 'kv3')).not.toContainText('e2e_post');
  const read = page.getByRole('form', { name: 'Read' });
  await read.getByLabel('Key').fill('e2e_post');
  await read.getByRole('button', { name: 'Read', exact: true }).click();
  await expect(page.getByTestId('result').filter({ hasText: 'e2e_post → hello' })).toContainText('ok', {
    timeout: 10_000,
  });
  // kv3 answered with nothing; read repair wrote the newest value back to it.
  await expect(node(page, 'kv3')).toContainText('e2e_post', { timeout: 10_000 });
  await expect(node(page, 'kv3')).toContainText('hello');
});

test('runs the staleness experiment and plots P(consistent) against t', async ({ page }) => {
  // Two 100,000-trial runs beside a live simulation: give them room on a loaded machine.
  test.setTimeout(60_000);
  await openApp(page);
  await page.getByLabel('Preset').selectOption('social-posts');
  await page.getByLabel('Generate traffic').uncheck();
  await openTab(page, 'Staleness (PBS)');
  const panel = page.getByTestId('staleness-panel');
  await expect(panel).toBeVisible();
  const form = page.getByRole('form', { name: 'Staleness experiment' });
  await form.getByLabel('N', { exact: true }).selectOption('3');
  await form.getByLabel('R', { exact: true }).selectOption('1');
  await form.getByLabel('W', { exact: true }).selectOption('1');
  await form.getByLabel('Latency profile').selectOption('lnkd-disk');
  await form.getByRole('button', { name: 'Run experiment', exact: true }).click();
  await expect(page.getByTestId('staleness-chart')).toBeVisible({ timeout: 15_000 });
  const points = page.getByTestId('staleness-point');
  expect(await points.count()).toBeGreaterThan(20);
  // The closed form for N=3, R=W=1: 1 - C(2,1)/C(3,1) = 1/3.
  await expect(page.getByTestId('staleness-summary')).toContainText('0.3333');
  // P(consistent) rises with t, from above the closed form at t = 0 to 1.
  const first = Number(await points.first().getAttribute('data-p'));
  const last = Number(await points.last().getAttribute('data-p'));
  expect(first).toBeGreaterThan(0.3333);
  expect(first).toBeLessThan(1);
  expect(last).toBeCloseTo(1, 3);
  await points.nth(10).hover();
  await expect(page.locator('.ll-readout')).toContainText('ms →');
  // The same inputs and seed give the same curve.
  await form.getByRole('button', { name: 'Run experiment', exact: true }).click();
  await expect(form.getByRole('button', { name: 'Run experiment', exact: true })).toBeEnabled();
  expect(Number(await points.first().getAttribute('data-p'))).toBe(first);
});

test('a production latency profile (PBS) can be chosen for replica traffic, and the choice is recorded in the link', async ({
  page,
}) => {
  await openApp(page);
  await page.getByLabel('Preset').selectOption('social-posts');
  await expect(node(page, 'kv1')).toBeVisible();
  const select = page.getByLabel('Replica latency profile');
  await select.selectOption('lnkd-disk');
  await expect(select).toHaveValue('lnkd-disk');
  await expect(page.getByText(/draw from the PBS paper’s production fits/)).toBeVisible();
  // The action went into the scenario's timeline, so the address bar's link replays it.
  const { decodeShareHash } = await import('../../src/codec/url.ts');
  await expect
    .poll(() => {
      const decoded = decodeShareHash(new URL(page.url()).hash);
      return decoded.ok && decoded.scenario.timeline.some((e) => e.action.type === 'setLatencyProfile');
    })
    .toBe(true);
});
