import type { BlockDevice } from '../base/blockdev.ts';
import { PTE_COW, PTE_P, PTE_R, PTE_S, PTE_V, PTE_W, PTE_X, pteFlags, pteFrame, pteMake } from './pte.ts';
import { replacerDrop, replacerLoad, replacerTouch, replacerVictim } from './replacement.ts';
import { translateBaseBounds, translateSegmented } from './segments.ts';
import { backTablePath, CODE_START, claimFrame, type FrameSource, forgetCodeFrame, freeFrame, pagesOf, pteGet, pteSet, releaseFrame, releaseIdleTables, spaceFor, spaceView } from './space.ts';
import { freeSlot, readSlot, swapDevice, writeSlot } from './swap.ts';
import { tlbInsert, tlbInvalidate } from './tlb.ts';
import type { AddressSpace, CodeImage, LastAccess, VmEvent, VmState } from './types.ts';

/**
 * The MMU and the page-fault handler. `access` is what the hardware does for one load or
 * store: look in the TLB, else walk the page table; a missing or protected page traps to
 * the handler here, which zero-fills, swaps in, or copies a copy-on-write page, evicting a
 * victim chosen by the replacement policy when no frame is free. It returns the physical
 * address, or a negative code for an access the process may not make.
 */
export const VM_SEGV = -1;
export const VM_PROT = -2;
export const VM_OOM = -3;

export type AccessKind = 'r' | 'w' | 'x';

const EVENT_CAP = 64;

export function vmEvent(vm: VmState, e: Omit<VmEvent, 'seq' | 'tick'>): void {
  const seq = vm.eventSeq++;
  vm.events[seq] = { seq, tick: vm.tick, ...e };
  delete vm.events[seq - EVENT_CAP];
}

function record(vm: VmState, pid: number, va: number, write: boolean, tlbHit: boolean, outcome: LastAccess['outcome'], pa: number, cost: number): void {
  const l = vm.last;
  if (l) {
    l.pid = pid;
    l.va = va;
    l.write = write;
    l.tlbHit = tlbHit;
    l.outcome = outcome;
    l.pa = pa;
    l.tick = vm.tick;
    l.cost = cost;
  } else vm.last = { pid, va, write, tlbHit, outcome, pa, tick: vm.tick, cost };
}

const needBit = (kind: AccessKind): number => (kind === 'w' ? PTE_W : kind === 'x' ? PTE_X : PTE_R);

/**
 * One access by `pid` to virtual address `va`. `draw(n)` gives an integer in [0, n) from
 * the kernel's generator (random TLB and page replacement). Ticks of disk I/O the access
 * caused (a swap-in, writing back a dirty victim) are left in `vm.last.cost`.
 */
export function access(vm: VmState, pid: number, va: number, kind: AccessKind, draw: (n: number) => number, dev?: BlockDevice): number {
  const sp = spaceFor(vm, pid); // the first access builds a lazy space
  const c = vm.config;
  if (sp === undefined || !(va >= 0 && va < c.addressSpaceSize) || (va | 0) !== va) return segv(vm, pid, va, kind === 'w', false, 'segv');
  if (sp.placement !== null) return accessUnpaged(vm, sp, va, kind);
  const ps = c.pageSize;
  const vpn = Math.floor(va / ps);
  sp.stats.accesses++;
  // The TLB, inline: this is the path nearly every access takes.
  const t = vm.tlb;
  let slot = -1;
  if (t.sets > 0) {
    const ways = t.config.ways;
    const first = (vpn % t.sets) * ways;
    for (let i = first; i < first + ways; i++) {
      if (t.vpn[i] === vpn && t.asid[i] === sp.asid) {
        slot = i;
        break;
      }
    }
  }
  if (slot >= 0) {
    t.hits++;
    if (t.config.replacement === 'lru') t.stamp[slot] = ++t.clock;
    sp.stats.tlbHits++;
    const pte = t.pte[slot];
    if (pte & (kind === 'w' ? PTE_W : kind === 'x' ? PTE_X : PTE_R)) {
      const f = (pte - (pte & 255)) / 256;
      const r = vm.replacer;
      if (r.hitUse === 0) replacerTouch(r, f);
      else if (r.resident[f] === 1) r.use[f] = r.hitUse;
      if (kind === 'w') vm.frames.dirty[f] = 1;
      const pa = f * ps + (va - vpn * ps);
      if (vm.recordLast) record(vm, pid, va, kind === 'w', true, 'hit', pa, 0);
      return pa;
    }
    // A write to a copy-on-write page, or a protection fault: the handler decides.
  } else {
    t.misses++;
    sp.stats.tlbMisses++;
  }
  return fault(vm, sp, vpn, va - vpn * ps, kind, slot >= 0, draw, dev);
}

