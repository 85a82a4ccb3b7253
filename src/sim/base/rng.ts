/**
 * A seeded PRNG (sfc32) whose whole state is four 32-bit numbers in plain data, so it lives
 * in KernelState: a snapshot carries the random future with it, and a replay draws the
 * same numbers.
 */
export interface RngState {
  a: number;
  b: number;
  c: number;
  d: number;
}

/** Seeds sfc32 from one integer with splitmix32, then discards the first outputs. */
export function seedRng(seed: number): RngState {
  let x = seed >>> 0;
  const split = (): number => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const rng: RngState = { a: split(), b: split(), c: split(), d: split() };
  for (let i = 0; i < 12; i++) nextUint32(rng);
  return rng;
}

/** The next uniformly distributed unsigned 32-bit integer; advances the state. */
export function nextUint32(r: RngState): number {
  const t = (((r.a + r.b) >>> 0) + r.d) >>> 0;
  r.d = (r.d + 1) >>> 0;
  r.a = r.b ^ (r.b >>> 9);
  r.b = (r.c + (r.c << 3)) >>> 0;
  r.c = ((r.c << 21) | (r.c >>> 11)) >>> 0;
  r.c = (r.c + t) >>> 0;
  return t;
}

/** A float in [0, 1). */
export function nextFloat(r: RngState): number {
  return nextUint32(r) / 4294967296;
}

/** An integer in [0, n) without modulo bias; n must be a positive integer. */
export function nextInt(r: RngState, n: number): number {
  if (n <= 1) return 0;
  if (n > 4294967296) return Math.floor(nextFloat(r) * n);
  const limit = 4294967296 - (4294967296 % n);
  for (;;) {
    const v = nextUint32(r);
    if (v < limit) return v % n;
  }
}

/** An integer in [lo, hi] inclusive. */
export function nextRange(r: RngState, lo: number, hi: number): number {
  return lo + nextInt(r, hi - lo + 1);
}
