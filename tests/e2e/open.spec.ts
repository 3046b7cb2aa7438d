import {
  canvasAlphaAt,
  expect,
  messageDots,
  messagesInFlight,
  node,
  openApp,
  simTimeUs,
  test,
} from './fixtures.ts';

test('opens on the bank ledger with three nodes and messages moving along the links', async ({ page }) => {
  await openApp(page);
  await expect(page.getByRole('heading', { name: 'Replication Lab' })).toBeVisible();
  await expect(node(page, 'bank_leader')).toHaveAttribute('data-role', 'leader');
  await expect(node(page, 'bank_follower1')).toHaveAttribute('data-role', 'follower');
  await expect(node(page, 'bank_follower2')).toHaveAttribute('data-up', 'true');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();

  // The clock runs.
  const t0 = await simTimeUs(page);
  await expect.poll(() => simTimeUs(page)).toBeGreaterThan(t0);

  // Messages are drawn, and move: a message (by id) is somewhere else a moment later.
  await expect.poll(() => messagesInFlight(page), { timeout: 10_000 }).toBeGreaterThan(0);
  await expect
    .poll(
      async () => {
        const before = await messageDots(page);
        // Positions are republished at most every 200 ms.
        await page.waitForTimeout(300);
        const after = new Map((await messageDots(page)).map((d) => [d.id, d]));
        return before.some((d) => {
          const later = after.get(d.id);
          return later !== undefined && (later.x !== d.x || later.y !== d.y);
        });
      },
      { timeout: 10_000 },
    )
    .toBe(true);

  // Colours by kind, with a legend.
  await expect(page.getByRole('list', { name: 'Message colours' })).toContainText('replicate');
});

test('pause stops the clock and messages; step advances to the next instant', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const paused = await simTimeUs(page);
  await page.waitForTimeout(300);
  expect(await simTimeUs(page)).toBe(paused);
  // Paused, the dots stay where they are, and each reported dot is really painted on the canvas.
  const dots = await messageDots(page);
  await page.waitForTimeout(300);
  expect(await messageDots(page)).toEqual(dots);
  expect(dots.length).toBeGreaterThan(0);
  for (const alpha of await canvasAlphaAt(page, dots.slice(0, 8))) expect(alpha).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(() => simTimeUs(page)).toBeGreaterThan(paused);
});

test('the heartbeat toggle hides and shows heartbeat dots', async ({ page }) => {
  await openApp(page);
  const kinds = async () => new Set((await messageDots(page)).map((d) => d.kind));
  await expect.poll(async () => (await kinds()).has('heartbeat'), { timeout: 10_000 }).toBe(true);
  const toggle = page.getByLabel('Show heartbeats');
  await toggle.uncheck();
  // Give the throttled positions time to refresh a few times: no heartbeat is drawn any more.
  await page.waitForTimeout(250);
  for (let i = 0; i < 4; i++) {
    expect(await kinds()).not.toContain('heartbeat');
    await page.waitForTimeout(220);
  }
  await toggle.check();
  await expect.poll(async () => (await kinds()).has('heartbeat'), { timeout: 10_000 }).toBe(true);
});
