import { readFile } from 'node:fs/promises';
import { expect, node, openApp, setSpeed, simTimeUs, test } from './fixtures.ts';

test('exports the scenario as JSON and imports it back; a bad file names the field and changes nothing', async ({
  page,
}) => {
  await openApp(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON', exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.json$/);
  const path = await file.path();
  const scenario = JSON.parse(await readFile(path, 'utf8')) as { name: string; nodes: string[] };
  expect(scenario.nodes).toEqual(['bank_leader', 'bank_follower1', 'bank_follower2']);

  // A file with a bad field: rejected with the field named, the current run untouched.
  const bad = { ...scenario, nodes: ['bank leader'] };
  await page.getByLabel('Import JSON').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The scenario file was not imported');
  await expect(alert).toContainText('nodes[0]');
  await expect(node(page, 'bank_leader')).toBeVisible();
  await alert.getByRole('button', { name: 'Dismiss', exact: true }).click();

  // A good file (renamed nodes) loads as a new run.
  const renamed = JSON.parse(
    JSON.stringify(scenario).replaceAll('bank_follower2', 'vault').replaceAll('Bank ledger', 'Vault ledger'),
  );
  await page.getByLabel('Import JSON').setInputFiles({
    name: 'vault.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(renamed)),
  });
  await expect(node(page, 'vault')).toBeVisible();
  await expect(page.getByLabel('Preset')).toContainText('Custom');
});

test('an exported file carries its moment; importing it opens the run there, paused, as a share link does', async ({
  page,
  context,
}) => {
  await openApp(page);
  await setSpeed(page, 50);
  await expect.poll(() => simTimeUs(page), { timeout: 10_000 }).toBeGreaterThan(60_000);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const atUs = await simTimeUs(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON', exact: true }).click();
  const text = await readFile(await (await download).path(), 'utf8');
  expect((JSON.parse(text) as { openAtUs: number }).openAtUs).toBe(atUs);

  const other = await context.newPage();
  await openApp(other);
  await other.getByLabel('Import JSON').setInputFiles({
    name: 'moment.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await expect.poll(() => simTimeUs(other), { timeout: 15_000 }).toBe(atUs);
  await expect(other.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(other.getByRole('alert')).toHaveCount(0);
});

test('a file that is not a scenario is named plainly: empty, too large, or not text', async ({ page }) => {
  await openApp(page);
  const alert = page.getByRole('alert');
  const importing = async (name: string, buffer: Buffer) => {
    await page.getByLabel('Import JSON').setInputFiles({ name, mimeType: 'application/json', buffer });
    await expect(alert).toContainText('The scenario file was not imported');
    const message = (await alert.textContent()) ?? '';
    await alert.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await expect(alert).toHaveCount(0);
    return message;
  };
  expect(await importing('empty.json', Buffer.alloc(0))).toContain(
    '"empty.json" is empty: a scenario file holds one JSON object',
  );
  expect(await importing('big.json', Buffer.alloc(2_701_756, 32))).toContain(
    '"big.json" is too large (2,701,756 bytes (2.6 MB); the limit is 1,048,576 bytes (1 MB))',
  );
  const png = Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
  ]);
  const message = await importing('shot.png', png);
  expect(message).toContain('"shot.png" is not a text file (it starts "\\ufffdPNG\\r\\n\\x1a\\n');
  // None of the file's raw bytes is echoed.
  for (const byte of [0x00, 0x0d, 0x1a]) expect(message).not.toContain(String.fromCharCode(byte));
  await expect(node(page, 'bank_leader')).toBeVisible();
});

test('an invalid file says what is wrong in plain words, with the field', async ({ page }) => {
  await openApp(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON', exact: true }).click();
  const scenario = JSON.parse(await readFile(await (await download).path(), 'utf8')) as Record<
    string,
    unknown
  >;
  await page.getByLabel('Import JSON').setInputFiles({
    name: 'empty.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...scenario, nodes: [], seed: -1, colour: 'red' })),
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('nodes: a scenario needs at least one node (it is empty)');
  await expect(alert).toContainText('seed: must be a whole number from 0 to 4,294,967,295 (got -1)');
  await expect(alert).toContainText('unknown field "colour"');
  await expect(alert).not.toContainText(/Too small|Invalid input|Unrecognized key|expected array/);
});

test('each import replaces the last refusal: a good file leaves no "not imported" notice above its run', async ({
  page,
}) => {
  await openApp(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON', exact: true }).click();
  const text = await readFile(await (await download).path(), 'utf8');
  const alert = page.getByRole('alert');
  await page.getByLabel('Import JSON').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...JSON.parse(text), nodes: 'x' })),
  });
  await expect(alert).toContainText('"bad.json" is not a valid scenario');
  // A second refusal takes the first one's place rather than stacking under it.
  await page.getByLabel('Import JSON').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{ this is not json'),
  });
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText('"broken.json" is not valid JSON');
  // A good file is imported and runs: nothing says it was not.
  await page.getByLabel('Import JSON').setInputFiles({
    name: 'vault.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text.replaceAll('bank_follower2', 'vault')),
  });
  await expect(node(page, 'vault')).toBeVisible();
  await expect(alert).toHaveCount(0);
});