/** The slow path: walk the table, and handle whatever made the access trap. */
function fault(vm: VmState, sp: AddressSpace, vpn: number, offset: number, kind: AccessKind, tlbHit: boolean, draw: (n: number) => number, dev: BlockDevice | undefined): number {
  const ps = vm.config.pageSize;
  const va = vpn * ps + offset;
  const write = kind === 'w';
  let pte = pteGet(vm, sp, vpn);
  let flags = pteFlags(pte);
  if (!(flags & PTE_V)) return segv(vm, sp.pid, va, write, tlbHit, 'segv');
  const cow = write && (flags & PTE_COW) !== 0;
  if (!cow && !(flags & needBit(kind))) return segv(vm, sp.pid, va, write, tlbHit, 'prot');
  let outcome: LastAccess['outcome'] = 'hit';
  let cost = 0;
  if (!(flags & PTE_P)) {
    if (vm.config.policy === 'PFF') cost += pffMakeRoom(vm, sp, vpn, dev);
    // The first page under a table brings the table into memory.
    const tables = backTablePath(vm, sp, vpn, () => {
      const t = takeFrame(vm, draw, dev, sp);
      cost += t.cost;
      return t.frame;
    });
    if (!tables) return segv(vm, sp.pid, va, write, tlbHit, 'oom');
    const image = flags & PTE_S ? null : codeImageAt(vm, sp, vpn);
    const shared = image ? image.frames[vpn - CODE_START] : -1;
    const got = shared >= 0 ? { frame: shared, cost: 0 } : takeFrame(vm, draw, dev, sp);
    if (got.frame < 0) return segv(vm, sp.pid, va, write, tlbHit, 'oom');
    cost += got.cost;
    const f = got.frame;
    if (shared >= 0) {
      // Another process running the program has the page in memory: map the same frame.
      vm.frames.owners[f] = [...vm.frames.owners[f], sp.pid];
      sp.stats.minorFaults++;
      vm.stats.minorFaults++;
      outcome = 'share';
      vmEvent(vm, { pid: sp.pid, kind: 'minor', vpn, frame: f, text: `pid ${sp.pid} page ${vpn}: ${sp.image}'s code, shared in frame ${f}` });
    } else if (image) {
      claimFrame(vm, f, sp.pid, vpn, null);
      vm.frames.image[f] = sp.image;
      image.frames[vpn - CODE_START] = f;
      sp.stats.minorFaults++;
      vm.stats.minorFaults++;
      outcome = 'load';
      vmEvent(vm, { pid: sp.pid, kind: 'minor', vpn, frame: f, text: `pid ${sp.pid} page ${vpn}: ${sp.image}'s code loaded into frame ${f}` });
    } else if (flags & PTE_S) {
      const slot = pteFrame(pte);
      const shared = vm.swap.refs[slot] > 1;
      claimFrame(vm, f, sp.pid, vpn, readSlot(vm, swapDevice(vm, dev), slot));
      vm.swap.reads++;
      cost += vm.config.diskTicks;
      sp.stats.majorFaults++;
      sp.stats.swappedOut--;
      vm.stats.majorFaults++;
      outcome = 'major';
      if (shared) {
        // Another copy-on-write sharer still names the slot: this copy is private now.
        vm.swap.refs[slot]--;
        sp.stats.cowBreaks++;
        vm.stats.cowBreaks++;
        flags = (flags & ~PTE_COW) | (regionProt(sp, vpn) & PTE_W);
      } else vm.frames.slot[f] = slot; // a clean copy stays in swap until the page is written
      vmEvent(vm, { pid: sp.pid, kind: 'major', vpn, frame: f, text: `pid ${sp.pid} page ${vpn} read from swap slot ${slot} into frame ${f}` });
    } else {
      claimFrame(vm, f, sp.pid, vpn, null);
      sp.stats.minorFaults++;
      vm.stats.minorFaults++;
      outcome = 'minor';
      vmEvent(vm, { pid: sp.pid, kind: 'minor', vpn, frame: f, text: `pid ${sp.pid} page ${vpn} zero-filled in frame ${f}` });
    }
    flags = (flags & ~PTE_S) | PTE_P;
    pte = pteMake(f, flags);
    pteSet(vm, sp, vpn, pte);
    if (shared >= 0) replacerTouch(vm.replacer, f);
    else replacerLoad(vm.replacer, f);
    sp.stats.rss++;
  } else replacerTouch(vm.replacer, pteFrame(pte));
  if (write && flags & PTE_COW) {
    const broke = breakCow(vm, sp, vpn, pte, draw, dev);
    if (broke.pte < 0) return segv(vm, sp.pid, va, write, tlbHit, 'oom');
    pte = broke.pte;
    cost += broke.cost;
    if (outcome === 'hit') outcome = 'cow';
  }
  const f = pteFrame(pte);
  if (write) {
    vm.frames.dirty[f] = 1;
    dropSwapCopy(vm, f);
  }
  tlbInvalidate(vm.tlb, sp.asid, vpn);
  tlbInsert(vm.tlb, sp.asid, vpn, pte, draw);
  const pa = f * ps + offset;
  record(vm, sp.pid, va, write, tlbHit, outcome, pa, cost);
  return pa;
}

