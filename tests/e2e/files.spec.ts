import { readFile } from 'node:fs/promises';
import { expect, node, openApp, test } from './fixtures.ts';

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
