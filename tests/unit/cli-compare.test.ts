import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { encodeShareHash } from '../../src/codec/url.ts';
import type { CompareResult } from '../../src/sim/analysis/compare.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';

const PRESET = 'async-failover-lost-writes';

describe('CLI compare', () => {
  it('prints the three models side by side as an aligned table', () => {
    const r = runCli(['compare', '--preset', PRESET]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'Async failover: lost acknowledged writes: 3 variants, each run to 1,500 ms simulated (* best)',
    );
    expect(lines[2]).toMatch(/^\s+leader-follower\s+multi-leader\s+leaderless$/);
    expect(lines[4]).toMatch(/^settings\s+async, naive failover\s+3 leaders, all-to-all, lww\s+N=3 W=2 R=2/);
    const lost = lines.find((l) => l.startsWith('Lost acknowledged writes ')) ?? '';
    expect(lost).toMatch(/^Lost acknowledged writes\s+3\s+0 \*\s+0 \*$/);
    expect(lost.length).toBe(lines[2]?.length);
    expect(r.stdout).toContain(
      'Lost acknowledged writes: leader-follower lost 3 acknowledged writes; multi-leader and leaderless none',
    );
  });

  it('prints JSON with --json, the same for a file, inline JSON and a share link', () => {
    const scenario = getPreset(PRESET)?.scenario;
    if (!scenario) throw new Error('missing preset');
    const dir = mkdtempSync(join(tmpdir(), 'rl-compare-'));
    const file = join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify(scenario));
    const args = ['--vary', 'mode=async,semisync', '--until', '1200', '--json'];
    const fromPreset = runCli(['compare', '--preset', PRESET, ...args]);
    const fromFile = runCli(['compare', file, ...args]);
    const fromJson = runCli(['compare', JSON.stringify(scenario), ...args]);
    const fromUrl = runCli(['compare', `https://example.test/#${encodeShareHash(scenario)}`, ...args]);
    expect(fromPreset.code).toBe(0);
    expect(fromFile.stdout).toBe(fromPreset.stdout);
    expect(fromJson.stdout).toBe(fromPreset.stdout);
    expect(fromUrl.stdout).toBe(fromPreset.stdout);
    const result = JSON.parse(fromPreset.stdout) as CompareResult;
    expect(result.untilUs).toBe(1_200_000);
    expect(result.columns.map((c) => [c.label, c.settings])).toEqual([
      ['async', 'async, naive failover'],
      ['semisync', 'semi-sync (k=1), naive failover'],
    ]);
    const lost = result.rows.find((row) => row.key === 'lostWrites');
    expect(lost).toMatchObject({ values: [3, 0], best: [1] });
  });

  it('runs a share link to the time it was shared at unless --until says otherwise', () => {
    const scenario = getPreset(PRESET)?.scenario;
    if (!scenario) throw new Error('missing preset');
    const url = `#${encodeShareHash(scenario, 400_000)}`;
    const run = (extra: string[]) =>
      (JSON.parse(runCli(['compare', url, '--json', ...extra]).stdout) as CompareResult).untilUs;
    expect(run([])).toBe(400_000);
    expect(run(['--until', '250'])).toBe(250_000);
  });

  it('fixes another setting with --with, and picks models with --models', () => {
    const quorum = runCli([
      'compare',
      '--preset',
      'social-posts',
      '--vary',
      'w=1,3',
      '--with',
      'r=1',
      '--json',
    ]);
    expect(quorum.code).toBe(0);
    expect((JSON.parse(quorum.stdout) as CompareResult).columns.map((c) => c.settings)).toEqual([
      'N=3 W=1 R=1, read repair async, siblings',
      'N=3 W=3 R=1, read repair async, siblings',
    ]);
    const two = runCli(['compare', '--preset', PRESET, '--models', 'leaderless,leader-follower', '--json']);
    expect((JSON.parse(two.stdout) as CompareResult).columns.map((c) => c.label)).toEqual([
      'leaderless',
      'leader-follower',
    ]);
  });

  const bad: [string[], RegExp][] = [
    [['compare'], /no scenario given/],
    [['compare', '--preset', 'nope'], /unknown preset "nope"/],
    [['compare', '--preset', PRESET, '--models', 'raft'], /unknown model "raft"; known: leader-follower/],
    [['compare', '--preset', PRESET, '--vary', 'q=1,2'], /unknown knob "q"; known: model, mode/],
    [['compare', '--preset', PRESET, '--vary', 'w'], /--vary must look like <knob>=<a>,<b>/],
    [['compare', '--preset', PRESET, '--vary', 'w=1'], /--vary w: give at least two values/],
    [['compare', '--preset', PRESET, '--vary', 'w=1,1'], /--vary w: a value is repeated/],
    [['compare', '--preset', PRESET, '--vary', 'w=01,1'], /--vary w: a value is repeated/],
    [
      ['compare', '--preset', PRESET, '--vary', 'w=1,7'],
      /w must be an integer from 1 to 3 \(the nodes\), got "7"/,
    ],
    [['compare', '--preset', PRESET, '--vary', 'mode=async,fast'], /--vary mode: "fast" is not one of async/],
    [
      ['compare', '--preset', PRESET, '--vary', 'w=1,2', '--models', 'leaderless'],
      /either --models or --vary/,
    ],
    [
      ['compare', '--preset', PRESET, '--vary', 'w=1,2', '--with', 'mode=sync'],
      /--with mode: mode belongs to/,
    ],
    [['compare', '--preset', PRESET, '--with', 'r=2'], /--with goes with --vary/],
    [['compare', '--preset', PRESET, '--until', 'later'], /--until must be a number of milliseconds/],
    [
      ['compare', '--preset', PRESET, '--until', '-5'],
      /--until must be a number of milliseconds from 0 to 86400000 \(decimal digits, e.g. 1500 or 2.5\), got "-5"/,
    ],
    [
      ['compare', '--preset', PRESET, '--vary', 'w=0x2,1'],
      /--vary w: "0x2" is not a whole number \(decimal digits only\)/,
    ],
    [
      ['compare', '--preset', PRESET, '--vary', 'w=1,2', '--with', 'r=1e0'],
      /--with r: "1e0" is not a whole number \(decimal digits only\)/,
    ],
    [
      // Quiet and leaderless, so the base is far under the work limit; its leader-follower variant has
      // heartbeats every 50 ms and elections every 150 ms, and is not.
      [
        'compare',
        JSON.stringify({
          version: 1,
          name: 'quiet',
          model: 'leaderless',
          seed: 1,
          nodes: ['a', 'b', 'c'],
          clients: [{ id: 'alice' }],
          network: { latency: { dist: 'constant', ms: 10 }, dropProbability: 0 },
          leaderless: { n: 3, w: 2, r: 2 },
          clientTimeoutMs: 500,
          workload: { enabled: false, kind: 'register', ratePerSec: 10, readFraction: 0.5, keys: ['k'] },
          durationMs: 1000,
          timeline: [],
        }),
        '--until',
        '10000000',
      ],
      /^error: variant "leader-follower", run to 10000000 ms: expected work 2,400,000 \(0 operations: 0; heartbeats every 50 ms: 1,200,000; elections every 150 ms: 1,200,000\) exceeds the limit of 2,000,000: lower --until\n/,
    ],
    [['compare', '--preset', PRESET, '--bogus'], /Unknown option '--bogus'/],
    [['compare', 'a.json', 'b.json'], /expected one scenario, got 2/],
  ];
  it.each(bad)('bad arguments %j give a usage message and exit code 2', (args, message) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Usage:');
    expect(r.stderr).toContain('npm run sim -- compare');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