/** A written page's copy in swap is stale: give the slot back. */
function dropSwapCopy(vm: VmState, f: number): void {
  const slot = vm.frames.slot[f];
  if (slot < 0) return;
  vm.frames.slot[f] = -1;
  vm.swap.refs[slot] = 0;
  vm.swap.owner[slot] = -1;
  vm.swap.vpn[slot] = -1;
  vm.swap.used--;
}

/** The shared code image behind `vpn`, when it is a code page of a process running a program with one. */
function codeImageAt(vm: VmState, sp: AddressSpace, vpn: number): CodeImage | null {
  if (sp.image === null || vpn < sp.regions.code.start || vpn >= sp.regions.code.end) return null;
  return vm.images[sp.image] ?? null;
}

function regionProt(sp: AddressSpace, vpn: number): number {
  for (const r of Object.values(sp.regions)) if (vpn >= r.start && vpn < r.end) return r.prot;
  return 0;
}

/**
 * The first write to a copy-on-write page: the last sharer just gets write permission
 * back; any other gets a private copy in a new frame.
 */
function breakCow(vm: VmState, sp: AddressSpace, vpn: number, pte: number, draw: (n: number) => number, dev: BlockDevice | undefined): { pte: number; cost: number } {
  const old = pteFrame(pte);
  const flags = (pteFlags(pte) & ~PTE_COW) | PTE_W;
  sp.stats.cowBreaks++;
  vm.stats.cowBreaks++;
  if (vm.frames.owners[old].length <= 1) {
    const mine = pteMake(old, flags);
    pteSet(vm, sp, vpn, mine);
    vmEvent(vm, { pid: sp.pid, kind: 'cow', vpn, frame: old, text: `pid ${sp.pid} page ${vpn}: last sharer of frame ${old}, made writable` });
    return { pte: mine, cost: 0 };
  }
  // Let go of the shared frame first (its other sharers keep it), so the copy may even evict it.
  const data = vm.frames.data[old];
  releaseFrame(vm, old, sp.pid);
  const got = takeFrame(vm, draw, dev, sp);
  if (got.frame < 0) return { pte: -1, cost: got.cost };
  const f = got.frame;
  claimFrame(vm, f, sp.pid, vpn, data);
  replacerLoad(vm.replacer, f);
  const mine = pteMake(f, flags);
  pteSet(vm, sp, vpn, mine);
  vmEvent(vm, { pid: sp.pid, kind: 'cow', vpn, frame: f, text: `pid ${sp.pid} page ${vpn}: copy-on-write, frame ${old} copied to frame ${f}` });
  return { pte: mine, cost: got.cost };
}

