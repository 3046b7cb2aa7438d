/**
 * The EDN export as a user takes it: open a preset in the built app, let it run, pause, click "Export history
 * (EDN)" and take the download. The test parses the file with edn-data and checks it against Jepsen's history
 * rules (tests/support/jepsen.ts); the linearizability verdict judged from the file alone equals the one the
 * page shows after a full check at the same paused moment.
 */
import type { Download, Page } from '@playwright/test';
import { checkLinearizable, type Verdict } from '../../src/sim/oracle/linearizability.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import {
  type JepsenEvent,
  jepsenHistoryProblems,
  parseJepsenHistory,
  registerOpsFromJepsen,
} from '../support/jepsen.ts';
import { expect, openApp, openTab, setSpeed, simTimeUs, test } from './fixtures.ts';

async function downloadEdn(page: Page): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export history (EDN)' }).click(),
  ]);
  const d: Download = download;
  const chunks: Buffer[] = [];
  for await (const chunk of await d.createReadStream()) chunks.push(chunk as Buffer);
  return { name: d.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

/** The verdict as the Anomalies panel words it ("not linearizable: w1, r7 on account_123"). */
function verdictText(verdict: Verdict, events: readonly JepsenEvent[]): string | RegExp {
  const invocations = events.filter((e) => e.type === 'invoke');
  switch (verdict.result) {
    case 'linearizable':
      return 'Linearizability: linearizable';
    case 'not-linearizable': {
      const names = verdict.ops.map((id) => `${invocations[id - 1]?.f === 'read' ? 'r' : 'w'}${id}`);
      return `Linearizability: not linearizable: ${names.join(', ')} on ${verdict.key}`;
    }
    default:
      return /^Linearizability: unknown/;
  }
}

const CASES = [
  // The default bank ledger: three clients with operations in flight side by side, not linearizable.
  { preset: 'bank-ledger-async', untilMs: 1200 },
  // Leaderless: reads that return siblings (EDN sets), up to nine operations in flight per client.
  { preset: 'strict-quorum-fresh', untilMs: 1200 },
  // Split brain fenced by terms: writes to the old leader time out (:info), their processes are retired.
  { preset: 'split-brain-fixed', untilMs: 1200 },
] as const;

for (const { preset, untilMs } of CASES) {
  test(`${preset}: the EDN download is a valid Jepsen history with the page's verdict`, async ({ page }) => {
    // A live run, a download and a full check: give it room on a loaded machine.
    test.setTimeout(90_000);
    const scenario = getPreset(preset)?.scenario;
    if (!scenario) throw new Error(`no preset ${preset}`);
    await openApp(page);
    if (preset !== 'bank-ledger-async') await page.getByLabel('Preset').selectOption(preset);
    await expect(page.getByTestId('node')).toHaveCount(scenario.nodes.length);
    await expect(page.locator(`[data-testid="node"][data-node-id="${scenario.nodes[0]}"]`)).toBeVisible();
    await setSpeed(page, 80);
    await expect.poll(() => simTimeUs(page), { timeout: 30_000 }).toBeGreaterThan(untilMs * 1000);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();

    await openTab(page, 'History');
    const edn = await downloadEdn(page);
    expect(edn.name).toMatch(/history\.edn$/);
    const events = parseJepsenHistory(edn.text);
    expect(jepsenHistoryProblems(events)).toEqual([]);
    expect(events.map((e) => e.index)).toEqual(events.map((_, i) => i));
    expect(events.filter((e) => e.type === 'invoke').length * 2).toBe(events.length);
    // What the run had by then, in Jepsen's terms.
    if (preset === 'strict-quorum-fresh') expect(events.some((e) => e.value instanceof Set)).toBe(true);
    if (preset === 'split-brain-fixed') expect(events.some((e) => e.type === 'info')).toBe(true);
    const processes = new Set(events.map((e) => e.process));
    expect(processes.size).toBeGreaterThan(scenario.clients.length);

    // Linearizability from the file alone, against the page's full check at the same paused moment.
    const verdict = checkLinearizable(registerOpsFromJepsen(events));
    const panel = page.getByTestId('anomalies');
    await panel.getByRole('button', { name: 'Full check', exact: true }).click();
    await expect(panel.getByTestId('linearizability')).toHaveAttribute('data-result', verdict.result);
    await expect(panel.getByTestId('linearizability')).toHaveText(verdictText(verdict, events));
  });
}
