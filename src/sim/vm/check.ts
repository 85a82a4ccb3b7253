import { PTE_P, PTE_S, pteFlags, pteFrame } from './pte.ts';
import { builtSpaces, CODE_START, isPaged, mappedPages, walkSpace } from './space.ts';
import type { VmState } from './types.ts';

/**
 * The pager's invariants, checked from scratch: every resident page's PTE names a frame
 * whose core-map entry lists that process at that page; every table that maps a page in
 * memory or swap occupies frames of its own, which the replacement policy never sees; no frame is held by anyone the
 * core map does not list, nor listed twice; the free count and the swap references add up;
 * only paging leaves a space lazy (unbuilt: it holds nothing, so it has nothing else to check).
 * Returns the problems found (empty when consistent). The tests run it after every step.
 */
export function checkVm(vm: VmState): string[] {
  const problems: string[] = [];
  const fr = vm.frames;
  const seen = fr.owners.map(() => [] as number[]);
  const slotRefs = new Array<number>(vm.swap.refs.length).fill(0);
  if (isPaged(vm.config)) {
    for (const sp of builtSpaces(vm)) {
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
    // Page tables take frames too: each of a charged space's tables has its own, held by that process alone.
    for (const sp of builtSpaces(vm)) {
      if (!sp.tableFrames) continue;
      for (const [vpn, pte] of mappedPages(vm, sp)) {
        if (!(pteFlags(pte) & (PTE_P | PTE_S))) continue;
        for (const st of walkSpace(vm, sp, vpn).steps) if (!sp.tableFrames[st.table]?.length) problems.push(`pid ${sp.pid} page ${vpn} is in memory or swap, but its table ${st.table} occupies no frame`);
      }
      for (const [id, frames] of Object.entries(sp.tableFrames)) {
        if (!sp.tables[Number(id)]) problems.push(`pid ${sp.pid} holds frames for table ${id}, which does not exist`);
        for (const frame of frames) {
          if (fr.table[frame] !== Number(id)) problems.push(`frame ${frame} should hold pid ${sp.pid}'s table ${id} but is marked ${fr.table[frame]}`);
          seen[frame].push(sp.pid);
        }
      }
    }
    for (let f = 0; f < fr.slot.length; f++) if (fr.slot[f] >= 0) slotRefs[fr.slot[f]]++;
    fr.owners.forEach((owners, f) => {
      if (new Set(owners).size !== owners.length) problems.push(`frame ${f} lists an owner twice`);
      const a = [...owners].sort().join(',');
      const b = [...seen[f]].sort().join(',');
      if (a !== b) problems.push(`frame ${f} is owned by [${a}] but mapped by [${b}]`);
      const pageable = owners.length > 0 && fr.table[f] < 0;
      if (pageable !== (vm.replacer.resident[f] === 1)) problems.push(`frame ${f}: the replacement policy's resident bit disagrees with the core map`);
      if (fr.table[f] >= 0 && owners.length !== 1) problems.push(`page-table frame ${f} has ${owners.length} owners`);
    });
    slotRefs.forEach((n, s) => {
      if (n !== vm.swap.refs[s]) problems.push(`swap slot ${s} has ${vm.swap.refs[s]} references but ${n} entries name it`);
    });
    if (vm.swap.used !== vm.swap.refs.filter((n) => n > 0).length) problems.push('swap used count is off');
    problems.push(...checkImages(vm));
  }
  if (!isPaged(vm.config)) for (const pid in vm.spaces) if (vm.spaces[pid] === null) problems.push(`pid ${pid} has a lazy address space, but without paging a space is placed at spawn`);
  const free = fr.owners.filter((o) => o.length === 0).length;
  if (free !== fr.freeCount) problems.push(`free count ${fr.freeCount}, but ${free} frames are free`);
  for (const sp of builtSpaces(vm)) {
    if (!isPaged(vm.config)) continue;
    const rss = mappedPages(vm, sp).filter(([, pte]) => pteFlags(pte) & PTE_P).length;
    if (rss !== sp.stats.rss) problems.push(`pid ${sp.pid} rss ${sp.stats.rss}, but ${rss} pages are present`);
  }
  return problems;
}

/**
 * Shared code: a frame marked with an image is that image's page (the image lists it at
 * that page), clean, with no swap copy, and mapped only by processes running the program;
 * its reference count is its owner list, which the check above holds to the processes
 * whose entries point at it. Every present code page of a process with an image is the
 * image's frame, and an image's count of users is the number of spaces mapping it.
 */
function checkImages(vm: VmState): string[] {
  const problems: string[] = [];
  const fr = vm.frames;
  const users: Record<string, number> = {};
  for (const sp of builtSpaces(vm)) {
    if (sp.image === null) continue;
    users[sp.image] = (users[sp.image] ?? 0) + 1;
    for (const [vpn, pte] of mappedPages(vm, sp)) {
      if (vpn < sp.regions.code.start || vpn >= sp.regions.code.end || !(pteFlags(pte) & PTE_P)) continue;
      if (fr.image[pteFrame(pte)] !== sp.image) problems.push(`pid ${sp.pid} maps its code page ${vpn} at frame ${pteFrame(pte)}, which is not ${sp.image}'s image`);
    }
  }
  for (const [name, img] of Object.entries(vm.images)) {
    if (img.users !== (users[name] ?? 0)) problems.push(`image ${name} counts ${img.users} users, but ${users[name] ?? 0} address spaces map it`);
    img.frames.forEach((f, i) => {
      if (f >= 0 && (fr.image[f] !== name || fr.vpn[f] !== CODE_START + i)) problems.push(`image ${name} lists frame ${f} for its page ${i}, which holds something else`);
    });
  }
  fr.image.forEach((name, f) => {
    if (name === null) return;
    const img = vm.images[name];
    if (!img || img.frames[fr.vpn[f] - CODE_START] !== f) problems.push(`frame ${f} is marked as ${name}'s code, which does not list it`);
    if (fr.owners[f].length === 0) problems.push(`frame ${f} is free but marked as ${name}'s code`);
    if (fr.dirty[f] || fr.slot[f] >= 0 || fr.table[f] >= 0) problems.push(`frame ${f}, ${name}'s shared code, is dirty, has a swap copy or holds a table`);
    for (const pid of fr.owners[f]) if (vm.spaces[pid]?.image !== name) problems.push(`frame ${f}, ${name}'s code, is mapped by pid ${pid}, which does not run ${name}`);
  });
  return problems;
}
