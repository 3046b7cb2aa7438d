import { chromium } from '@playwright/test';

const [, , url, out, w, h, waitMs] = process.argv;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox'],
});
const page = await browser.newPage({ viewport: { width: Number(w || 1280), height: Number(h || 720) } });
page.on('console', (m) => {
  if (m.type() === 'error' || m.type() === 'warning') console.log('console', m.type(), m.text());
});
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(url);
await page.waitForTimeout(Number(waitMs || 3000));
await page.screenshot({ path: out });
await browser.close();
