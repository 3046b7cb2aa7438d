import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { encodeShareHash } from '../../src/codec/url.ts';
import type { Report } from '../../src/sim/analysis/report.ts';
import { Simulation } from '../../src/sim/engine/simulation.ts';
import { getPreset, PRESETS } from '../../src/sim/scenarios/presets/index.ts';

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
    [['--bogus'], /Unknown option '--bogus'/],
    [['missing.json'], /cannot read "missing.json": no such file/],
    [['#s=1.AAAA'], /share link/],
    [['{"version":1}'], /the JSON argument is not a valid scenario: name: /],
    [['a.json', 'b.json'], /expected one scenario, got 2/],
  ];
  it.each(bad)('bad arguments %j give a usage message and exit code 2', (args, message) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Usage:');
    expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  });
});
