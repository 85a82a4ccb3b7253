import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessPage, createPageCache, REPLACEMENT_POLICIES } from '../../src/sim/vm/replacement.ts';

describe('page replacement', () => {
  it('LRU keeps the most recently used pages', () => {
    const c = createPageCache('LRU', 2);
    for (const p of [1, 2, 1, 3]) accessPage(c, p, []);
    expect(c.memory).toEqual([1, 3]);
    expect([c.hits, c.misses]).toEqual([1, 3]);
  });

  it('OPT never misses more than any other policy on the same references', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), (refs, size) => {
        const misses = Object.fromEntries(
          REPLACEMENT_POLICIES.map((pol) => {
            const c = createPageCache(pol, size);
            refs.forEach((p, i) => {
              accessPage(c, p, refs.slice(i + 1));
              expect(c.memory.length).toBeLessThanOrEqual(size);
              expect(new Set(c.memory).size).toBe(c.memory.length);
            });
            return [pol, c.misses];
          }),
        );
        for (const pol of REPLACEMENT_POLICIES) expect(misses.OPT).toBeLessThanOrEqual(misses[pol]);
      }),
    );
  });
});
