/**
 * A running 64-bit digest (two 32-bit lanes, murmur-style mixing) over the integers that describe each processed
 * event. Cheap enough to run on every event of the hot loop; stable across Node and browsers because it uses only
 * 32-bit integer arithmetic.
 */
export class TraceHash {
  /**
   * The lanes, int32s from the start: every step below yields an int32, and `| 0` keeps the seeds' bits. Seeds
   * above 2^31 (as written, unsigned) made V8 keep both fields as boxed doubles, so each step read and wrote a
   * heap number: mixing cost three times as much (15 ns instead of 5 ns, some 5% of a run's time per event).
   */
  private h1 = 0x9e3779b9 | 0;
  private h2 = 0x85ebca6b | 0;

  mix(n: number): void {
    const lo = n | 0;
    // An int32 (ids, codes, times under 35 minutes): its high half is 0, or -1 when negative, as the division
    // below would give, without the division (a floating-point one, on every event). Numbers beyond 32 bits
    // (simulated times) are folded in two halves so no bit is lost; a high half of 0 is left out.
    const hi = lo === n ? (lo < 0 ? -1 : 0) : Math.floor(n / 4294967296) | 0;
    // The lanes in locals, read and written once: a step per call that read and wrote both fields, five times a
    // lane, was 3.9% of the leader-follower bench's CPU profile (a function V8 did not inline into the loop).
    let h1 = this.h1;
    let h2 = this.h2;
    for (let k = lo, i = 0; i < 2; k = hi, i++) {
      h1 = Math.imul(h1 ^ k, 0xcc9e2d51);
      h1 = (h1 << 15) | (h1 >>> 17);
      h2 = Math.imul(h2 ^ h1, 0x1b873593);
      h2 = (h2 << 13) | (h2 >>> 19);
      h1 = (h1 + h2) | 0;
      if (hi === 0) break;
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  digest(): string {
    let a = this.h1 ^ (this.h2 >>> 16);
    a = Math.imul(a, 0x85ebca6b);
    a ^= a >>> 13;
    let b = this.h2 ^ (this.h1 >>> 15);
    b = Math.imul(b, 0xc2b2ae35);
    b ^= b >>> 16;
    return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
  }
}

const codes = new Map<string, number>();

/** FNV-1a of a string, as a signed 32-bit integer. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/**
 * A stable 32-bit code for a string (FNV-1a), cached: the trace hash asks for message types, timer kinds and node
 * ids, which are few and repeat on every event. Only those are cached (not ring tokens or keys: `hash32`), so the
 * cache stays small and its lookups quick.
 */
export function stringCode(s: string): number {
  let code = codes.get(s);
  if (code === undefined) {
    code = fnv1a(s);
    codes.set(s, code);
  }
  return code;
}

/**
 * A well-mixed unsigned 32-bit hash of a string: FNV-1a followed by murmur3's finaliser, so that similar strings
 * ("key1", "key2") land far apart (a consistent-hash ring needs that; FNV-1a alone clusters them).
 */
export function hash32(s: string): number {
  // Not cached: each ring token and key is hashed once per ring (the ring caches its placements).
  let h = fnv1a(s);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
