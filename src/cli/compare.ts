/**
 * `npm run sim -- compare ...`: the Compare view's trade-off table in the terminal. The scenario runs under the
 * three models (or `--models`), or under one model with a knob set to two or more values (`--vary w=1,2`), each
 * to the same simulated time; it prints an aligned table (or `--json`).
 */
import { parseArgs } from 'node:util';
import {
  buildVariant,
  CompareInputError,
  compareScenarios,
  isKnob,
  KNOB_NAMES,
  KNOBS,
  knobModel,
  knobSetting,
  mergePatches,
  threeModels,
  type Variant,
  type VariantPatch,
  varyKnob,
} from '../sim/analysis/compare.ts';
import { TranslationError } from '../sim/analysis/translate.ts';
import { MODELS, type ModelName } from '../sim/scenarios/schema.ts';
import { workExcess } from '../sim/scenarios/work.ts';
import { isWholeNumber, joinNegativeValues } from './args.ts';

export const COMPARE_SYNOPSIS = `  npm run sim -- compare <scenario.json | JSON text | share URL> | --preset <id>
                 [--models <m,m,...> | --vary <knob>=<a>,<b>[,...] [--with <knob>=<v>]...] [--until <ms>]
                 [--json]`;

export const COMPARE_HELP = `The compare subcommand runs the scenario's workload and fault timeline under several models or settings, each
to the same simulated time, and prints the trade-off table: write and read latency (p50, p99), availability,
failed writes, stale reads, lost acknowledged writes, conflicts (sets of concurrent writes to one key, each counted
once however many replicas detect it), messages and bytes sent (* marks the best).

Compare options:
  --models <list>   models to compare, comma-separated (default: ${MODELS.join(',')})
  --vary <k>=<list> one model, a knob at each value (e.g. --vary w=1,2, --vary mode=async,sync,
                    --vary failover=naive,majority); knobs:
                    ${KNOB_NAMES.join(', ')}
  --with <k>=<v>    with --vary: fix another knob of the same model for every variant (e.g. --with r=2);
                    may be repeated
  --until <ms>      simulated time to run each variant to (default: the share link's time, else durationMs)
  --json            print the table as JSON (columns with their settings, notes and metrics; rows)`;

export interface CompareArgs {
  readonly positionals: readonly string[];
  readonly values: {
    readonly preset?: string | undefined;
    readonly models?: string | undefined;
    readonly vary?: string | undefined;
    readonly with?: string[] | undefined;
    readonly until?: string | undefined;
    readonly json?: boolean | undefined;
    readonly help?: boolean | undefined;
  };
}

