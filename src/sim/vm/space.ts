import { PTE_COW, PTE_P, PTE_R, PTE_S, PTE_V, PTE_W, PTE_X, pteFlags, pteFrame, pteMake } from './pte.ts';
import { createReplacer, replacerDrop } from './replacement.ts';
import { createTlb, tlbFlush } from './tlb.ts';
import type { AddressSpace, Region, RegionKind, VmConfig, VmState } from './types.ts';
import { type EntryFormat, splitLevels, type Walk, walk } from './walk.ts';

/**
 * Address spaces: their regions and page tables, creation at spawn, the copy-on-write copy
 * at fork, growth by sbrk and teardown at exit. Translation and faults are in mmu.ts.
 */
export function createVm(config: VmConfig): VmState {
  const frames = config.physMemSize / config.pageSize;
  return {
    config,
    frames: {
      owners: Array.from({ length: frames }, () => []),
      vpn: new Array<number>(frames).fill(-1),
      dirty: new Array<number>(frames).fill(0),
      slot: new Array<number>(frames).fill(-1),
      data: new Array<string | null>(frames).fill(null),
      table: new Array<number>(frames).fill(-1),
      image: new Array<string | null>(frames).fill(null),
      freeCount: frames,
    },
    replacer: createReplacer({ policy: config.policy, frames, useBits: config.useBits, wsWindow: config.wsWindow }),
    tlb: createTlb(config.tlb),
    swap: {
      refs: new Array<number>(config.swapSlots).fill(0),
      ram: {},
      owner: new Array<number>(config.swapSlots).fill(-1),
      vpn: new Array<number>(config.swapSlots).fill(-1),
      used: 0,
      reads: 0,
      writes: 0,
      header: null,
      problem: null,
    },
    spaces: {},
    images: {},
    nextAsid: 1,
    stats: { minorFaults: 0, majorFaults: 0, cowBreaks: 0, evictions: 0, segvs: 0 },
    last: null,
    recordLast: true,
    events: {},
    eventSeq: 0,
    refs: {},
    refSeq: 0,
    samples: {},
    sampleSeq: 0,
    tick: 0,
  };
}

export const isPaged = (c: VmConfig): boolean => c.scheme === 'linear' || c.scheme === 'multilevel';
export const pagesOf = (c: VmConfig): number => c.addressSpaceSize / c.pageSize;
export const offsetBits = (c: VmConfig): number => Math.log2(c.pageSize);

/** Bits of VPN per level of the page table (one level for a linear table). */
export function levelBits(c: VmConfig): number[] {
  const vpnBits = Math.log2(pagesOf(c));
  return c.scheme === 'multilevel' ? splitLevels(vpnBits, c.levels) : [vpnBits];
}

/** The first virtual page of the code region under paging: page 0 stays unmapped. */
export const CODE_START = 1;

/** The regions of a new process, in virtual pages. Paging keeps page 0 unmapped, so a null pointer faults. */
function layout(c: VmConfig): Record<RegionKind, Region> {
  if (c.scheme === 'base-bounds') {
    // One contiguous image: code, then a heap that may grow into the space reserved for it, then the stack at the top.
    const top = c.codePages + 2 * c.stackPages;
    return {
      code: { kind: 'code', start: 0, end: c.codePages, prot: PTE_R | PTE_X },
      heap: { kind: 'heap', start: c.codePages, end: c.codePages, prot: PTE_R | PTE_W },
      stack: { kind: 'stack', start: top - c.stackPages, end: top, prot: PTE_R | PTE_W },
    };
  }
  const pages = pagesOf(c);
  if (c.scheme === 'segmentation') {
    // OSTEP's three segments, chosen by the top two address bits: code 00, heap 01, stack 11.
    const quarter = pages / 4;
    return {
      code: { kind: 'code', start: 0, end: c.codePages, prot: PTE_R | PTE_X },
      heap: { kind: 'heap', start: quarter, end: quarter, prot: PTE_R | PTE_W },
      stack: { kind: 'stack', start: pages - c.stackPages, end: pages, prot: PTE_R | PTE_W },
    };
  }
  const code = CODE_START;
  return {
    code: { kind: 'code', start: code, end: code + c.codePages, prot: PTE_R | PTE_X },
    heap: { kind: 'heap', start: code + c.codePages, end: code + c.codePages, prot: PTE_R | PTE_W },
    stack: { kind: 'stack', start: pages - c.stackPages, end: pages, prot: PTE_R | PTE_W },
  };
}

