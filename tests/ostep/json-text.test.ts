import { fc, test } from '@fast-check/vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answer, solve } from '../../src/sim/ostep/index.ts';
import { jsonPieces, jsonText, loadCases } from './cases.ts';

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
    expect(jsonText(lazify(value, pick), 64)).toBe(JSON.stringify(value));
  });

  test.prop([fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-0, 9, 10, 99, 100, -10, 999_999_999, 1e9, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 53, 1e21, 1e-7))])('writes any number as JSON.stringify does', (n) => {
    expect(jsonText([n], 64)).toBe(JSON.stringify([n]));
  });

  test.prop([fc.string({ unit: 'binary' }), fc.integer({ min: 64, max: 300 })])('writes any text as UTF-8, lone surrogates included, across buffer boundaries', (s, size) => {
    const value = { s, t: s.repeat(3) };
    expect(Buffer.concat(jsonPieces(value, size))).toEqual(Buffer.from(JSON.stringify(value), 'utf8'));
  });

  it('skips undefined members and writes undefined elements as null, as JSON.stringify does', () => {
    const v = { a: undefined, b: [undefined, 1], c: 'x' };
    expect(jsonText(v)).toBe(JSON.stringify(v));
  });

  it('hands out a long answer in pieces, not all at once', () => {
    const rows = (function* () {
      for (let i = 0; i < 100_000; i++) yield [i, i * 2];
    })();
    const pieces = jsonPieces({ rows }, 1 << 16);
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(1 << 16);
  });

  const dir = join(import.meta.dirname, '..', 'conformance', 'ostep');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const sim = file.replace(/\.json$/, '');
    it(`streams every ${sim} answer exactly as the whole answer would print`, () => {
      for (const c of loadCases(sim)) {
        expect(jsonText(answer(sim, c.input))).toBe(JSON.stringify(solve(sim, c.input)));
      }
    });
  }
});
