/**
 * axe-core on the page as a newcomer meets it: the default preset, one preset per model and a 100-node ring (its
 * compact nodes and the search box of its switches), in the dark and the
 * light theme, with no serious or critical violation. The experimental label-content-name-mismatch rule is on
 * too (a control's accessible name must contain its visible text, so speech input can name it).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';

for (const scheme of ['dark', 'light'] as const)
  for (const preset of [
    'bank-ledger-async',
    'split-brain',
    'lww-drops-writes',
    'sloppy-quorum-stale',
    'scale-leaderless-100',
  ]) {
    test(`no serious accessibility violation: ${preset}, ${scheme} theme`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`/#preset=${preset}`);
      await expect(page.getByTestId('sim-time')).toHaveText(/t = [\d,]+\.\d{3} ms/);
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      // Let the run produce some state (data on the cards, anomalies in the strip) before looking.
      await page.waitForTimeout(1500);
      const result = await new AxeBuilder({ page })
        .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
        .analyze();
      const serious = result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${v.id} (${v.nodes.length}): ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join('; ')}`,
        );
      expect(serious).toEqual([]);
    });
  }

for (const scheme of ['dark', 'light'] as const)
  test(`a primary button keeps its text's contrast while hovered, ${scheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/');
    await expect(page.getByTestId('sim-time')).toHaveText(/t = [\d,]+\.\d{3} ms/);
    const share = page.getByRole('button', { name: 'Share', exact: true });
    await expect(share).toHaveClass(/primary/);
    await share.hover();
    // Past the buttons' colour transition (base.css), so the hover colour is the one measured.
    await page.waitForTimeout(400);
    const result = await new AxeBuilder({ page })
      .include('header button.primary')
      .withRules(['color-contrast'])
      .analyze();
    expect(result.violations.flatMap((v) => v.nodes.map((n) => n.failureSummary))).toEqual([]);
    expect(result.passes.length).toBeGreaterThan(0);
  });

for (const scheme of ['dark', 'light'] as const)
  test(`the Conflicts tab on a phone, its list scrolling, has no serious violation: ${scheme} theme`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/#preset=lww-drops-writes');
    await expect(page.getByTestId('sim-time')).toHaveText(/t = [\d,]+\.\d{3} ms/);
    const tab = page.getByRole('tab', { name: 'Conflicts', exact: true });
    await tab.click();
    // Three shoppers' writes to one cart, detected on every node: more than the list's 240 px show.
    const list = page.locator('ol.conflict-list');
    await expect
      .poll(() => list.evaluate((ol) => ol.scrollHeight > ol.clientHeight), { timeout: 20_000 })
      .toBe(true);
    const result = await new AxeBuilder({ page }).include('[role="tabpanel"]').analyze();
    const serious = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
    expect(serious).toEqual([]);
  });

test('the theme follows the system until chosen, and the choice is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('button', { name: 'Switch to the light theme' })).toBeVisible();
});

test('a skip link leads the keyboard to the controls', async ({ page }) => {
  await page.goto('/');
  const skip = page.getByRole('button', { name: 'Skip to the controls' });
  // The page is drawn by a chunk the entry fetches (src/main.tsx), which can land after the load event, and the
  // controls' column by one fetched after the first graph (src/app/lazy.tsx): a keyboard user meets the skip link
  // on the page as it is once loaded.
  await expect(skip).toBeAttached();
  await expect(page.locator('#controls button').first()).toBeVisible({ timeout: 15_000 });
  await page.keyboard.press('Tab');
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('complementary', { name: 'Controls' })).toBeFocused();
  // It changed nothing else: the run goes on, with no error about the address.
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(new URL(page.url()).hash).toMatch(/^#s=1\./);
});

test('a skip link taken before the controls arrive leaves the keyboard on them', async ({ page }) => {
  // Hold the controls' chunk back (src/app/lazy.tsx fetches it after the first graph) until the link is taken.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/assets\/ControlPanel-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/');
  const controls = page.getByRole('complementary', { name: 'Controls' });
  await expect(controls).toBeAttached();
  await expect(page.getByTestId('sim-time')).toHaveText(/t = [\d,]+\.\d{3} ms/);
  const skip = page.getByRole('button', { name: 'Skip to the controls' });
  await skip.focus();
  await page.keyboard.press('Enter');
  await expect(controls).toBeFocused();
  await expect(page.locator('#controls button')).toHaveCount(0);
  release();
  await expect(page.locator('#controls button').first()).toBeVisible({ timeout: 15_000 });
  await expect(controls).toBeFocused();
  // The next Tab goes into the column, not back to the top of the page.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('#controls') !== null)).toBe(true);
});
