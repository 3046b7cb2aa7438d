import type { Page } from '@playwright/test';
import { expect, node, openTab, setSpeed, simTimeUs, test } from './fixtures.ts';

// Each journey waits for replication across regions (80 ms links, 250 ms anti-entropy) at a fast playback speed;
// on a loaded two-core machine that can take longer than the default 30 s.
test.describe.configure({ timeout: 60_000 });

const LEADERS = ['us_leader', 'eu_leader'];
const NODES = ['us_leader', 'us_follower', 'eu_leader', 'eu_follower'];

/** Opens the app, switches to a multi-leader preset with the picker, and waits for its regions. */
async function openMultiLeader(page: Page, preset: string): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('node')).toHaveCount(3);
  await page.getByLabel('Preset').selectOption(preset);
  await expect(page.getByTestId('region')).toHaveCount(2);
  await expect(page.getByTestId('node')).toHaveCount(4);
  await expect(page.getByTestId('multileader-controls')).toBeVisible();
  // Leader-follower controls are gone.
  await expect(page.getByLabel('Failover mode')).toHaveCount(0);
  await expect(page.getByLabel('Replication mode')).toHaveCount(0);
  // The model's own tab: the conflicts the leaders detect.
  await openTab(page, 'Conflicts');
}

/**
 * The value a node holds for a key (siblings joined with " | "), or null while it holds none. Read from the
 * card's tooltip, which lists its first twelve keys whole: a small card draws only its first rows.
 */
async function shownValue(page: Page, id: string, key: string): Promise<string | null> {
  const title = await node(page, id)
    .locator(':scope > title')
    .textContent({ timeout: 1_000 })
    .catch(() => null);
  const line = title?.split('\n').find((l) => l.startsWith(`${key} = `));
  return line ? line.slice(key.length + 3).replace(/ \(version \d+\)$/, '') : null;
}

async function write(page: Page, client: string, key: string, value: string): Promise<void> {
  const data = page.getByRole('region', { name: 'Data' });
  await data.getByLabel('Client').selectOption(client);
  const form = data.getByRole('form', { name: 'Write' });
  await form.getByLabel('Key').fill(key);
  await form.getByLabel('Value').fill(value);
  await form.getByRole('button', { name: 'Write', exact: true }).click();
}

/** Cuts the US–EU link, writes the key on both sides, checks each side kept its own value, and restores it. */
async function concurrentWrites(page: Page, key: string, us: string, eu: string): Promise<void> {
  await page.getByRole('button', { name: 'Cut US–EU link' }).click();
  await expect(page.getByTestId('ml-link-cut').first()).toBeVisible();
  await write(page, 'us_shop', key, us);
  await write(page, 'eu_shop', key, eu);
  await expect.poll(() => shownValue(page, 'us_leader', key), { timeout: 15_000 }).toBe(us);
  await expect.poll(() => shownValue(page, 'eu_leader', key), { timeout: 15_000 }).toBe(eu);
  // Neither side has the other's write while the link is cut.
  await expect(page.locator(`[data-testid="conflict"][data-key="${key}"]`)).toHaveCount(0);
  await page.getByRole('button', { name: 'Restore US–EU link' }).click();
  await expect(page.getByTestId('ml-link-cut')).toHaveCount(0);
}

test('cut the US–EU link, write the same key on both sides, restore: last-write-wins keeps one value everywhere', async ({
  page,
}) => {
  await openMultiLeader(page, 'ecommerce-any-leader');
  await expect(page.getByLabel('Conflict resolution')).toHaveValue('lww');
  await setSpeed(page, 60);
  await concurrentWrites(page, 'doc_title', 'alpha', 'beta');

  const conflict = page.locator('[data-testid="conflict"][data-key="doc_title"]');
  await expect(conflict.first()).toBeVisible({ timeout: 15_000 });
  await expect(conflict.first()).toContainText('alpha');
  await expect(conflict.first()).toContainText('beta');
  await expect(conflict.first()).toContainText('last-write-wins');
  await expect(conflict.first()).toContainText(/kept "(alpha|beta)"/);
  // Every node converges on the same single value, and each leader marks the conflict it detected.
  await expect
    .poll(async () => new Set(await Promise.all(NODES.map((id) => shownValue(page, id, 'doc_title')))).size, {
      timeout: 15_000,
    })
    .toBe(1);
  expect(['alpha', 'beta']).toContain(await shownValue(page, 'us_leader', 'doc_title'));
  for (const id of LEADERS) await expect(node(page, id).getByTestId('conflict-marker')).toBeVisible();
  await expect(page.getByTestId('divergence')).toContainText('Converged');
  // The dropped write was acknowledged: it is listed as lost.
  await openTab(page, 'History');
  await expect(page.getByTestId('lost-write').filter({ hasText: 'doc_title' })).toHaveCount(1);
});

