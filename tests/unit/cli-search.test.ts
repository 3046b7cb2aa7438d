/**
 * `npm run sim -- search` and `merge`: the answer in words and as JSON, its share link, sharding and the merge of
 * shards into the unsharded answer, and every bad argument refused by name.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { decodeShareHash } from '../../src/codec/url.ts';
import { FAULT_KINDS, findFailure } from '../../src/sim/analysis/search.ts';
import { isFault } from '../../src/sim/analysis/searchCase.ts';
import { type SearchReport, searchReport } from '../../src/sim/analysis/searchReport.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import type { Scenario } from '../../src/sim/scenarios/schema.ts';

function withoutFaults(id: string): Scenario {
  const s = getPreset(id)?.scenario;
  if (!s) throw new Error(`no preset ${id}`);
  return { ...s, timeline: s.timeline.filter((e) => !isFault(e.action)) };
}

const dir = mkdtempSync(join(tmpdir(), 'rl-search-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const splitBrain = file('split-brain.json', JSON.stringify(withoutFaults('split-brain')));
const fixed = file('split-brain-fixed.json', JSON.stringify(withoutFaults('split-brain-fixed')));
const durable = FAULT_KINDS.filter((k) => k !== 'disk-loss').join(',');

function ok(args: string[]) {
  const r = runCli(args);
  expect(r.stderr).not.toMatch(/^error/);
  expect(r.code).toBe(0);
  return r;
}

describe('CLI search', () => {
  it('prints the violation, the shrinking, the key moment, the link and the shrunk scenario', () => {
    const r = ok(['search', splitBrain, '--property', 'lost-write', '--runs', '100', '--seed', '1']);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Found: lost-write (no acknowledged write is lost) broken in run 7 of 100 (seed 1).',
      '  write w1 (cart = "book") was acknowledged by db1 at 15.8 ms and lost at 285.9 ms on db1: orphaned: db2 took office as leader of term 2 without it, while only db1 held it: lost unless db1 leads again and keeps it',
      'Shrunk in 12 steps (37 runs): 3 -> 1 fault, 9 -> 1 timeline operation, no generated traffic, 2 -> 1 client, 5 -> 2 nodes.',
      'Key moment: 285.9 ms.',
    ]);
    expect(lines[4]).toMatch(/^Link: #s=1\.[A-Za-z0-9_-]+&t=285894$/);
    expect(lines[5]).toBe('Scenario:');
    const scenario = JSON.parse(lines.slice(6).join('\n'));
    const decoded = decodeShareHash((lines[4] ?? '').slice('Link: '.length));
    expect(decoded).toEqual({ ok: true, scenario, atUs: 285_894 });
    expect(scenario.name).toBe('Split brain (lost-write, shrunk)');
    expect(r.stderr).toMatch(
      /^searched 7 runs in \d+\.\d s \([\d.]+ runs\/s\); shrank in 37 runs \(\d+\.\d s\)\n$/,
    );
  });

  it('prints the same answer as JSON with --json, as the library gives it', () => {
    const r = ok(['search', splitBrain, '--property', 'lost-write', '--runs', '100', '--json']);
    const base = withoutFaults('split-brain');
    const result = findFailure(base, { property: 'lost-write', seed: 1, runs: 100 });
    if (!result.found) throw new Error('expected a failure');
    const report = JSON.parse(r.stdout) as SearchReport;
    expect(report).toEqual(searchReport(result, base, report.found ? report.link : null));
    expect(report).toMatchObject({ found: true, runIndex: 6, runs: 7, budget: 100, seed: 1, minimal: true });
  });

  it('says "nothing found in N runs" with N, as words or JSON', () => {
    const args = ['search', fixed, '--property', 'lost-write', '--runs', '40', '--faults', durable];
    expect(ok(args).stdout).toBe(
      'Nothing found in 40 runs (seed 1): lost-write (no acknowledged write is lost) held.\n',
    );
    expect(JSON.parse(ok([...args, '--json']).stdout)).toMatchObject({
      found: false,
      runs: 40,
      budget: 40,
      complete: true,
      undecided: 0,
      faults: durable.split(','),
    });
  });
});

describe('CLI search --shard and merge', () => {
  /** Each shard's --json answer in a file, and the merge of them all. */
  function shardsAndMerge(
    args: string[],
    n: number,
    name: string,
  ): { files: string[]; json: string; text: string } {
    const files = Array.from({ length: n }, (_, i) =>
      file(`${name}-${i + 1}.json`, ok([...args, '--shard', `${i + 1}/${n}`, '--json']).stdout),
    );
    return { files, json: ok(['merge', ...files, '--json']).stdout, text: ok(['merge', ...files]).stdout };
  }

  it('merges 4 shards of a search that finds a failure into exactly the unsharded answer', () => {
    const args = ['search', splitBrain, '--property', 'lost-write', '--runs', '100'];
    const { files, json, text } = shardsAndMerge(args, 4, 'found');
    // Shard i takes run indices i-1, i-1+4, ...; each stops at its own first failure. Shard 3 meets the first
    // failure of the whole search, run index 6, at its second run.
    const shards = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as SearchReport);
    expect(shards.map((s) => [s.shard, s.found && s.runIndex, s.runs])).toEqual([
      [{ index: 1, count: 4 }, 28, 8],
      [{ index: 2, count: 4 }, 13, 4],
      [{ index: 3, count: 4 }, 6, 2],
      [{ index: 4, count: 4 }, 31, 8],
    ]);
    expect(json).toBe(ok([...args, '--json']).stdout);
    expect(text).toBe(ok(args).stdout);
  });

  it('merges 4 shards that find nothing into the unsharded "nothing found", their runs added up', () => {
    const args = ['search', fixed, '--property', 'lost-write', '--runs', '40', '--faults', durable];
    const { json, text } = shardsAndMerge(args, 4, 'none');
    expect(json).toBe(ok([...args, '--json']).stdout);
    expect(text).toBe(
      'Nothing found in 40 runs (seed 1): lost-write (no acknowledged write is lost) held.\n',
    );
  });
});

