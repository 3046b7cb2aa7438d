/**
 * Runs comparisons in their own worker (src/worker/compare.worker.ts), so the live simulation never waits for
 * one; only the newest request is answered (see latestOnlyWorker).
 */
import type { CompareResult, Variant } from '../../sim/analysis/compare.ts';
import type { Scenario } from '../../sim/scenarios/schema.ts';
import { latestOnlyWorker } from '../latestOnlyWorker.ts';

export interface CompareProgress {
  readonly done: number;
  readonly total: number;
  readonly label: string;
}

const run = latestOnlyWorker<
  { base: Scenario; variants: readonly Variant[]; untilUs: number },
  CompareResult,
  CompareProgress
>(
  () => new Worker(new URL('../../worker/compare.worker.ts', import.meta.url), { type: 'module' }),
  'compare',
);

export function runCompareInWorker(
  base: Scenario,
  variants: readonly Variant[],
  untilUs: number,
  onProgress: (p: CompareProgress) => void,
): Promise<CompareResult> {
  return run({ base, variants, untilUs }, ({ done, total, label }) => onProgress({ done, total, label }));
}