// ---- the page-table tree ----

/** The entry for `vpn`, or 0 where the tree has no table for it. */
export function pteGet(vm: VmState, sp: AddressSpace, vpn: number): number {
  return entryAt(sp, levelBits(vm.config), vpn);
}

/**
 * walkSpace's leaf with the level split already worked out, found without recording the
 * steps (exit reads every page of a space this way). The index arithmetic is walk's, so
 * every VPN reads the same entry.
 */
function entryAt(sp: AddressSpace, bits: readonly number[], vpn: number): number {
  let shift = 0;
  for (const b of bits) shift += b;
  let table = 0;
  for (let level = 0; level < bits.length; level++) {
    shift -= bits[level];
    const entry = sp.tables[table]?.[Math.floor(vpn / 2 ** shift) % 2 ** bits[level]] ?? 0;
    if (!(entry & PTE_V)) return 0;
    if (level === bits.length - 1) return entry;
    table = pteFrame(entry);
  }
  return 0;
}

/** The kernel's entries: V says valid, and an inner entry's frame field is the id of the table below. */
export const KERNEL_PTE_FORMAT: EntryFormat = { valid: (e) => (e & PTE_V) !== 0, next: pteFrame };

/** The walk for `vpn` through the process's tables, every level's index and entry kept (the view shows them). */
export function walkSpace(vm: VmState, sp: AddressSpace, vpn: number): Walk {
  return walk(vpn, levelBits(vm.config), 0, (table, index) => sp.tables[table]?.[index] ?? 0, KERNEL_PTE_FORMAT);
}

/** An address space with no regions and an empty root table: OSTEP's problems fill in their own entries. */
export function createBareSpace(vm: VmState, pid: number): AddressSpace {
  const sp: AddressSpace = {
    pid,
    asid: vm.nextAsid++,
    regions: { code: { kind: 'code', start: 0, end: 0, prot: 0 }, heap: { kind: 'heap', start: 0, end: 0, prot: 0 }, stack: { kind: 'stack', start: 0, end: 0, prot: 0 } },
    tables: { 0: new Array<number>(1 << levelBits(vm.config)[0]).fill(0) },
    nextTable: 1,
    tableFrames: null,
    placement: null,
    stats: emptyStats(),
    lastFault: -1,
    image: null,
  };
  vm.spaces[pid] = sp;
  return sp;
}

/** Sets the entry for `vpn`, creating the tables on its path (an inner entry points to a table by id). */
export function pteSet(vm: VmState, sp: AddressSpace, vpn: number, pte: number): void {
  setEntry(sp, levelBits(vm.config), vpn, pte);
}

/** pteSet with the level split already worked out (createSpace sets every page with one). */
function setEntry(sp: AddressSpace, bits: readonly number[], vpn: number, pte: number): void {
  let table = 0;
  let shift = bits.reduce((a, b) => a + b, 0);
  for (let level = 0; level < bits.length; level++) {
    shift -= bits[level];
    const index = (vpn >>> shift) & ((1 << bits[level]) - 1);
    const entries = sp.tables[table];
    if (level === bits.length - 1) {
      entries[index] = pte;
      return;
    }
    let entry = entries[index];
    if (!(entry & PTE_V)) {
      if (pte === 0) return; // clearing an entry under a table that does not exist
      const id = sp.nextTable++;
      sp.tables[id] = new Array<number>(1 << bits[level + 1]).fill(0);
      entry = pteMake(id, PTE_V);
      entries[index] = entry;
    }
    table = pteFrame(entry);
  }
}

