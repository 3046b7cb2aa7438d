/**
 * The embedded player as a course page uses it: the build served from a sub-path by a plain static server (not
 * `vite preview`), in a 640x400 iframe of another page, as the README's snippet writes it. It shows the graph,
 * the scrubber and the play controls without scrolling, links to the full page, loads every file from its own
 * sub-path, and keeps playing and scrubbing with the network gone.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { encodeShareHash } from '../../src/codec/url.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import { expect, test } from './fixtures.ts';

const DIST = join(process.cwd(), 'dist');
const SUB_PATH = '/courses/replication/lab/';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
};

function coursePage(hash: string): string {
  // The README's snippet, with the address of this test's host.
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Course</title></head><body>
<h1>Week 3: replication</h1>
<iframe src="lab/${hash}" width="640" height="400" title="Replication Lab: split brain" loading="lazy" style="border:0"></iframe>
</body></html>`;
}

let server: Server;
let origin = '';
let coursePageHtml = '';

test.beforeAll(async () => {
  server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (path === '/courses/replication/') {
      res.writeHead(200, { 'content-type': TYPES['.html'] ?? 'text/html' }).end(coursePageHtml);
      return;
    }
    if (!path.startsWith(SUB_PATH)) {
      res.writeHead(404).end('not under the sub-path');
      return;
    }
    const rel = normalize(path.slice(SUB_PATH.length) || 'index.html');
    if (rel.startsWith('..')) {
      res.writeHead(403).end();
      return;
    }
    const file = join(DIST, rel.endsWith('/') || rel === '.' ? 'index.html' : rel);
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(await readFile(file));
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('the embedded player fits a 640x400 iframe on a course page, served from a sub-path, and plays offline', async ({
  page,
  context,
}) => {
  const preset = getPreset('split-brain');
  if (!preset) throw new Error('no split-brain preset');
  const share = encodeShareHash(preset.scenario);
  coursePageHtml = coursePage(`#${share}&embed`);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));

  await page.goto(`${origin}/courses/replication/`);
  const frame = page.frameLocator('iframe');
  await expect(frame.getByTestId('embed')).toBeVisible();
  await expect(frame.getByTestId('node')).toHaveCount(preset.scenario.nodes.length);
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText(preset.title);
  const scrubber = frame.getByRole('slider', { name: "Set the run's time" });
  await expect(scrubber).toBeVisible();
  await expect(frame.getByRole('button', { name: /Play|Pause/ })).toBeVisible();
  // Only the player: none of the full page's panels or controls.
  await expect(frame.getByTestId('compare-panel')).toHaveCount(0);
  await expect(frame.getByTestId('search-panel')).toHaveCount(0);

  // Everything fits the iframe: no scrolling either way, every part inside the 640x400 box.
  const inner = page.frames().find((f) => f.url().includes('/lab/'));
  if (!inner) throw new Error('no iframe');
  const size = await inner.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
    viewport: [window.innerWidth, window.innerHeight],
  }));
  expect(size.viewport).toEqual([640, 400]);
  expect(size.width).toBeLessThanOrEqual(640);
  expect(size.height).toBeLessThanOrEqual(400);
  for (const part of [
    frame.locator('svg').first(),
    scrubber,
    frame.getByRole('button', { name: /Play|Pause/ }),
  ]) {
    const box = await part.boundingBox();
    const frameBox = await page.locator('iframe').boundingBox();
    if (!box || !frameBox) throw new Error('not laid out');
    expect(box.y + box.height).toBeLessThanOrEqual(frameBox.y + 400 + 0.5);
  }

  // The link opens the same run on the full page: same sub-path, same scenario, without the embed flag.
  const open = frame.getByRole('link', { name: /Open in Replication Lab/ });
  const href = (await open.getAttribute('href')) ?? '';
  expect(href.startsWith(SUB_PATH)).toBe(true);
  expect(href).not.toContain('embed');
  expect(href).toContain('#s=');
  await expect(open).toHaveAttribute('target', '_blank');

  // Every file came from the app's own sub-path (relative base): nothing from the server root or elsewhere.
  const foreign = requests.filter(
    (u) =>
      !u.startsWith(`${origin}${SUB_PATH}`) &&
      u !== `${origin}/courses/replication/` &&
      u !== `${origin}/favicon.ico`,
  );
  expect(foreign).toEqual([]);

  // Offline after load: it still plays and scrubs (the worker and every module were already loaded).
  await context.setOffline(true);
  const before = requests.length;
  const clock = frame.getByTestId('sim-time');
  const first = await clock.textContent();
  const playButton = frame.getByRole('button', { name: /Play|Pause/ });
  if ((await playButton.textContent())?.includes('Play')) await playButton.click();
  await expect(clock).not.toHaveText(first ?? '', { timeout: 10_000 });
  await scrubber.focus();
  await scrubber.press('Home');
  await expect(clock).toHaveText(/t = 0\.000 ms/, { timeout: 10_000 });
  expect(requests.slice(before)).toEqual([]);
});

test.describe('story mode in the embedded player', () => {
  test.use({ story: true });

  test('a key moment’s caption leaves the scrubber and the play controls in view at 640x400', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 640, height: 400 });
    // A fresh visitor: story mode (the default) plays to the partition at 300 ms and stops there.
    await page.goto('/#preset=split-brain&embed');
    const caption = page.getByTestId('story-caption');
    await expect(caption).toHaveAttribute('data-at-us', '300000', { timeout: 20_000 });
    const parts = [
      page.getByRole('slider', { name: "Set the run's time" }),
      page.getByRole('button', { name: /Play|Pause/ }),
      page.getByRole('button', { name: 'Step' }),
      page.getByRole('slider', { name: 'Speed' }),
    ];
    const box = await caption.boundingBox();
    if (!box) throw new Error('no caption');
    expect(box.y + box.height).toBeLessThanOrEqual(400);
    expect(box.x + box.width).toBeLessThanOrEqual(640);
    for (const part of parts) {
      await expect(part).toBeVisible();
      const p = await part.boundingBox();
      if (!p) throw new Error('not laid out');
      const apart =
        p.x >= box.x + box.width ||
        box.x >= p.x + p.width ||
        p.y >= box.y + box.height ||
        box.y >= p.y + p.height;
      expect(apart, `the caption covers ${(await part.getAttribute('aria-label')) ?? 'a control'}`).toBe(
        true,
      );
    }
    // Nor any node: the graph steps aside for it.
    for (const node of await page.getByTestId('node').all()) {
      const n = await node.boundingBox();
      if (!n) continue;
      expect(
        n.x + n.width <= box.x ||
          n.x >= box.x + box.width ||
          n.y + n.height <= box.y ||
          n.y >= box.y + box.height,
      ).toBe(true);
    }
    // The controls still work: Play resumes past the moment.
    await page.getByRole('button', { name: 'Play' }).click();
    await expect(caption).toHaveCount(0);
  });
});

/** The rendered width of the first node card's rectangle, in CSS pixels. */
async function cardWidth(page: import('@playwright/test').Page): Promise<number> {
  const card = page.locator('[data-testid="node"] .node-card').first();
  await expect(card).toBeVisible({ timeout: 15_000 });
  return (await card.boundingBox())?.width ?? 0;
}

