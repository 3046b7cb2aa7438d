import type { Page } from '@playwright/test';
import { encodeShareHash } from '../../src/codec/url.ts';
import { summarizeRun } from '../../src/sim/analysis/metrics.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import { expect, openTab, simTimeUs, test } from './fixtures.ts';

/** Opens a preset through a share link with a time: the page runs it to that moment and pauses. */
async function openAt(page: Page, presetId: string, atMs: number) {
  const preset = getPreset(presetId);
  if (!preset) throw new Error(`no preset ${presetId}`);
  await page.goto(`/#${encodeShareHash(preset.scenario, atMs * 1000)}`);
  await openTab(page, 'Metrics');
  const panel = page.getByTestId('metrics');
  await expect(panel.getByTestId('metrics-span')).toHaveAttribute('data-until-us', String(atMs * 1000), {
    timeout: 20_000,
  });
  // The same run in Node: the page must show exactly its figures.
  const sim = new Simulation(preset.scenario);
  sim.runUntil(atMs * 1000);
  return { panel, expected: summarizeRun(sim) };
}

const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const ms = (us: number | null) => oneDecimal.format((us ?? Number.NaN) / 1000);

/** Hinted handoff's counts of a leaderless preset's run at `atMs` (run in Node), null for another model. */
function handoffAt(presetId: string, atMs: number) {
  const scenario = getPreset(presetId)?.scenario;
  if (!scenario) throw new Error(`no preset ${presetId}`);
  const sim = new Simulation(scenario);
  sim.runUntil(atMs * 1000);
  const view = sim.model.view();
  return view.model === 'leaderless' ? view.handoff : null;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const kpi = (panel: ReturnType<Page['getByTestId']>, metric: string) =>
  panel.locator(`[data-testid="metrics-kpi"][data-metric="${metric}"]`);

for (const [presetId, atMs] of [
  ['leader-down', 1500],
  ['lww-drops-writes', 1500],
  ['sloppy-quorum-stale', 2000],
] as const) {
  test(`metrics of ${presetId} at ${atMs} ms equal the run's own figures, with charts drawn`, async ({
    page,
  }) => {
    const { panel, expected } = await openAt(page, presetId, atMs);
    await expect(panel.getByRole('heading', { name: 'Metrics' })).toBeVisible();

    const value = (metric: string) => kpi(panel, metric).getAttribute('data-value');
    expect(await value('messages')).toBe(String(expected.messagesSent));
    expect(await value('bytes')).toBe(String(expected.bytesSent));
    expect(await value('availability')).toBe(String(expected.availability));
    expect(await value('stale-read-rate')).toBe(String(expected.staleReadRate));
    expect(await value('conflicts')).toBe(String(expected.conflicts));
    expect(await value('lost-writes')).toBe(String(expected.lostWrites));
    expect(expected.messagesSent).toBeGreaterThan(0);
    expect(expected.bytesSent).toBeGreaterThan(expected.messagesSent * 24);
    await expect(panel.getByTestId('metrics-write-p50')).toHaveAttribute(
      'data-value',
      String(expected.writes.p50Us),
    );
    await expect(panel.getByTestId('metrics-write-p99')).toHaveAttribute(
      'data-value',
      String(expected.writes.p99Us),
    );
    await expect(panel.getByTestId('metrics-read-p50')).toHaveAttribute(
      'data-value',
      String(expected.reads.p50Us),
    );
    // Readable as text, formatted.
    await expect(kpi(panel, 'messages')).toContainText(expected.messagesSent.toLocaleString('en-US'));
    await expect(kpi(panel, 'write-latency')).toContainText(`p50 ${ms(expected.writes.p50Us)} ms`);
    await expect(kpi(panel, 'read-latency')).toContainText(`p99 ${ms(expected.reads.p99Us)} ms`);
    // The history's counters say the same.
    await openTab(page, 'History');
    await expect(page.getByTestId('counts')).toContainText(`messages sent${expected.messagesSent}`);
    // A sloppy quorum's hinted handoff, counted as the model did it.
    const handoff = handoffAt(presetId, atMs);
    if (handoff) {
      const count = (key: string) => page.locator(`[data-count="${key}"] dd`);
      expect(handoff.taken).toBeGreaterThan(0);
      await expect(count('hintsTaken')).toHaveText(String(handoff.taken));
      await expect(count('hintsHandedOff')).toHaveText(String(handoff.handedOff));
    }
    await openTab(page, 'Metrics');

    // Six charts, each an image with a description, the latency lines and traffic bars drawn.
    const charts = panel.getByTestId('metrics-chart');
    await expect(charts).toHaveCount(6);
    const described: Record<string, string> = {
      'write-latency': `Over the run: p50 ${ms(expected.writes.p50Us)} ms`,
      'read-latency': `Over the run: p50 ${ms(expected.reads.p50Us)} ms`,
      availability: 'Availability (operations completed ok over operations completed) per interval.',
      'stale-reads': `${expected.staleReads} stale of ${expected.reads.ok} reads over the run`,
      messages: `${expected.messagesSent.toLocaleString('en-US')} over the run`,
      bytes: 'Estimated bytes sent per interval',
    };
    for (const [name, text] of Object.entries(described)) {
      const img = panel.locator(`[data-chart="${name}"]`).getByRole('img');
      await expect(img).toHaveAttribute('aria-label', new RegExp(escapeRegExp(text)));
      await expect(panel.locator(`[data-chart="${name}"] [data-testid="metrics-cursor"]`)).toHaveCount(1);
    }
    // Latency lines: a path through the intervals that had ok operations, and a point on each of them.
    for (const chart of ['write-latency', 'read-latency']) {
      const p50 = panel.locator(`[data-chart="${chart}"] path[data-series="p50"]`);
      await expect(p50).toHaveAttribute('d', /^M[\d.]+,[\d.]+/);
      const points = Number(await p50.getAttribute('data-points'));
      expect(points).toBeGreaterThan(0);
      // A dot on each value while there are few; a dense line goes without.
      await expect(panel.locator(`[data-chart="${chart}"] g[data-series="p50"] circle`)).toHaveCount(
        points <= 60 ? points : 0,
      );
    }
    await expect(
      panel.locator('[data-chart="availability"] path[data-testid="metrics-line"]'),
    ).toHaveAttribute('d', /^M/);
    // Traffic bars: one path per series, a closed rectangle per interval that sent anything.
    for (const chart of ['messages', 'bytes']) {
      const bars = panel.locator(`[data-chart="${chart}"] [data-testid="metrics-bars"]`);
      const count = Number(await bars.getAttribute('data-bars'));
      expect(count).toBeGreaterThan(10);
      expect(((await bars.getAttribute('d')) ?? '').match(/Z/g)?.length).toBe(count);
    }
  });
}

test('metrics: faults are shaded, an interval is inspected by keyboard, and playing moves them on', async ({
  page,
}) => {
  const { panel, expected } = await openAt(page, 'leader-down', 1500);
  // bank_leader is down from 300 to 1200 ms: a band on every chart, and availability below 100%.
  await expect(
    panel.locator('[data-chart="availability"] [data-testid="metrics-fault"][data-kind="down"]'),
  ).toHaveCount(1);
  await expect(panel.locator('[data-chart="availability"] [data-testid="metrics-fault"] title')).toHaveText(
    'bank_leader down: 300–1,200 ms',
  );
  expect(expected.availability).toBeLessThan(1);
  await expect(kpi(panel, 'availability')).toContainText(
    `${oneDecimal.format((expected.availability ?? 0) * 100)}%`,
  );
  await expect(panel.getByRole('img', { name: /Availability .* Lowest 0% at/ })).toBeVisible();

  // Before the crash, the write latency line joins its intervals.
  await expect(panel.locator('[data-chart="write-latency"] path[data-series="p50"]')).toHaveAttribute(
    'd',
    /^M[\d.]+,[\d.]+L/,
  );

  // The interval slider: Home goes to the first interval, arrows step through them, and the readout follows.
  const slider = panel.getByLabel('Inspect interval');
  await slider.focus();
  await page.keyboard.press('Home');
  const readout = panel.getByTestId('metrics-readout');
  await expect(readout).toHaveText(/^0–16 ms: /);
  await page.keyboard.press('ArrowRight');
  await expect(readout).toHaveText(/^16–32 ms: /);
  // An interval in the outage says so.
  await slider.fill('40');
  await expect(readout).toContainText('during: bank_leader down');
  await expect(panel.locator('[data-chart="write-latency"] .metrics-inspected')).toHaveCount(1);

  // Playing on: the metrics follow the run (a few times a second).
  const before = Number(await panel.getByTestId('metrics-span').getAttribute('data-until-us'));
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect
    .poll(async () => Number(await panel.getByTestId('metrics-span').getAttribute('data-until-us')), {
      timeout: 10_000,
    })
    .toBeGreaterThan(before);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const now = await simTimeUs(page);
  await expect(panel.getByTestId('metrics-span')).toHaveAttribute('data-until-us', String(now));
});
