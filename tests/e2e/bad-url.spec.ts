import { expect, node, openApp, simTimeUs, test } from './fixtures.ts';

const cases: { name: string; hash: () => Promise<string> | string; message: RegExp }[] = [
  { name: 'garbage', hash: () => '#%3Cscript%3Ealert(1)%3C/script%3E', message: /no scenario/i },
  { name: 'wrong version', hash: () => '#s=99.eJzLSM3JyQcABiwCFQ', message: /version 99/i },
  { name: 'corrupted data', hash: () => '#s=1.!!!not-base64!!!', message: /corrupted/i },
  { name: 'oversized', hash: () => `#s=1.${'A'.repeat(20_000)}`, message: /too long/i },
];

for (const c of cases) {
  test(`a ${c.name} share link shows an alert and the default scenario runs`, async ({ page }) => {
    const hash = await c.hash();
    await openApp(page, `/${hash}`);
    const alert = page.getByRole('alert');
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('This share link could not be opened');
    await expect(alert).toContainText(c.message);
    // The bad text is kept, read-only, to copy, and never interpreted.
    const rejected = alert.getByLabel('Rejected text');
    await expect(rejected).toHaveJSProperty('readOnly', true);
    expect((await rejected.inputValue()).length).toBeGreaterThan(0);
    // The default scenario runs meanwhile.
    const t0 = await simTimeUs(page);
    await expect.poll(() => simTimeUs(page)).toBeGreaterThan(t0);
    await alert.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
}

test('a truncated share link shows an alert', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByLabel('Share link').inputValue();
  const hash = link.slice(link.indexOf('#'));
  const truncated = hash.slice(0, Math.floor(hash.length / 2));
  const other = await page.context().newPage();
  await openApp(other, `/${truncated}`);
  await expect(other.getByRole('alert')).toContainText(/truncated|corrupted/i);
  await expect(other.getByTestId('node')).toHaveCount(3);
});

test('"the default scenario is running instead" goes once another run replaces the default one', async ({
  page,
}) => {
  // A bad share link, then a preset picked from the list: the notice would now be false.
  await openApp(page, '/#s=1.!!!not-base64!!!');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('the default scenario is running instead');
  await page.getByLabel('Preset').selectOption('split-brain');
  await expect(node(page, 'db5')).toBeVisible();
  await expect(alert).toHaveCount(0);
  // A link to no preset, then a good link pasted into the address bar (the same tab, a hashchange).
  await page.evaluate(() => {
    location.hash = '#preset=no-such-thing';
  });
  await expect(alert).toContainText('No such preset');
  await expect(page.getByLabel('Preset')).toHaveValue('bank-ledger-async');
  await page.evaluate(() => {
    location.hash = '#preset=split-brain';
  });
  await expect(node(page, 'db5')).toBeVisible();
  await expect(alert).toHaveCount(0);
  // Restarting the default run keeps the notice: it is still true.
  await page.evaluate(() => {
    location.hash = '#preset=no-such-thing';
  });
  await expect(alert).toContainText('No such preset');
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(alert).toHaveCount(1);
});