/** Every (vpn, pte) with the V bit, in VPN order. */
export function mappedPages(vm: VmState, sp: AddressSpace): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const bits = levelBits(vm.config);
  for (const r of Object.values(sp.regions)) for (let v = r.start; v < r.end; v++) out.push([v, entryAt(sp, bits, v)]);
  return out.sort((a, b) => a[0] - b[0]);
}

// ---- frames ----

/**
 * Where a frame comes from when a page table needs one: the lowest free frame by default;
 * the kernel passes the pager's own (mmu.ts: takeFrame), which evicts a page when none is
 * free. A frame, or -1 when there is none to be had.
 */
export type FrameSource = () => number;

/** Bytes of one page-table entry (a 32-bit entry, as x86's): what a table costs in memory. */
export const PTE_BYTES = 4;

/** Frames a table of `entries` entries occupies: its bytes in whole pages, at least one. */
export const tableFrameCount = (c: VmConfig, entries: number): number => Math.max(1, Math.ceil((entries * PTE_BYTES) / c.pageSize));

/** Frames all of `sp`'s page tables occupy. */
export function tableFramesOf(sp: AddressSpace): number {
  let n = 0;
  if (sp.tableFrames) for (const fs of Object.values(sp.tableFrames)) n += fs.length;
  return n;
}

/**
 * Claims frames for the page tables `ids` (of `entries` entries each) of `pid`. Returns
 * the frames by table id, or null, with nothing left claimed, when memory runs out.
 * Page-table frames are not the replacement policy's to evict: they stay until their
 * table goes.
 */
function claimTableFrames(vm: VmState, pid: number, ids: Array<[number, number]>, take: FrameSource): Record<number, number[]> | null {
  const out: Record<number, number[]> = {};
  for (const [id, entries] of ids) {
    const got: number[] = [];
    out[id] = got;
    for (let i = tableFrameCount(vm.config, entries); i > 0; i--) {
      const f = take();
      if (f < 0) {
        for (const frames of Object.values(out)) for (const g of frames) releaseFrame(vm, g, pid);
        return null;
      }
      claimFrame(vm, f, pid, -1, null);
      vm.frames.table[f] = id;
      got.push(f);
    }
  }
  return out;
}

/**
 * Gives frames to the tables on `vpn`'s path that have none yet, from the root down: a
 * table comes into memory with the first page under it, as a kernel allocates a page
 * table at the first fault in its range. A process that never touches memory has no
 * tables in memory. False, with nothing claimed, when memory runs out.
 */
export function backTablePath(vm: VmState, sp: AddressSpace, vpn: number, take: FrameSource): boolean {
  const backed = sp.tableFrames;
  if (!backed) return true;
  const need: Array<[number, number]> = [];
  for (const st of walkSpace(vm, sp, vpn).steps) if (!backed[st.table]) need.push([st.table, sp.tables[st.table].length]);
  if (need.length === 0) return true;
  const got = claimTableFrames(vm, sp.pid, need, take);
  if (!got) return false;
  Object.assign(backed, got);
  return true;
}

/**
 * Gives back the frames of the tables on `vpn`'s path that map nothing any more, from the
 * last level up: a last-level table with no page in memory or swap, then a directory
 * none of whose tables is in memory. An idle process whose pages were all dropped (a
 * shared code page evicted, the heap shrunk) so pins no frame for its tables; the next
 * fault under them brings them back (backTablePath).
 */
export function releaseIdleTables(vm: VmState, sp: AddressSpace, vpn: number): void {
  const backed = sp.tableFrames;
  if (!backed) return;
  const steps = walkSpace(vm, sp, vpn).steps;
  const last = levelBits(vm.config).length - 1;
  for (let i = steps.length - 1; i >= 0; i--) {
    const id = steps[i].table;
    const frames = backed[id];
    if (!frames) continue;
    const entries = sp.tables[id];
    const busy = steps[i].level === last ? entries.some((e) => (e & (PTE_P | PTE_S)) !== 0) : entries.some((e) => (e & PTE_V) !== 0 && backed[pteFrame(e)] !== undefined);
    if (busy) return;
    for (const f of frames) releaseFrame(vm, f, sp.pid);
    delete backed[id];
  }
}

// ---- shared code images ----

