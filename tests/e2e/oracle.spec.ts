/**
 * The consistency oracle in the page: the checkers run as the default bank ledger (async replication) plays and
 * find the stale read; select it and see its operations highlighted in the history, the timeline and the graph;
 * export the history as Jepsen EDN and as a JSON report. A shared link of the consistent-prefix preset explains
 * the answer seen before its question.
 */
import type { Download, Page } from '@playwright/test';
import { encodeShareHash } from '../../src/codec/url.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { expect, openApp, openTab, setSpeed, simTimeUs, test } from './fixtures.ts';

async function downloadText(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  const d: Download = download;
  const stream = await d.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { name: d.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

test('the run is checked as it plays; select a stale read and see it highlighted; export EDN and JSON', async ({
  page,
}) => {
  await openApp(page);
  await openTab(page, 'History');
  const panel = page.getByTestId('anomalies');
  await expect(panel).toBeVisible();
  // About 100 simulated ms per wall second. The stale read shows up while the run plays, with no button pressed.
  await setSpeed(page, 50);
  const stale = panel.locator('[data-testid="anomaly"][data-kind="stale-read"]').first();
  await expect(stale).toContainText('returned nothing, but write w1', { timeout: 20_000 });
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect.poll(() => simTimeUs(page), { timeout: 20_000 }).toBeGreaterThan(200_000);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  // A full check (the whole linearizability budget) gives the same answer.
  await panel.getByRole('button', { name: 'Full check', exact: true }).click();
  await expect(panel.locator('[data-testid="anomaly-count"][data-kind="stale-read"]')).toBeVisible();
  await expect(panel.getByTestId('linearizability')).toHaveText(
    /Linearizability: not linearizable: w1, r\d+ on account_123/,
  );
  // The checked time is the paused clock's.
  const paused = await simTimeUs(page);
  // To the microsecond, as the clock prints it: a step to the next instant always changes it.
  const shown = new Intl.NumberFormat('en-US', { minimumFractionDigits: 3 }).format(paused / 1000);
  await expect(panel.getByTestId('anomalies-at')).toHaveText(`checked at t = ${shown} ms`);
  await expect(page.getByTestId('sim-time')).toHaveText(`t = ${shown} ms`);
  // One judge: the history's counts bar shows the oracle's count, and as many rows as the history holds are
  // marked STALE (the default run is short: every operation is still in the table).
  const staleCount = await panel
    .locator('[data-testid="anomaly-count"][data-kind="stale-read"] .anomaly-n')
    .textContent();
  await expect(page.getByTestId('counts').locator('[data-count="staleReads"] dd')).toHaveText(
    staleCount ?? '',
  );
  await expect(page.locator('.history-table [data-testid="stale"]')).toHaveCount(Number(staleCount));

  // Selecting the anomaly highlights the read and the write it names in the history.
  const [readId, writeId] = ((await stale.getAttribute('data-ops')) ?? '').split(' ').map(Number);
  expect(writeId).toBe(1);
  await stale.click();
  await expect(stale).toHaveAttribute('aria-pressed', 'true');
  const rows = page.locator('.history-table tbody tr');
  await expect(rows.filter({ has: page.locator(':scope[data-highlighted="true"]') })).toHaveCount(2);
  await expect(page.locator(`.history-table tr[data-op-id="${readId}"]`)).toHaveAttribute(
    'data-highlighted',
    'true',
  );
  await expect(page.locator(`.history-table tr[data-op-id="${readId}"]`)).toHaveClass(/row-highlighted/);
  await expect(page.locator('.history-table tr[data-op-id="1"]')).toHaveAttribute('data-highlighted', 'true');
  // ... on the graph, the follower that served the stale read ...
  const served = await page.locator(`.history-table tr[data-op-id="${readId}"] td`).nth(8).textContent();
  await expect(page.locator(`[data-testid="node"][data-node-id="${served}"]`)).toHaveAttribute(
    'data-selected',
    'true',
  );
  // ... and in the client history timeline (the Diagram tab), where it carries an anomaly marker.
  await openTab(page, 'Diagram');
  const bar = page.locator(`[data-testid="timeline-op"][data-op-id="${readId}"]`);
  await expect(bar).toHaveAttribute('data-highlighted', 'true');
  await expect(bar).toHaveAttribute('data-anomaly', 'stale-read');
  await openTab(page, 'History');
  // Enter on the focused anomaly toggles the selection off again.
  await stale.focus();
  await page.keyboard.press('Enter');
  await expect(stale).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('.history-table tr[data-highlighted="true"]')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(page.locator(`.history-table tr[data-op-id="${readId}"]`)).toHaveAttribute(
    'data-highlighted',
    'true',
  );

  const edn = await downloadText(page, 'Export history (EDN)');
  expect(edn.name).toMatch(/history\.edn$/);
  const lines = edn.text.trim().split('\n');
  expect(lines.length).toBeGreaterThan(2);
  for (const line of lines) expect(line.startsWith('{:type :')).toBe(true);
  expect(lines[0]?.startsWith('{:type :invoke')).toBe(true);
  expect(edn.text).toContain(':f :write');
  expect(edn.text).toContain('["account_123" "1000"]');

  const json = await downloadText(page, 'Export history (JSON)');
  expect(json.name).toMatch(/history\.json$/);
  const report = JSON.parse(json.text) as {
    endTimeMs: number;
    history: { id: number; f: string }[];
    anomalies: Record<string, unknown[]>;
  };
  expect(report.endTimeMs).toBe(paused / 1000);
  expect(report.history.length).toBe(lines.filter((l) => l.startsWith('{:type :invoke')).length);
  expect(report.history[0]).toMatchObject({ id: 1, f: 'write' });
  expect(report.anomalies['stale-read']?.length).toBeGreaterThan(0);
});

test('a shared link opened late explains the answer seen before its question, in every view', async ({
  page,
}) => {
  await page.goto(
    `/#${encodeShareHash(getPreset('consistent-prefix-violation')?.scenario as Scenario, 600_000)}`,
  );
  await expect(page.getByTestId('node')).toHaveCount(6);
  await openTab(page, 'History');
  const panel = page.getByTestId('anomalies');
  const anomaly = panel.locator('[data-testid="anomaly"][data-kind="consistent-prefix"]');
  await expect(anomaly).toHaveText(
    /apac_shop's read r5 on apac_leader at 470\.0 ms returned nothing for US_question, though its read r4 at 450\.0 ms had seen write w3 \(EU_answer = "About ten seconds usually, Mr Poons\."\), which eu_shop made after its read r2 saw write w1/,
  );
  await expect(panel.getByTestId('anomalies-at')).toHaveText('checked at t = 600.000 ms');
  // The space-time diagram shows the run before the link's time (from the worker's message log), and the
  // replication of the question crawling to APAC over the slow link.
  await openTab(page, 'Diagram');
  const diagram = page.getByTestId('spacetime');
  await diagram.getByLabel('Time window').fill('75');
  await expect
    .poll(async () => Number(await diagram.locator('svg.spacetime-svg').getAttribute('data-arrows')))
    .toBeGreaterThan(10);
  await expect(
    diagram.locator('[data-testid="spacetime-arrow"][data-kind="replicate"][data-status="delivered"]'),
  ).not.toHaveCount(0);
  // Selecting the anomaly lights up the five operations it names in the timeline.
  await openTab(page, 'History');
  await anomaly.click();
  await openTab(page, 'Diagram');
  await expect(page.locator('[data-testid="timeline-op"][data-highlighted="true"]')).toHaveCount(5);
  // ... and their client messages in the space-time diagram: the observer's two reads, the two writes and Mrs
  // Cake's read of the question, request and response each.
  await expect(diagram.locator('[data-testid="spacetime-arrow"][data-pinned="true"]')).toHaveCount(10);
  // Hovering the observer's empty read in the timeline points at it in the history and selects its node.
  await page.locator('[data-testid="timeline-op"][data-op-id="5"]').dispatchEvent('mouseover');
  await expect(page.locator('[data-testid="node"][data-node-id="apac_leader"]')).toHaveAttribute(
    'data-selected',
    'true',
  );
  await expect(page.getByTestId('spacetime-hover')).toContainText('operation r5: apac_shop read US_question');
  // The other tabs show the same pointed operation: its history row, and the replica that served it.
  await openTab(page, 'History');
  await expect(page.locator('.history-table tr[data-op-id="5"]')).toHaveAttribute('data-hovered', 'true');
  await openTab(page, 'Replica state');
  await expect(page.getByTestId('replica-meta')).toContainText('apac_leader leader');
  await expect(page.locator('[data-testid="replica-panel"] li[data-op-id="5"]')).toHaveAttribute(
    'data-hovered',
    'true',
  );
  // And the other way: focusing a history row (from the keyboard) points at it.
  await openTab(page, 'History');
  await page.locator('.history-table tr[data-op-id="3"]').focus();
  await expect(page.locator('.history-table tr[data-op-id="3"]')).toHaveAttribute('data-hovered', 'true');
  // Enter on the row pins the operation in every view, as a click on its bar does.
  await page.keyboard.press('Enter');
  await openTab(page, 'Diagram');
  await expect(page.locator('[data-testid="timeline-op"][data-op-id="3"]')).toHaveAttribute(
    'data-highlighted',
    'true',
  );
  await expect(page.locator('[data-testid="timeline-op"][data-highlighted="true"]')).toHaveCount(1);
});

test('a selected anomaly stays in view in the diagram and timeline while the run plays on', async ({
  page,
}) => {
  await openApp(page);
  await setSpeed(page, 60);
  await openTab(page, 'History');
  const stale = page.locator('[data-testid="anomaly"][data-kind="stale-read"]').first();
  await expect(stale).toBeVisible({ timeout: 20_000 });
  const [readId] = ((await stale.getAttribute('data-ops')) ?? '').split(' ');
  await stale.click();
  // The diagram redraws only while on screen: look at it, as a user would.
  await openTab(page, 'Diagram');
  await page.getByTestId('spacetime').scrollIntoViewIfNeeded();
  const bar = page.locator(`[data-testid="timeline-op"][data-op-id="${readId}"]`);
  await expect(bar).toHaveAttribute('data-highlighted', 'true');
  // Long after the window (300 ms) would have slid past it, the read is still drawn: the view is anchored.
  const clicked = await simTimeUs(page);
  await expect.poll(() => simTimeUs(page), { timeout: 20_000 }).toBeGreaterThan(clicked + 1_000_000);
  await expect(bar).toHaveAttribute('data-highlighted', 'true');
  // Scrolling by hand lets go of the anchor: back to the live end, the read is out of the window.
  await page.getByTestId('spacetime').getByLabel('Scroll back in time').fill('0');
  await expect(bar).toHaveCount(0);
});

test('a paused run is checked again on its own after each step', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await openTab(page, 'History');
  const panel = page.getByTestId('anomalies');
  const at = panel.getByTestId('anomalies-at');
  await expect(at).toBeVisible();
  const first = await at.textContent();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(() => at.textContent()).not.toBe(first);
  await expect(panel.getByTestId('linearizability')).toBeVisible();
});
