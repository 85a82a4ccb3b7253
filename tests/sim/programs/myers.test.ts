import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSequences, type Edit } from '../../../src/sim/programs/myers.ts';

/** The length of a longest common subsequence, by the textbook dynamic programme. */
function lcs(a: number[], b: number[]): number {
  let prev = new Array(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = [0];
    for (let j = 1; j <= b.length; j++) row.push(a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]));
    prev = row;
  }
  return prev[b.length];
}

const sides = (edits: Edit[], a: number[], b: number[]) => ({
  a: edits.filter((e) => e.kind !== 'insert').map((e) => a[e.a]),
  b: edits.filter((e) => e.kind !== 'delete').map((e) => b[e.b]),
});

describe("Myers' diff", () => {
  it('finds the textbook example (ABCABBA to CBABAC) in 5 edits', () => {
    const enc = (s: string) => [...s].map((c) => c.charCodeAt(0));
    const edits = diffSequences(enc('ABCABBA'), enc('CBABAC'));
    expect(edits.filter((e) => e.kind !== 'equal')).toHaveLength(5);
  });

  it('handles empty sides', () => {
    expect(diffSequences([], [])).toEqual([]);
    expect(diffSequences([1, 2], []).map((e) => e.kind)).toEqual(['delete', 'delete']);
    expect(diffSequences([], [3]).map((e) => e.kind)).toEqual(['insert']);
  });

  const seq = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40 });

  test.prop([seq, seq], { numRuns: 400 })('the script rebuilds both sides, in order, with as few edits as possible', (a, b) => {
    const edits = diffSequences(a, b);
    expect(sides(edits, a, b)).toEqual({ a, b });
    for (const e of edits) if (e.kind === 'equal') expect(a[e.a]).toBe(b[e.b]);
    expect(edits.filter((e) => e.kind === 'equal')).toHaveLength(lcs(a, b));
  });

  test.prop([fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 600, maxLength: 1500 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 600, maxLength: 1500 })], { numRuns: 5 })(
    'past the cost limit the script is still a correct one',
    (a, b) => {
      const edits = diffSequences(a, b);
      expect(sides(edits, a, b)).toEqual({ a, b });
      for (const e of edits) if (e.kind === 'equal') expect(a[e.a]).toBe(b[e.b]);
    },
  );

  it('two 20,000-line files that share nothing: every line deleted and inserted', () => {
    const a = Array.from({ length: 20_000 }, (_, i) => i);
    const b = Array.from({ length: 20_000 }, (_, i) => i + 20_000);
    const edits = diffSequences(a, b);
    expect(edits).toHaveLength(40_000);
    expect(sides(edits, a, b)).toEqual({ a, b });
  });
});
