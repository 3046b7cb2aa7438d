import { expect, node, nodeAction, nodeButton, openApp, setSpeed, test } from './fixtures.ts';

test('crashes and restarts nodes with their switches; the count names what is up', async ({ page }) => {
  await openApp(page);
  const switches = page.getByRole('group', { name: /Nodes up/ });
  const follower2 = switches.getByRole('switch', { name: 'bank_follower2' });
  await expect(follower2).toHaveAttribute('aria-checked', 'true');
  await follower2.click();
  await expect(node(page, 'bank_follower2')).toHaveAttribute('data-up', 'false');
  await expect(follower2).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByTestId('down-count')).toHaveText('2 of 3');
  // A crash from the graph shows on the switches too: the control and the cluster always agree.
  await nodeAction(page, 'bank_leader', 'Crash');
  await expect(node(page, 'bank_leader')).toHaveAttribute('data-up', 'false');
  await expect(switches.getByRole('switch', { name: 'bank_leader' })).toHaveAttribute(
    'aria-checked',
    'false',
  );
  await expect(page.getByTestId('down-count')).toHaveText('1 of 3');
  await follower2.click();
  await switches.getByRole('switch', { name: 'bank_leader' }).click();
  await expect(node(page, 'bank_follower2')).toHaveAttribute('data-up', 'true');
  await expect(node(page, 'bank_leader')).toHaveAttribute('data-up', 'true');
  await expect(page.getByTestId('down-count')).toHaveText('3 of 3');
});

test('crashes a node from its menu by click and by keyboard; writes still reach the leader', async ({
  page,
}) => {
  await openApp(page);
  await setSpeed(page, 60);
  await nodeAction(page, 'bank_follower1', 'Crash');
  await expect(node(page, 'bank_follower1')).toHaveAttribute('data-up', 'false');
  await expect(page.getByRole('button', { name: /^bank_follower1, follower, down/ })).toBeVisible();

  // The keyboard: Enter opens the menu on its first entry, Enter chooses it, and focus comes back to the node.
  await nodeButton(page, 'bank_follower2').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Crash', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(node(page, 'bank_follower2')).toHaveAttribute('data-up', 'false');
  await expect(nodeButton(page, 'bank_follower2')).toBeFocused();
  await page.keyboard.press(' ');
  await expect(page.getByRole('menuitem', { name: 'Restart', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
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
