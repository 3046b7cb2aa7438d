import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { encodeShareHash } from '../../src/codec/url.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import {
  expect,
  node,
  nodeAction,
  nodeButton,
  openApp,
  openTab,
  setSlider,
  setSpeed,
  test,
  upLeaders,
} from './fixtures.ts';

async function write(page: Page, key: string, value: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Write' });
  await form.getByLabel('Key').fill(key);
  await form.getByLabel('Value').fill(value);
  await form.getByRole('button', { name: 'Write', exact: true }).click();
}

test('majority election: the leader dies, a new leader of a higher term takes over, writes go on, the old leader rejoins as follower', async ({
  page,
}) => {
  await openApp(page);
  await page.getByLabel('Failover mode').selectOption('majority');
  await expect(page.getByTestId('failover-hint')).toContainText(/^safe/i);
  await setSpeed(page, 55);
  await expect(page.getByTestId('leader-status')).toHaveText('leader bank_leader · term 1');

  await nodeAction(page, 'bank_leader', 'Crash');
  await expect(node(page, 'bank_leader')).toHaveAttribute('data-up', 'false');

  // A follower times out, wins a majority, and leads a newer term.
  await expect(upLeaders(page)).toHaveCount(1, { timeout: 15_000 });
  const leader = (await upLeaders(page).getAttribute('data-node-id')) ?? '';
  expect(['bank_follower1', 'bank_follower2']).toContain(leader);
  const term = Number(await upLeaders(page).getAttribute('data-term'));
  expect(term).toBeGreaterThan(1);
  await expect(node(page, leader)).toContainText(`term ${term}`);
  await expect(page.getByTestId('leader-status')).toHaveText(`leader ${leader} · term ${term}`);

  // Writes go on, through the new leader.
  await write(page, 'new_term', '42');
  const result = page.getByTestId('result').filter({ hasText: 'new_term = 42' });
  await expect(result).toContainText('ok', { timeout: 15_000 });
  await expect(result).toContainText(leader);

  // The old leader restarts, hears of the newer term, follows, and catches up.
  await nodeAction(page, 'bank_leader', 'Restart');
  await expect(node(page, 'bank_leader')).toHaveAttribute('data-up', 'true');
  await expect(node(page, 'bank_leader')).toHaveAttribute('data-role', 'follower', { timeout: 10_000 });
  await expect(node(page, 'bank_leader')).toHaveAttribute('data-term', String(term), { timeout: 10_000 });
  await expect(node(page, 'bank_leader')).toContainText(/new_term\s*42/, { timeout: 10_000 });
  await expect(upLeaders(page)).toHaveCount(1);
  await expect(page.getByTestId('split-brain')).toHaveCount(0);
});

test('naive promotion: partitioning the leader away makes two leaders, and split brain is flagged until the heal', async ({
  page,
}) => {
  await openApp(page);
  await page.getByLabel('Failover mode').selectOption('naive');
  await expect(page.getByTestId('failover-hint')).toContainText(/^unsafe/i);
  await setSpeed(page, 55);
  await setSlider(page, 'Partition', 1);

  const banner = page.getByTestId('split-brain');
  await expect(banner).toBeVisible({ timeout: 15_000 });
  await expect(upLeaders(page)).toHaveCount(2);
  await expect(banner).toContainText('Split brain: 2 leaders');
  await expect(banner).toContainText('bank_leader (term 1)');
  await expect(page.getByTestId('leader-status')).toHaveText('2 leaders');
  // Both keep the LEADER badge, and both are marked.
  await expect(node(page, 'bank_leader')).toHaveAttribute('data-split-brain', 'true');
  await expect(page.locator('[data-testid="node"][data-split-brain="true"]')).toHaveCount(2);
  await expect(node(page, 'bank_leader')).toContainText('LEADER');
  await expect(node(page, 'bank_leader')).not.toContainText('STALE');
  await expect(page.locator('[data-testid="node"][data-deposed="true"]')).toHaveCount(0);

  // At the heal the old leader sees the newer term and steps down: one leader again.
  await setSlider(page, 'Partition', 0);
  await expect(banner).toHaveCount(0, { timeout: 10_000 });
  await expect(node(page, 'bank_leader')).toHaveAttribute('data-role', 'follower');
  await expect(upLeaders(page)).toHaveCount(1);
});