function segv(vm: VmState, pid: number, va: number, write: boolean, tlbHit: boolean, why: 'segv' | 'prot' | 'oom'): number {
  const vpn = Math.floor(va / vm.config.pageSize);
  if (why === 'oom') {
    vmEvent(vm, { pid, kind: 'oom', vpn, frame: -1, text: `pid ${pid} page ${vpn}: no frame and no swap slot free` });
  } else {
    vm.stats.segvs++;
    const what = why === 'prot' ? `${write ? 'write to' : 'access to'} a protected page` : 'an address outside the address space';
    vmEvent(vm, { pid, kind: 'segv', vpn, frame: -1, text: `pid ${pid} ${what} (0x${va.toString(16)})` });
  }
  record(vm, pid, va, write, tlbHit, why, -1, 0);
  return why === 'segv' ? VM_SEGV : why === 'prot' ? VM_PROT : VM_OOM;
}

/**
 * Page-fault frequency: before `sp` gets a frame for the page it faulted on, its fault
 * rate (faults per 1000 of its accesses, over the interval since its last fault) sets
 * what the page costs its own resident set. Above `pffHigh` it costs nothing: the set
 * grows, from a free frame or the clock's global victim. Between the thresholds one of
 * its own pages makes room, so the set keeps its size; below `pffLow` two do, one of them
 * going back to the free frames, so the set shrinks. Its own victims are found by a clock
 * sweep over the frames it alone holds. Returns the ticks of disk I/O the evictions took.
 */
function pffMakeRoom(vm: VmState, sp: AddressSpace, vpn: number, dev: BlockDevice | undefined): number {
  const c = vm.config;
  // The first fault, or two in a row, counts as the highest rate.
  const interval = sp.lastFault < 0 ? 1 : sp.stats.accesses - sp.lastFault;
  sp.lastFault = sp.stats.accesses;
  const rate = Math.round(1000 / Math.max(1, interval));
  const give = Math.min(sp.stats.rss, rate > c.pffHigh ? 0 : rate < c.pffLow ? 2 : 1);
  let cost = 0;
  let gave = 0;
  while (gave < give) {
    const f = ownVictim(vm, sp.pid);
    const spent = f < 0 ? -1 : evictFrame(vm, f, dev, sp);
    if (spent < 0) break;
    cost += spent;
    gave++;
  }
  const verdict = rate > c.pffHigh ? `above ${c.pffHigh}: its resident set grows` : rate < c.pffLow ? `below ${c.pffLow}: its resident set shrinks` : 'between the thresholds: its resident set keeps its size';
  vmEvent(vm, { pid: sp.pid, kind: 'pff', vpn, frame: -1, text: `pid ${sp.pid} faults at ${rate} per 1000 accesses, ${verdict} (${gave} of its own pages out)` });
  return cost;
}

/** A clock sweep over the frames `pid` alone holds: the first whose use counter is 0, counting down the others; -1 if it holds none. */
function ownVictim(vm: VmState, pid: number): number {
  const r = vm.replacer;
  const owners = vm.frames.owners;
  const n = owners.length;
  for (let pass = 0; pass <= r.config.useBits + 1; pass++) {
    let held = false;
    for (let i = 0; i < n; i++) {
      const f = (r.hand + i) % n;
      if (!r.resident[f] || owners[f].length !== 1 || owners[f][0] !== pid) continue;
      held = true;
      if (r.use[f] === 0) return f;
      r.use[f]--;
    }
    if (!held) return -1;
  }
  return -1;
}

