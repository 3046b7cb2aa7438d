/**
 * A link opened at a moment whose arrangement differs from t = 0's (a new leader sits at the hub) draws the cards
 * where the layout puts them: every link's ends and every lost-write label sit on their cards. The cards move
 * by motion's animations, whose features load after the first graph; a card must not stay where the t = 0
 * layout put it while the links, drawn from the layout itself, are in the new one.
 */
import type { Page } from '@playwright/test';
import { expect, simTimeUs, test } from './fixtures.ts';

interface Box {
  readonly id: string;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** What is off: link ends on no card or client, lost-write labels away from their card's top edge. */
async function misplaced(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const box = (e: Element, id: string) => {
      const r = e.getBoundingClientRect();
      return { id, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const cards = [...document.querySelectorAll('[data-testid="node"]')].map((n) =>
      box(n.querySelector('rect.node-card') as Element, n.getAttribute('data-node-id') ?? '?'),
    );
    const clients = [...document.querySelectorAll('[data-testid="client"]')].map((c) =>
      box(c.querySelector('circle') as Element, c.getAttribute('data-client-id') ?? '?'),
    );
    const inside = (b: Box, x: number, y: number) =>
      x >= b.left - 1 && x <= b.right + 1 && y >= b.top - 1 && y <= b.bottom + 1;
    const off: string[] = [];
    for (const line of document.querySelectorAll('.graph-base .links line')) {
      const l = line as SVGLineElement;
      const ctm = l.getScreenCTM();
      if (!ctm) continue;
      for (const [x, y] of [
        [l.x1.baseVal.value, l.y1.baseVal.value],
        [l.x2.baseVal.value, l.y2.baseVal.value],
      ] as const) {
        const p = new DOMPoint(x, y).matrixTransform(ctm);
        if (![...cards, ...clients].some((b) => inside(b, p.x, p.y)))
          off.push(`link end (${Math.round(p.x)}, ${Math.round(p.y)}) on no card`);
      }
    }
    for (const label of document.querySelectorAll('[data-testid="node-lost-write"]')) {
      const id = label.getAttribute('data-node');
      const card = cards.find((c) => c.id === id);
      const r = label.getBoundingClientRect();
      // The pill sits just above its card's top edge, flush with its left edge.
      if (!card || Math.abs(r.left - card.left) > 2 || card.top - r.bottom < -1 || card.top - r.bottom > 12)
        off.push(`lost-write label of ${id} off its card`);
    }
    return off;
  });
}

const LINKS: readonly { preset: string; atUs: number }[] = [
  // After the heal: db5 leads, db1 (the t = 0 leader) lost its writes.
  { preset: 'split-brain', atUs: 1_299_964 },
  { preset: 'split-brain', atUs: 700_000 },
  // The lost writes' moment: the promoted follower leads, the old leader dropped what it acknowledged.
  { preset: 'async-failover-lost-writes', atUs: 969_642 },
];

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
]) {
  test.describe(`at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });
    for (const { preset, atUs } of LINKS) {
      test(`a ${preset} link at ${atUs} µs draws links and labels on their cards`, async ({ page }) => {
        const { encodeShareHash } = await import('../../src/codec/url.ts');
        const { getPreset } = await import('../../src/sim/scenarios/presets/index.ts');
        const scenario = getPreset(preset)?.scenario;
        if (!scenario) throw new Error(`missing preset ${preset}`);
        await page.goto(`/#${encodeShareHash(scenario, atUs)}`);
        await expect.poll(() => simTimeUs(page), { timeout: 20_000 }).toBe(atUs);
        await expect(page.locator('.graph-base .links line').first()).toBeAttached();
        // The cards spring to their places once motion's features are in; then nothing is off.
        await expect.poll(() => misplaced(page), { timeout: 10_000 }).toEqual([]);
        if (atUs !== 700_000) await expect(page.getByTestId('node-lost-write').first()).toBeVisible();
      });
    }
  });
}

test.describe('in story mode', () => {
  test.use({ story: true });
  test('a link shared at a stop opens with that stop’s caption; at another time, with none', async ({
    page,
  }) => {
    const { encodeShareHash } = await import('../../src/codec/url.ts');
    const { getPreset } = await import('../../src/sim/scenarios/presets/index.ts');
    const scenario = getPreset('async-failover-lost-writes')?.scenario;
    if (!scenario) throw new Error('missing preset');
    // The writes are lost when db3 takes office without them (366.828 ms), the lost-write stop.
    await page.goto(`/#${encodeShareHash(scenario, 366_828)}`);
    const caption = page.getByTestId('story-caption');
    await expect(caption).toBeVisible({ timeout: 20_000 });
    await expect(caption).toHaveAttribute('data-kind', 'anomaly');
    await expect(caption).toHaveAttribute('data-at-us', '366828');
    await expect(caption).toContainText('write w1 (order_1 = "paid") was acknowledged by db1');
    expect(await simTimeUs(page)).toBe(366_828);

    await page.goto(`/#${encodeShareHash(scenario, 366_000)}`);
    await page.reload();
    await expect.poll(() => simTimeUs(page), { timeout: 20_000 }).toBe(366_000);
    await expect(page.getByTestId('node-lost-write').first()).toBeHidden();
    await page.waitForTimeout(1000);
    await expect(caption).toHaveCount(0);
  });

  test('a link shared at an election’s stop opens with its caption, and the moments before it on the scrubber', async ({
    page,
  }) => {
    const { encodeShareHash } = await import('../../src/codec/url.ts');
    const { getPreset } = await import('../../src/sim/scenarios/presets/index.ts');
    const scenario = getPreset('split-brain')?.scenario;
    if (!scenario) throw new Error('missing preset');
    // db5 takes office at 444 ms, after the partition at 300 ms.
    await page.goto(`/#${encodeShareHash(scenario, 444_000)}`);
    const caption = page.getByTestId('story-caption');
    await expect(caption).toBeVisible({ timeout: 20_000 });
    await expect(caption).toHaveAttribute('data-kind', 'election');
    await expect(caption).toHaveAttribute('data-at-us', '444000');
    await expect(caption).toContainText('db5');
    expect(await simTimeUs(page)).toBe(444_000);
    // The partition and the election are marked on the scrubber.
    const marks = page.getByTestId('scrubber-moment');
    await expect(marks.and(page.locator('[data-kind="fault"]'))).toHaveCount(1);
    await expect(marks.and(page.locator('[data-kind="election"]'))).toHaveCount(1);
  });
});
