/**
 * The simulation worker's inbox: a preset loads by id and untrusted text is read with code loaded on demand,
 * with the same messages the codec gives, and the messages behind a slow one reach the host in order.
 */
import { describe, expect, it } from 'vitest';
import { encodeShareHash } from '../../src/codec/url.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import { chunkLoaders, type Loaders } from '../../src/worker/inbox.ts';
import { inboxHarness } from './inboxHarness.ts';

const scenario = getPreset('split-brain')?.scenario;
if (!scenario) throw new Error('split-brain is missing');

function harness(loaders: Loaders = chunkLoaders) {
  return inboxHarness(loaders);
}

/** Lets every pending promise (and the loaders' imports) settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Loaders that note what they were asked for and hold each request until `release`. */
function heldLoaders() {
  const asked: string[] = [];
  const held: (() => void)[] = [];
  let schema = false;
  const hold = (what: string) =>
    new Promise<void>((resolve) => {
      asked.push(what);
      held.push(resolve);
    });
  const loaders: Loaders = {
    ...chunkLoaders,
    model: (name) => hold(`model ${name}`),
    schema: () =>
      hold('schema').then(() => {
        schema = true;
      }),
    schemaLoaded: () => schema,
  };
  const release = () => {
    for (const resolve of held.splice(0)) resolve();
  };
  return { loaders, asked, release };
}

