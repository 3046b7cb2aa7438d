/**
 * Find a failure as a user takes it: open split brain's settings with its faults taken out, search for a lost
 * acknowledged write, and get the answer the CLI gives for the same scenario, budget and seed; open the shrunk
 * run and land paused at the failure. On the fixed settings the same budget finds nothing, and says so with N.
 */
import type { Page } from '@playwright/test';
import { decodeShareHash, encodeShareHash } from '../../src/codec/url.ts';
import { findFailure } from '../../src/sim/analysis/search.ts';
import { isFault } from '../../src/sim/analysis/searchCase.ts';
import { FAULT_KINDS } from '../../src/sim/analysis/searchFaults.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { expect, expectRevealed, openTab, simTimeUs, test } from './fixtures.ts';

function withoutFaults(id: string): Scenario {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  return { ...p.scenario, timeline: p.scenario.timeline.filter((e) => !isFault(e.action)) };
}

async function open(page: Page, scenario: Scenario): Promise<Scenario> {
  await page.goto(`/#${encodeShareHash(scenario)}`);
  await expect(page.getByTestId('node')).toHaveCount(scenario.nodes.length);
  const decoded = decodeShareHash(new URL(page.url()).hash.slice(1));
  if (!decoded.ok) throw new Error(decoded.error);
  return decoded.scenario;
}

test('finds split brain’s lost writes from the naive settings with no fault given, and opens the shrunk run at the failure', async ({
  page,
}) => {
  const scenario = await open(page, withoutFaults('split-brain'));
  const expected = findFailure(scenario, { property: 'lost-write', seed: 1, runs: 100 });
  if (!expected.found) throw new Error('the CLI found nothing');
  await openTab(page, 'Find a failure');
  const panel = page.getByTestId('search-panel');
  await panel.getByLabel('Property').selectOption('lost-write');
  await panel.getByLabel('Budget (runs)').selectOption('100');
  await expect(panel.getByLabel('Seed')).toHaveValue('1');
  for (const kind of FAULT_KINDS) await expect(panel.getByLabel(kind, { exact: true })).toBeChecked();
  await panel.getByRole('button', { name: 'Find a failure' }).click();
  await expect(panel.getByTestId('search-violation')).toContainText(expected.violation, { timeout: 60_000 });
  await expectRevealed(page, '[data-testid="search-result"]');
  await expect(panel.locator('[data-verdict="found"]')).toContainText(
    `Broken in run ${expected.runIndex + 1} of 100`,
  );
  await expect(panel.getByTestId('search-sizes')).toContainText(`${expected.size.nodes} nodes`);

  const link = await panel.getByLabel('Link to the shrunk run').inputValue();
  const shared = decodeShareHash(new URL(link).hash.slice(1));
  if (!shared.ok) throw new Error(shared.error);
  expect(shared.scenario).toEqual(expected.scenario);
  expect(shared.atUs).toBe(expected.atUs);

  await panel.getByRole('button', { name: 'Open the shrunk run' }).click();
  await expect(page.getByTestId('node')).toHaveCount(expected.size.nodes);
  await expect.poll(() => simTimeUs(page), { timeout: 30_000 }).toBe(expected.atUs);
});

test('the fixed settings: nothing found in the whole budget, said with the number of runs', async ({
  page,
}) => {
  const scenario = await open(page, withoutFaults('split-brain-fixed'));
  const durable = FAULT_KINDS.filter((k) => k !== 'disk-loss');
  const expected = findFailure(scenario, { property: 'lost-write', seed: 1, runs: 100, faults: durable });
  expect(expected.found).toBe(false);
  await openTab(page, 'Find a failure');
  const panel = page.getByTestId('search-panel');
  await panel.getByLabel('disk-loss', { exact: true }).uncheck();
  await panel.getByLabel('Budget (runs)').selectOption('100');
  await panel.getByRole('button', { name: 'Find a failure' }).click();
  await expect(panel.locator('[data-verdict="none"]')).toContainText('Nothing found in 100 runs', {
    timeout: 120_000,
  });
});
