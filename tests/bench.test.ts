import { describe, expect, it } from 'vitest';
import { BENCHMARKS } from '../src/bench/index.ts';

describe('the benchmarks', () => {
  it.each(BENCHMARKS.map((b) => [b.name, b] as const))('%s runs in quick mode and prints figures', (_name, b) => {
    const lines = b.run({ quick: true });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => /\d/.test(line)).length).toBeGreaterThan(0);
  });
});