describe('the simulation worker inbox', () => {
  it('loads a scenario’s model before the host sees the load, then fetches the schema for actions', async () => {
    const held = heldLoaders();
    const h = harness(held.loaders);
    h.take({ type: 'load', epoch: 1, scenario, seekToUs: null, play: true });
    h.take({ type: 'play' });
    expect(held.asked).toEqual(['model leader-follower']);
    expect(h.handled).toEqual([]);
    held.release();
    await expect.poll(() => h.handled.length).toBe(2);
    expect(h.handled.map((m) => m.type)).toEqual(['load', 'play']);
    // The schema is fetched in the background once the page has drawn the first snapshot; an action waits for
    // it, and what follows waits behind.
    expect(held.asked).toEqual(['model leader-follower']);
    h.take({ type: 'rendered', count: 1 });
    h.take({ type: 'rendered', count: 1 });
    expect(held.asked).toEqual(['model leader-follower', 'schema']);
    h.take({ type: 'action', action: { type: 'heal' } });
    h.take({ type: 'pause' });
    await settle();
    expect(h.handled.map((m) => m.type)).toEqual(['load', 'play', 'rendered', 'rendered']);
    held.release();
    await expect.poll(() => h.handled.length).toBe(6);
    expect(h.handled.slice(4)).toEqual([{ type: 'action', action: { type: 'heal' } }, { type: 'pause' }]);
    // Once it is here, actions go straight on.
    h.take({ type: 'action', action: { type: 'heal' } });
    expect(h.handled).toHaveLength(7);
  });

  it('fetches the history exporters on the first export; what follows waits behind it, later exports go on', async () => {
    const asked: string[] = [];
    const held: (() => void)[] = [];
    let exporter = false;
    const h = harness({
      ...chunkLoaders,
      exporter: () =>
        new Promise<void>((resolve) => {
          asked.push('exporter');
          held.push(() => {
            exporter = true;
            resolve();
          });
        }),
      exporterLoaded: () => exporter,
    });
    h.take({ type: 'exportHistory', requestId: 1, format: 'edn' });
    h.take({ type: 'pause' });
    await settle();
    expect(asked).toEqual(['exporter']);
    expect(h.handled).toEqual([]);
    for (const release of held.splice(0)) release();
    await expect.poll(() => h.handled.length).toBe(2);
    expect(h.handled).toEqual([{ type: 'exportHistory', requestId: 1, format: 'edn' }, { type: 'pause' }]);
    h.take({ type: 'exportHistory', requestId: 2, format: 'json' });
    expect(h.handled).toHaveLength(3);
    expect(asked).toEqual(['exporter']);
  });

  it('says so when the history exporters do not load', async () => {
    const h = harness({
      ...chunkLoaders,
      exporter: () => Promise.reject(new Error('network down')),
      exporterLoaded: () => false,
    });
    h.take({ type: 'exportHistory', requestId: 1, format: 'json' });
    await expect.poll(() => h.posted.length).toBe(1);
    expect(h.posted).toEqual([
      { type: 'error', epoch: 0, message: 'the history exporters did not load (network down)' },
    ]);
    expect(h.handled).toEqual([]);
  });

  it('passes host commands straight on', () => {
    const h = harness();
    h.take({ type: 'play' });
    h.take({ type: 'setSpeed', simMsPerSec: 40 });
    expect(h.handled).toEqual([{ type: 'play' }, { type: 'setSpeed', simMsPerSec: 40 }]);
  });

  it('loads a preset by id, and the commands sent after it wait for it, in order', async () => {
    const h = harness();
    h.take({ type: 'loadPreset', epoch: 3, id: 'split-brain', play: true });
    h.take({ type: 'setSpeed', simMsPerSec: 25 });
    h.take({ type: 'setStory', on: true });
    expect(h.handled).toEqual([]);
    await expect.poll(() => h.handled.length).toBe(3);
    expect(h.handled).toEqual([
      { type: 'load', epoch: 3, scenario, seekToUs: null, play: true },
      { type: 'setSpeed', simMsPerSec: 25 },
      { type: 'setStory', on: true },
    ]);
    expect(h.posted).toEqual([]);
  });

  it('answers an unknown preset with an error of its run', async () => {
    const h = harness();
    h.take({ type: 'loadPreset', epoch: 4, id: 'no-such-thing', play: true });
    await expect.poll(() => h.posted.length).toBe(1);
    expect(h.posted).toEqual([
      { type: 'error', epoch: 4, message: 'there is no preset called "no-such-thing"' },
    ]);
    expect(h.handled).toEqual([]);
  });

  it('reads a share link with its time, and a bad one with the codec’s own message', async () => {
    const h = harness();
    h.take({
      type: 'decode',
      requestId: 7,
      input: { kind: 'link', hash: encodeShareHash(scenario, 1_300_000) },
    });
    h.take({ type: 'decode', requestId: 8, input: { kind: 'link', hash: 's=1.@@@' } });
    await expect.poll(() => h.posted.length).toBe(2);
    expect(h.posted).toEqual([
      { type: 'decoded', requestId: 7, result: { ok: true, scenario, atUs: 1_300_000 } },
      {
        type: 'decoded',
        requestId: 8,
        result: { ok: false, error: 'the share link is corrupted: its data is not valid base64url' },
      },
    ]);
  });

  it('reads a scenario file, naming the field that is wrong', async () => {
    const h = harness();
    const text = JSON.stringify({ ...scenario, seed: -1 });
    h.take({ type: 'decode', requestId: 1, input: { kind: 'file', text, source: '"mine.json"' } });
    h.take({
      type: 'decode',
      requestId: 2,
      input: { kind: 'file', text: JSON.stringify(scenario), source: 'x' },
    });
    await expect.poll(() => h.posted.length).toBe(2);
    expect(h.posted[0]).toEqual({
      type: 'decoded',
      requestId: 1,
      result: {
        ok: false,
        error:
          '"mine.json" is not a valid scenario: seed: must be a whole number from 0 to 4,294,967,295 (got -1)',
      },
    });
    expect(h.posted[1]).toEqual({
      type: 'decoded',
      requestId: 2,
      result: { ok: true, scenario, atUs: null },
    });
  });

  it('says what failed when the code does not load, and goes on with the next message', async () => {
    const broken: Loaders = {
      ...chunkLoaders,
      preset: () => Promise.reject(new Error('network down')),
      decode: () => Promise.reject(new Error('network down')),
    };
    const h = harness(broken);
    h.take({ type: 'loadPreset', epoch: 1, id: 'split-brain', play: true });
    h.take({ type: 'decode', requestId: 5, input: { kind: 'link', hash: 's=1.x' } });
    h.take({ type: 'pause' });
    await settle();
    await expect.poll(() => h.handled.length).toBe(1);
    expect(h.posted).toEqual([
      { type: 'error', epoch: 1, message: 'the presets did not load (network down)' },
      {
        type: 'decoded',
        requestId: 5,
        result: { ok: false, error: 'the scenario could not be read (network down)' },
      },
    ]);
    expect(h.handled).toEqual([{ type: 'pause' }]);
  });
});