/**
 * The pager's frames as a source for page tables (space.ts): a free frame, else one freed
 * by evicting the replacement policy's victim. The eviction's disk time is not charged to
 * anyone: a table is made at spawn or at sbrk, which do not wait for the disk.
 */
export const pagerFrames =
  (vm: VmState, draw: (n: number) => number, dev?: BlockDevice): FrameSource =>
  () =>
    takeFrame(vm, draw, dev).frame;

/**
 * A free frame, else one freed by evicting a victim. `faulting` is the space the frame is
 * for: its tables stay in memory even if the victim was the last page under them.
 */
function takeFrame(vm: VmState, draw: (n: number) => number, dev: BlockDevice | undefined, faulting: AddressSpace | null = null): { frame: number; cost: number } {
  const f = freeFrame(vm);
  if (f >= 0) return { frame: f, cost: 0 };
  const cost = evictOne(vm, draw, dev, faulting);
  if (cost < 0) return { frame: -1, cost: 0 };
  return { frame: freeFrame(vm), cost };
}

/**
 * Evicts the replacement policy's victim: writes it to swap if it is dirty (or has no copy
 * there), points every sharer's PTE at the slot and frees the frame. A clean page that was
 * never written goes back to being demand-zero. Returns the ticks of disk I/O, or -1 when
 * nothing can be evicted (no resident page, or swap is full).
 */
export function evictOne(vm: VmState, draw: (n: number) => number, dev?: BlockDevice, faulting: AddressSpace | null = null): number {
  const victim = replacerVictim(vm.replacer, draw);
  if (victim < 0) return -1;
  return evictFrame(vm, victim, dev, faulting);
}

/**
 * Evicts the page in frame `victim` (see evictOne); the ticks of disk I/O, or -1 when swap
 * is full. A shared code page is dropped for every process mapping it (its image holds
 * it), as is a page never written. An owner left with no page under a table gives the
 * table's frames back, except `faulting`, which is about to map a page there.
 */
function evictFrame(vm: VmState, victim: number, dev: BlockDevice | undefined, faulting: AddressSpace | null): number {
  const r = vm.replacer;
  const fr = vm.frames;
  const vpn = fr.vpn[victim];
  const owners = fr.owners[victim];
  const image = fr.image[victim];
  let cost = 0;
  let slot = fr.slot[victim];
  let target: 'zero' | 'swap' = 'swap';
  if (image !== null || (fr.dirty[victim] === 0 && fr.data[victim] === null && slot < 0)) target = 'zero';
  else if (slot < 0 || fr.dirty[victim]) {
    if (slot < 0) {
      slot = freeSlot(vm);
      if (slot < 0) return -1;
      vm.swap.used++;
    }
    writeSlot(vm, swapDevice(vm, dev), slot, fr.data[victim]);
    vm.swap.owner[slot] = owners[0];
    vm.swap.vpn[slot] = vpn;
    vm.swap.writes++;
    cost += vm.config.diskTicks;
  }
  if (target === 'swap') vm.swap.refs[slot] = owners.length;
  for (const pid of owners) {
    const sp = vm.spaces[pid];
    if (!sp) continue;
    const flags = pteFlags(pteGet(vm, sp, vpn)) & ~PTE_P;
    pteSet(vm, sp, vpn, target === 'zero' ? flags & ~PTE_S : pteMake(slot, flags | PTE_S));
    tlbInvalidate(vm.tlb, sp.asid, vpn);
    sp.stats.rss--;
    if (target === 'swap') sp.stats.swappedOut++;
  }
  vm.stats.evictions++;
  const fate = image !== null ? `, ${image}'s code: dropped, to be read from its image again` : target === 'zero' ? ', never written: dropped' : ` to swap slot ${slot}`;
  vmEvent(vm, { pid: owners[0], kind: 'evict', vpn, frame: victim, text: `frame ${victim} (pid ${owners.join(',')} page ${vpn}) evicted by ${r.config.policy}${fate}` });
  if (image !== null) forgetCodeFrame(vm, victim);
  fr.owners[victim] = [];
  fr.vpn[victim] = -1;
  fr.dirty[victim] = 0;
  fr.slot[victim] = -1;
  fr.data[victim] = null;
  fr.freeCount++;
  replacerDrop(r, victim);
  if (target === 'zero') {
    for (const pid of owners) {
      const sp = vm.spaces[pid];
      if (sp && sp !== faulting) releaseIdleTables(vm, sp, vpn);
    }
  }
  return cost;
}

