import { expect, node, openApp, test } from './fixtures.ts';

test('adds a node from the Nodes control and sees it join the graph, then removes it', async ({ page }) => {
  await openApp(page);
  const nodes = page.getByRole('region', { name: 'Nodes' });
  await expect(nodes.getByLabel('New node name')).toHaveValue('n4');
  await nodes.getByLabel('New node name').fill('bank_follower3');
  await nodes.getByRole('button', { name: 'Add node' }).click();
  await expect(node(page, 'bank_follower3')).toBeVisible();
  await expect(node(page, 'bank_follower3')).toHaveAttribute('data-up', 'true');
  // The action is on the timeline, so the share link replays it.
  await expect
    .poll(() => page.evaluate(() => window.location.hash.length), { timeout: 5_000 })
    .toBeGreaterThan(0);

  await nodes.getByLabel('Node to remove').selectOption('bank_follower3');
  await nodes.getByRole('button', { name: 'Remove node' }).click();
  await expect(node(page, 'bank_follower3')).toHaveCount(0);
  await expect(node(page, 'bank_follower1')).toBeVisible();
});
