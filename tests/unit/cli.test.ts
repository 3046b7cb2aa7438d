import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { encodeShareHash } from '../../src/codec/url.ts';
import type { Report } from '../../src/sim/analysis/report.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { getPreset, PRESETS } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';
import { expectedWork, WORK_LIMIT } from '../../src/sim/scenarios/work.ts';
import { quietCluster } from '../support/story.ts';

const json = (out: string) => JSON.parse(out) as Report;

describe('CLI', () => {
  it('lists the presets', () => {
    const r = runCli(['--list-presets']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((p: { id: string }) => p.id)).toEqual(PRESETS.map((p) => p.id));
    expect(JSON.parse(r.stdout)[0]).toEqual({
      id: 'bank-ledger-async',
      model: 'leader-follower',
      title: 'Bank ledger: asynchronous replication',
      summary: PRESETS[0]?.summary,
      explanation: PRESETS[0]?.explanation,
    });
  });

  it('runs a preset and reports the trace hash, end time, counts and history', () => {
    const r = runCli(['--preset', 'bank-ledger-async', '--until', '200']);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.endTimeMs).toBe(200);
    expect(report.traceHash).toMatch(/^[0-9a-f]{16}$/);
    const first = report.history.find((o) => o.f === 'write' && o.value === '1000');
    expect(first).toMatchObject({
      client: 'teller',
      key: 'account_123',
      status: 'ok',
      node: 'bank_leader',
      invokeMs: 5,
    });
    expect(report.history.find((o) => o.f === 'read' && o.invokeMs === 20)).toMatchObject({
      value: null,
      node: 'bank_follower1',
      // One read, two labels: it missed the teller's write, which was also the teller's own.
      anomalies: ['stale-read', 'read-your-writes'],
    });
    // The oracle's counts and its per-operation verdicts in the history are one judgement.
    expect(report.anomalyCounts['stale-read']).toBeGreaterThanOrEqual(1);
    expect(report.anomalyCounts['stale-read']).toBe(
      report.history.filter((o) => o.anomalies?.includes('stale-read')).length,
    );
    expect(report.anomalyCounts['stale-read']).toBe(report.anomalies['stale-read']?.length);
    expect(report.counts.messagesSent).toBeGreaterThan(report.counts.messagesDropped);
  });

  it('gives the same report for a file, inline JSON and a share URL, and the same hash as the library', () => {
    const scenario = getPreset('follower-crash-catch-up')?.scenario;
    if (!scenario) throw new Error('missing preset');
    const dir = mkdtempSync(join(tmpdir(), 'rl-cli-'));
    const file = join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify(scenario));
    const fromFile = runCli([file, '--compact']);
    const fromJson = runCli([JSON.stringify(scenario), '--compact']);
    const fromUrl = runCli([`https://example.test/#${encodeShareHash(scenario)}`, '--compact']);
    expect(fromFile.code).toBe(0);
    expect(fromJson.stdout).toBe(fromFile.stdout);
    expect(fromUrl.stdout).toBe(fromFile.stdout);
    const sim = new Simulation(scenario);
    sim.runUntil(scenario.durationMs * 1000);
    expect(json(fromFile.stdout).traceHash).toBe(sim.traceHash());
  });

  it('runs a share link past the scenario’s own work limit to its moment, as the page opens it', () => {
    // An idle cluster with 1 ms heartbeats: 400 simulated s is 2.4 M units of work, over the scenario limit (a
    // durationMs that long is refused) but within a run to a moment's, which keeps a window of its history.
    const idle: Scenario = {
      ...quietCluster({ durationMs: 100 }),
      leaderFollower: { mode: 'async', semiSyncAcks: 1, heartbeatMs: 1 },
    };
    expect(expectedWork(idle, 400_000).total).toBeGreaterThan(WORK_LIMIT);
    const link = `#${encodeShareHash(idle, 400_000_000)}`;
    const r = runCli([link, '--compact']);
    expect(r.stderr).toBe('');
    expect(json(r.stdout).endTimeMs).toBe(400_000);
    // The same moment asked with every operation kept is held to the scenario's limit.
    expect(runCli([link, '--full-history']).stderr).toMatch(
      /^error: running to the share link's time \(t=400000000\) with --full-history \(every operation kept\): expected work 2,400,000 .* exceeds the limit of 2,000,000: give a lower --until, drop --full-history or /,
    );
  });

  it('runs a share URL to the time it was shared at, unless --until says otherwise', () => {
    const scenario = getPreset('bank-ledger-sync')?.scenario;
    if (!scenario) throw new Error('missing preset');
    const url = `#${encodeShareHash(scenario, 123_456)}`;
    expect(json(runCli([url]).stdout).endTimeMs).toBe(123.456);
    expect(json(runCli([url, '--until', '50']).stdout).endTimeMs).toBe(50);
  });

  const bad: [string[], RegExp][] = [
    [[], /no scenario given/],
    [['--until', 'soon', '--preset', 'bank-ledger-async'], /--until must be a number of milliseconds/],
    [['--preset', 'nope'], /unknown preset "nope"; known: bank-ledger-async/],
    [
      ['--preset', 'split-brian'],
      /unknown preset "split-brian" \(did you mean split-brain or split-brain-fixed\?\); known: /,
    ],
    [['--bogus'], /Unknown option '--bogus'/],
    [['missing.json'], /cannot read "missing.json": no such file/],
    [['#s=1.AAAA'], /share link/],
    [['{"version":1}'], /the JSON argument is not a valid scenario: name: /],
    [['a.json', 'b.json'], /expected one scenario, got 2/],
    [['--list-presets', 'split-brain'], /^error: --list-presets takes no other argument, got "split-brain"/],
    [
      ['--list-presets', '--preset', 'split-brain'],
      /^error: --list-presets takes no other argument, got "--preset"/,
    ],
    // The Monte Carlo model writes no history: an EDN path given to it was taken and silently ignored.
    [
      ['staleness', '--n', '3', '--r', '1', '--w', '1', '--profile', 'lnkd-disk', '--history-edn', 'x.edn'],
      /^error: Unknown option '--history-edn'/,
    ],
  ];
  it.each(bad)('bad arguments %j give a usage message and exit code 2', (args, message) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Usage:');
    expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  });

  describe('bad input gets a message naming what is wrong, exit code 2, never a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-cli-bad-'));
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const base: Scenario = {
      version: 1,
      name: 'small',
      model: 'leader-follower',
      seed: 1,
      nodes: ['a', 'b', 'c'],
      clients: [{ id: 'alice' }],
      network: { latency: { dist: 'constant', ms: 10 }, dropProbability: 0 },
      leaderFollower: { mode: 'async', semiSyncAcks: 1, heartbeatMs: 100 },
      clientTimeoutMs: 500,
      workload: { enabled: true, kind: 'register', ratePerSec: 5000, readFraction: 0.5, keys: ['k'] },
      durationMs: 100,
      timeline: [],
    };
    // Built as text: JSON.stringify itself recurses and overflows on 5,000 levels.
    const deep = `${'{"dist":"mixture","components":[{"weight":1,"latency":'.repeat(5000)}{"dist":"constant","ms":1}${'}]}'.repeat(5000)}`;
    const deepScenario = JSON.stringify({
      ...base,
      network: { latency: 'DEEP', dropProbability: 0 },
    }).replace('"DEEP"', deep);
    const deepMessage =
      'network.latency: latency mixtures may nest at most 4 levels deep (a mixture inside a mixture is 2); this one nests deeper';
    const until = (text: string) =>
      `error: --until must be a number of milliseconds from 0 to 86400000 (decimal digits, e.g. 1500 or 2.5), got "${text}"`;
    const directory = join(dir, 'scenarios');
    mkdirSync(directory);

    const cases: [string, string[], string][] = [
      ['a directory', [directory], `error: "${directory}" is a directory, not a scenario file`],
      [
        'a missing file',
        [join(dir, 'missing.json')],
        `error: cannot read "${join(dir, 'missing.json')}": no such file (give a scenario file, JSON text or a share URL)`,
      ],
      [
        'an empty file',
        [file('empty.json', '')],
        `error: "${join(dir, 'empty.json')}" is empty: a scenario file holds one JSON object`,
      ],
      [
        'a file over 1 MB',
        [file('big.json', ' '.repeat(1024 * 1024 + 1))],
        `error: "${join(dir, 'big.json')}" is too large (1,048,577 bytes (1 MB); the limit is 1,048,576 bytes (1 MB))`,
      ],
      ['a negative --until', ['--preset', 'bank-ledger-async', '--until', '-5'], until('-5')],
      ['a hexadecimal --until', ['--preset', 'bank-ledger-async', '--until', '0x10'], until('0x10')],
      ['an exponent in --until', ['--preset', 'bank-ledger-async', '--until', '1e3'], until('1e3')],
      ['Infinity as --until', ['--preset', 'bank-ledger-async', '--until', 'Infinity'], until('Infinity')],
      ['a blank --until', ['--preset', 'bank-ledger-async', '--until', ' '], until(' ')],
      ['--until past a day', ['--preset', 'bank-ledger-async', '--until', '86400001'], until('86400001')],
      [
        '--until past the limit of a run to a moment',
        [file('small.json', JSON.stringify(base)), '--until', '2000000'],
        'error: running to --until 2000000: expected work 260,120,000 (10,000,000 operations: 260,000,000; heartbeats every 100 ms: 120,000) exceeds the limit of 200,000,000: lower --until or lower workload.ratePerSec',
      ],
      [
        '--until past the work limit with --full-history',
        [file('small.json', JSON.stringify(base)), '--until', '20000', '--full-history'],
        'error: running to --until 20000 with --full-history (every operation kept): expected work 2,601,200 (100,000 operations: 2,600,000; heartbeats every 100 ms: 1,200) exceeds the limit of 2,000,000: lower --until, drop --full-history or lower workload.ratePerSec',
      ],
      [
        'a share link whose time is past the limit of a run to a moment (the page refuses it too)',
        [`#${encodeShareHash(base, 2_000_000_000)}`],
        "error: the share link's time t=2000000000 is too far into its run: expected work 260,120,000 (10,000,000 operations: 260,000,000; heartbeats every 100 ms: 120,000) exceeds the limit of 200,000,000: share an earlier moment or lower workload.ratePerSec",
      ],
      [
        'a scenario file past the work limit',
        [file('long.json', JSON.stringify({ ...base, durationMs: 86_400_000 }))],
        `error: "${join(dir, 'long.json')}" is not a valid scenario: durationMs: expected work 11,237,184,000 (432,000,000 operations: 11,232,000,000; heartbeats every 100 ms: 5,184,000) exceeds the limit of 2,000,000: shorten durationMs or lower workload.ratePerSec`,
      ],
      [
        'a 5,000-deep latency mixture in a file',
        [file('deep.json', deepScenario)],
        `error: "${join(dir, 'deep.json')}" is not a valid scenario: ${deepMessage}`,
      ],
      [
        'a 5,000-deep latency mixture as JSON text',
        [deepScenario],
        `error: the JSON argument is not a valid scenario: ${deepMessage}`,
      ],
    ];
    it('reads past a byte order mark at the head of a file, as the page’s File.text() does', () => {
      // Windows editors write one; JSON.parse refused the file with an invisible character in its message.
      const r = runCli([file('bom.json', `\uFEFF${JSON.stringify(base)}`), '--compact']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(json(r.stdout).endTimeMs).toBe(100);
    });

    it.each(cases)('%s', (_name, args, firstLine) => {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe(firstLine);
      expect(r.stderr).toContain('Usage:');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  });
});

describe('CLI entry point (src/cli/run.ts, as `npm run sim` starts it)', () => {
  // Linux's /dev/full takes the open and refuses every write with ENOSPC: a disk that filled up.
  it.runIf(existsSync('/dev/full'))(
    'a report that cannot be written ends with one line naming the cause and exit code 1, not a stack trace',
    () => {
      const full = openSync('/dev/full', 'w');
      try {
        const r = spawnSync(
          process.execPath,
          ['--import', 'tsx', 'src/cli/run.ts', '--preset', 'bank-ledger-async', '--until', '10'],
          { stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 60_000 },
        );
        expect(r.stderr).toBe('error: cannot write the report to standard output: ENOSPC\n');
        expect(r.status).toBe(1);
      } finally {
        closeSync(full);
      }
    },
    60_000,
  );
});