test('at 640x400 a leaderless embed gives its ring the room: the bar is one row, the cards readable', async ({
  page,
}) => {
  await page.setViewportSize({ width: 640, height: 400 });
  for (const id of ['partial-quorum-staleness', 'sloppy-quorum-stale', 'social-posts']) {
    await page.goto(`/#embed&preset=${id}`);
    await page.reload();
    const bar = page.locator('.ll-bar');
    await expect(bar).toBeVisible({ timeout: 15_000 });
    // One row: the key picker and the settings side by side, not the full page's two rows.
    expect((await bar.boundingBox())?.height ?? 999).toBeLessThanOrEqual(34);
    // The header is one row too, a long title cut short rather than pushing the link onto a second row.
    expect((await page.locator('.embed-top').boundingBox())?.height ?? 999).toBeLessThanOrEqual(46);
    // The cards were 41 to 54 px wide before (a two-row bar, a tall ring); about 86 to 93 now.
    expect(await cardWidth(page), id).toBeGreaterThanOrEqual(80);
  }
  // The other models' embeds keep their size.
  for (const id of ['bank-ledger-async', 'split-brain', 'write-conflict-diverge']) {
    await page.goto(`/#embed&preset=${id}`);
    await page.reload();
    expect(await cardWidth(page), id).toBeGreaterThanOrEqual(90);
  }
});
