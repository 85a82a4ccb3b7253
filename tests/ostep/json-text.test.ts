import { fc, test } from '@fast-check/vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../src/sim/ostep/json-text.ts';
import { answer, solve } from '../../src/sim/ostep/index.ts';
import { loadCases } from './cases.ts';

/** The value with each array, chosen by `pick`, turned into a one-shot generator. */
function lazify(v: unknown, pick: () => boolean): unknown {
  if (Array.isArray(v)) {
    const items = v.map((x) => lazify(x, pick));
    if (!pick()) return items;
    return (function* () {
      yield* items;
    })();
  }
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      // defineProperty, so that a key named __proto__ stays an ordinary member.
      Object.defineProperty(out, k, { value: pick() ? () => lazify(x, pick) : lazify(x, pick), enumerable: true });
    }
    return out;
  }
  return v;
}

describe('the streaming JSON writer', () => {
  test.prop([fc.jsonValue(), fc.array(fc.boolean(), { minLength: 1 })])('writes exactly what JSON.stringify writes', (value, coins) => {
    let i = 0;
    const pick = () => coins[i++ % coins.length];
    expect(Array.from(jsonChunks(lazify(value, pick))).join('')).toBe(JSON.stringify(value));
  });

  it('skips undefined members and writes undefined elements as null, as JSON.stringify does', () => {
    const v = { a: undefined, b: [undefined, 1], c: 'x' };
    expect(Array.from(jsonChunks(v)).join('')).toBe(JSON.stringify(v));
  });

  it('hands out a long answer in pieces, not all at once', () => {
    const rows = (function* () {
      for (let i = 0; i < 100_000; i++) yield [i, i * 2];
    })();
    const pieces = Array.from(jsonChunks({ rows }));
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(1 << 17);
  });

  const dir = join(import.meta.dirname, '..', 'conformance', 'ostep');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const sim = file.replace(/\.json$/, '');
    it(`streams every ${sim} answer exactly as the whole answer would print`, () => {
      for (const c of loadCases(sim)) {
        expect(Array.from(jsonChunks(answer(sim, c.input))).join('')).toBe(JSON.stringify(solve(sim, c.input)));
      }
    });
  }
});
