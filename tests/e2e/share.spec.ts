import type { BrowserContext, Page } from '@playwright/test';
import { expect, node, nodeAction, openApp, setSpeed, simTimeUs, test } from './fixtures.ts';

const NODES = ['bank_leader', 'bank_follower1', 'bank_follower2'];

/** Crashes a follower and writes a value, so the link has to carry the user's actions. */
async function takeActions(page: Page): Promise<void> {
  await nodeAction(page, 'bank_follower2', 'Crash');
  const write = page.getByRole('form', { name: 'Write' });
  await write.getByLabel('Key').fill('shared_key');
  await write.getByLabel('Value').fill('shared!');
  await write.getByRole('button', { name: 'Write', exact: true }).click();
  await expect(node(page, 'bank_follower1')).toContainText('shared_key', { timeout: 10_000 });
}

/** Pauses, shares, opens the link in a new page, and checks the same nodes hold the same data at the same time. */
async function expectShareReplays(page: Page, context: BrowserContext): Promise<void> {
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const atUs = await simTimeUs(page);
  const expected = await Promise.all(NODES.map((id) => node(page, id).textContent()));
  const ups = await Promise.all(NODES.map((id) => node(page, id).getAttribute('data-up')));

  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
  const link = await page.getByLabel('Share link').inputValue();
  expect(link).toMatch(/#s=1\.[A-Za-z0-9_-]+&t=\d+$/);
  expect(link.length).toBeLessThan(2000);
  // The address bar holds the scenario too (without the time).
  expect(page.url()).toContain('#s=1.');

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('node')).toHaveCount(3);
  await expect(other.getByRole('alert')).toHaveCount(0);
  await expect.poll(() => simTimeUs(other), { timeout: 15_000 }).toBe(atUs);
  await expect(other.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  for (const [i, id] of NODES.entries()) {
    await expect(node(other, id)).toHaveText(expected[i] ?? '');
    await expect(node(other, id)).toHaveAttribute('data-up', ups[i] ?? '');
  }
}

test('a shared link reopens the same run at the same simulated time', async ({ page, context }) => {
  await openApp(page);
  await setSpeed(page, 50);
  // Act after the preset's own timed actions (the last is at 150 ms).
  await expect.poll(() => simTimeUs(page), { timeout: 10_000 }).toBeGreaterThan(160_000);
  await takeActions(page);
  await expectShareReplays(page, context);
});

test('a shared link carries actions taken while the preset timeline is still running', async ({
  page,
  context,
}) => {
  await openApp(page);
  await setSpeed(page, 50);
  // Acting before the preset's last timed action (150 ms) interleaves the user's actions with the preset's.
  await takeActions(page);
  await expectShareReplays(page, context);
});

test('the browser and the CLI agree on the trace hash of a shared run at the same simulated time', async ({
  page,
}) => {
  const { runCli } = await import('../../src/cli/main.ts');
  const { encodeShareHash } = await import('../../src/codec/url.ts');
  const { getPreset } = await import('../../src/sim/scenarios/presets/index.ts');
  const scenario = getPreset('split-brain')?.scenario;
  if (!scenario) throw new Error('missing preset');
  const hash = encodeShareHash(scenario, 1_300_000);
  // The same core in Node: the CLI runs the link to the time it was shared at.
  const report = JSON.parse(runCli([`#${hash}`, '--compact']).stdout) as {
    traceHash: string;
    endTimeMs: number;
  };
  expect(report.endTimeMs).toBe(1300);
  await page.goto(`/#${hash}`);
  await expect.poll(() => simTimeUs(page), { timeout: 20_000 }).toBe(1_300_000);
  await expect(page.getByTestId('trace-hash')).toHaveText(`trace ${report.traceHash}`);
});

test('the address bar carries the moment while paused, so a reload reopens there; none while playing', async ({
  page,
}) => {
  await openApp(page);
  await setSpeed(page, 50);
  await expect.poll(() => simTimeUs(page), { timeout: 10_000 }).toBeGreaterThan(60_000);
  // Playing: the scenario without a time (the address is not rewritten every frame).
  await expect.poll(() => new URL(page.url()).hash).toMatch(/^#s=1\.[A-Za-z0-9_-]+$/);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const atUs = await simTimeUs(page);
  await expect.poll(() => new URL(page.url()).hash).toMatch(new RegExp(`^#s=1\\.[A-Za-z0-9_-]+&t=${atUs}$`));
  // A step while paused moves the moment in the address too, once it settles.
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(() => simTimeUs(page)).toBeGreaterThan(atUs);
  const stepped = await simTimeUs(page);
  await expect.poll(() => new URL(page.url()).hash).toMatch(new RegExp(`&t=${stepped}$`));
  const historyLength = await page.evaluate(() => history.length);

  await page.reload();
  await expect.poll(() => simTimeUs(page), { timeout: 15_000 }).toBe(stepped);
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  // The address was replaced, never pushed: Back does not step through moments.
  expect(await page.evaluate(() => history.length)).toBe(historyLength);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => new URL(page.url()).hash).not.toContain('&t=');
});

test('a shared preset run plays at that preset’s own speed, as its #preset= link does; a run of its own keeps the page’s', async ({
  page,
}) => {
  const { encodeShareHash } = await import('../../src/codec/url.ts');
  const { getPreset } = await import('../../src/sim/scenarios/presets/index.ts');
  const { DEFAULT_SPEED_MS_PER_S } = await import('../../src/app/store.ts');
  const preset = getPreset('async-failover-lost-writes');
  if (!preset) throw new Error('missing preset');
  const speed = () => page.evaluate(() => window.__labTest?.shown().speed);
  await page.goto(`/?labtest#${encodeShareHash(preset.scenario, 300_000)}`);
  await expect.poll(() => simTimeUs(page), { timeout: 20_000 }).toBe(300_000);
  await expect.poll(speed).toBe(preset.speed);
  // The page's own speed differs, so neither check could pass by chance.
  expect(DEFAULT_SPEED_MS_PER_S).not.toBe(preset.speed);
  await page.goto(`/?labtest#${encodeShareHash({ ...preset.scenario, name: 'My own run' }, 300_000)}`);
  await page.reload();
  await expect.poll(() => simTimeUs(page), { timeout: 20_000 }).toBe(300_000);
  await expect.poll(speed).toBe(DEFAULT_SPEED_MS_PER_S);
});

test('a link pasted into an open tab keeps its time in the address bar while its run opens, so a reload reopens that moment', async ({
  page,
}) => {
  const { encodeShareHash } = await import('../../src/codec/url.ts');
  const { getPreset } = await import('../../src/sim/scenarios/presets/index.ts');
  const preset = getPreset('async-failover-lost-writes');
  if (!preset) throw new Error('missing preset');
  await page.goto(`/?labtest#${encodeShareHash(preset.scenario, 300_000)}`);
  await expect.poll(() => simTimeUs(page), { timeout: 20_000 }).toBe(300_000);
  // Every address the page writes from here on.
  await page.evaluate(() => {
    const written: string[] = [];
    (window as unknown as { written: string[] }).written = written;
    const replace = history.replaceState.bind(history);
    history.replaceState = (state, unused, url) => {
      written.push(String(url));
      replace(state, unused, url);
    };
  });
  const link = `#${encodeShareHash({ ...preset.scenario, name: 'Pasted run' }, 200_000)}`;
  await page.evaluate((hash) => {
    location.hash = hash;
  }, link);
  await expect.poll(() => simTimeUs(page), { timeout: 20_000 }).toBe(200_000);
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await page.waitForTimeout(600);
  const written = await page.evaluate(() => (window as unknown as { written: string[] }).written);
  expect(written.filter((hash) => !hash.endsWith('&t=200000'))).toEqual([]);
  expect(new URL(page.url()).hash).toMatch(/&t=200000$/);
  await page.reload();
  await expect.poll(() => simTimeUs(page), { timeout: 20_000 }).toBe(200_000);
});
