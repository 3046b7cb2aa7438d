/**
 * The built page ships a strict Content Security Policy (vite.config.ts), and nothing the app does violates it:
 * loading, playing, sharing, opening another preset, the staleness experiment and a comparison (which between
 * them start all three workers). Violations are recorded from the first script on, by a listener the test adds
 * before the page's own code runs.
 */
import { test as plain } from '@playwright/test';
import { expect, openApp, openTab, setSpeed, simTimeUs, test } from './fixtures.ts';

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

/** Records every securitypolicyviolation event of the page into `window.cspViolations`. */
function recordViolations(): void {
  window.cspViolations = [];
  document.addEventListener(
    'securitypolicyviolation',
    (event) => {
      window.cspViolations?.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile}:${event.lineNumber}`,
      );
    },
    true,
  );
}

const violations = (page: import('@playwright/test').Page) =>
  page.evaluate(() => window.cspViolations ?? ['the recorder was not installed']);

test('the app loads, plays, shares, switches preset, runs the staleness experiment and compares without a CSP violation', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await page.addInitScript(recordViolations);
  await openApp(page);
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    // The one inline script the page carries (public/first-look.js) is allowed by its hash, and no other.
    /^default-src 'self'; script-src 'self' 'sha256-[\w+/]+=*'; worker-src 'self';/,
  );
  await setSpeed(page, 50);
  await expect.poll(() => simTimeUs(page), { timeout: 10_000 }).toBeGreaterThan(100_000);

  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();

  await page.getByLabel('Preset').selectOption('social-posts');
  await openTab(page, 'Staleness (PBS)');
  const form = page.getByRole('form', { name: 'Staleness experiment' });
  await form.getByLabel('Latency profile').selectOption('lnkd-disk');
  await form.getByRole('button', { name: 'Run experiment', exact: true }).click();
  await expect(page.getByTestId('staleness-chart')).toBeVisible({ timeout: 15_000 });

  await openTab(page, 'Compare');
  const panel = page.getByTestId('compare-panel');
  await panel.getByLabel('Run to (simulated ms)').fill('500');
  await panel.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(panel.getByRole('table', { name: /Trade-offs of “Social posts/ })).toBeVisible({
    timeout: 15_000,
  });

  expect(await violations(page)).toEqual([]);
});

// Without the fixtures' console check: a violation is also logged as a console error, and here one is wanted.
plain(
  'the recorder sees a violation when there is one, so the test above is not vacuous',
  async ({ page }) => {
    await page.addInitScript(recordViolations);
    await page.goto('/');
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true;';
      document.head.append(script);
    });
    await expect
      .poll(() => violations(page))
      .toEqual([expect.stringMatching(/^script-src-elem blocked inline/)]);
    expect(await page.evaluate(() => (window as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
  },
);
