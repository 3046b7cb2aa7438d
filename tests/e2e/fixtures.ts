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

/** Simulated time in microseconds, read from the clock display ("t = 1,234.567 ms"). */
export async function simTimeUs(page: Page): Promise<number> {
  const text = (await page.getByTestId('sim-time').textContent()) ?? '';
  const match = /t = ([\d,]+\.\d{3}) ms/.exec(text);
  if (!match?.[1]) throw new Error(`unexpected clock text "${text}"`);
  return Math.round(Number(match[1].replaceAll(',', '')) * 1000);
}

/** Opens the app and waits for the first snapshot (three nodes drawn, clock running). */
export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page.getByTestId('node')).toHaveCount(3);
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