/** Maps program `name`'s shared code image into `sp`'s code region (its pages come in at the first fault, mmu.ts). */
function attachImage(vm: VmState, sp: AddressSpace, name: string): void {
  const img = vm.images[name];
  if (img) img.users++;
  else vm.images[name] = { frames: new Array<number>(sp.regions.code.end - sp.regions.code.start).fill(-1), users: 1 };
  sp.image = name;
}

/** `sp` no longer maps its image (its frames were released first); the image goes with its last user. */
function detachImage(vm: VmState, sp: AddressSpace): void {
  const name = sp.image;
  if (name === null) return;
  sp.image = null;
  const img = vm.images[name];
  if (!img) return;
  img.users--;
  if (img.users <= 0) delete vm.images[name];
}

/** Frame `f`, holding a shared code page, leaves memory (its last user let go, or it was evicted): its image no longer has the page. */
export function forgetCodeFrame(vm: VmState, f: number): void {
  const fr = vm.frames;
  const img = vm.images[fr.image[f] ?? ''];
  const index = fr.vpn[f] - CODE_START;
  if (img && img.frames[index] === f) img.frames[index] = -1;
  fr.image[f] = null;
}


/** Releases every frame `sp`'s tables occupy. */
function releaseTableFrames(vm: VmState, sp: AddressSpace): void {
  if (!sp.tableFrames) return;
  for (const frames of Object.values(sp.tableFrames)) for (const f of frames) releaseFrame(vm, f, sp.pid);
  sp.tableFrames = {};
}

/** The lowest free frame, or -1. */
export function freeFrame(vm: VmState): number {
  if (vm.frames.freeCount === 0) return -1;
  const owners = vm.frames.owners;
  for (let f = 0; f < owners.length; f++) if (owners[f].length === 0) return f;
  return -1;
}

/** The first run of `n` free frames (first fit), or with `fromTop` the last one; -1 if none. */
function freeRun(vm: VmState, n: number, fromTop = false): number {
  const owners = vm.frames.owners;
  let run = 0;
  if (fromTop) {
    for (let f = owners.length - 1; f >= 0; f--) {
      run = owners[f].length === 0 ? run + 1 : 0;
      if (run === n) return f;
    }
    return -1;
  }
  for (let f = 0; f < owners.length; f++) {
    run = owners[f].length === 0 ? run + 1 : 0;
    if (run === n) return f - n + 1;
  }
  return -1;
}

export function claimFrame(vm: VmState, f: number, pid: number, vpn: number, data: string | null): void {
  const fr = vm.frames;
  fr.owners[f] = [pid];
  fr.vpn[f] = vpn;
  fr.dirty[f] = 0;
  fr.slot[f] = -1;
  fr.data[f] = data;
  fr.image[f] = null;
  fr.freeCount--;
}

/** Takes `pid` off frame `f`; the frame is free when nobody maps it any more. */
export function releaseFrame(vm: VmState, f: number, pid: number): void {
  const fr = vm.frames;
  const owners = fr.owners[f];
  const at = owners.indexOf(pid);
  if (at < 0) return;
  if (owners.length > 1) {
    fr.owners[f] = owners.filter((p) => p !== pid);
    return;
  }
  if (fr.image[f] !== null) forgetCodeFrame(vm, f);
  fr.owners[f] = [];
  fr.vpn[f] = -1;
  fr.dirty[f] = 0;
  fr.data[f] = null;
  fr.table[f] = -1;
  if (fr.slot[f] >= 0) swapUnref(vm, fr.slot[f]);
  fr.slot[f] = -1;
  fr.freeCount++;
  replacerDrop(vm.replacer, f);
}

export function swapUnref(vm: VmState, slot: number): void {
  const sw = vm.swap;
  if (sw.refs[slot] <= 0) return;
  sw.refs[slot]--;
  if (sw.refs[slot] === 0) {
    sw.owner[slot] = -1;
    sw.vpn[slot] = -1;
    sw.used--;
  }
}

// ---- address spaces ----