test('the split-brain preset lists the acknowledged writes db1 took after db5 took office, and the history marks them', async ({
  page,
}) => {
  await openApp(page);
  await page.getByLabel('Preset').selectOption('split-brain');
  await expect(page.getByTestId('node')).toHaveCount(5);
  // The lost writes are listed in the History tab: open it while the run is still slow, before the split.
  await openTab(page, 'History');
  // None yet: the first is lost at 602.8 ms, after db5 took office (444 ms).
  await expect(page.getByTestId('lost-writes')).toContainText('None');
  await setSpeed(page, 60);
  await expect(page.getByTestId('split-brain')).toBeVisible({ timeout: 15_000 });

  const rows = page.getByTestId('lost-write');
  await expect(rows).toHaveCount(5, { timeout: 20_000 });
  await expect(page.getByTestId('lost-count')).toHaveText('5');
  // Lost as db1 appended it, db5 being in office (orphaned), not at the heal.
  await expect(rows.first()).toHaveText(
    /^w2 cart = alice-1 acknowledged by db1 \(term 1, #2\) at 605\.6 ms — lost before it was acknowledged, at 602\.8 ms: orphaned: db1, deposed leader of term 1, appended it after db5 took office as leader of term 2, while only db1 held it: lost unless db1 leads again and keeps it$/,
  );
  await expect(page.getByTestId('counts').locator('[data-count="lostWrites"]')).toContainText('5');
  await expect(page.locator('.history-table [data-testid="lost"]').first()).toBeVisible();
  await expect(page.getByTestId('split-brain')).toHaveCount(0);
});

test('manual failover: promote a follower, demote the leader; a crash can wipe the disk', async ({
  page,
}) => {
  await openApp(page);
  await setSpeed(page, 50);
  const failover = page.getByRole('group', { name: 'Manual failover' });
  await failover.getByLabel('Node').selectOption('bank_follower1');
  await expect(failover.getByRole('button', { name: 'Demote', exact: true })).toBeDisabled();
  await failover.getByRole('button', { name: 'Promote', exact: true }).click();
  await expect(node(page, 'bank_follower1')).toHaveAttribute('data-role', 'leader');
  await expect(node(page, 'bank_follower1')).toHaveAttribute('data-term', '2');
  // The old leader hears of term 2 and steps down.
  await expect(node(page, 'bank_leader')).toHaveAttribute('data-role', 'follower', { timeout: 10_000 });

  await failover.getByRole('button', { name: 'Demote', exact: true }).click();
  await expect(upLeaders(page)).toHaveCount(0);
  await expect(page.getByTestId('leader-status')).toHaveText('no leader: promote a node');

  // Promote again, from the node's own menu this time.
  await nodeAction(page, 'bank_leader', 'Promote to leader');
  await expect(node(page, 'bank_leader')).toHaveAttribute('data-role', 'leader');
  // Lose the disk (the menu's second entry, by keyboard): the crashed node keeps nothing, and copies everything
  // again after the restart.
  await nodeButton(page, 'bank_follower2').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Crash, losing its disk' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(node(page, 'bank_follower2')).toHaveAttribute('data-up', 'false');
  await expect(node(page, 'bank_follower2')).toContainText('log 0 on disk');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(node(page, 'bank_follower2')).toHaveAttribute('data-up', 'true');
  await expect(node(page, 'bank_follower2')).toContainText('account_123', { timeout: 10_000 });

  // Every step is in the recorded timeline, the disk loss included, so a shared link replays it.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON', exact: true }).click();
  const recorded = JSON.parse(await readFile((await (await download).path()) ?? '', 'utf8')) as Scenario;
  expect(recorded.timeline.map((e) => e.action)).toEqual(
    expect.arrayContaining([
      { type: 'promote', node: 'bank_follower1' },
      { type: 'demote', node: 'bank_follower1' },
      { type: 'promote', node: 'bank_leader' },
      { type: 'crash', node: 'bank_follower2', durable: false },
      { type: 'restart', node: 'bank_follower2' },
    ]),
  );
});

test('a shared link opened in the middle of an election shows the candidate', async ({ page }) => {
  // Majority election; the leader dies at 100 ms. Find, headlessly, an instant when a follower is a candidate.
  const base = getPreset('bank-ledger-async')?.scenario;
  if (!base) throw new Error('no bank-ledger-async preset');
  const scenario: Scenario = {
    ...base,
    leaderFollower: { mode: 'async', semiSyncAcks: 1, heartbeatMs: 100, failover: 'majority' },
    timeline: [
      ...base.timeline,
      { atUs: 100_000, action: { type: 'crash' as const, node: 'bank_leader' } },
    ].sort((a, b) => a.atUs - b.atUs),
  };
  const sim = new Simulation(scenario);
  let candidateAtUs: number | null = null;
  while (candidateAtUs === null && sim.nowUs < 2_000_000 && sim.step())
    if (sim.snapshot().nodes.some((n) => n.up && n.role === 'candidate')) candidateAtUs = sim.nowUs;
  expect(candidateAtUs).not.toBeNull();

  await openApp(page, `/#${encodeShareHash(scenario, candidateAtUs)}`);
  const candidate = page.locator('[data-testid="node"][data-role="candidate"]');
  await expect(candidate).toHaveCount(1);
  await expect(candidate).toContainText('CANDIDATE');
  await expect(candidate).toContainText('term 2');
  await expect(page.getByTestId('leader-status')).toHaveText('no leader: election for term 2');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
});

test('the key-reuse preset marks the ids handed out twice', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Preset').selectOption('key-reuse-after-failover');
  await setSpeed(page, 60);
  await openTab(page, 'History');
  const duplicates = page.locator('.history-table [data-testid="duplicate"]');
  await expect(duplicates).toHaveCount(2, { timeout: 20_000 });
  await expect(page.getByTestId('counts').locator('[data-count="duplicateIds"]')).toContainText('2');
  const rows = page.locator('.history-table tr', { has: page.getByTestId('duplicate') });
  await expect(rows.first()).toContainText(/same id as op \d+/);
});

