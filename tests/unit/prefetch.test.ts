/**
 * The worker's `prefetch` (src/worker/prefetch.ts, src/worker/inbox.ts): the page's address fragment as it opened
 * is read as src/app/boot.ts reads it, and the inbox fetches the code of the preset it names (its file and its
 * model), nothing for an unknown preset, answers nothing and holds no later message back; a share link is read
 * ahead (then its model fetched) and the page's first reading of it answered with that.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET_ID } from '../../src/sim/scenarios/presets/catalog.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import type { Loaders } from '../../src/worker/inbox.ts';
import {
  DEFAULT_PRESET,
  FRAME_NAME_PREFIX,
  fragmentOfWorkerName,
  presetOfFragment,
  sharedRunOfFragment,
  WORKER_NAME_PREFIX,
} from '../../src/worker/prefetch.ts';
import type { Decoded } from '../../src/worker/protocol.ts';
import { inboxHarness } from './inboxHarness.ts';

/**
 * The inbox with loaders that note what they are asked for and answer nothing (a decode answers `decoded` at once,
 * when given).
 */
function recording(decoded: Decoded | null) {
  const asked: string[] = [];
  const never = new Promise<never>(() => {});
  const loaders: Loaders = {
    preset: (id) => {
      asked.push(`preset ${id}`);
      return never;
    },
    decode: (input) => {
      asked.push(`decode ${input.kind === 'link' ? input.hash : input.source}`);
      return decoded ? Promise.resolve(decoded) : never;
    },
    model: (name) => {
      asked.push(`model ${name}`);
      return never;
    },
    schema: () => never,
    schemaLoaded: () => false,
    exporter: () => never,
    exporterLoaded: () => false,
  };
  return { ...inboxHarness(loaders), asked };
}

describe('the preset a page opened with', () => {
  it('is the default for no fragment, and the worker’s default is the catalog’s', () => {
    expect(DEFAULT_PRESET).toBe(DEFAULT_PRESET_ID);
    expect(presetOfFragment('')).toBe('bank-ledger-async');
    expect(presetOfFragment('#')).toBe('bank-ledger-async');
    expect(presetOfFragment('#embed')).toBe('bank-ledger-async');
  });

  it('is the one a preset link names, percent-decoded, with or without the embed flag', () => {
    expect(presetOfFragment('#preset=split-brain')).toBe('split-brain');
    expect(presetOfFragment('#preset=split-brain&embed')).toBe('split-brain');
    expect(presetOfFragment('#embed=1&preset=split%2Dbrain')).toBe('split-brain');
    expect(presetOfFragment('#preset=no-such')).toBe('no-such');
  });

  it('is none for a share link, another fragment or a broken encoding', () => {
    expect(presetOfFragment('#s=abc')).toBeNull();
    expect(presetOfFragment('#s=abc&embed')).toBeNull();
    expect(presetOfFragment('#preset=%E0%A4%A')).toBeNull();
  });

  it('names the shared run’s text for a fragment that names no preset, as the page reads it', () => {
    expect(sharedRunOfFragment('#s=abc&embed')).toBe('s=abc');
    expect(sharedRunOfFragment('#garbage')).toBe('garbage');
    expect(sharedRunOfFragment('#preset=split-brain')).toBeNull();
    expect(sharedRunOfFragment('')).toBeNull();
  });
});

describe('the fragment a worker’s name carries', () => {
  it('is what follows `sim ` or `sim+frame ` (the first-look script’s names), none for a worker named otherwise', () => {
    expect(WORKER_NAME_PREFIX).toBe('sim ');
    // public/first-look.js writes the prefixes itself (it imports nothing).
    const script = readFileSync(new URL('../../public/first-look.js', import.meta.url), 'utf8');
    for (const prefix of [WORKER_NAME_PREFIX, FRAME_NAME_PREFIX])
      expect(script).toContain(`\`${prefix}\${location.hash}\``);
    expect(fragmentOfWorkerName('sim+frame #s=abc')).toBe('#s=abc');
    expect(fragmentOfWorkerName('sim #preset=split-brain')).toBe('#preset=split-brain');
    expect(fragmentOfWorkerName('sim ')).toBe('');
    expect(fragmentOfWorkerName('sim #s=abc&embed')).toBe('#s=abc&embed');
    expect(fragmentOfWorkerName('')).toBeNull();
    expect(fragmentOfWorkerName('#preset=split-brain')).toBeNull();
    expect(fragmentOfWorkerName('simulation')).toBeNull();
  });
});

describe('the inbox’s prefetch', () => {
  const harness = () => recording(null);

  it('fetches the named preset’s file and model, answers nothing and holds nothing back', () => {
    const h = harness();
    h.take({ type: 'prefetch', hash: '' });
    expect(h.asked).toEqual(['model leader-follower', 'preset bank-ledger-async']);
    h.take({ type: 'play' });
    expect(h.handled).toEqual([{ type: 'play' }]);
    expect(h.posted).toEqual([]);
  });

  it('fetches nothing for an unknown preset', () => {
    const h = harness();
    h.take({ type: 'prefetch', hash: '#preset=no-such' });
    expect(h.asked).toEqual([]);
    expect(h.posted).toEqual([]);
  });
});

describe('a share link read ahead', () => {
  const scenario = getPreset('write-conflict-lww')?.scenario as Scenario;
  const harness = (decoded: Decoded = { ok: true, scenario, atUs: null }) => recording(decoded);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  const models = ['model leader-follower', 'model multi-leader', 'model leaderless'];

  it('is read as the worker starts, every model’s code fetched beside it, and the page’s first reading of it answered with that', async () => {
    const h = harness();
    h.take({ type: 'prefetch', hash: '#s=abc&embed' });
    await settle();
    expect(h.asked).toEqual(['decode s=abc', ...models]);
    expect(h.posted).toEqual([]);
    h.take({ type: 'decode', requestId: 3, input: { kind: 'link', hash: 's=abc' } });
    await settle();
    // Not read twice: the answer is the one read ahead.
    expect(h.asked).toEqual(['decode s=abc', ...models]);
    expect(h.posted).toEqual([{ type: 'decoded', requestId: 3, result: { ok: true, scenario, atUs: null } }]);
    // Only once: a later reading (the same link pasted again) is read anew.
    h.take({ type: 'decode', requestId: 4, input: { kind: 'link', hash: 's=abc' } });
    await settle();
    expect(h.asked).toEqual(['decode s=abc', ...models, 'decode s=abc']);
    expect(h.posted).toHaveLength(2);
  });

  it('answers another text by reading it', async () => {
    const h = harness({ ok: false, error: 'the link is cut short' });
    h.take({ type: 'prefetch', hash: '#s=broken' });
    await settle();
    expect(h.asked).toEqual(['decode s=broken', ...models]);
    h.take({ type: 'decode', requestId: 1, input: { kind: 'link', hash: 's=other' } });
    await settle();
    expect(h.asked).toEqual(['decode s=broken', ...models, 'decode s=other']);
    expect(h.posted).toEqual([
      { type: 'decoded', requestId: 1, result: { ok: false, error: 'the link is cut short' } },
    ]);
  });
});