const emptyStats = (): AddressSpace['stats'] => ({ minorFaults: 0, majorFaults: 0, cowBreaks: 0, tlbHits: 0, tlbMisses: 0, accesses: 0, rss: 0, swappedOut: 0 });

/**
 * Gives `pid` an address space at spawn. Under paging it is lazy: the process's entry is
 * null and nothing is built (no regions, page tables or ASID) until it first uses memory
 * (an access, sbrk, or a fork that copies it), when `spaceFor` builds it. A fresh paged
 * space has nothing in memory anyway (every page demand-zero, no table in a frame), so
 * waiting changes no answer; it only spares the many processes that never touch memory
 * (a scheduling workload's jobs) the building and the teardown. Until then the space
 * reads as the fresh one it stands for (`spaceView`). Without paging the regions are
 * placed in physical memory at once (createSpace), as a loader places a program; false
 * when no run of free frames fits.
 */
export function reserveSpace(vm: VmState, pid: number): boolean {
  if (!isPaged(vm.config)) return createSpace(vm, pid);
  vm.spaces[pid] = null;
  return true;
}

/** `pid`'s address space, built now if it was lazy; undefined when `pid` has none. */
export function spaceFor(vm: VmState, pid: number): AddressSpace | undefined {
  const sp = vm.spaces[pid];
  if (sp !== null) return sp;
  const built = freshPagedSpace(vm, pid, vm.nextAsid++);
  vm.spaces[pid] = built;
  return built;
}

/**
 * `pid`'s address space as it reads, without building a lazy one: a lazy space reads as
 * the fresh one it stands for, with ASID 0 (ASIDs start at 1: it has none yet, so no TLB
 * entry can be its). Undefined when `pid` has none. For views and reports; nothing that
 * changes the space may use it.
 */
export function spaceView(vm: VmState, pid: number): AddressSpace | undefined {
  const sp = vm.spaces[pid];
  return sp === null ? freshPagedSpace(vm, pid, 0) : sp;
}

/** Whether `pid`'s address space is still lazy: reserved at spawn and not yet built. */
export const isLazySpace = (vm: VmState, pid: number): boolean => vm.spaces[pid] === null;

/** Every address space that is built, lazy ones left out (they hold nothing yet). */
export function builtSpaces(vm: VmState): AddressSpace[] {
  const out: AddressSpace[] = [];
  for (const key in vm.spaces) {
    const sp = vm.spaces[key];
    if (sp) out.push(sp);
  }
  return out;
}

/** A new paged space: the regions valid and demand-zero in its tables, no table in memory yet. */
function freshPagedSpace(vm: VmState, pid: number, asid: number): AddressSpace {
  const c = vm.config;
  const regions = layout(c);
  const bits = levelBits(c);
  const sp: AddressSpace = { pid, asid, regions, tables: { 0: new Array<number>(1 << bits[0]).fill(0) }, nextTable: 1, tableFrames: {}, placement: null, stats: emptyStats(), lastFault: -1, image: null };
  for (const r of Object.values(regions)) for (let v = r.start; v < r.end; v++) setEntry(sp, bits, v, PTE_V | r.prot);
  return sp;
}

/**
 * Gives `pid` a new address space, built at once (the kernel reserves one instead, see
 * reserveSpace). Under paging nothing is in memory yet: every page of the regions is
 * valid and demand-zero, and the page tables take their frames at the first fault under
 * them (backTablePath). Under base and bounds or segmentation the regions are placed in
 * physical memory at once, contiguously; false when no run of free frames fits.
 */