test('with keep siblings, both concurrent values survive on every leader', async ({ page }) => {
  await openMultiLeader(page, 'ecommerce-any-leader');
  await page.getByLabel('Conflict resolution').selectOption('siblings');
  await expect(page.getByLabel('Conflict resolution')).toHaveValue('siblings');
  await setSpeed(page, 60);
  await concurrentWrites(page, 'cart_9', 'milk', 'eggs');

  for (const id of LEADERS) {
    await expect
      .poll(async () => (await shownValue(page, id, 'cart_9'))?.split(' | ').sort().join(','), {
        timeout: 15_000,
      })
      .toBe('eggs,milk');
    await expect(node(page, id)).toContainText('SIBLINGS');
  }
  const conflict = page.locator('[data-testid="conflict"][data-key="cart_9"]').first();
  await expect(conflict).toContainText('keep siblings');
  await openTab(page, 'History');
  await expect(page.getByTestId('lost-writes')).toBeVisible();
  await expect(page.getByTestId('lost-write').filter({ hasText: 'cart_9' })).toHaveCount(0);
});

test('a shared multi-leader link reopens the same run at the same simulated time', async ({
  page,
  context,
}) => {
  await openMultiLeader(page, 'write-conflict-lww');
  await setSpeed(page, 60);
  await page.getByRole('button', { name: 'Cut US–EU link' }).click();
  await write(page, 'eu_shop', 'doc_title', 'after the cut');
  await expect
    .poll(() => shownValue(page, 'eu_leader', 'doc_title'), { timeout: 15_000 })
    .toBe('after the cut');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const atUs = await simTimeUs(page);
  const expected = await Promise.all(NODES.map((id) => node(page, id).textContent()));

  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByLabel('Share link').inputValue();
  expect(link).toMatch(/#s=1\.[A-Za-z0-9_-]+&t=\d+$/);

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('node')).toHaveCount(4);
  await expect(other.getByRole('alert')).toHaveCount(0);
  await expect.poll(() => simTimeUs(other), { timeout: 15_000 }).toBe(atUs);
  await expect(other.getByTestId('region')).toHaveCount(2);
  await expect(other.getByRole('button', { name: 'Restore US–EU link' })).toBeVisible();
  for (const [i, id] of NODES.entries()) await expect(node(other, id)).toHaveText(expected[i] ?? '');
});

test('the status beside the clock counts the leaders up in words: "1 leader up" once one of two crashes', async ({
  page,
}) => {
  await openMultiLeader(page, 'ecommerce-any-leader');
  const status = page.getByTestId('leader-status');
  await expect(status).toHaveText('2 leaders up · multi-leader');
  await page
    .getByRole('group', { name: /Nodes up/ })
    .getByRole('switch', { name: 'eu_leader' })
    .click();
  await expect(node(page, 'eu_leader')).toHaveAttribute('data-up', 'false');
  await expect(status).toHaveText('1 leader up · multi-leader');
});

test('with no write lost but the leaders diverged, the History tab does not say every leader holds every write', async ({
  page,
}) => {
  await openMultiLeader(page, 'write-conflict-diverge');
  await setSpeed(page, 100);
  // The two leaders keep different titles: each acknowledged write is held by one leader, and none is lost.
  await expect(page.getByTestId('anomaly-strip')).toContainText('divergence', { timeout: 15_000 });
  await openTab(page, 'History');
  await expect(page.getByTestId('lost-count')).toHaveText('0');
  await expect(page.getByTestId('lost-writes')).toContainText(
    'None: every acknowledged write is still held by at least one node.',
  );
});
