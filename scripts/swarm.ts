/**
 * The swarm at volume, outside the test suite: `npm run swarm -- --runs 2000 --seed 7`. Runs random scenarios
 * of every model with random faults (tests/support/swarm.ts) and checks what each model's settings promise. A
 * failure is shrunk by fast-check to a minimal scenario, printed as JSON with the share link that replays it,
 * and the command exits 1; pin it as a regression test in tests/unit/swarm.property.test.ts.
 */
import fc from 'fast-check';
import { parseNumber } from '../src/cli/args.ts';
import { shareLink, swarmCaseArb, swarmViolation } from '../tests/support/swarm.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = process.argv[i + 1];
  if (value === undefined) throw new Error(`--${name} needs a value`);
  return parseNumber(name, value, {
    what: 'a whole number',
    integer: true,
    min: name === 'runs' ? 1 : 0,
    max: 2_147_483_647,
  });
}

try {
  const runs = option('runs', 500);
  const seed = option('seed', 1);
  const started = Date.now();
  const details = fc.check(
    fc.property(swarmCaseArb, (c) => swarmViolation(c) === null),
    { numRuns: runs, seed },
  );
  const seconds = (Date.now() - started) / 1000;
  if (!details.failed) {
    console.log(`swarm: ${details.numRuns} runs, no property broken (seed ${seed}, ${seconds.toFixed(1)} s)`);
    process.exit(0);
  }
  const [found] = details.counterexample ?? [];
  if (!found) throw new Error('fast-check reported a failure without a counterexample');
  console.log(
    `swarm: property broken after ${details.numRuns} runs (seed ${seed}, path ${details.counterexamplePath})`,
  );
  console.log(`why: ${swarmViolation(found)}`);
  console.log(`link: ${shareLink(found.scenario)}`);
  console.log(JSON.stringify(found, null, 2));
  process.exit(1);
} catch (error) {
  console.error(`swarm: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
