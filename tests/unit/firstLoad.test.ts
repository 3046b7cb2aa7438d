/**
 * The first-load listing (bench/lib/firstLoad.ts) on a made-up build: the page's entry and its static imports
 * from the manifest, the chunks the entry waits for to draw the first graph (src/app/firstPaint/paint.ts, and the
 * page's leader-follower code, a shared chunk found by its source map) with their static imports, the simulation worker and its static imports, and the chunks it waits for on demand, each once;
 * never the page's other dynamic imports (React's page, src/app/mount.tsx, among them).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { dynamicImports, firstLoad, staticImports } from '../../bench/lib/firstLoad.ts';

const dist = mkdtempSync(join(tmpdir(), 'first-load-'));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const files: Record<string, string> = {
  'assets/index-AAAAAAAA.js': 'import{a}from"./shared-BBBBBBBB.js";const t=import("./tab-CCCCCCCC.js");a(t);',
  'assets/shared-BBBBBBBB.js': 'export const a=(x)=>x;',
  'assets/tab-CCCCCCCC.js': 'import{a}from"./shared-BBBBBBBB.js";a(1);',
  'assets/paint-JJJJJJJJ.js': 'import{a}from"./shared-BBBBBBBB.js";import"./layout-KKKKKKKK.js";a(2);',
  'assets/layout-KKKKKKKK.js': 'export const l=3;',
  'assets/leader-follower-NNNNNNNN.js':
    'import{a}from"./shared-BBBBBBBB.js";import"./links-OOOOOOOO.js";a(5);',
  'assets/links-OOOOOOOO.js': 'export const k=6;',
  'assets/mount-LLLLLLLL.js': 'import"./layout-KKKKKKKK.js";import"./react-MMMMMMMM.js";',
  'assets/react-MMMMMMMM.js': 'export const r=4;',
  'assets/sim.worker-DDDDDDDD.js':
    'import"./core-EEEEEEEE.js";const p=()=>import(`./presets-FFFFFFFF.js`),m=()=>import(`./model-GGGGGGGG.js`),n=()=>import(`./model-HHHHHHHH.js`);',
  'assets/core-EEEEEEEE.js': 'export const core=1;',
  'assets/presets-FFFFFFFF.js': 'export const presets=[];',
  'assets/model-GGGGGGGG.js':
    'import{core}from"./core-EEEEEEEE.js";import"./replies-IIIIIIII.js";export class LF{}',
  'assets/model-HHHHHHHH.js': 'export class LL{}',
  'assets/replies-IIIIIIII.js': 'export const r=2;',
};
const maps: Record<string, string> = {
  'assets/presets-FFFFFFFF.js': '../../src/sim/scenarios/presets/bank.ts',
  'assets/model-GGGGGGGG.js': '../../src/sim/models/leader-follower/model.ts',
  'assets/model-HHHHHHHH.js': '../../src/sim/models/leaderless/model.ts',
  'assets/core-EEEEEEEE.js': '../../src/worker/simCore.ts',
  'assets/leader-follower-NNNNNNNN.js': '../../src/app/models/leader-follower/index.tsx',
};
mkdirSync(join(dist, 'assets'));
mkdirSync(join(dist, '.vite'));
for (const [file, code] of Object.entries(files)) writeFileSync(join(dist, file), code);
for (const [file, source] of Object.entries(maps))
  writeFileSync(join(dist, `${file}.map`), JSON.stringify({ version: 3, sources: [source], mappings: '' }));
writeFileSync(
  join(dist, '.vite', 'manifest.json'),
  JSON.stringify({
    'index.html': {
      file: 'assets/index-AAAAAAAA.js',
      isEntry: true,
      imports: ['_shared'],
      dynamicImports: ['_tab', 'src/app/firstPaint/paint.ts', '_leader-follower', 'src/app/mount.tsx'],
      assets: ['assets/sim.worker-DDDDDDDD.js'],
    },
    _shared: { file: 'assets/shared-BBBBBBBB.js' },
    _tab: { file: 'assets/tab-CCCCCCCC.js', imports: ['_shared'] },
    'src/app/firstPaint/paint.ts': { file: 'assets/paint-JJJJJJJJ.js', imports: ['_shared', '_layout'] },
    _layout: { file: 'assets/layout-KKKKKKKK.js' },
    '_leader-follower': { file: 'assets/leader-follower-NNNNNNNN.js', imports: ['_shared', '_links'] },
    _links: { file: 'assets/links-OOOOOOOO.js' },
    'src/app/mount.tsx': { file: 'assets/mount-LLLLLLLL.js', imports: ['_layout', '_react'] },
    _react: { file: 'assets/react-MMMMMMMM.js' },
  }),
);

describe('the JS before the first graph', () => {
  it('reads static and dynamic imports apart', () => {
    const code = files['assets/sim.worker-DDDDDDDD.js'] as string;
    expect(staticImports(code)).toEqual(['./core-EEEEEEEE.js']);
    expect(dynamicImports(dist, 'assets/sim.worker-DDDDDDDD.js')).toEqual([
      'assets/presets-FFFFFFFF.js',
      'assets/model-GGGGGGGG.js',
      'assets/model-HHHHHHHH.js',
    ]);
  });

  it('lists the page, the worker and what the worker waits for, once each, and sums their gzip', () => {
    const load = firstLoad(dist);
    expect(load.chunks.map((c) => [c.part, c.file])).toEqual([
      ['page', 'assets/index-AAAAAAAA.js'],
      ['page', 'assets/shared-BBBBBBBB.js'],
      ['page', 'assets/paint-JJJJJJJJ.js'],
      ['page', 'assets/layout-KKKKKKKK.js'],
      ['page', 'assets/leader-follower-NNNNNNNN.js'],
      ['page', 'assets/links-OOOOOOOO.js'],
      ['sim worker', 'assets/sim.worker-DDDDDDDD.js'],
      ['sim worker', 'assets/core-EEEEEEEE.js'],
      ['sim worker, on demand', 'assets/presets-FFFFFFFF.js'],
      ['sim worker, on demand', 'assets/model-GGGGGGGG.js'],
      ['sim worker, on demand', 'assets/replies-IIIIIIII.js'],
    ]);
    const gzip = load.chunks.map((c) => gzipSync(files[c.file] as string).length);
    expect(load.chunks.map((c) => c.gzip)).toEqual(gzip);
    expect(load.gzip).toBe(gzip.reduce((a, b) => a + b, 0));
    expect(load.bytes).toBe(load.chunks.reduce((sum, c) => sum + (files[c.file] as string).length, 0));
  });

  it('counts nothing on demand for what is part of the worker’s own chunks', () => {
    const load = firstLoad(dist, ['src/worker/simCore.ts']);
    expect(load.chunks.filter((c) => c.part === 'sim worker, on demand')).toEqual([]);
  });

  it('refuses a build whose entry does not import the page chunk it waits for', () => {
    expect(() => firstLoad(dist, undefined, ['src/app/Other.tsx'])).toThrow(
      "the page's entry does not import src/app/Other.tsx (is the build current?)",
    );
  });
});
