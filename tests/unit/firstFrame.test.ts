/**
 * A shared run's first frame drawn in the simulation worker (src/worker/firstFrame.ts), sent on the first-look
 * script's port (src/worker/framePort.ts) from the worker's reading of the link as it starts (inbox.ts's
 * read-ahead): the frame the page's first paint would draw from the worker's first snapshot (the same functions
 * as the build's prerendered graphs: src/app/firstPaint/framed.ts), with the intro the page writes (a preset's, for
 * a link to a preset's scenario; else the scenario's own words, escaped), and nothing for a link that does not
 * read, a link to a moment or a snapshot the first paint would not draw exactly.
 */
import { describe, expect, it, vi } from 'vitest';
import { FIRST_FRAME } from '../../src/app/firstPaint/marks.ts';
import { modelStyle, prerenderedHtml } from '../../src/app/firstPaint/prerender.ts';
import { encodeShareHash } from '../../src/codec/encode.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { firstFrameOf } from '../../src/worker/firstFrame.ts';
import { firstRunOf } from '../../src/worker/firstRun.ts';
import { FIRST_FRAME_MESSAGE, firstFrameSender, framePortOf } from '../../src/worker/framePort.ts';
import { chunkLoaders, createInbox } from '../../src/worker/inbox.ts';
import type { Decoded } from '../../src/worker/protocol.ts';

function presetScenario(id: string): Scenario {
  const scenario = getPreset(id)?.scenario;
  if (!scenario) throw new Error(`no preset ${id}`);
  return scenario;
}

const read = (scenario: Scenario, atUs: number | null = null): Decoded => ({ ok: true, scenario, atUs });

/** The frame's markup without its own stylesheet and marks: what the build's prerendered graph holds. */
const bare = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(` ${FIRST_FRAME}`, '')
    .replace(/ data-prerendered="[\w-]+" hidden/, '');

