import { expect, node, openApp, simTimeUs, test } from './fixtures.ts';

test('opens on the bank ledger with three nodes and messages moving along the links', async ({ page }) => {
  await openApp(page);
  await expect(page.getByRole('heading', { name: 'Replication Lab' })).toBeVisible();
  await expect(node(page, 'bank_leader')).toHaveAttribute('data-role', 'leader');
  await expect(node(page, 'bank_follower1')).toHaveAttribute('data-role', 'follower');
  await expect(node(page, 'bank_follower2')).toHaveAttribute('data-up', 'true');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();

  // The clock runs.
  const t0 = await simTimeUs(page);
  await expect.poll(() => simTimeUs(page)).toBeGreaterThan(t0);

  // A message dot moves: the same message (by id) is somewhere else a moment later.
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const where = (el: Element | null) =>
            el ? `${el.getAttribute('cx')},${el.getAttribute('cy')}` : null;
          const dot = document.querySelector('[data-testid="message"]');
          const id = dot?.getAttribute('data-id');
          if (!dot || !id) return false;
          const before = where(dot);
          await new Promise((resolve) => setTimeout(resolve, 150));
          const after = where(document.querySelector(`[data-testid="message"][data-id="${id}"]`));
          return after !== null && after !== before;
        }),
      { timeout: 10_000 },
    )
    .toBe(true);

  // Colours by kind, with a legend.
  await expect(page.getByRole('list', { name: 'Message colours' })).toContainText('replicate');
});

test('pause stops the clock and messages; step advances to the next instant', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const paused = await simTimeUs(page);
  await page.waitForTimeout(300);
  expect(await simTimeUs(page)).toBe(paused);
  await page.getByRole('button', { name: 'Step' }).click();
  await expect.poll(() => simTimeUs(page)).toBeGreaterThan(paused);
});
