/**
 * A shared run's first frame drawn in the simulation worker (src/worker/firstFrame.ts), posted unasked when the
 * first-look script's name for the worker wants it (src/worker/framePort.ts, prefetch.ts), from the worker's
 * reading of the link as it starts (inbox.ts's read-ahead): the frame the page's first paint would draw from the worker's first snapshot (the same functions
 * as the build's prerendered graphs: src/app/firstPaint/framed.ts), with the intro the page writes (a preset's, for
 * a link to a preset's scenario; else the scenario's own words, escaped), and nothing for a link that does not
 * read, a link to a moment or a snapshot the first paint would not draw exactly.
 */
import { describe, expect, it, vi } from 'vitest';
import { FIRST_FRAME } from '../../src/app/firstPaint/marks.ts';
import { modelStyle, prerenderedHtml } from '../../src/app/firstPaint/prerender.ts';
import { encodeShareHash } from '../../src/codec/encode.ts';
import { getPreset, PRESETS } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { createSimCore } from '../../src/worker/core.ts';
import { firstFrameOf } from '../../src/worker/firstFrame.ts';
import { firstRunOf } from '../../src/worker/firstRun.ts';
import { FIRST_FRAME_MESSAGE, type FirstFrame, firstFrameSender } from '../../src/worker/framePort.ts';
import { SimHost } from '../../src/worker/host.ts';
import { chunkLoaders, createInbox } from '../../src/worker/inbox.ts';
import { FRAME_NAME_PREFIX, fragmentOfWorkerName, frameWantedByName } from '../../src/worker/prefetch.ts';
import type { Decoded, FromWorker } from '../../src/worker/protocol.ts';

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

/** What a host posts on `load` (played, from t = 0) before any tick: the run's first snapshot and its scenario. */
function hostFirstRun(scenario: Scenario): { snapshot: unknown; scenario: unknown } {
  const posts: FromWorker[] = [];
  const host = new SimHost({
    post: (message) => posts.push(message),
    createSim: createSimCore,
    now: () => 0,
    schedule: () => () => {},
  });
  host.handle({ type: 'load', epoch: 1, scenario, seekToUs: null, play: true });
  const first = posts.find((m) => m.type === 'snapshot');
  const posted = posts.find((m) => m.type === 'scenario');
  if (first?.type !== 'snapshot' || posted?.type !== 'scenario')
    throw new Error('the host posted no first run');
  return { snapshot: first.snapshot, scenario: posted.scenario };
}

describe('a run’s first snapshot (firstRun.ts)', () => {
  it('is the one the worker’s host posts on load, for every preset and a seed of the user’s own', () => {
    const scenarios = PRESETS.map((p) => p.scenario);
    const seeded = getPreset('write-conflict-lww')?.scenario;
    if (!seeded) throw new Error('no preset write-conflict-lww');
    scenarios.push({ ...seeded, seed: 987_654_321 });
    expect(scenarios.length).toBeGreaterThan(30);
    for (const scenario of scenarios) expect(firstRunOf(scenario)).toEqual(hostFirstRun(scenario));
  });
});

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

describe('the first frame’s sending', () => {
  it('is wanted by the first-look script’s name for the worker, which carries the address too', () => {
    const hash = '#s=1.eJyrVkrOzyvJz';
    expect(FRAME_NAME_PREFIX).toBe('sim+frame ');
    expect(frameWantedByName(`sim+frame ${hash}`)).toBe(true);
    expect(fragmentOfWorkerName(`sim+frame ${hash}`)).toBe(hash);
    for (const name of [`sim ${hash}`, '', 'sim+frame', hash]) expect(frameWantedByName(name)).toBe(false);
  });

  it('posts the frame drawn from the link’s reading once it is read, once, unasked', async () => {
    const draw = vi.fn(async () => '<div>frame</div>');
    const sent: FirstFrame[] = [];
    const sender = firstFrameSender(draw, (message) => sent.push(message));
    let answer: (decoded: Decoded) => void = () => {};
    sender.reading(new Promise((resolve) => (answer = resolve)));
    sender.send();
    await Promise.resolve();
    expect(sent).toEqual([]);
    const decoded = read(presetScenario('write-conflict-lww'));
    answer(decoded);
    await vi.waitFor(() => expect(sent).toEqual([{ type: FIRST_FRAME_MESSAGE, html: '<div>frame</div>' }]));
    expect(FIRST_FRAME_MESSAGE).toBe('firstFrame');
    expect(draw).toHaveBeenCalledWith(decoded);
    sender.send();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sent).toHaveLength(1);
    expect(draw).toHaveBeenCalledTimes(1);
  });

  it('says there is no frame when no link is read, the link does not read, or the drawing fails', async () => {
    const none: FirstFrame[] = [];
    firstFrameSender(
      async () => 'never',
      (message) => none.push(message),
    ).send();
    expect(none).toEqual([{ type: 'firstFrame', html: null }]);
    const ok = () => Promise.resolve(read(presetScenario('write-conflict-lww')));
    const cases: [() => Promise<Decoded>, () => Promise<string | null>][] = [
      [() => Promise.resolve({ ok: false, error: 'bad' }), async () => 'never'],
      [() => Promise.reject(new Error('the codec did not load')), async () => 'never'],
      [ok, () => Promise.reject(new Error('no chunk'))],
      [ok, async () => null],
    ];
    for (const [reading, draw] of cases) {
      const sent: FirstFrame[] = [];
      const sender = firstFrameSender(draw, (message) => sent.push(message));
      sender.reading(reading());
      sender.send();
      await vi.waitFor(() => expect(sent).toEqual([{ type: 'firstFrame', html: null }]));
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