describe('a shared run’s first frame, drawn in the worker', () => {
  it('is the frame the first paint draws from the run’s first snapshot, with a preset’s intro for its scenario', () => {
    for (const id of [
      'write-conflict-lww',
      'read-your-writes-violation',
      'social-posts',
      'bank-ledger-async',
    ]) {
      const html = firstFrameOf(read(presetScenario(id)));
      if (html === null) throw new Error(`no frame for ${id}`);
      expect(html.startsWith(`<div class="app first-paint" ${FIRST_FRAME} aria-busy="true">`)).toBe(true);
      const run = firstRunOf(presetScenario(id));
      // The build's prerendered graph of the same preset: the first paint's own drawing of that snapshot.
      expect(bare(html)).toBe(bare(prerenderedHtml(id, run.snapshot, run.scenario)));
      expect(html).toContain('data-first-paint-node=');
    }
  });

  it('carries the model’s own stylesheet where the page’s does not cover it', () => {
    const ml = firstFrameOf(read(presetScenario('write-conflict-lww'))) ?? '';
    expect(ml).toMatch(/^<div class="app first-paint" data-first-frame aria-busy="true"><style>/);
    expect(ml).toContain('.ml-region-box');
    // The build's prerendered graphs carry the same.
    expect(ml).toContain(`<style>${modelStyle('multi-leader')}</style>`);
    expect(firstFrameOf(read(presetScenario('social-posts')))).toContain('.ll-ring');
    expect(firstFrameOf(read(presetScenario('read-your-writes-violation')))).not.toContain('<style>');
  });

  it('writes a scenario of no preset’s by its own name and description, every character of them escaped', () => {
    const scenario = {
      ...presetScenario('write-conflict-lww'),
      name: 'Mine <img src=x onerror=alert(1)> & "co"',
      description: "<b>bold</b> $& $1 '",
    };
    const html = firstFrameOf(read(scenario)) ?? '';
    expect(html).toContain('<h2>Mine &#60;img src=x onerror=alert(1)&#62; &#38; &#34;co&#34;</h2>');
    expect(html).toContain('<p class="intro-summary">&#60;b&#62;bold&#60;/b&#62; $&#38; $1 &#39;</p>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    // Not a preset's: no "watch for" line, the tour's first button in its place.
    expect(html).not.toContain('intro-watch');
    expect(html).toContain('New here? Start the tour');
  });

  it('is not drawn for a link that did not read, a link to a moment, or what the first paint would not draw', () => {
    expect(firstFrameOf({ ok: false, error: 'the link is cut short' })).toBeNull();
    expect(firstFrameOf(read(presetScenario('write-conflict-lww'), 5_000))).toBeNull();
    expect(firstFrameOf(read(presetScenario('scale-leaderless-100')))).toBeNull();
  });
});

/** A port as the worker uses it, keeping what was sent and whether it was closed. */
function fakePort() {
  const sent: unknown[] = [];
  let closed = false;
  return {
    port: { postMessage: (message: unknown) => sent.push(message), close: () => (closed = true) },
    sent,
    closed: () => closed,
  };
}

describe('the first frame’s port', () => {
  it('is the first-look script’s `firstFrame` message’s port, and no other message’s', () => {
    const { port } = fakePort();
    expect(FIRST_FRAME_MESSAGE).toBe('firstFrame');
    expect(framePortOf({ type: 'firstFrame' }, [port])).toBe(port);
    expect(framePortOf({ type: 'firstFrame' }, [])).toBeNull();
    expect(framePortOf({ type: 'load' }, [port])).toBeNull();
    expect(framePortOf(null, [port])).toBeNull();
  });

  it('gets the frame drawn from the link’s reading once both are here, once, and is closed', async () => {
    const draw = vi.fn(async () => '<div>frame</div>');
    const sender = firstFrameSender(draw);
    let answer: (decoded: Decoded) => void = () => {};
    sender.reading(new Promise((resolve) => (answer = resolve)));
    const { port, sent, closed } = fakePort();
    sender.port(port);
    await Promise.resolve();
    expect(sent).toEqual([]);
    const decoded = read(presetScenario('write-conflict-lww'));
    answer(decoded);
    await vi.waitFor(() => expect(sent).toEqual([{ html: '<div>frame</div>' }]));
    expect(draw).toHaveBeenCalledWith(decoded);
    expect(closed()).toBe(true);
  });

  it('says there is no frame when no link is read, the link does not read, or the drawing fails', async () => {
    const none = fakePort();
    firstFrameSender(async () => 'never').port(none.port);
    expect(none.sent).toEqual([{ html: null }]);
    expect(none.closed()).toBe(true);
    const ok = () => Promise.resolve(read(presetScenario('write-conflict-lww')));
    const cases: [() => Promise<Decoded>, () => Promise<string | null>][] = [
      [() => Promise.resolve({ ok: false, error: 'bad' }), async () => 'never'],
      [() => Promise.reject(new Error('the codec did not load')), async () => 'never'],
      [ok, () => Promise.reject(new Error('no chunk'))],
      [ok, async () => null],
    ];
    for (const [reading, draw] of cases) {
      const sender = firstFrameSender(draw);
      sender.reading(reading());
      const { port, sent, closed } = fakePort();
      sender.port(port);
      await vi.waitFor(() => expect(sent).toEqual([{ html: null }]));
      expect(closed()).toBe(true);
    }
  });
});

describe('the inbox’s reading ahead of a share link', () => {
  it('hands the reading it keeps for the page to the first frame, and only a share link’s', async () => {
    const readings: Promise<Decoded>[] = [];
    const take = createInbox(
      () => {},
      () => {},
      chunkLoaders,
      (result) => readings.push(result),
    );
    take({ type: 'prefetch', hash: '#preset=split-brain' });
    take({ type: 'prefetch', hash: '' });
    expect(readings).toHaveLength(0);
    const scenario = presetScenario('write-conflict-lww');
    take({ type: 'prefetch', hash: `#${encodeShareHash(scenario)}` });
    expect(readings).toHaveLength(1);
    const decoded = await readings[0];
    expect(decoded?.ok && decoded.scenario.name).toBe(scenario.name);
    expect(decoded?.ok && decoded.atUs).toBeNull();
  });
});