describe('CLI merge: doubts', () => {
  it('warns when a shard stopped by its deadline may have missed an earlier failure', () => {
    const answers = [1, 2, 3, 4].map(
      (i) =>
        JSON.parse(
          ok([
            'search',
            splitBrain,
            '--property',
            'lost-write',
            '--runs',
            '100',
            '--shard',
            `${i}/4`,
            '--json',
          ]).stdout,
        ) as SearchReport,
    );
    // Shard 1 as if its deadline had stopped it after one run (index 0): indices 4 and 8 were never run, and 4
    // comes before the failure shard 3 found at index 6. After two runs (indices 0 and 4) there is no doubt.
    const stopped = (runs: number) => {
      const a = answers[0] as SearchReport;
      const { property, seed, budget, faults, settleMs, base, shard } = a;
      return {
        found: false,
        property,
        seed,
        budget,
        runs,
        faults,
        settleMs,
        base,
        shard,
        undecided: 0,
        complete: false,
      };
    };
    const rest = answers.slice(1).map((a, i) => file(`doubt-${i + 2}.json`, JSON.stringify(a)));
    const one = ok(['merge', file('doubt-1a.json', JSON.stringify(stopped(1))), ...rest, '--json']);
    expect(JSON.parse(one.stdout)).toMatchObject({ found: true, runIndex: 6, runs: 7 });
    expect(one.stderr).toBe(
      'warning: shard 1/4 stopped before run 4: a failure before run 6 may have been missed, so this may not be the first one\n',
    );
    const two = ok(['merge', file('doubt-1b.json', JSON.stringify(stopped(2))), ...rest, '--json']);
    expect(two.stderr).toBe('');
  });
});

