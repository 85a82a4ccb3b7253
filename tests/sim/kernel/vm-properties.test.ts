import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stateHash } from '../../../src/sim/base/hash.ts';
import { createMachine, runTo, type TimedInput } from '../../../src/sim/machine/machine.ts';
import { checkVm } from '../../../src/sim/vm/check.ts';
import { resolveVmConfig } from '../../../src/sim/vm/config.ts';
import { ONLINE_POLICIES } from '../../../src/sim/vm/replacement.ts';

/**
 * The pager inside the running kernel: random machines (scheme, memory, TLB, policy,
 * swap, the daemon) and random mixes of memtouch, forks, segfaults and kills. Whatever
 * happens, the pager's invariants hold at every stop, every process ends, a run replays
 * to the same state, and when everything has exited every frame is free again.
 */
const vmConfig = fc.record({
  scheme: fc.constantFrom('linear', 'multilevel', 'segmentation', 'base-bounds') as fc.Arbitrary<'linear' | 'multilevel' | 'segmentation' | 'base-bounds'>,
  physMemSize: fc.constantFrom(2048, 4096, 8192, 16384),
  policy: fc.constantFrom(...ONLINE_POLICIES),
  useBits: fc.integer({ min: 1, max: 4 }),
  tlb: fc.constantFrom({ entries: 0 }, { entries: 4, ways: 1 }, { entries: 8, ways: 2, asids: false }, { entries: 8, ways: 8, replacement: 'random' as const }),
  swapSlots: fc.constantFrom(4, 64),
  lowWater: fc.constantFrom(0, 2),
});

const job = fc.oneof(
  fc
    .record({ p: fc.constantFrom('seq', 'random', 'loop', 'ws'), k: fc.integer({ min: 1, max: 9 }), n: fc.integer({ min: 1, max: 40 }), w: fc.boolean(), f: fc.boolean() })
    .map(({ p, k, n, w, f }) => ['memtouch', '-p', p, '-k', String(k), '-n', String(n), ...(w ? ['-w'] : []), ...(f ? ['-f'] : [])]),
  fc.constantFrom(['segfault', 'null'], ['segfault', 'code'], ['segfault', 'wild'], ['segfault', 'stack'], ['vmstat'], ['pmap', '-x']),
);

const inputs = fc
  .array(
    fc.oneof(
      fc.record({ tick: fc.integer({ min: 0, max: 200 }), kind: fc.constant('spawn' as const), argv: job }),
      fc.record({ tick: fc.integer({ min: 0, max: 200 }), kind: fc.constant('signal' as const), pid: fc.integer({ min: 2, max: 12 }), sig: fc.constantFrom(9, 19, 18) }),
    ),
    { maxLength: 10 },
  )
  .map((xs) =>
    [...xs]
      .sort((a, b) => a.tick - b.tick)
      .map((x): TimedInput => (x.kind === 'spawn' ? { tick: x.tick, kind: 'spawn', request: { program: x.argv[0], argv: [...x.argv] } } : { tick: x.tick, kind: 'signal', pid: x.pid, sig: x.sig })),
  );

describe('virtual memory in the kernel, under random workloads', () => {
  it('keeps the pager consistent, ends every process, replays exactly and frees every frame', () => {
    fc.assert(
      fc.property(vmConfig, inputs, fc.integer({ min: 0, max: 100 }), (vm, ins, seed) => {
        const settings = { ...vm, pageSize: 1024, highWater: vm.lowWater * 2, codePages: 1, stackPages: 1 };
        fc.pre(!('error' in resolveVmConfig(settings)));
        const make = () => createMachine({ seed, login: null, vm: settings });
        const m = make();
        let cursor = 0;
        for (let t = 50; t <= 4000; t += 50) {
          cursor = runTo(m, t, ins, cursor);
          expect(checkVm(m.state.vm)).toEqual([]);
        }
        // Continue anything stopped, then let everything finish.
        const stopped = Object.values(m.state.procs).filter((p) => p.state === 'stopped');
        cursor = runTo(m, 4001, [...ins, ...stopped.map((p): TimedInput => ({ tick: 4001, kind: 'signal', pid: p.pid, sig: 18 }))], cursor);
        runTo(m, 8000);
        const alive = Object.values(m.state.procs).filter((p) => p.pid !== 1 && p.name !== 'kswapd' && p.state !== 'zombie');
        expect(alive.map((p) => p.argv.join(' '))).toEqual([]);
        expect(checkVm(m.state.vm)).toEqual([]);
        const held = m.state.vm.frames.owners.flatMap((o, f) => (o.some((pid) => m.state.procs[pid]?.state !== 'zombie' && m.state.procs[pid]) ? [] : o.length ? [f] : []));
        expect(held).toEqual([]);
        const again = make();
        runTo(again, 4000, ins);
        const first = make();
        runTo(first, 4000, ins);
        expect(stateHash(again.state)).toBe(stateHash(first.state));
      }),
      { numRuns: 25 },
    );
  });
});
