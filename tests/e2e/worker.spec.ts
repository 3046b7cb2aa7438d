/**
 * The simulation worker's life: a worker that dies is noticed and restarted at the last time shown with the
 * speed kept, and a share link pasted into the address bar of an open tab opens its run.
 */
import { encodeShareHash } from '../../src/codec/url.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import { expect, node, openApp, setSpeed, simTimeUs, test } from './fixtures.ts';

const NODES = ['bank_leader', 'bank_follower1', 'bank_follower2'];

test('a worker that dies is noticed, and Restart brings the run back at the last time with the speed kept', async ({
  page,
}) => {
  await openApp(page, '/?labtest');
  await setSpeed(page, 40);
  const speed = await page.getByLabel('Speed', { exact: true }).inputValue();
  await expect.poll(() => simTimeUs(page), { timeout: 10_000 }).toBeGreaterThan(100_000);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const atUs = await simTimeUs(page);
  const cards = await Promise.all(NODES.map((id) => node(page, id).textContent()));

  await page.evaluate(() => window.__labTest?.killWorker());
  const alert = page.getByRole('alert').filter({ hasText: 'The simulation stopped' });
  await expect(alert).toBeVisible({ timeout: 10_000 });
  await expect(alert).toContainText('has not answered');
  await alert.getByRole('button', { name: 'Restart' }).click();
  await expect(alert).toHaveCount(0);

  await expect.poll(() => simTimeUs(page), { timeout: 15_000 }).toBe(atUs);
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  for (const [i, id] of NODES.entries()) await expect(node(page, id)).toHaveText(cards[i] ?? '');
  await expect(page.getByLabel('Speed', { exact: true })).toHaveValue(speed);
  // And it runs again.
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => simTimeUs(page), { timeout: 10_000 }).toBeGreaterThan(atUs);
});

test('another share link pasted into the address bar of an open tab opens its run', async ({ page }) => {
  await openApp(page);
  const scenario = getPreset('split-brain')?.scenario;
  if (!scenario) throw new Error('missing preset');
  const hash = `#${encodeShareHash(scenario, 800_000)}`;
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await expect.poll(() => simTimeUs(page), { timeout: 15_000 }).toBe(800_000);
  for (const id of scenario.nodes) await expect(node(page, id)).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
});
