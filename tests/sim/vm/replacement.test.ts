import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runReferences } from '../../../src/sim/vm/lab.ts';
import { NEVER, nextUses, REPLACEMENT_POLICIES, type ReplacementPolicy } from '../../../src/sim/vm/replacement.ts';

/**
 * A direct model of OSTEP's paging-policy.py: memory is a list, the victim is found by
 * scanning it. Slow (quadratic) and obviously right; the pager's O(1) structures must agree.
 */
function model(policy: ReplacementPolicy, size: number, refs: number[], draws: number[] = [], clockBits = 2): { victims: (number | null)[]; memory: number[][] } {
  const mem: number[] = [];
  const ref: Record<number, number> = {};
  const victims: (number | null)[] = [];
  const memory: number[][] = [];
  let d = 0;
  refs.forEach((page, i) => {
    const at = mem.indexOf(page);
    let victim: number | null = null;
    if (at >= 0) {
      if (policy === 'LRU' || policy === 'MRU') {
        mem.splice(at, 1);
        mem.push(page);
      }
    } else {
      if (mem.length >= size) {
        const future = refs.slice(i + 1);
        const uses = mem.map((p) => (future.indexOf(p) < 0 ? Number.POSITIVE_INFINITY : future.indexOf(p)));
        let v = 0;
        if (policy === 'MRU') v = mem.length - 1;
        else if (policy === 'OPT') for (let j = 1; j < uses.length; j++) if (uses[j] >= uses[v]) v = j;
        if (policy === 'UNOPT') for (let j = 1; j < uses.length; j++) if (uses[j] < uses[v]) v = j;
        if (policy === 'RAND') v = draws[d++] % mem.length;
        if (policy === 'CLOCK') {
          // paging-policy.py: probe random positions, counting non-zero counters down.
          for (;;) {
            v = draws[d++ % draws.length] % mem.length;
            if (ref[mem[v]] >= 1) ref[mem[v]]--;
            else break;
          }
          delete ref[mem[v]];
        }
        victim = mem[v];
        mem.splice(v, 1);
      }
      mem.push(page);
    }
    ref[page] = page in ref ? Math.min(ref[page] + 1, clockBits) : 1;
    victims.push(victim);
    memory.push([...mem]);
  });
  return { victims, memory };
}

const refsArb = fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 80 });

describe('page replacement', () => {
  it('FIFO, LRU, MRU, OPT, UNOPT and RAND agree with the list model of paging-policy.py', () => {
    fc.assert(
      fc.property(refsArb, fc.integer({ min: 1, max: 5 }), fc.array(fc.nat(100), { minLength: 80, maxLength: 80 }), (refs, size, draws) => {
        for (const policy of ['FIFO', 'LRU', 'MRU', 'OPT', 'UNOPT', 'RAND'] as ReplacementPolicy[]) {
          let d = 0;
          const run = runReferences(refs, { policy, frames: size, record: true, draw: (n) => draws[d++] % n });
          const m = model(policy, size, refs, draws);
          expect(run.steps.map((s) => s.victim)).toEqual(m.victims);
          expect(run.steps.map((s) => s.memory)).toEqual(m.memory);
        }
      }),
    );
  });

  it("CLOCK with random probes agrees with paging-policy.py's rules", () => {
    fc.assert(
      fc.property(refsArb, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.nat(100), { minLength: 1, maxLength: 50 }), (refs, size, bits, draws) => {
        let d = 0;
        const run = runReferences(refs, { policy: 'CLOCK', clockMode: 'probe', useBits: bits, frames: size, record: true, draw: (n) => draws[d++ % draws.length] % n });
        const m = model('CLOCK', size, refs, draws, bits);
        expect(run.steps.map((st) => st.victim)).toEqual(m.victims);
        expect(run.steps.map((st) => st.memory)).toEqual(m.memory);
      }),
    );
  });

  it('OPT never misses more than any other policy on the same references', () => {
    fc.assert(
      fc.property(refsArb, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), (refs, size, useBits) => {
        const misses = REPLACEMENT_POLICIES.map((policy) => runReferences(refs, { policy, frames: size, useBits, draw: (n) => (refs.length * 7) % n }).misses);
        const opt = misses[REPLACEMENT_POLICIES.indexOf('OPT')];
        for (const m of misses) expect(opt).toBeLessThanOrEqual(m);
      }),
    );
  });

  it('the one-bit clock gives a second chance: a used page survives one sweep', () => {
    // Frames hold 1,2,3 (all used). Loading 4 sweeps once, clearing every bit, and evicts 1.
    // Touching 2 sets its bit again, so loading 5 skips 2 and evicts 3.
    const run = runReferences([1, 2, 3, 4, 2, 5], { policy: 'CLOCK', frames: 3, record: true });
    expect(run.steps.map((s) => s.victim)).toEqual([null, null, null, 1, null, 3]);
  });

  it('more use bits keep a hot page longer', () => {
    const refs = [0, 1, 0, 2, 3, 0, 4, 5, 0, 6, 7, 0, 8, 9];
    const one = runReferences(refs, { policy: 'CLOCK', frames: 3, useBits: 1 }).misses;
    const three = runReferences(refs, { policy: 'CLOCK', frames: 3, useBits: 3 }).misses;
    expect(three).toBeLessThanOrEqual(one);
  });

  it('the working-set policy evicts pages outside the window first', () => {
    const run = runReferences([1, 2, 3, 1, 1, 1, 1, 4], { policy: 'WS', frames: 3, wsWindow: 3, record: true });
    expect(run.steps[7].victim).toBe(2);
  });

  it('next uses come from one backward pass', () => {
    expect(nextUses([1, 2, 1, 3, 2])).toEqual([2, 4, NEVER, NEVER, NEVER]);
  });
});
