import type { Page } from '@playwright/test';
import { decodeShareHash } from '../../src/codec/url.ts';
import {
  type CompareResult,
  compareScenarios,
  knobSetting,
  threeModels,
  varyKnob,
} from '../../src/sim/analysis/compare.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { expect, expectRevealed, node, nodeAction, openTab, test } from './fixtures.ts';

const PRESET = 'async-failover-lost-writes';

/** The run's scenario with the user's actions, read back from the address bar the app keeps in sync. */
async function liveScenario(page: Page, actions: number): Promise<Scenario> {
  let scenario: Scenario | null = null;
  await expect(async () => {
    const hash = new URL(page.url()).hash.slice(1);
    const decoded = decodeShareHash(hash);
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.scenario.timeline).toHaveLength(actions);
    scenario = decoded.scenario;
  }).toPass();
  if (!scenario) throw new Error('no scenario in the address bar');
  return scenario;
}

/** The table the page shows agrees, cell by cell, with the same comparison run headlessly in Node. */
async function expectTable(page: Page, expected: CompareResult): Promise<void> {
  const table = page.getByTestId('compare-table');
  await expect(table.getByTestId('compare-column')).toHaveCount(expected.columns.length);
  await expectRevealed(page, '.cmp-result');
  for (const [i, column] of expected.columns.entries()) {
    const head = table.getByTestId('compare-column').nth(i);
    await expect(head).toContainText(column.label);
    await expect(head).toContainText(column.settings);
  }
  for (const row of expected.rows) {
    const tr = table.locator(`tr[data-row="${row.key}"]`);
    const cells = tr.locator('td.cmp-value');
    await expect(cells).toHaveCount(expected.columns.length);
    for (const [i, text] of row.display.entries()) {
      await expect(cells.nth(i)).toHaveText(row.best.includes(i) ? `${text} (best)` : text);
      if (row.best.includes(i)) await expect(cells.nth(i)).toHaveAttribute('data-best', 'true');
      else await expect(cells.nth(i)).not.toHaveAttribute('data-best');
    }
    await expect(tr.locator('td.cmp-reading')).toHaveText(row.reading);
  }
}

test('compares the three models on the loaded scenario, with the user’s action, and loads a variant', async ({
  page,
}) => {
  const preset = getPreset(PRESET)?.scenario;
  if (!preset) throw new Error(`no ${PRESET} preset`);
  await page.goto('/');
  await page.getByLabel('Preset').selectOption(PRESET);
  await expect(page.getByTestId('node')).toHaveCount(3);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  // A user action: crash db3. It is recorded into the timeline, so the comparison includes it.
  await nodeAction(page, 'db3', 'Crash');
  await expect(node(page, 'db3')).toHaveAttribute('data-up', 'false');
  const scenario = await liveScenario(page, preset.timeline.length + 1);
  expect(scenario.timeline.some((e) => e.action.type === 'crash' && e.action.node === 'db3')).toBe(true);

  await openTab(page, 'Compare');
  const panel = page.getByTestId('compare-panel');
  await expect(panel.getByLabel('The three models')).toBeChecked();
  await expect(panel.getByLabel('Run to (simulated ms)')).toHaveValue('1500');
  await panel.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(panel.getByRole('table', { name: /Trade-offs of “Async failover/ })).toBeVisible();
  const expected = compareScenarios(scenario, threeModels(), { untilUs: 1_500_000 });
  await expectTable(page, expected);
  // Async leader-follower with naive failover lost the orders db1 acknowledged; the others lost none.
  await expect(panel.locator('tr[data-row="lostWrites"] td.cmp-reading')).toHaveText(
    'leader-follower lost 3 acknowledged writes; multi-leader and leaderless none',
  );
  await expect(panel.getByRole('button', { name: 'Compare', exact: true })).toBeEnabled();

  await panel.getByRole('button', { name: 'Load leaderless', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Compared variant loaded' })).toBeVisible();
  await openTab(page, 'Staleness (PBS)');
  await expect(page.getByTestId('staleness-panel')).toBeVisible();
  const summary = page.getByRole('region', { name: 'Scenario summary' });
  await expect(summary).toContainText('Async failover: lost acknowledged writes (leaderless)');
  await expect(summary).toContainText('compared as leaderless: leaderless, N=3 W=2 R=2');
});

test('compares two settings of one model: leaderless W=1 against W=2 with R=2', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('node')).toHaveCount(3);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const scenario = await liveScenario(page, getPreset('bank-ledger-async')?.scenario.timeline.length ?? 0);

  await openTab(page, 'Compare');
  const panel = page.getByTestId('compare-panel');
  await panel.getByLabel('Two settings of one model').check();
  await panel.getByLabel('Parameter').selectOption('w');
  await panel.getByLabel('First').selectOption('1');
  await panel.getByLabel('Second').selectOption('2');
  await panel.getByLabel('With R').selectOption('2');
  await expect(panel).toContainText('Leaderless write quorum W: W=1 against W=2, both with R=2');
  await panel.getByLabel('Run to (simulated ms)').fill('1000');
  await panel.getByRole('button', { name: 'Compare', exact: true }).click();

  const expected = compareScenarios(
    scenario,
    varyKnob(scenario, 'w', ['1', '2'], knobSetting(scenario, 'r', '2')),
    {
      untilUs: 1_000_000,
    },
  );
  await expectTable(page, expected);
  expect(expected.columns.map((c) => c.settings)).toEqual([
    'N=3 W=1 R=2, read repair async, siblings',
    'N=3 W=2 R=2, read repair async, siblings',
  ]);

  // The same value twice is not a comparison.
  await panel.getByLabel('Second').selectOption('1');
  await expect(panel.getByRole('alert')).toHaveText('Choose two different values to compare.');
  await expect(panel.getByRole('button', { name: 'Compare', exact: true })).toBeDisabled();
});
