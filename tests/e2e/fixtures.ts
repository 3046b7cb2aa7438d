/**
 * Shared end-to-end fixtures: every test collects the page's console errors, warnings and uncaught
 * exceptions and fails if there were any. Also small helpers that read the page the way a user would.
 */
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export const test = base.extend<{ consoleProblems: string[]; story: boolean; storyMode: undefined }>({
  /**
   * Story mode stops playback at every key moment, which most tests do not expect: they run in free mode
   * (the page's remembered choice) unless they set `test.use({ story: true })`.
   */
  story: [false, { option: true }],
  storyMode: [
    async ({ context, story }, use) => {
      // The script runs in every document, about:blank included, whose storage is out of reach.
      if (!story)
        await context.addInitScript(() => {
          try {
            localStorage.setItem('replication-lab.story', 'free');
          } catch {}
        });
      await use(undefined);
    },
    { auto: true },
  ],
  consoleProblems: [
    async ({ context }, use) => {
      const problems: string[] = [];
      const watch = (page: Page) => {
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning')
            problems.push(`${message.type()}: ${message.text()}`);
        });
        page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      };
      for (const page of context.pages()) watch(page);
      context.on('page', watch);
      await use(problems);
      expect(problems, 'console errors or warnings').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export function node(page: Page, id: string): Locator {
  return page.locator(`[data-testid="node"][data-node-id="${id}"]`);
}

/** A node card's button: what the keyboard focuses, named by the node's id, role and state. */
export function nodeButton(page: Page, id: string): Locator {
  return node(page, id).getByRole('button');
}

/** Simulated time in microseconds, read from the clock display ("t = 1,234.567 ms"); -1 before the first one. */
export async function simTimeUs(page: Page): Promise<number> {
  const text = (await page.getByTestId('sim-time').textContent()) ?? '';
  if (text === 't = –') return -1;
  const match = /t = ([\d,]+\.\d{3}) ms/.exec(text);
  if (!match?.[1]) throw new Error(`unexpected clock text "${text}"`);
  return Math.round(Number(match[1].replaceAll(',', '')) * 1000);
}

/** Opens the app and waits for the first snapshot (three nodes drawn, the clock showing a time). */
export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page.getByTestId('node')).toHaveCount(3);
  await expect(page.getByTestId('sim-time')).toHaveText(/t = [\d,]+\.\d{3} ms/);
  // The controls' column is a chunk fetched once the first graph is drawn (src/app/lazy.tsx).
  await expect(page.locator('#controls button').first()).toBeVisible({ timeout: 15_000 });
}

/** Opens one of the tabs below the graph ("Diagram", "Replica state", "Metrics", "Compare", "History", ...). */
export async function openTab(page: Page, name: string): Promise<void> {
  const tab = page.getByRole('tab', { name, exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

/** Opens a node's menu on the graph by clicking its card, and chooses the entry whose name matches. */
export async function nodeAction(page: Page, id: string, entry: string | RegExp): Promise<void> {
  await node(page, id).click();
  const menu = page.locator(`[data-testid="node-menu"][data-node-id="${id}"]`);
  await menu.getByRole('menuitem', { name: entry, exact: typeof entry === 'string' }).click();
  await expect(menu).toHaveCount(0);
}

/** Sets a range slider to a position and commits it, as releasing the thumb does. */
export async function setSlider(page: Page, label: string, position: number): Promise<void> {
  await page.getByLabel(label, { exact: true }).fill(String(position));
}

/** Speeds playback up (slider position 0..100, logarithmic from 1 to 10,000 simulated ms per second). */
export async function setSpeed(page: Page, position: number): Promise<void> {
  await setSlider(page, 'Speed', position);
}

/** A message dot as the message canvas reports it (CSS pixels, relative to the canvas). */
export interface Dot {
  readonly id: number;
  readonly kind: string;
  readonly x: number;
  readonly y: number;
}

/**
 * The dots the message canvas drew, as it reports them in `data-positions` (a sample, refreshed a few times a
 * second): the canvas itself is hidden from assistive technology and has no elements to count.
 */
export async function messageDots(page: Page): Promise<Dot[]> {
  const raw = await page.getByTestId('message-canvas').getAttribute('data-positions');
  return raw ? (JSON.parse(raw) as Dot[]) : [];
}

/** How many message dots the canvas drew in its last frame. */
export async function messagesInFlight(page: Page): Promise<number> {
  return Number((await page.getByTestId('message-canvas').getAttribute('data-in-flight')) ?? 0);
}

/** The opacity of the canvas pixel under each dot's centre (non-zero where something was painted), read at once. */
export async function canvasAlphaAt(page: Page, dots: readonly Dot[]): Promise<number[]> {
  return page.getByTestId('message-canvas').evaluate((element, points) => {
    const canvas = element as HTMLCanvasElement;
    const ratio = canvas.width / canvas.getBoundingClientRect().width;
    const image = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height);
    if (!image) return points.map(() => 0);
    return points.map(({ x, y }) => {
      const px = Math.min(canvas.width - 1, Math.round(x * ratio));
      const py = Math.min(canvas.height - 1, Math.round(y * ratio));
      return image.data[(py * canvas.width + px) * 4 + 3] ?? 0;
    });
  }, dots);
}

/** Nodes that are up and believe they lead. */
export function upLeaders(page: Page): Locator {
  return page.locator('[data-testid="node"][data-role="leader"][data-up="true"]');
}

/**
 * The result was brought into view as it arrived: whole on the screen when it fits, else its top at the screen's
 * top (and not only a sliver of it showing at the bottom).
 */
export async function expectRevealed(page: Page, selector: string): Promise<void> {
  await expect
    .poll(() =>
      page.locator(selector).evaluate((e) => {
        const r = e.getBoundingClientRect();
        return r.top >= -1 && (r.bottom <= window.innerHeight + 1 || r.top <= 1);
      }),
    )
    .toBe(true);
}
