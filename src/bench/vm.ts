import { resolveVmConfig } from '../sim/vm/config.ts';
import { runReferences } from '../sim/vm/lab.ts';
import { access } from '../sim/vm/mmu.ts';
import { REPLACEMENT_POLICIES } from '../sim/vm/replacement.ts';
import { createSpace, createVm, sbrk } from '../sim/vm/space.ts';
import { type Benchmark, fmtRate, timeMs } from './types.ts';

/**
 * Virtual memory: translations per second through the MMU (linear table, warm 64-entry
 * 4-way TLB: every access a hit, the clock's use bit set on each; headless, so the last
 * access is not kept for a view), then through the page-table walk with the TLB off; and a reference string of 1,000,000 accesses under
 * every replacement policy with 256 frames (a working set that shifts, plus random noise,
 * so every policy faults a fair share), through the same code the kernel's pager runs.
 */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x;
  };
}

function translations(entries: number, n: number): { ms: number; hits: number } {
  const c = resolveVmConfig({ pageSize: 4096, addressSpaceSize: 1 << 20, physMemSize: 1 << 20, codePages: 1, stackPages: 1, tlb: { entries, ways: Math.min(4, Math.max(1, entries)) } });
  if ('error' in c) throw new Error(c.error);
  const vm = createVm(c);
  vm.recordLast = false; // headless: nobody is drawing the last access
  createSpace(vm, 1);
  sbrk(vm, 1, 48);
  const base = 2 * 4096;
  const draw = (k: number): number => k - 1;
  const pages = entries > 0 ? Math.min(48, entries) : 48;
  for (let p = 0; p < pages; p++) access(vm, 1, base + p * 4096, 'w', draw); // fault in, warm the TLB
  const hits0 = vm.tlb.hits;
  let sum = 0;
  const span = pages * 4096;
  const ms = timeMs(() => {
    // Addresses step by 4099 bytes through the pages, wrapping: every page, every offset in turn.
    let va = base;
    for (let i = 0; i < n; i++) {
      sum += access(vm, 1, va, 'r', draw);
      va += 4099;
      if (va >= base + span) va -= span;
    }
  });
  if (sum < 0) throw new Error('a translation faulted');
  return { ms, hits: vm.tlb.hits - hits0 };
}

export const vmBench: Benchmark = {
  name: 'vm',
  description: 'MMU translations per second (warm TLB, and page walks), and 1,000,000 references under each replacement policy',
  run({ quick }) {
    const n = quick ? 200_000 : 10_000_000;
    const lines: string[] = [];
    for (const entries of [64, 0]) {
      let best = Number.POSITIVE_INFINITY;
      let hits = 0;
      for (let r = 0; r < 3; r++) {
        const t = translations(entries, n);
        if (t.ms < best) best = t.ms;
        hits = t.hits;
      }
      lines.push(
        `linear table, ${entries ? `${entries}-entry 4-way TLB, warm (${((100 * hits) / n).toFixed(1)}% hits)` : 'TLB off (every access walks the table)'}: ` +
          `${n.toLocaleString()} translations in ${best.toFixed(0)} ms, ${fmtRate((n / best) * 1000, 'translations')}`,
      );
    }
    const refs = quick ? 100_000 : 1_000_000;
    const rand = lcg(42);
    const trace: number[] = new Array(refs);
    for (let i = 0; i < refs; i++) {
      const phase = Math.floor(i / 50_000) * 97;
      const r = rand();
      trace[i] = r % 10 < 8 ? phase + ((r >>> 8) % 300) : (r >>> 8) % 4096;
    }
    lines.push(`trace: ${refs.toLocaleString()} references to 4,096 pages (a 300-page working set that moves every 50,000), 256 frames`);
    const rates: Record<string, number> = {};
    for (const policy of REPLACEMENT_POLICIES) {
      const draw = lcg(7);
      let misses = 0;
      const ms = timeMs(() => {
        misses = runReferences(trace, { policy, frames: 256, useBits: policy === 'CLOCK' ? 2 : 1, wsWindow: 128, draw: (k) => draw() % k }).misses;
      });
      rates[policy] = (refs / ms) * 1000;
      lines.push(`${policy}${policy === 'CLOCK' ? ' (2 use bits)' : ''}: ${ms.toFixed(0)} ms, ${fmtRate(rates[policy], 'refs')}, ${((100 * misses) / refs).toFixed(1)}% misses`);
    }
    lines.push(`OPT runs at ${(rates.OPT / rates.FIFO).toFixed(2)}x FIFO's speed (next uses by one backward pass, victims from a heap)`);
    return lines;
  },
};
