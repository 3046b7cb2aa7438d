/**
 * The multi-leader and leaderless page code is a chunk of its own (src/app/models/loadUi.ts): the page holds a
 * run of such a model back until its code is here, so switching model never leaves the graph empty or drawn by
 * the wrong model, and a first visit straight to such a model (a #preset= link, a share link) draws its graph.
 */
import { encodeShareHash } from '../../src/codec/url.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import { expect, openApp, simTimeUs, test } from './fixtures.ts';

const nodesOf = (id: string) => getPreset(id)?.scenario.nodes.length ?? -1;

test('switching model draws each model’s graph, and it stays drawn while the run plays', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('node')).toHaveCount(nodesOf('bank-ledger-async'));
  for (const id of [
    'partial-quorum-staleness',
    'write-conflict-diverge',
    'bank-ledger-async',
    'sloppy-quorum-stale',
  ]) {
    await page.getByLabel('Preset').selectOption(id);
    await expect(page.getByLabel('Preset')).toHaveValue(id);
    await expect(page.getByTestId('node')).toHaveCount(nodesOf(id));
    const at = await simTimeUs(page);
    await expect.poll(() => simTimeUs(page)).toBeGreaterThan(at);
    await expect(page.getByTestId('node')).toHaveCount(nodesOf(id));
  }
});

test('a switch made before the first graph is drawn ends on the asked model’s graph', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => {
    location.hash = '#preset=write-conflict-diverge';
  });
  await expect(page.getByLabel('Preset')).toHaveValue('write-conflict-diverge');
  await expect(page.getByTestId('node')).toHaveCount(nodesOf('write-conflict-diverge'));
});

test('a first visit straight to a leaderless preset or a multi-leader share link draws it', async ({
  page,
}) => {
  await page.goto('/#preset=partial-quorum-staleness');
  await expect(page.getByTestId('node')).toHaveCount(nodesOf('partial-quorum-staleness'));
  const regions = getPreset('write-conflict-diverge')?.scenario;
  if (!regions) throw new Error('write-conflict-diverge is missing');
  const fresh = await page.context().newPage();
  await fresh.goto(`/#${encodeShareHash(regions)}`);
  await expect(fresh.getByTestId('node')).toHaveCount(regions.nodes.length);
  await expect(fresh.getByRole('alert')).toHaveCount(0);
});
