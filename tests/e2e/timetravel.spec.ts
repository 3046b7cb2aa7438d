/**
 * Time travel on the built app: the scrubber under the graph shows any moment of the run exactly as a fresh run
 * opened by a link at that time shows it (node cards, trace hash, history); acting in the past forks the run,
 * the share link carries the branch, and "Back to the run you left" returns to the run left behind.
 */
import type { Page } from '@playwright/test';
import { encodeShareHash } from '../../src/codec/url.ts';
import { defaultScenario } from '../../src/sim/scenarios/presets/index.ts';
import { expect, node, nodeAction, openTab, simTimeUs, test } from './fixtures.ts';

const NODES = ['bank_leader', 'bank_follower1', 'bank_follower2'];
const scenario = defaultScenario();

function scrubber(page: Page) {
  return page.getByRole('slider', { name: "Set the run's time" });
}

/** What the page shows of the run: node cards, the trace hash and the history table. */
async function shown(page: Page) {
  return {
    nodes: await Promise.all(NODES.map((id) => node(page, id).textContent())),
    up: await Promise.all(NODES.map((id) => node(page, id).getAttribute('data-up'))),
    trace: await page.getByTestId('trace-hash').textContent(),
    history: await page.locator('.history-table tbody tr[data-op-id]').allTextContents(),
  };
}

/**
 * Waits until the page shows `atUs`, paused, with no seek under way, and its throttled views caught up. The
 * History tab is opened first: only the open tab is on the page, and its table is part of what is compared.
 */
async function settledAt(page: Page, atUs: number) {
  await openTab(page, 'History');
  // The tab's view is a chunk of its own: an empty page before it has come is no table to compare.
  await expect(page.locator('.history-table')).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => simTimeUs(page), { timeout: 20_000 }).toBe(atUs);
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(page.getByText(/^Seeking to/)).toHaveCount(0);
  // Tables and cards refresh a few times a second: read twice until they agree.
  let last = await shown(page);
  await expect
    .poll(async () => {
      const now = await shown(page);
      const same = JSON.stringify(now) === JSON.stringify(last);
      last = now;
      return same;
    })
    .toBe(true);
  return last;
}

/** A fresh page opened by a link at `atUs`. */
async function freshAt(page: Page, link: string, atUs: number) {
  const other = await page.context().newPage();
  await other.goto(`${link.replace(/&t=\d+$/, '')}&t=${atUs}`);
  const state = await settledAt(other, atUs);
  await other.close();
  return state;
}

test('scrubbing back and forth shows exactly what a fresh run opened at that time shows', async ({
  page,
}) => {
  const link = `/#${encodeShareHash(scenario, 1_500_000)}`;
  await page.goto(link);
  const atEnd = await settledAt(page, 1_500_000);
  await expect(page.getByTestId('scrubber-end')).toContainText('of 1,500.000 ms');

  await scrubber(page).fill('600000');
  const back = await settledAt(page, 600_000);
  expect(back).toEqual(await freshAt(page, link, 600_000));
  expect(back.history.length).toBeLessThan(atEnd.history.length);

  // The keyboard: End goes back to the furthest point, Home to the start.
  await scrubber(page).press('End');
  expect(await settledAt(page, 1_500_000)).toEqual(atEnd);
  await scrubber(page).fill('1100000');
  expect(await settledAt(page, 1_100_000)).toEqual(await freshAt(page, link, 1_100_000));
  await scrubber(page).press('Home');
  await settledAt(page, 0);
  await expect(scrubber(page)).toHaveAttribute('aria-valuetext', '0.000 ms of 1,500.000 ms');
});

test('acting in the past forks the run: its share link carries the branch, and the run left is one click away', async ({
  page,
  context,
}) => {
  await page.goto(`/#${encodeShareHash(scenario, 1_500_000)}`);
  const left = await settledAt(page, 1_500_000);
  await scrubber(page).fill('400000');
  await settledAt(page, 400_000);
  await nodeAction(page, 'bank_follower2', 'Crash');
  await expect(node(page, 'bank_follower2')).toHaveAttribute('data-up', 'false');
  // The branch ends where the action was taken; the later run is offered back.
  await expect(page.getByTestId('scrubber-end')).toContainText('of 400.000 ms');
  const backButton = page.getByRole('button', { name: 'Back to the run you left' });
  await expect(backButton).toBeVisible();
  const forked = await settledAt(page, 400_000);

  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByLabel('Share link').inputValue();
  expect(link).toMatch(/&t=400000$/);
  const other = await context.newPage();
  await other.goto(link);
  expect(await settledAt(other, 400_000)).toEqual(forked);
  await other.close();
  await page.keyboard.press('Escape');

  await backButton.click();
  expect(await settledAt(page, 1_500_000)).toEqual(left);
  await expect(node(page, 'bank_follower2')).toHaveAttribute('data-up', 'true');
});
