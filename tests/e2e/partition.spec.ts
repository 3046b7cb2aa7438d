import { expect, node, openApp, setSlider, setSpeed, test } from './fixtures.ts';

test('partitions by slider: the sides are drawn apart and messages across the divide are dropped', async ({
  page,
}) => {
  await openApp(page);
  await setSpeed(page, 55);
  await setSlider(page, 'Partition', 1);
  await expect(page.getByTestId('partition-divide')).toBeVisible();
  await expect(page.getByTestId('partition-divide')).toContainText('partition');
  // bank_leader is cut off from both followers: its replication and heartbeats die at the divide.
  await expect(page.locator('[data-testid="drop"][data-reason="partition"]').first()).toBeAttached({
    timeout: 10_000,
  });
  // The sides are drawn apart: once the layout transition settles, the leader's card ends left of the follower's.
  await expect
    .poll(
      async () => {
        const leaderBox = await node(page, 'bank_leader').boundingBox();
        const followerBox = await node(page, 'bank_follower1').boundingBox();
        return Boolean(leaderBox && followerBox && leaderBox.x + leaderBox.width < followerBox.x);
      },
      { timeout: 15_000 },
    )
    .toBe(true);

  await setSlider(page, 'Partition', 0);
  await expect(page.getByTestId('partition-divide')).toHaveCount(0);
});
