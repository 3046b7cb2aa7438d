/** Bit-level helpers for pinning floating-point results: digests of bit patterns, ulp distances, fixed inputs. */
import { createHash } from 'node:crypto';

/** The first 16 hex digits of the SHA-256 of the values' big-endian IEEE-754 bit patterns. */
export function bitsDigest(values: readonly number[]): string {
  const view = new DataView(new ArrayBuffer(8 * values.length));
  values.forEach((v, i) => {
    view.setFloat64(8 * i, v);
  });
  return createHash('sha256').update(new Uint8Array(view.buffer)).digest('hex').slice(0, 16);
}

const scratch = new DataView(new ArrayBuffer(8));

/** The bit pattern of a double as a signed 64-bit integer. */
export function bitsOf(x: number): bigint {
  scratch.setFloat64(0, x);
  return scratch.getBigInt64(0);
}

/** The bit pattern as 16 hex digits, for messages and pinned values. */
export function hexOf(x: number): string {
  scratch.setFloat64(0, x);
  return scratch.getBigUint64(0).toString(16).padStart(16, '0');
}

/** How many doubles apart two finite numbers of the same sign are (0: identical). */
export function ulpsApart(a: number, b: number): number {
  return Math.abs(Number(bitsOf(a) - bitsOf(b)));
}

/**
 * A fixed sequence of inputs, independent of the code under test: a 32-bit xorshift whose pairs of outputs make
 * uniform multiples of 2^-53 in [0, 1), the grid Rng.float() draws from.
 */
export function fixedUniforms(count: number, seed = 0x2545f491): number[] {
  let s = seed | 0;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  return Array.from({ length: count }, () => ((next() >>> 6) * 134217728 + (next() >>> 5)) / 2 ** 53);
}