export function createSpace(vm: VmState, pid: number, image: string | null = null): boolean {
  const c = vm.config;
  if (isPaged(c)) {
    const sp = freshPagedSpace(vm, pid, vm.nextAsid++);
    if (image !== null) attachImage(vm, sp, image);
    vm.spaces[pid] = sp;
    return true;
  }
  const regions = layout(c);
  const sp: AddressSpace = { pid, asid: vm.nextAsid++, regions, tables: {}, nextTable: 1, tableFrames: null, placement: null, stats: emptyStats(), lastFault: -1, image: null };
  const wanted = c.scheme === 'base-bounds' ? [['code', regions.stack.end]] : [['code', c.codePages], ['heap', 0], ['stack', c.stackPages]];
  const placement = {} as NonNullable<AddressSpace['placement']>;
  const taken: number[] = [];
  for (const [kind, n] of wanted as Array<[RegionKind, number]>) {
    // The stack goes high in memory so the heap, placed after the code, has room to grow in place.
    const first = n === 0 ? 0 : freeRun(vm, n, kind === 'stack');
    if (first < 0) {
      for (const f of taken) releaseFrame(vm, f, pid);
      return false;
    }
    for (let i = 0; i < n; i++) {
      claimFrame(vm, first + i, pid, regions[kind].start + i, null);
      taken.push(first + i);
    }
    placement[kind] = { frame: first, frames: n };
  }
  if (c.scheme === 'base-bounds') {
    placement.heap = placement.code;
    placement.stack = placement.code;
  } else if (placement.heap.frames === 0) placement.heap.frame = placement.code.frame + placement.code.frames;
  sp.placement = placement;
  sp.stats.rss = taken.length;
  vm.spaces[pid] = sp;
  return true;
}

/** Frees everything `pid` holds: frames (or its share of copy-on-write ones), swap slots, TLB entries. */
export function destroySpace(vm: VmState, pid: number): void {
  const sp = vm.spaces[pid];
  if (sp === null) {
    delete vm.spaces[pid]; // lazy: nothing was built, so nothing is held
    return;
  }
  if (!sp) return;
  if (isPaged(vm.config)) {
    // Region by region is VPN order (code, heap and stack lie in that order), without mappedPages' list.
    const bits = levelBits(vm.config);
    for (const r of Object.values(sp.regions)) {
      for (let v = r.start; v < r.end; v++) {
        const pte = entryAt(sp, bits, v);
        const f = pteFlags(pte);
        if (f & PTE_P) releaseFrame(vm, pteFrame(pte), pid);
        else if (f & PTE_S) swapUnref(vm, pteFrame(pte));
      }
    }
    releaseTableFrames(vm, sp);
    detachImage(vm, sp);
  } else {
    for (let f = 0; f < vm.frames.owners.length; f++) if (vm.frames.owners[f].includes(pid)) releaseFrame(vm, f, pid);
  }
  tlbFlush(vm.tlb, sp.asid);
  delete vm.spaces[pid];
}

/**
 * fork: the child gets the parent's address space, sharing every page copy-on-write.
 * Present pages are shared by frame and swapped pages by slot; both sides lose write
 * permission on them until one writes and the fault handler copies the page. Under base
 * and bounds or segmentation there are no pages to share, so the child gets a copy.
 */
