import { expect, node, openApp, setSpeed, test } from './fixtures.ts';

test('a written value reaches the followers', async ({ page }) => {
  await openApp(page);
  await setSpeed(page, 50);
  const write = page.getByRole('form', { name: 'Write' });
  await write.getByLabel('Key').fill('e2e_key');
  await write.getByLabel('Value').fill('4242');
  await write.getByRole('button', { name: 'Write', exact: true }).click();
  await expect(page.getByTestId('result').filter({ hasText: 'e2e_key = 4242' })).toContainText('ok', {
    timeout: 10_000,
  });
  for (const id of ['bank_leader', 'bank_follower1', 'bank_follower2'])
    await expect(node(page, id)).toContainText(/e2e_key\s*4242/, { timeout: 10_000 });

  // Read it back from a follower: the result shows the value and the serving node.
  const read = page.getByRole('form', { name: 'Read' });
  await read.getByLabel('Key').fill('e2e_key');
  await read.getByLabel('Serve read from').selectOption('bank_follower2');
  await read.getByRole('button', { name: 'Read', exact: true }).click();
  const result = page.getByTestId('result').filter({ hasText: 'e2e_key → 4242' });
  await expect(result).toContainText('bank_follower2', { timeout: 10_000 });
  await expect(result).toContainText('ok');
});

test('the default scenario shows a stale read, marked STALE', async ({ page }) => {
  await openApp(page);
  await setSpeed(page, 50);
  const stale = page.getByTestId('result').getByTestId('stale').first();
  await expect(stale).toBeVisible({ timeout: 10_000 });
  await expect(stale).toHaveAttribute('title', /older than the latest acknowledged write \(v\d+\)/);
});