/** The swap daemon's work: evict until `target` frames are free. Returns the disk ticks spent. */
export function reclaim(vm: VmState, target: number, draw: (n: number) => number, dev?: BlockDevice): number {
  let cost = 0;
  while (vm.frames.freeCount < target) {
    const c = evictOne(vm, draw, dev);
    if (c < 0) break;
    cost += c;
  }
  return cost;
}

/** Base and bounds, or segmentation: translate with the process's registers; no faults but the fatal one. */
function accessUnpaged(vm: VmState, sp: AddressSpace, va: number, kind: AccessKind): number {
  const c = vm.config;
  const ps = c.pageSize;
  const pl = sp.placement;
  if (!pl) return segv(vm, sp.pid, va, kind === 'w', false, 'segv');
  sp.stats.accesses++;
  let pa: number | null;
  let prot: number;
  if (c.scheme === 'base-bounds') {
    pa = translateBaseBounds({ base: pl.code.frame * ps, bounds: sp.regions.stack.end * ps }, va).pa;
    prot = PTE_R | PTE_W | PTE_X; // one region: base and bounds has no protection bits
  } else {
    const seg = (kind: 'code' | 'heap' | 'stack', growsDown: boolean) => ({
      base: (pl[kind].frame + (growsDown ? pl[kind].frames : 0)) * ps,
      limit: (sp.regions[kind].end - sp.regions[kind].start) * ps,
      growsDown,
    });
    const t = translateSegmented([seg('code', false), seg('heap', false), null, seg('stack', true)], Math.log2(c.addressSpaceSize), 2, va);
    pa = t.pa;
    prot = t.segment === 0 ? sp.regions.code.prot : t.segment === 1 ? sp.regions.heap.prot : sp.regions.stack.prot;
  }
  if (pa === null) return segv(vm, sp.pid, va, kind === 'w', false, 'segv');
  if (!(prot & needBit(kind))) return segv(vm, sp.pid, va, kind === 'w', false, 'prot');
  record(vm, sp.pid, va, kind === 'w', false, 'hit', pa, 0);
  return pa;
}

/** The byte at physical address `pa`. */
export function readByte(vm: VmState, pa: number): number {
  const ps = vm.config.pageSize;
  const data = vm.frames.data[Math.floor(pa / ps)];
  return data === null ? 0 : data.charCodeAt(pa % ps);
}

/** Stores a byte at physical address `pa`. */
export function writeByte(vm: VmState, pa: number, value: number): void {
  const ps = vm.config.pageSize;
  const f = Math.floor(pa / ps);
  const o = pa % ps;
  const data = vm.frames.data[f] ?? '\0'.repeat(ps);
  vm.frames.data[f] = data.slice(0, o) + String.fromCharCode(value & 255) + data.slice(o + 1);
  vm.frames.dirty[f] = 1;
}

/** Pages the address space spans (VSZ) and holds in frames (RSS), in pages. */
export function sizes(vm: VmState, pid: number): { vsz: number; rss: number } {
  const sp = spaceView(vm, pid); // a lazy space has its regions' VSZ and nothing resident
  if (!sp) return { vsz: 0, rss: 0 };
  let vsz = 0;
  for (const r of Object.values(sp.regions)) vsz += r.end - r.start;
  return { vsz, rss: sp.stats.rss };
}

export const pagesInSpace = pagesOf;