export function parseCompareArgs(argv: readonly string[]): CompareArgs {
  return parseArgs({
    args: joinNegativeValues(argv, new Set(['--until'])),
    allowPositionals: true,
    strict: true,
    options: {
      preset: { type: 'string' },
      models: { type: 'string' },
      vary: { type: 'string' },
      with: { type: 'string', multiple: true },
      until: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** The variants the options ask for; throws CompareInputError naming what is wrong. */
export function variantsFromArgs(
  values: CompareArgs['values'],
  base: Parameters<typeof varyKnob>[0],
): Variant[] {
  if (values.models !== undefined && values.vary !== undefined)
    throw new CompareInputError('give either --models or --vary, not both');
  if (values.vary !== undefined) {
    const match = /^([A-Za-z]+)=(.+)$/.exec(values.vary.trim());
    if (!match?.[1] || !match[2])
      throw new CompareInputError(`--vary must look like <knob>=<a>,<b> (e.g. w=1,2), got "${values.vary}"`);
    const knob = match[1];
    if (!isKnob(knob)) throw new CompareInputError(`unknown knob "${knob}"; known: ${KNOB_NAMES.join(', ')}`);
    const list = match[2].split(',').map((v) => v.trim());
    if (list.some((v) => v === ''))
      throw new CompareInputError(`--vary ${knob}: an empty value in "${match[2]}"`);
    const allowed = KNOBS[knob].values;
    // Numeric knobs (quorums, acknowledgements) count replicas: plain decimal digits, never "0x2" or "2e0".
    const notWhole = allowed === null ? list.find((v) => !isWholeNumber(v)) : undefined;
    if (notWhole !== undefined)
      throw new CompareInputError(
        `--vary ${knob}: "${notWhole}" is not a whole number (decimal digits only)`,
      );
    // "01" and "1" are the same number: repeats are judged on the values as they will be read.
    const canonical = list.map((v) => (v !== '' && Number.isFinite(Number(v)) ? String(Number(v)) : v));
    if (new Set(canonical).size !== list.length)
      throw new CompareInputError(`--vary ${knob}: a value is repeated in "${match[2]}"`);
    if (list.length < 2) throw new CompareInputError(`--vary ${knob}: give at least two values to compare`);
    if (allowed !== null) {
      const bad = list.find((v) => !(allowed as readonly string[]).includes(v));
      if (bad !== undefined)
        throw new CompareInputError(`--vary ${knob}: "${bad}" is not one of ${allowed.join(', ')}`);
    }
    let extra: VariantPatch = {};
    for (const setting of values.with ?? []) {
      const m = /^([A-Za-z]+)=([^,]+)$/.exec(setting.trim());
      if (!m?.[1] || !m[2])
        throw new CompareInputError(`--with must look like <knob>=<value> (e.g. r=2), got "${setting}"`);
      const fixed = m[1];
      if (!isKnob(fixed))
        throw new CompareInputError(`unknown knob "${fixed}" in --with; known: ${KNOB_NAMES.join(', ')}`);
      if (fixed === knob) throw new CompareInputError(`--with ${fixed}: that is the knob --vary varies`);
      if (KNOBS[fixed].values === null && !isWholeNumber(m[2]))
        throw new CompareInputError(`--with ${fixed}: "${m[2]}" is not a whole number (decimal digits only)`);
      const patch = knobSetting(base, fixed, m[2]);
      if (patch.model !== knobModel(knob, base))
        throw new CompareInputError(
          `--with ${fixed}: ${fixed} belongs to ${patch.model}, but --vary ${knob} varies ${knobModel(knob, base)}`,
        );
      extra = mergePatches(extra, patch);
    }
    return varyKnob(base, knob, list, extra);
  }
  if (values.with !== undefined) throw new CompareInputError('--with goes with --vary');
  if (values.models === undefined) return threeModels();
  const names = values.models.split(',').map((m) => m.trim());
  const bad = names.find((m) => !(MODELS as readonly string[]).includes(m));
  if (bad !== undefined) throw new CompareInputError(`unknown model "${bad}"; known: ${MODELS.join(', ')}`);
  if (new Set(names).size !== names.length) throw new CompareInputError('--models names a model twice');
  return (names as ModelName[]).map((model) => ({ label: model, patch: { model } }));
}

/** Runs the comparison; returns the text to print. Input errors come back as CompareInputError. */
export function runCompare(
  base: Parameters<typeof varyKnob>[0],
  values: CompareArgs['values'],
  untilUs: number,
  format: (result: ReturnType<typeof compareScenarios>) => string,
): string {
  const variants = variantsFromArgs(values, base);
  try {
    // Each variant runs to the same time and is held to the work limit on its own: a translated variant has
    // its model's background traffic (heartbeats, elections, synchronisation), which the base may not have.
    for (const variant of variants) {
      const excess = workExcess(buildVariant(base, variant).scenario, untilUs / 1000);
      if (excess)
        throw new CompareInputError(
          `variant "${variant.label}", run to ${untilUs / 1000} ms: ${excess.message}: lower --until`,
        );
    }
    return format(compareScenarios(base, variants, { untilUs }));
  } catch (e) {
    if (e instanceof TranslationError) throw new CompareInputError(e.message);
    throw e;
  }
}
