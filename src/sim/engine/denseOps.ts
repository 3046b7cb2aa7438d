/**
 * The few operations on dense version vectors (src/sim/models/shared/denseVector.ts, which re-exports them) that
 * the engine's conflict count uses too: here, under the engine, so the engine imports nothing of the models.
 */

export type DenseVector = readonly number[];

/** The counter at index `i` (0: none). */
export function denseEntry(v: DenseVector, i: number): number {
  return i < v.length ? (v[i] as number) : 0;
}

/** Whether `a` has seen everything `b` has (after or equal). */
export function dominates(a: DenseVector, b: DenseVector): boolean {
  for (let i = 0; i < b.length; i++) if ((b[i] as number) > denseEntry(a, i)) return false;
  return true;
}

/** Raises the entries of a vector the caller owns to `b`'s where `b`'s are higher; returns whether any rose. */
export function mergeInto(target: number[], b: DenseVector): boolean {
  let rose = false;
  while (target.length < b.length) target.push(0);
  for (let i = 0; i < b.length; i++) {
    const y = b[i] as number;
    if (y > (target[i] as number)) {
      target[i] = y;
      rose = true;
    }
  }
  return rose;
}
