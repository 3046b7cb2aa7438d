/**
 * React renders on change (issue 12.4): a snapshot whose content the page already shows re-renders no component.
 * Renders are counted the way React DevTools counts them, through the global hook React calls on every commit
 * (`__REACT_DEVTOOLS_GLOBAL_HOOK__.onCommitFiberRoot`, present in production builds too): a function or class
 * component counts when it did work in that commit; a subtree React bailed out of is not walked.
 */
import { expect, openApp, simTimeUs, test } from './fixtures.ts';

declare global {
  interface Window {
    __renders?: { rendered: number; commits: number };
  }
}

/** Installed before the page's scripts, so React finds it when it starts. */
function installRenderCounter(): void {
  const counts = { rendered: 0, commits: 0 };
  window.__renders = counts;
  interface Fiber {
    readonly flags: number;
    readonly type: unknown;
    readonly child: Fiber | null;
    readonly sibling: Fiber | null;
    readonly alternate: Fiber | null;
  }
  const PERFORMED_WORK = 1;
  const walk = (first: Fiber | null) => {
    for (let f = first; f; f = f.sibling) {
      if ((f.flags & PERFORMED_WORK) !== 0 && typeof f.type !== 'string' && f.type) counts.rendered++;
      // A component React bailed out of keeps its old children: nothing below it rendered in this commit.
      if (f.child && !(f.alternate && f.alternate.child === f.child)) walk(f.child);
    }
  };
  Object.assign(window, {
    __REACT_DEVTOOLS_GLOBAL_HOOK__: {
      supportsFiber: true,
      renderers: new Map(),
      inject: () => 1,
      checkDCE: () => {},
      onScheduleFiberRoot: () => {},
      onPostCommitFiberRoot: () => {},
      onCommitFiberUnmount: () => {},
      onCommitFiberRoot: (_id: number, root: { current: Fiber }) => {
        counts.commits++;
        walk(root.current.child);
      },
    },
  });
}

test('ten snapshots of a paused run that change nothing re-render no component', async ({ page }) => {
  await page.addInitScript(installRenderCounter);
  await openApp(page, '/?labtest');
  await expect.poll(() => simTimeUs(page), { timeout: 10_000 }).toBeGreaterThan(20_000);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  // Let the pause's own snapshot, the oracle's answer and the throttled tables settle.
  await page.waitForTimeout(1_500);
  const shown = () => page.evaluate(() => window.__labTest?.shown().applied ?? -1);
  const before = await page.evaluate(() => ({ ...window.__renders }));
  expect(before.commits).toBeGreaterThan(0);
  const speed = await page.evaluate(() => window.__labTest?.shown().speed ?? 0);
  expect(speed).toBeGreaterThan(0);
  const first = await shown();
  for (let i = 1; i <= 10; i++) {
    // The same speed again: the worker answers with a fresh snapshot of the same moment.
    await page.evaluate((same) => window.__labTest?.setSpeed(same), speed);
    await expect.poll(shown).toBe(first + i);
  }
  await page.waitForTimeout(500);
  const after = await page.evaluate(() => ({ ...window.__renders }));
  expect(after.commits).toBeGreaterThanOrEqual(before.commits ?? 0);
  expect((after.rendered ?? -1) - (before.rendered ?? 0)).toBe(0);
  // The counter does see renders: steps that change the run re-render what shows it. One step may change only
  // what is drawn outside React (a message moving on the canvas, the clock and the trace hash written into their
  // elements), so the run is stepped until one does, at most 20 steps (the default preset's next delivery to a
  // node, which its card shows, comes within a few).
  const rendered = () => page.evaluate(() => window.__renders?.rendered ?? 0);
  for (let i = 1; i <= 20 && (await rendered()) === (after.rendered ?? 0); i++) {
    await page.getByRole('button', { name: /^Step/ }).click();
    await expect.poll(shown).toBe(first + 10 + i);
    await page.waitForTimeout(200);
  }
  expect(await rendered()).toBeGreaterThan(after.rendered ?? 0);
});
