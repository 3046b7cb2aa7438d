/**
 * The consistency oracle in the page: check the default bank ledger (async replication), find the stale read
 * the oracle explains, select it and see its operations highlighted in the history; export the history as
 * Jepsen EDN and as a JSON report.
 */
import type { Download, Page } from '@playwright/test';
import { expect, openApp, setSpeed, simTimeUs, test } from './fixtures.ts';

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

test('check the run, select a stale read and see it highlighted; export the history as EDN and JSON', async ({
  page,
}) => {
  await openApp(page);
  const panel = page.getByTestId('anomalies');
  await expect(panel).toBeVisible();
  // About 100 simulated ms per wall second, then pause past 200 ms.
  await setSpeed(page, 50);
  await expect.poll(() => simTimeUs(page), { timeout: 20_000 }).toBeGreaterThan(200_000);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();

  await panel.getByRole('button', { name: 'Check now' }).click();
  const stale = panel.locator('[data-testid="anomaly"][data-kind="stale-read"]').first();
  await expect(stale).toContainText('returned nothing, but write w1');
  await expect(panel.locator('[data-testid="anomaly-count"][data-kind="stale-read"]')).toBeVisible();
  await expect(panel.getByTestId('linearizability')).toHaveText(
    /Linearizability: not linearizable: w1, r\d+ on account_123/,
  );
  // The checked time is the paused clock's.
  const paused = await simTimeUs(page);
  // The panel prints milliseconds with at most one decimal (357 ms, 357.5 ms), as the rest of the UI does.
  const shown = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(paused / 1000);
  await expect(panel.getByTestId('anomalies-at')).toHaveText(`checked at ${shown} ms`);

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

test('a paused run is checked again on its own after each step', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Pause' }).click();
  const panel = page.getByTestId('anomalies');
  const at = panel.getByTestId('anomalies-at');
  await expect(at).toBeVisible();
  const first = await at.textContent();
  await page.getByRole('button', { name: 'Step' }).click();
  await expect.poll(() => at.textContent()).not.toBe(first);
  await expect(panel.getByTestId('linearizability')).toBeVisible();
});
