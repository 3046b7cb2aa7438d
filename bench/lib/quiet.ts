/**
 * The quiet-main-thread figure (issue 12.4): the default scenario playing (free mode, its own speed) in a tab whose
 * CPU Chromium slows down four times, for 10 s: frame-time p95 and the long tasks (over 50 ms) the page reports.
 * The reference, measured the same way in the same run: a bare page moving 500 SVG circles every frame, also at 4x.
 */
import type { Browser, Page } from '@playwright/test';

const SLOWDOWN = 4;
const MEASURE_MS = 10_000;
const VIEWPORT = { width: 1280, height: 720 };

export interface QuietMeasurement {
  readonly frames: number;
  readonly p95: number;
  readonly median: number;
  readonly longTasks: readonly number[];
}

/** Frame deltas and long tasks over MEASURE_MS (a string: the bench's functions are not the page's). */
const MEASURE = `new Promise((resolve) => {
  const deltas = [];
  const longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push(Math.round(e.duration));
  }).observe({ type: 'longtask' });
  let last = performance.now();
  const start = last;
  const tick = (now) => {
    deltas.push(now - last);
    last = now;
    if (now - start < ${MEASURE_MS}) requestAnimationFrame(tick);
    else resolve({ deltas, longTasks });
  };
  requestAnimationFrame(tick);
})`;

const CIRCLES_PAGE = `<!doctype html><html><body style="margin:0;background:#111">
<svg id="s" width="1280" height="720"></svg><script>
const svg = document.getElementById('s');
const circles = [];
for (let i = 0; i < 500; i++) {
  const c = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
  c.setAttribute('r', '5');
  c.setAttribute('fill', i % 2 ? '#4ea1ff' : '#b48cff');
  svg.appendChild(c);
  circles.push(c);
}
function draw(now) {
  for (let i = 0; i < circles.length; i++) {
    const t = now / 1000 + i;
    circles[i].setAttribute('cx', String(640 + 560 * Math.sin(t * 0.7)));
    circles[i].setAttribute('cy', String(360 + 320 * Math.cos(t * 1.3)));
  }
  requestAnimationFrame(draw);
}
requestAnimationFrame(draw);
</script></body></html>`;

function summarise(raw: { deltas: number[]; longTasks: number[] }): QuietMeasurement {
  const d = raw.deltas.slice(1).sort((a, b) => a - b);
  const at = (q: number) => Math.round((d[Math.min(d.length - 1, Math.floor(q * d.length))] ?? 0) * 10) / 10;
  return { frames: d.length, p95: at(0.95), median: at(0.5), longTasks: raw.longTasks };
}

async function slowDown(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });
}

/** The default scenario, playing through its moments, at 4x slowdown; then the reference page. */
export async function measureQuiet(
  browser: Browser,
  baseUrl: string,
): Promise<{ page: QuietMeasurement; reference: QuietMeasurement; errors: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  // Free mode: the story's stops would pause the run the figure is about.
  await context.addInitScript(() => localStorage.setItem('replication-lab.story', 'free'));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${baseUrl}/`);
  await page.getByTestId('node').first().waitFor();
  const play = page.getByRole('button', { name: 'Play', exact: true });
  if (await play.count()) await play.click();
  await page.waitForTimeout(1_000);
  await slowDown(page);
  const measured = summarise(await page.evaluate(MEASURE));
  await context.close();

  const ref = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  await ref.setContent(CIRCLES_PAGE);
  await slowDown(ref);
  const reference = summarise(await ref.evaluate(MEASURE));
  await ref.close();
  return { page: measured, reference, errors };
}

export const QUIET = { slowdown: SLOWDOWN, seconds: MEASURE_MS / 1000 };
