import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { scenarioFromJson } from '../../src/codec/file.ts';
import { decodeShareHash, toBase64Url } from '../../src/codec/url.ts';
import { getPreset } from '../../src/sim/scenarios/presets/index.ts';
import { describeIssues, parseScenario, type Scenario } from '../../src/sim/scenarios/schema.ts';

const packJson = (json: string) => toBase64Url(deflateSync(strToU8(json)));

// biome-ignore lint/suspicious/noExplicitAny: the tests break scenarios in ways their type forbids.
type Loose = any;

function broken(change: (s: Loose) => void): Loose {
  const s = structuredClone(getPreset('partial-quorum-staleness')?.scenario as Scenario) as Loose;
  change(s);
  return s;
}

function messages(change: (s: Loose) => void): string {
  const r = parseScenario(broken(change));
  if (r.ok) throw new Error('the scenario was expected to be invalid');
  return describeIssues(r.issues);
}

/** zod's own English wording, which the plain messages replace. */
const ZOD_WORDING = /Too small|Too big|Invalid input|Invalid option|Unrecognized key|expected array|received/;

describe('plain messages for invalid scenarios', () => {
  const cases: [string, (s: Loose) => void, string][] = [
    // too_small / too_big on a list: counted in what it holds, named after the field.
    ['an empty node list', (s) => (s.nodes = []), 'nodes: a scenario needs at least one node (it is empty)'],
    [
      'an empty key list',
      (s) => (s.workload.keys = []),
      'workload.keys: needs at least one key (it is empty)',
    ],
    [
      'a partition of one group',
      (s) => (s.timeline = [{ atUs: 0, action: { type: 'partition', groups: [['kv1']] } }]),
      'timeline[0].action.groups: needs at least 2 groups (it has 1)',
    ],
    // too_small / too_big on a number: the field's whole range, whole or not, with its unit.
    [
      'a zero quorum',
      (s) => (s.leaderless.w = 0),
      'leaderless.w: must be a whole number from 1 to 1,000 (got 0)',
    ],
    [
      'a fractional quorum',
      (s) => (s.leaderless.r = 1.5),
      'leaderless.r: must be a whole number from 1 to 1,000 (got 1.5)',
    ],
    [
      'a probability above 1',
      (s) => (s.network.dropProbability = 7),
      'network.dropProbability: must be a number from 0 to 1 (got 7)',
    ],
    [
      'a timeout in ms out of range',
      (s) => (s.clientTimeoutMs = 0),
      'clientTimeoutMs: must be a number from 1 to 60,000 ms (got 0 ms)',
    ],
    [
      'a negative seed',
      (s) => (s.seed = -1),
      'seed: must be a whole number from 0 to 4,294,967,295 (got -1)',
    ],
    ['an empty name', (s) => (s.name = ''), 'name: must not be empty'],
    // invalid_type: what was expected and what was found.
    ['a missing seed', (s) => delete s.seed, 'seed: is missing: it must be a number'],
    ['a duration as text', (s) => (s.durationMs = '10s'), 'durationMs: must be a number (got "10s")'],
    ['nodes as text', (s) => (s.nodes = 'kv1'), 'nodes: must be a list (got "kv1")'],
    // invalid_value, enums and discriminators: the choices, and what was given.
    [
      'an unknown model',
      (s) => (s.model = 'paxos'),
      'model: must be one of "leader-follower", "multi-leader" or "leaderless" (got "paxos")',
    ],
    [
      'an unknown latency distribution',
      (s) => (s.network.latency = { dist: 'weird' }),
      'network.latency.dist: must be one of "constant", "uniform", "exponential", "normal", "pareto", "mixture" or "profile" (got "weird")',
    ],
    // unrecognized_keys: each unknown field named.
    [
      'a misspelt field',
      (s) => (s.colour = 'red'),
      '(root): unknown field "colour": a scenario has no such field (check its spelling)',
    ],
    [
      'two unknown fields in a section',
      (s) => Object.assign(s.leaderless, { foo: 1, bar: 2 }),
      'leaderless: unknown fields "foo" and "bar": this has no such fields (check their spelling)',
    ],
    // Refinements keep their own message.
    ['a write quorum above n', (s) => (s.leaderless.w = 5), 'leaderless.w: at most n (3)'],
    [
      'an inverted uniform latency',
      (s) => (s.network.latency = { dist: 'uniform', minMs: 5, maxMs: 1 }),
      'network.latency.minMs: minMs must not exceed maxMs',
    ],
    [
      'an interval below its floor',
      (s) => (s.leaderless.antiEntropyMs = 3),
      'leaderless.antiEntropyMs: 0 (off) or at least 10 ms (shorter intervals only flood the run)',
    ],
  ];
  it.each(cases)('%s', (_name, change, expected) => {
    const text = messages(change);
    expect(text.split('; ')[0]).toBe(expected);
    expect(text).not.toMatch(ZOD_WORDING);
  });

  const scenarioWithEmptyNodes = () => JSON.stringify(broken((s) => (s.nodes = [])));
  const plain = 'is not a valid scenario: nodes: a scenario needs at least one node (it is empty)';

  it('a share link that decodes to an invalid scenario says it in plain words', () => {
    const r = decodeShareHash(`s=1.${packJson(scenarioWithEmptyNodes())}`);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.startsWith(`the share link ${plain}`)).toBe(true);
      expect(r.error).not.toMatch(ZOD_WORDING);
    }
  });

  it('a file imported in the page says it in plain words', () => {
    const r = scenarioFromJson(JSON.stringify(broken((s) => (s.leaderless.w = 0))), '"mine.json"');
    expect(r).toEqual({
      ok: false,
      error:
        '"mine.json" is not a valid scenario: leaderless.w: must be a whole number from 1 to 1,000 (got 0)',
    });
  });

  it('the CLI says it in plain words', () => {
    const r = runCli([scenarioWithEmptyNodes()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`the JSON argument ${plain}`);
    expect(r.stderr).not.toMatch(ZOD_WORDING);
  });
});
