import { PTE_P, PTE_S, pteFlags, pteFrame } from './pte.ts';
import { isPaged, mappedPages } from './space.ts';
import type { VmState } from './types.ts';

/**
 * The pager's invariants, checked from scratch: every resident page's PTE names a frame
 * whose core-map entry lists that process at that page; no frame is held by anyone the
 * core map does not list, nor listed twice; the free count and the swap references add up.
 * Returns the problems found (empty when consistent). The tests run it after every step.
 */
export function checkVm(vm: VmState): string[] {
  const problems: string[] = [];
  const fr = vm.frames;
  const seen = fr.owners.map(() => [] as number[]);
  const slotRefs = new Array<number>(vm.swap.refs.length).fill(0);
  if (isPaged(vm.config)) {
    for (const sp of Object.values(vm.spaces)) {
      for (const [vpn, pte] of mappedPages(vm, sp)) {
        const f = pteFlags(pte);
        if (f & PTE_P) {
          const frame = pteFrame(pte);
          if (!fr.owners[frame]?.includes(sp.pid)) problems.push(`pid ${sp.pid} page ${vpn} points at frame ${frame}, which it does not own`);
          else if (fr.vpn[frame] !== vpn) problems.push(`frame ${frame} holds page ${fr.vpn[frame]}, but pid ${sp.pid} maps page ${vpn} there`);
          seen[frame].push(sp.pid);
        } else if (f & PTE_S) slotRefs[pteFrame(pte)]++;
      }
    }
    for (let f = 0; f < fr.slot.length; f++) if (fr.slot[f] >= 0) slotRefs[fr.slot[f]]++;
    fr.owners.forEach((owners, f) => {
      if (new Set(owners).size !== owners.length) problems.push(`frame ${f} lists an owner twice`);
      const a = [...owners].sort().join(',');
      const b = [...seen[f]].sort().join(',');
      if (a !== b) problems.push(`frame ${f} is owned by [${a}] but mapped by [${b}]`);
      if ((owners.length > 0) !== (vm.replacer.resident[f] === 1)) problems.push(`frame ${f}: the replacement policy's resident bit disagrees with the core map`);
    });
    slotRefs.forEach((n, s) => {
      if (n !== vm.swap.refs[s]) problems.push(`swap slot ${s} has ${vm.swap.refs[s]} references but ${n} entries name it`);
    });
    if (vm.swap.used !== vm.swap.refs.filter((n) => n > 0).length) problems.push('swap used count is off');
  }
  const free = fr.owners.filter((o) => o.length === 0).length;
  if (free !== fr.freeCount) problems.push(`free count ${fr.freeCount}, but ${free} frames are free`);
  for (const sp of Object.values(vm.spaces)) {
    if (!isPaged(vm.config)) continue;
    const rss = mappedPages(vm, sp).filter(([, pte]) => pteFlags(pte) & PTE_P).length;
    if (rss !== sp.stats.rss) problems.push(`pid ${sp.pid} rss ${sp.stats.rss}, but ${rss} pages are present`);
  }
  return problems;
}
