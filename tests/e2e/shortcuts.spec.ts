/** Keyboard shortcuts: Space plays and pauses, S steps, ? lists them; keys typed into a field stay there. */
import { expect, openApp, simTimeUs, test } from './fixtures.ts';

test('Space pauses and plays, S steps, and ? lists the shortcuts', async ({ page }) => {
  await openApp(page);
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  // The page itself has the focus, as after a click on an empty part of it.
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const paused = await simTimeUs(page);
  await page.keyboard.press('s');
  await expect.poll(() => simTimeUs(page)).toBeGreaterThan(paused);
  const stepped = await simTimeUs(page);
  await page.keyboard.press('.');
  await expect.poll(() => simTimeUs(page)).toBeGreaterThan(stepped);
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();

  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Play or pause');
  await expect(dialog).toContainText('Step');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // The header's button opens the same list.
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('keys typed into a field are text, not shortcuts', async ({ page }) => {
  await openApp(page);
  const value = page.getByRole('form', { name: 'Write' }).getByLabel('Value');
  await value.fill('');
  await value.type('s .?');
  await expect(value).toHaveValue('s .?');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();
});

test('the arrows move the run’s time through the worker’s seek, as the scrubber does', async ({ page }) => {
  await openApp(page);
  await expect.poll(() => simTimeUs(page), { timeout: 20_000 }).toBeGreaterThan(150_000);
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const paused = await simTimeUs(page);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => simTimeUs(page), { timeout: 20_000 }).toBe(paused - 10_000);
  await page.keyboard.press('Shift+ArrowLeft');
  await expect.poll(() => simTimeUs(page), { timeout: 20_000 }).toBe(paused - 110_000);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => simTimeUs(page), { timeout: 20_000 }).toBe(paused - 100_000);
  // The scrubber shows the same moment.
  await expect(page.getByRole('slider', { name: "Set the run's time" })).toHaveValue(
    String(paused - 100_000),
  );
});
