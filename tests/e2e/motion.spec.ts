/**
 * With the system's reduced motion on, nothing glides or pulses: message dots step between a few places along
 * their links, and a candidate's ring stands still (no animation runs on the page).
 */
import { encodeShareHash } from '../../src/codec/url.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { expect, messageDots, openApp, setSpeed, test } from './fixtures.ts';

/** The bank ledger with majority election and its leader crashed at 100 ms, at an instant of the election. */
function electionLink(): string {
  const base = getPreset('bank-ledger-async')?.scenario as Scenario;
  const scenario: Scenario = {
    ...base,
    leaderFollower: { mode: 'async', semiSyncAcks: 1, heartbeatMs: 100, failover: 'majority' },
    timeline: [
      ...base.timeline,
      { atUs: 100_000, action: { type: 'crash' as const, node: 'bank_leader' } },
    ].sort((a, b) => a.atUs - b.atUs),
  };
  const sim = new Simulation(scenario);
  while (sim.nowUs < 2_000_000 && sim.step())
    if (sim.snapshot().nodes.some((n) => n.up && n.role === 'candidate')) break;
  return `/#${encodeShareHash(scenario, sim.nowUs)}`;
}

test('reduced motion: message dots step instead of gliding', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openApp(page);
  const canvas = page.getByTestId('message-canvas');
  await expect(canvas).toHaveAttribute('data-motion', 'stepped');
  await setSpeed(page, 40);
  // Follow each message over a second and a half: each stands at no more than four places on its link.
  const places = new Map<number, Set<string>>();
  for (let i = 0; i < 12; i++) {
    for (const d of await messageDots(page)) {
      const seen = places.get(d.id) ?? new Set<string>();
      seen.add(`${d.x},${d.y}`);
      places.set(d.id, seen);
    }
    await page.waitForTimeout(120);
  }
  expect(places.size).toBeGreaterThan(0);
  for (const [id, seen] of places) expect(seen.size, `message ${id}`).toBeLessThanOrEqual(4);
});

test('a candidate’s ring pulses, and stands still with reduced motion', async ({ page }) => {
  const link = electionLink();
  await page.goto(link);
  const candidate = page.locator('[data-testid="node"][data-role="candidate"]');
  await expect(candidate).toHaveCount(1);
  await expect.poll(() => page.evaluate(() => document.getAnimations().length)).toBeGreaterThan(0);

  // The same moment with reduced motion (the address bar now holds the run without its time: open the link).
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('about:blank');
  await page.goto(link);
  await expect(page.locator('[data-testid="node"][data-role="candidate"]')).toHaveCount(1);
  await expect(page.locator('.candidate-ring')).toHaveCount(1);
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => document.getAnimations().length)).toBe(0);
  await expect(page.getByTestId('message-canvas')).toHaveAttribute('data-motion', 'stepped');
});
