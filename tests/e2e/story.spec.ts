/**
 * Key moments as a user meets them: in story mode playback stops exactly at each moment the run reveals, a
 * caption on the graph says what happened (an anomaly in the oracle's own sentence), rings the nodes involved
 * and offers Continue; free mode plays straight through.
 */
import { expect, openApp, setSpeed, simTimeUs, test } from './fixtures.ts';

test.use({ story: true });

test('the default preset stops at its stale read, named in the oracle’s sentence, at its exact time', async ({
  page,
}) => {
  await openApp(page);
  const caption = page.getByTestId('story-caption');
  await expect(caption).toBeVisible({ timeout: 15_000 });
  await expect(caption).toHaveAttribute('data-kind', 'anomaly');
  await expect(page.getByTestId('story-sentence')).toHaveText(
    'read r2 on bank_follower1 at 20.0 ms returned nothing, but write w1 ("1000") was acknowledged at 14.8 ms',
  );
  await expect(caption).toContainText('Anomaly: a stale read');
  await expect(page.getByTestId('story-nodes')).toHaveText('Node: bank_follower1');
  await expect(page.locator('[data-testid="moment-ring"][data-node-id="bank_follower1"]')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  expect(await simTimeUs(page)).toBe(27_441);
  await expect(page.getByTestId('story-announcement')).toContainText('Anomaly: a stale read at 27.441 ms.');
  // The preset opened at its own speed (25 simulated ms per second).
  await expect(page.getByTestId('scrubber-moment')).toHaveCount(1);
});

test('split brain: stops at the partition, the new leader, the lost write and the heal; Continue resumes', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openApp(page);
  await page.getByLabel('Preset').selectOption('split-brain');
  await expect(page.getByTestId('node')).toHaveCount(5);
  const caption = page.getByTestId('story-caption');
  const stops: [string | null, number][] = [];
  // db1 acknowledges alice's first write after db5 took office: it is lost then (orphaned), before the heal.
  for (const kind of ['fault', 'election', 'anomaly', 'heal']) {
    await expect(caption).toHaveAttribute('data-kind', kind, { timeout: 20_000 });
    const atUs = Number(await caption.getAttribute('data-at-us'));
    await expect.poll(() => simTimeUs(page)).toBe(atUs);
    stops.push([kind, atUs]);
    if (kind === 'anomaly') {
      await expect(page.getByTestId('story-sentence')).toHaveText(
        /^write w2 \(cart = "alice-1"\) was acknowledged by db1 at 605\.6 ms, but had been lost already at 602\.8 ms on db1: orphaned: db1, deposed leader of term 1, appended it after db5 took office as leader of term 2, while only db1 held it: lost unless db1 leads again and keeps it$/,
      );
      await expect(page.locator('[data-testid="moment-ring"][data-node-id="db1"]')).toHaveCount(1);
    }
    if (kind === 'heal') break;
    // Continue is an ordinary button: focus and Enter resume playback.
    await page.getByTestId('story-continue').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => simTimeUs(page)).toBeGreaterThan(atUs);
  }
  expect(stops).toEqual([
    ['fault', 300_000],
    ['election', 444_000],
    ['anomaly', 605_577],
    ['heal', 1_200_000],
  ]);
  await expect(page.getByTestId('scrubber-moment')).toHaveCount(4);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(caption).toHaveCount(0);
  await expect.poll(() => simTimeUs(page)).toBeGreaterThan(1_320_000);
});

test('free mode plays through every moment without stopping', async ({ page }) => {
  test.setTimeout(60_000);
  await openApp(page);
  await page.getByLabel('Free: plays through').check();
  await page.getByLabel('Preset').selectOption('split-brain');
  await expect(page.getByTestId('node')).toHaveCount(5);
  await page.getByLabel('Speed', { exact: true }).fill('70');
  await expect.poll(() => simTimeUs(page), { timeout: 30_000 }).toBeGreaterThan(1_400_000);
  await expect(page.getByTestId('story-caption')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect(page.getByTestId('scrubber-moment')).toHaveCount(4);
});

type Box = { x: number; y: number; width: number; height: number };
const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('the caption leaves the moment’s marks and its node in view (sloppy quorum, stale read at 846.360 ms)', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/#preset=sloppy-quorum-stale');
  await expect(page.getByTestId('node')).toHaveCount(5);
  await setSpeed(page, 70);
  const caption = page.getByTestId('story-caption');
  for (let i = 0; i < 10; i++) {
    await expect(caption).toBeVisible({ timeout: 20_000 });
    const atUs = Number(await caption.getAttribute('data-at-us'));
    if (atUs === 846_360) break;
    await page.getByTestId('story-continue').click();
    await expect.poll(() => simTimeUs(page)).toBeGreaterThan(atUs);
  }
  await expect(caption).toHaveAttribute('data-at-us', '846360');
  const chip = await page.getByTestId('client-anomaly').boundingBox();
  const ring = await page.locator('[data-testid="moment-ring"]').first().boundingBox();
  // The caption settles once the marks are measured (a frame after the moment stops).
  await expect
    .poll(async () => {
      const box = await caption.boundingBox();
      return (
        box !== null && chip !== null && ring !== null && !intersects(box, chip) && !intersects(box, ring)
      );
    })
    .toBe(true);
});
