/**
 * The worker's `prefetch` (src/worker/prefetch.ts, src/worker/inbox.ts): the page's address fragment as it opened
 * is read as src/app/boot.ts reads it, and the inbox fetches the code of the preset it names (its file and its
 * model), nothing for a share link or an unknown preset, answers nothing and holds no later message back.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET_ID } from '../../src/sim/scenarios/presets/catalog.ts';
import type { Loaders } from '../../src/worker/inbox.ts';
import {
  DEFAULT_PRESET,
  fragmentOfWorkerName,
  presetOfFragment,
  WORKER_NAME_PREFIX,
} from '../../src/worker/prefetch.ts';
import { inboxHarness } from './inboxHarness.ts';

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
});

describe('the fragment a worker’s name carries', () => {
  it('is what follows `sim ` (the first-look script’s name), none for a worker named otherwise', () => {
    expect(WORKER_NAME_PREFIX).toBe('sim ');
    // public/first-look.js writes the prefix itself (it imports nothing).
    const script = readFileSync(new URL('../../public/first-look.js', import.meta.url), 'utf8');
    expect(script).toContain(`name: \`${WORKER_NAME_PREFIX}\${location.hash}\``);
    expect(fragmentOfWorkerName('sim #preset=split-brain')).toBe('#preset=split-brain');
    expect(fragmentOfWorkerName('sim ')).toBe('');
    expect(fragmentOfWorkerName('sim #s=abc&embed')).toBe('#s=abc&embed');
    expect(fragmentOfWorkerName('')).toBeNull();
    expect(fragmentOfWorkerName('#preset=split-brain')).toBeNull();
    expect(fragmentOfWorkerName('simulation')).toBeNull();
  });
});

describe('the inbox’s prefetch', () => {
  function harness() {
    const asked: string[] = [];
    const never = new Promise<never>(() => {});
    const loaders: Loaders = {
      preset: (id) => {
        asked.push(`preset ${id}`);
        return never;
      },
      decode: () => never,
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

  it('fetches the named preset’s file and model, answers nothing and holds nothing back', () => {
    const h = harness();
    h.take({ type: 'prefetch', hash: '' });
    expect(h.asked).toEqual(['model leader-follower', 'preset bank-ledger-async']);
    h.take({ type: 'play' });
    expect(h.handled).toEqual([{ type: 'play' }]);
    expect(h.posted).toEqual([]);
  });

  it('fetches nothing for a share link or an unknown preset', () => {
    const h = harness();
    h.take({ type: 'prefetch', hash: '#s=abc' });
    h.take({ type: 'prefetch', hash: '#preset=no-such' });
    expect(h.asked).toEqual([]);
    expect(h.posted).toEqual([]);
  });
});
