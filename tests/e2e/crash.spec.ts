import { expect, node, openApp, setSlider, setSpeed, test } from './fixtures.ts';

test('crashes nodes with the slider, then restarts them', async ({ page }) => {
  await openApp(page);
  await setSlider(page, 'Crashed nodes', 1);
  // The slider crashes from the end of the node list.
  await expect(node(page, 'bank_follower2')).toHaveAttribute('data-up', 'false');
  await expect(node(page, 'bank_follower1')).toHaveAttribute('data-up', 'true');
  await setSlider(page, 'Crashed nodes', 2);
  await expect(node(page, 'bank_follower1')).toHaveAttribute('data-up', 'false');
  await expect(node(page, 'bank_leader')).toHaveAttribute('data-up', 'true');
  await setSlider(page, 'Crashed nodes', 0);
  await expect(node(page, 'bank_follower1')).toHaveAttribute('data-up', 'true');
  await expect(node(page, 'bank_follower2')).toHaveAttribute('data-up', 'true');
});

test('crashes a node by click and by keyboard; writes still reach the leader', async ({ page }) => {
  await openApp(page);
  await setSpeed(page, 60);
  await page.getByRole('button', { name: /^bank_follower1, follower, up/ }).click();
  await expect(node(page, 'bank_follower1')).toHaveAttribute('data-up', 'false');
  await expect(
    page.getByRole('button', { name: /^bank_follower1, follower, down. Press Enter to restart/ }),
  ).toBeVisible();

  await node(page, 'bank_follower2').focus();
  await page.keyboard.press('Enter');
  await expect(node(page, 'bank_follower2')).toHaveAttribute('data-up', 'false');
  await page.keyboard.press(' ');
  await expect(node(page, 'bank_follower2')).toHaveAttribute('data-up', 'true');

  const write = page.getByRole('form', { name: 'Write' });
  await write.getByLabel('Key').fill('after_crash');
  await write.getByLabel('Value').fill('77');
  await write.getByRole('button', { name: 'Write', exact: true }).click();
  const result = page.getByTestId('result').filter({ hasText: 'after_crash = 77' });
  await expect(result).toContainText('ok', { timeout: 10_000 });
  await expect(node(page, 'bank_leader')).toContainText('after_crash');
  await expect(node(page, 'bank_leader')).toContainText('77');
  // The crashed follower has not seen it.
  await expect(node(page, 'bank_follower1')).not.toContainText('after_crash');
});