describe('CLI search and merge: bad arguments give a message naming what is wrong, exit code 2', () => {
  const run = ['search', '--preset', 'split-brain', '--property', 'lost-write'];
  const shard = (i: number, extra: string[] = []) =>
    file(
      `tiny-${i}${extra.join('')}.json`,
      ok([
        'search',
        fixed,
        '--property',
        'lost-write',
        '--runs',
        '4',
        '--shard',
        `${i}/4`,
        '--json',
        ...extra,
      ]).stdout,
    );
  const whole = file(
    'tiny-whole.json',
    ok(['search', fixed, '--property', 'lost-write', '--runs', '4', '--json']).stdout,
  );
  const [s1, s2, s3, s4] = [1, 2, 3, 4].map((i) => shard(i));
  const other = shard(2, ['--seed', '2']);
  const notJson = file('not.json', '{"found": tru');
  // Node's parser quotes the text around the error, here with its newline and a tab.
  const notJsonLines = file('not-lines.json', 'not json\n\tat all\n');
  const scenario = file('scenario.json', JSON.stringify(withoutFaults('split-brain')));
  const whole16 = '1000000000';
  const cases: [string, string[], string | RegExp][] = [
    [
      'no property',
      ['search', '--preset', 'split-brain'],
      'error: search needs --property (lost-write, stale-read, convergence, linearizable, one-leader, read-your-writes, monotonic-reads)',
    ],
    [
      'an unknown property',
      ['search', '--preset', 'split-brain', '--property', 'nope'],
      'error: unknown property "nope"; known: lost-write, stale-read, convergence, linearizable, one-leader, read-your-writes, monotonic-reads',
    ],
    ['no scenario', ['search', '--property', 'lost-write'], 'error: no scenario given'],
    [
      'a scenario and a preset',
      ['search', scenario, ...run.slice(1)],
      'error: give either --preset or a scenario, not both',
    ],
    [
      'an unknown option',
      [...run, '--bogus'],
      "error: Unknown option '--bogus'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--bogus\"",
    ],
    [
      'a budget of 0',
      [...run, '--runs', '0'],
      `error: --runs must be a whole number from 1 to ${whole16} (decimal digits only), got "0"`,
    ],
    [
      'an exponent in --runs',
      [...run, '--runs', '1e3'],
      `error: --runs must be a whole number from 1 to ${whole16} (decimal digits only), got "1e3"`,
    ],
    [
      'a negative seed',
      [...run, '--seed', '-1'],
      'error: --seed must be a whole number from 0 to 4294967295 (decimal digits only), got "-1"',
    ],
    [
      'shard 0/4',
      [...run, '--shard', '0/4'],
      'error: --shard must be <i>/<n> with 1 <= i <= n, e.g. 2/4, got "0/4"',
    ],
    [
      'shard 5/4',
      [...run, '--shard', '5/4'],
      'error: --shard must be <i>/<n> with 1 <= i <= n, e.g. 2/4, got "5/4"',
    ],
    [
      'a shard without a count',
      [...run, '--shard', '2'],
      'error: --shard must be <i>/<n> with 1 <= i <= n, e.g. 2/4, got "2"',
    ],
    [
      'more shards than runs',
      [...run, '--shard', '3/4', '--runs', '2'],
      'error: --shard 3/4: more shards than runs (--runs 2)',
    ],
    [
      'an unknown fault',
      [...run, '--faults', 'crash,meteor'],
      'error: unknown fault "meteor" in --faults; known: crash, disk-loss, partition, one-way, cut-link, loss, duplication, clock-skew',
    ],
    [
      'a fault named twice',
      [...run, '--faults', 'crash,crash'],
      'error: --faults names a fault twice: "crash,crash"',
    ],
    [
      'a settle period too long',
      [...run, '--settle', '600001'],
      'error: --settle must be a number of milliseconds from 0 to 600000 (decimal digits, e.g. 1500 or 2.5), got "600001"',
    ],
    [
      'a deadline that is no number',
      [...run, '--max-seconds', 'soon'],
      'error: --max-seconds must be a number of seconds from 0 to 31536000 (decimal digits, e.g. 1500 or 2.5), got "soon"',
    ],
    [
      'one-leader on a leaderless preset',
      ['search', '--preset', 'social-posts', '--property', 'one-leader'],
      'error: one-leader is a leader-follower property; a leaderless cluster has no leader',
    ],
    ['merge with nothing', ['merge'], 'error: merge needs the --json answer file of every shard'],
    [
      'merge of a missing file',
      ['merge', join(dir, 'gone.json')],
      `error: cannot read "${join(dir, 'gone.json')}": no such file`,
    ],
    [
      'merge of a file that is not JSON',
      ['merge', notJson],
      // The parser's own words differ between Node versions.
      new RegExp(`^error: "${notJson}" is not valid JSON \\(.+\\)$`),
    ],
    [
      'merge of a file that is not JSON and quotes its newlines: one line, escaped',
      ['merge', notJsonLines],
      new RegExp(`^error: "${notJsonLines}" is not valid JSON \\(.*not json\\\\n\\\\tat.*\\)$`),
    ],
    [
      'merge of a scenario',
      ['merge', scenario],
      `error: "${scenario}" is not the JSON answer of a search (npm run sim -- search ... --json): found: is missing: it must be one of true or false`,
    ],
    [
      'merge with a shard missing',
      ['merge', s1 as string, s2 as string, s4 as string],
      "error: shard 3/4 missing: give every shard's answer",
    ],
    [
      'merge with a shard twice',
      ['merge', s1 as string, s2 as string, s2 as string, s3 as string, s4 as string],
      `error: "${s2}" and "${s2}" are both shard 2/4`,
    ],
    [
      'merge of two searches',
      ['merge', s1 as string, other, s3 as string, s4 as string],
      `error: "${other}" is from another search than "${s1}": its seed differs (2 against 1)`,
    ],
    [
      'merge of a whole search and shards',
      ['merge', whole, s1 as string],
      `error: "${s1}" is shard 1/4, but "${whole}" is a whole search (no --shard)`,
    ],
  ];
  it.each(cases)('%s', (_name, args, firstLine) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    if (typeof firstLine === 'string') expect(r.stderr.split('\n')[0]).toBe(firstLine);
    else expect(r.stderr.split('\n')[0]).toMatch(firstLine);
    expect(r.stderr).toContain('Usage:');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops at --max-seconds with the answer so far, and says so', () => {
    expect(ok([...run, '--max-seconds', '0']).stdout).toBe(
      'No run was made (seed 1; stopped by --max-seconds before the end of the budget): lost-write (no acknowledged write is lost) was not tested.\n',
    );
  });

  it('says "1 run", not "1 runs"', () => {
    const r = runCli(['search', '--preset', 'split-brain-fixed', '--property', 'lost-write', '--runs', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'Nothing found in 1 run (seed 1): lost-write (no acknowledged write is lost) held.\n',
    );
    expect(r.stderr).toMatch(/^searched 1 run in \d+\.\d s/m);
  });

  it('prints the usage with --help', () => {
    for (const args of [
      ['search', '--help'],
      ['merge', '-h'],
    ]) {
      const r = ok(args);
      expect(r.stdout).toContain('--property <name> required, one of:');
      expect(r.stdout).toContain('The merge subcommand reads the --json answers of every shard');
    }
  });
});
