/**
 * A node's menu on the graph, as RaftScope has one: what each model offers, the keyboard (arrows, Escape back to
 * the node), closing on a click outside, and the write, read and data entries it shares with the Data group.
 */
import { expect, node, nodeAction, nodeButton, openApp, test } from './fixtures.ts';

const menu = (page: import('@playwright/test').Page, id: string) =>
  page.locator(`[data-testid="node-menu"][data-node-id="${id}"]`);

test('a follower and the leader offer what leader-follower allows', async ({ page }) => {
  await openApp(page);
  await node(page, 'bank_follower1').click();
  await expect(menu(page, 'bank_follower1').getByRole('menuitem')).toHaveText([
    'Crash',
    'Crash, losing its disk',
    'Isolate',
    'Promote to leader',
    'Read account_123 here',
    'Show all its data',
  ]);
  // A click outside closes it.
  await page.getByRole('heading', { level: 2 }).first().click();
  await expect(menu(page, 'bank_follower1')).toHaveCount(0);
  await node(page, 'bank_leader').click();
  await expect(menu(page, 'bank_leader').getByRole('menuitem')).toHaveText([
    'Crash',
    'Crash, losing its disk',
    'Isolate',
    'Demote to follower',
    'Write account_123 = 1000 here',
    'Read account_123 here',
    'Show all its data',
  ]);
  // Clicking the node again closes its menu.
  await node(page, 'bank_leader').click();
  await expect(menu(page, 'bank_leader')).toHaveCount(0);
});

test('the menu is a keyboard menu: arrows move, Escape returns to the node', async ({ page }) => {
  await openApp(page);
  const card = nodeButton(page, 'bank_follower2');
  await card.focus();
  await expect(card).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(card).toHaveAttribute('aria-expanded', 'true');
  const items = menu(page, 'bank_follower2').getByRole('menuitem');
  await expect(items.first()).toBeFocused();
  await page.keyboard.press('End');
  await expect(items.last()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(items.first()).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(items.last()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu(page, 'bank_follower2')).toHaveCount(0);
  await expect(card).toBeFocused();
  await expect(node(page, 'bank_follower2')).toHaveAttribute('data-up', 'true');
});

test('write, read and data entries go through the chosen node', async ({ page }) => {
  await openApp(page, '/#preset=social-posts');
  await page.getByLabel('Generate traffic').uncheck();
  // The menu writes what the Data group holds, through the node the menu belongs to.
  const write = page.getByRole('form', { name: 'Write' });
  await write.getByLabel('Key').fill('menu_post');
  await write.getByLabel('Value').fill('via-kv3');
  await nodeAction(page, 'kv3', 'Write menu_post = via-kv3 here');
  const written = page.getByTestId('result').filter({ hasText: 'menu_post = via-kv3' });
  await expect(written).toContainText('ok', { timeout: 15_000 });
  await expect(written).toContainText('kv3');
  await page.getByRole('form', { name: 'Read' }).getByLabel('Key').fill('menu_post');
  await nodeAction(page, 'kv2', 'Read menu_post here');
  const read = page.getByTestId('result').filter({ hasText: 'menu_post →' });
  await expect(read).toContainText('kv2', { timeout: 15_000 });
  // "Show all its data" opens the Replica state tab on that node.
  await nodeAction(page, 'kv3', 'Show all its data');
  await expect(page.getByRole('tab', { name: 'Replica state' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('replica-meta')).toContainText('kv3');
  await expect(page.getByRole('table', { name: 'Keys held by kv3' })).toContainText('via-kv3');
});

test('isolate cuts the node off from the others, and reconnect heals it', async ({ page }) => {
  await openApp(page);
  await nodeAction(page, 'bank_follower2', 'Isolate');
  await expect(page.getByTestId('partition-divide')).toBeVisible();
  // The partition slider names the real sides: the isolated node alone on its side.
  await expect(page.getByRole('slider', { name: 'Partition' })).toHaveAttribute(
    'aria-valuetext',
    'bank_follower2 | bank_leader, bank_follower1',
  );
  await node(page, 'bank_follower2').click();
  await expect(menu(page, 'bank_follower2').getByRole('menuitem', { name: 'Isolate' })).toHaveCount(0);
  await menu(page, 'bank_follower2').getByRole('menuitem', { name: 'Reconnect' }).click();
  await expect(page.getByTestId('partition-divide')).toHaveCount(0);
});
