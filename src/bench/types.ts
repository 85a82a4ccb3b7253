/**
 * A benchmark prints figures; it never fails a build by timing. `npm run bench` runs every
 * registered one (src/bench/index.ts), or those named on the command line. A benchmark
 * with a check of its own (a growth exponent, a memory ceiling) reports a miss through
 * `fail`, and `npm run bench` then exits with status 1.
 */
export interface Benchmark {
  name: string;
  /** One line: what it measures. */
  description: string;
  /**
   * Runs and returns the lines to print (figures with units). `quick` = smaller sizes, for
   * tests. `only`, when given, narrows a benchmark made of many parts to the parts whose
   * name holds one of these words (a benchmark of one part ignores it).
   */
  run(opts: { quick: boolean; only?: readonly string[]; fail?: (why: string) => void }): string[];
}

/** Wall-clock milliseconds for `fn`, measured by the host's clock (benchmarks live outside src/sim). */
export function timeMs(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export function fmtRate(n: number, unit: string): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M ${unit}/s`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k ${unit}/s`;
  return `${n.toFixed(0)} ${unit}/s`;
}
