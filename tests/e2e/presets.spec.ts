/**
 * How a newcomer finds a preset: a link that names one (`#preset=<id>`), the picker grouped by model, the
 * browser with each preset's one line, and the start-here path stepped through with Next and Previous.
 */
import { encodeShareHash } from '../../src/codec/url.ts';
import { getPreset, PRESET_GROUPS, START_HERE } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { expect, node, openApp, test } from './fixtures.ts';

test('a #preset= link opens that preset by name, with what to watch for', async ({ page }) => {
  await page.goto('/#preset=split-brain');
  await expect(page.getByTestId('node')).toHaveCount(5);
  await expect(page.getByLabel('Preset')).toHaveValue('split-brain');
  const intro = page.getByRole('region', { name: 'Scenario summary' });
  await expect(intro.getByRole('heading', { level: 2 })).toHaveText(getPreset('split-brain')?.title ?? '');
  await expect(intro.getByTestId('intro-summary')).toHaveText(getPreset('split-brain')?.summary ?? '');
  await expect(intro.getByTestId('intro-watch')).toContainText('Watch for: lost writes');
  await expect(page.getByRole('alert')).toHaveCount(0);
  // Another preset link pasted into the same tab opens that one.
  await page.evaluate(() => {
    location.hash = '#preset=social-posts';
  });
  await expect(page.getByLabel('Preset')).toHaveValue('social-posts');
  await expect(node(page, 'kv1')).toBeVisible();
});

test('a #preset= link to no preset says so and runs the default one', async ({ page }) => {
  await openApp(page, '/#preset=no-such-thing');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('No such preset');
  await expect(alert).toContainText('There is no preset called "no-such-thing"');
  await expect(alert.getByLabel('Rejected text')).toHaveValue('#preset=no-such-thing');
  await expect(page.getByLabel('Preset')).toHaveValue('bank-ledger-async');
  await expect(node(page, 'bank_leader')).toBeVisible();
});

test('a #preset= link with a near miss of a preset id names the presets it likely meant', async ({
  page,
}) => {
  await openApp(page, '/#preset=sloppy-quorum');
  await expect(page.getByRole('alert')).toContainText(
    'There is no preset called "sloppy-quorum". Did you mean "sloppy-quorum-stale"? The default scenario is running instead',
  );
  await expect(page.getByLabel('Preset')).toHaveValue('bank-ledger-async');
});

test('the picker groups the presets by model, and the browser gives each its one line', async ({ page }) => {
  await openApp(page);
  const groups = page.getByLabel('Preset').locator('optgroup');
  await expect(groups).toHaveCount(3);
  expect(await groups.evaluateAll((els) => els.map((e) => e.getAttribute('label')))).toEqual(
    PRESET_GROUPS.map((g) => g.title),
  );
  await page.getByRole('button', { name: 'Browse…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Scenarios by model' });
  await expect(dialog).toBeVisible();
  const lww = dialog.locator('[data-preset="lww-drops-writes"]');
  await expect(lww).toContainText(getPreset('lww-drops-writes')?.summary ?? '');
  await expect(lww).toContainText('tour 5');
  await expect(dialog.locator('[data-preset="crdt-cart-keeps-all"]')).toContainText('fix');
  await lww.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel('Preset')).toHaveValue('lww-drops-writes');
  await expect(page.getByTestId('node')).toHaveCount(6);
});

test('the start-here path steps through the tour with Next and Previous', async ({ page }) => {
  await openApp(page);
  const tour = page.getByRole('navigation', { name: 'Start here' });
  await expect(tour).toContainText(`Tour 1 of ${START_HERE.length}`);
  await expect(tour.getByRole('button', { name: /Previous/ })).toBeDisabled();
  await tour.getByRole('button', { name: /Next/ }).click();
  await expect(page.getByLabel('Preset')).toHaveValue(START_HERE[1]?.id ?? '');
  await expect(tour).toContainText(`Tour 2 of ${START_HERE.length}`);
  await tour.getByRole('button', { name: /Previous/ }).click();
  await expect(page.getByLabel('Preset')).toHaveValue(START_HERE[0]?.id ?? '');
  // Off the path, one button leads onto it.
  await page.getByLabel('Preset').selectOption('leader-down');
  await tour.getByRole('button', { name: 'New here? Start the tour' }).click();
  await expect(page.getByLabel('Preset')).toHaveValue(START_HERE[0]?.id ?? '');
});

test('the partition slider names the real sides of a preset’s partition', async ({ page }) => {
  const scenario = getPreset('sloppy-quorum-stale')?.scenario as Scenario;
  await page.goto(`/#${encodeShareHash(scenario, 400_000)}`);
  await expect(page.getByTestId('node')).toHaveCount(5);
  const partition = page.locator('.slider-field', { has: page.getByLabel('Partition', { exact: true }) });
  await expect(partition.locator('output')).toHaveText('kv1, kv2, kv5 | kv3, kv4');
});