test('per-follower sync replication: the leader waits only for the ticked followers', async ({ page }) => {
  await openApp(page);
  await setSpeed(page, 50);
  await page.getByLabel('Replication mode').selectOption('sync');
  const follower2 = page.getByRole('checkbox', { name: /bank_follower2/ });
  await expect(follower2).toBeChecked();
  await nodeAction(page, 'bank_follower2', 'Crash');
  await expect(node(page, 'bank_follower2')).toHaveAttribute('data-up', 'false');

  // bank_follower2 is synchronous and down: the write waits.
  await write(page, 'sync_key', 'waits');
  const waiting = page.getByTestId('result').filter({ hasText: 'sync_key = waits' });
  await expect(waiting).toBeVisible();
  await page.waitForTimeout(500);
  await expect(waiting).not.toContainText(/\bok\b/);

  // Untick it: the leader no longer waits for it, and the next write is acknowledged.
  await follower2.uncheck();
  await expect(follower2).not.toBeChecked();
  await write(page, 'sync_key', 'flows');
  await expect(page.getByTestId('result').filter({ hasText: 'sync_key = flows' })).toContainText('ok', {
    timeout: 10_000,
  });
});

test('read policy per client: monotonic reads pick a sticky replica', async ({ page }) => {
  await openApp(page);
  await setSpeed(page, 50);
  const policy = page.getByLabel('Read policy for teller');
  await expect(policy).toHaveValue('any');
  await policy.selectOption('monotonic');
  await expect(policy).toHaveValue('monotonic');
  // The generated workload reads: the first read picks the replica the client sticks to.
  const sticky = page.getByTestId('sticky');
  await expect(sticky).toContainText(/Sticky replica: bank_\w+/, { timeout: 10_000 });
  await expect(page.getByTestId('sticky-link')).toHaveCount(1);
  await policy.selectOption('leader');
  await expect(sticky).toHaveCount(0);
});

test('majority election: the cut-off leader is shown as a stale leader that cannot commit, not as split brain', async ({
  page,
}) => {
  await openApp(page);
  await page.getByLabel('Preset').selectOption('split-brain-fixed');
  await expect(page.getByTestId('node')).toHaveCount(5);
  await setSpeed(page, 60);
  const banner = page.getByTestId('stale-leader');
  await expect(banner).toBeVisible({ timeout: 15_000 });
  // Paused while the checks below look, so a slow machine cannot play past the heal meanwhile.
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(banner).toContainText('Stale leader, not split brain.');
  await expect(banner).toContainText('a write commits only on a majority');
  await expect(page.getByTestId('split-brain')).toHaveCount(0);
  await expect(page.getByTestId('leader-status')).toHaveText(/^leader db\d · term 2 · stale: db1$/);
  await expect(page.locator('[data-testid="node"][data-split-brain="true"]')).toHaveCount(0);
  // db1's card says what it is: a stale leader, not the leader; db5 keeps its LEADER badge.
  await expect(node(page, 'db1')).toHaveAttribute('data-deposed', 'true');
  await expect(node(page, 'db1').locator('.role-badge')).toHaveText('STALE LEADER');
  await expect(node(page, 'db1').locator('.node-card')).toHaveAttribute('aria-label', /^db1, stale leader/);
  await expect(page.locator('[data-testid="node"][data-deposed="true"]')).toHaveCount(1);
  await expect(upLeaders(page)).toHaveCount(2);
  // At the heal db1 hears of the newer term and steps down: one leader again.
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(banner).toHaveCount(0, { timeout: 20_000 });
});