export function forkSpace(vm: VmState, parent: number, child: number, take: FrameSource = () => freeFrame(vm)): boolean {
  const ps = vm.spaces[parent];
  // A copy of a space the parent has not touched is a fresh one: the child's stays lazy too.
  if (ps === null) return reserveSpace(vm, child);
  if (!ps) return createSpace(vm, child);
  if (!isPaged(vm.config)) {
    if (!createSpace(vm, child)) return false;
    const cs = vm.spaces[child] as AddressSpace;
    const pp = ps.placement;
    const cp = cs.placement;
    if (pp && cp) {
      for (const kind of ['code', 'stack'] as const) {
        if (vm.config.scheme === 'base-bounds' && kind === 'stack') continue;
        for (let i = 0; i < pp[kind].frames; i++) vm.frames.data[cp[kind].frame + i] = vm.frames.data[pp[kind].frame + i];
      }
    }
    return true;
  }
  // The child's copies of the tables in memory get their frames before the entries are
  // copied: finding a frame may evict one of the parent's pages, which changes its entries.
  const inMemory: Array<[number, number]> = ps.tableFrames ? Object.keys(ps.tableFrames).map((id) => [Number(id), ps.tables[Number(id)].length]) : [];
  const tableFrames = ps.tableFrames ? claimTableFrames(vm, child, inMemory, take) : null;
  if (ps.tableFrames && !tableFrames) return false;
  const cs: AddressSpace = {
    pid: child,
    asid: vm.nextAsid++,
    regions: structuredCloneRegions(ps.regions),
    tables: {},
    nextTable: ps.nextTable,
    tableFrames,
    placement: null,
    stats: emptyStats(),
    lastFault: -1,
    image: null,
  };
  if (ps.image !== null) attachImage(vm, cs, ps.image);
  for (const [id, entries] of Object.entries(ps.tables)) cs.tables[Number(id)] = [...entries];
  for (const [vpn, pte] of mappedPages(vm, ps)) {
    const f = pteFlags(pte);
    if (f & PTE_P) {
      const shared = f & PTE_W || f & PTE_COW ? pteMake(pteFrame(pte), (f & ~PTE_W) | PTE_COW) : pte;
      pteSet(vm, ps, vpn, shared);
      pteSet(vm, cs, vpn, shared);
      vm.frames.owners[pteFrame(pte)] = [...vm.frames.owners[pteFrame(pte)], child];
      cs.stats.rss++;
    } else if (f & PTE_S) {
      const shared = f & PTE_W || f & PTE_COW ? pteMake(pteFrame(pte), (f & ~PTE_W) | PTE_COW) : pte;
      pteSet(vm, ps, vpn, shared);
      pteSet(vm, cs, vpn, shared);
      vm.swap.refs[pteFrame(pte)]++;
      cs.stats.swappedOut++;
    }
  }
  tlbFlush(vm.tlb, ps.asid);
  vm.spaces[child] = cs;
  return true;
}

function structuredCloneRegions(r: Record<RegionKind, Region>): Record<RegionKind, Region> {
  return { code: { ...r.code }, heap: { ...r.heap }, stack: { ...r.stack } };
}

/**
 * Moves the heap's end by `delta` pages; returns the old end as a virtual address, or -1
 * when it would collide with the stack, shrink below its start, or (without paging) find
 * no free frames right after the heap.
 */
export function sbrk(vm: VmState, pid: number, delta: number): number {
  // Asking where the break is (delta 0) reads a lazy space; moving it builds the space.
  const sp = delta === 0 ? spaceView(vm, pid) : spaceFor(vm, pid);
  if (!sp || !Number.isInteger(delta)) return -1;
  const heap = sp.regions.heap;
  const oldEnd = heap.end;
  const newEnd = oldEnd + delta;
  if (newEnd < heap.start || newEnd > sp.regions.stack.start - (vm.config.scheme === 'base-bounds' ? 0 : 1)) return -1;
  if (vm.config.scheme === 'segmentation' && newEnd - heap.start > pagesOf(vm.config) / 4) return -1;
  if (isPaged(vm.config)) {
    for (let v = oldEnd; v < newEnd; v++) pteSet(vm, sp, v, PTE_V | heap.prot);
    for (let v = newEnd; v < oldEnd; v++) {
      const pte = pteGet(vm, sp, v);
      if (pteFlags(pte) & PTE_P) {
        releaseFrame(vm, pteFrame(pte), pid);
        sp.stats.rss--;
      } else if (pteFlags(pte) & PTE_S) {
        swapUnref(vm, pteFrame(pte));
        sp.stats.swappedOut--;
      }
      pteSet(vm, sp, v, 0);
      tlbFlush(vm.tlb, sp.asid);
      releaseIdleTables(vm, sp, v);
    }
  } else if (vm.config.scheme === 'segmentation' && sp.placement) {
    const pl = sp.placement.heap;
    if (delta > 0) {
      for (let i = pl.frames; i < pl.frames + delta; i++) {
        const f = pl.frame + i;
        if (f >= vm.frames.owners.length || vm.frames.owners[f].length > 0) return -1;
      }
      for (let i = 0; i < delta; i++) claimFrame(vm, pl.frame + pl.frames + i, pid, oldEnd + i, null);
    } else for (let i = delta; i < 0; i++) releaseFrame(vm, pl.frame + pl.frames + i, pid);
    pl.frames += delta;
    sp.stats.rss += delta;
  }
  heap.end = newEnd;
  return oldEnd * vm.config.pageSize;
}
