import type { ReplacementPolicy, ReplacerState } from './replacement.ts';
import type { TlbConfig, TlbState } from './tlb.ts';

/**
 * Virtual memory as plain data: the machine's settings, the core map (one entry per
 * physical frame), the replacement policy's state, the TLB, the swap area and one address
 * space per process. Nothing here knows about processes beyond their pid as an owner tag.
 */
export type VmScheme = 'base-bounds' | 'segmentation' | 'linear' | 'multilevel';
export const VM_SCHEMES: VmScheme[] = ['base-bounds', 'segmentation', 'linear', 'multilevel'];

export interface VmConfig {
  scheme: VmScheme;
  /** Bytes per page (a power of two); also the unit of physical allocation under every scheme. */
  pageSize: number;
  /** Bytes of virtual address space per process (a power of two). */
  addressSpaceSize: number;
  /** Bytes of physical memory (a multiple of pageSize). */
  physMemSize: number;
  /** Levels of the page table under `multilevel` (2 to 4). */
  levels: number;
  tlb: TlbConfig;
  /** Replacement policy for the pager (one that needs no future: not OPT or UNOPT). */
  policy: ReplacementPolicy;
  useBits: number;
  wsWindow: number;
  /**
   * PFF: a process's fault rate, in faults per 1000 of its accesses, measured over the
   * interval since its last fault. Above `pffHigh` its resident set grows by the new page;
   * below `pffLow` it shrinks (the new page replaces two of its own); between, the new
   * page replaces one of its own.
   */
  pffHigh: number;
  pffLow: number;
  /** Pages the swap area holds. */
  swapSlots: number;
  /** The swap daemon wakes when free frames drop below `lowWater` and evicts until `highWater` are free (0 = no daemon). */
  lowWater: number;
  highWater: number;
  /** Ticks a page costs to read from or write to swap: a major fault blocks the process this long. */
  diskTicks: number;
  /** Pages of code every process gets, and the most pages its stack may grow to. */
  codePages: number;
  stackPages: number;
}

export type RegionKind = 'code' | 'heap' | 'stack';

/** A range of virtual pages with one protection. */
export interface Region {
  kind: RegionKind;
  /** First virtual page and the page after the last. */
  start: number;
  end: number;
  /** PTE protection bits (PTE_R | PTE_W | PTE_X). */
  prot: number;
}

export interface SpaceStats {
  minorFaults: number;
  majorFaults: number;
  cowBreaks: number;
  tlbHits: number;
  tlbMisses: number;
  accesses: number;
  /** Pages in frames right now (shared pages counted for each sharer, as Linux's RSS does). */
  rss: number;
  swappedOut: number;
}

export interface AddressSpace {
  pid: number;
  asid: number;
  regions: Record<RegionKind, Region>;
  /**
   * Paging: the page-table tree, table id -> entries; table 0 is the root (the whole
   * linear table, or the page directory). A table that does not exist is absent here, as
   * an unused part of a multi-level table is absent from memory.
   */
  tables: Record<number, number[]>;
  nextTable: number;
  /**
   * The frames each table occupies, by table id: page tables live in physical memory like
   * any page, so a linear table costs its size in frames and a multi-level one a frame per
   * table that exists. Null for a space whose tables are not charged (OSTEP's problems,
   * which give their own physical memory) and without paging.
   */
  tableFrames: Record<number, number[]> | null;
  /** Base and bounds, and segmentation: physical placement (first frame, frames) per region. */
  placement: Record<RegionKind, { frame: number; frames: number }> | null;
  stats: SpaceStats;
  /** PFF: the process's access count at its last page fault (-1 before the first). */
  lastFault: number;
  /**
   * The program whose read-only code image the code region maps (shared with every other
   * process running it), or null: the code region is then private demand-zero pages, as
   * for OSTEP's abstract workloads and problems.
   */
  image: string | null;
}

/**
 * A program's code, shared by every process running it, as a real kernel shares text
 * pages through the page cache: one frame per resident code page, whoever faulted it in
 * first, mapped read-only into each user's code region. Programs are built into the
 * kernel, so a page missing from memory is copied from the image (a minor fault, no disk
 * wait) and an evicted one is dropped, never written to swap.
 */
export interface CodeImage {
  /** The frame holding each code page, or -1 where it is not in memory. */
  frames: number[];
  /** Address spaces mapping the image (its reference count); the image goes when it reaches 0. */
  users: number;
}

/** The core map: who holds each physical frame. Parallel arrays, one slot per frame. */
export interface CoreMap {
  /** Pids mapping the frame (more than one only while copy-on-write shares it); empty = free. */
  owners: number[][];
  vpn: number[];
  dirty: number[];
  /** The swap slot that holds a clean copy of this page, or -1. */
  slot: number[];
  /** Page contents, one character per byte; null = all zeros. */
  data: (string | null)[];
  /** The id of the page table a frame holds (its owner's), or -1 for a frame of pages. Page-table frames are never evicted. */
  table: number[];
  /** The program whose shared code page a frame holds (its owners are the processes mapping it), or null. */
  image: (string | null)[];
  freeCount: number;
}

export interface SwapArea {
  /** How many page-table entries name each slot (copy-on-write can share one); 0 = free. */
  refs: number[];
  /**
   * The pages' bytes when no block device is attached: a RAM disk of page-sized blocks,
   * keyed by slot. A machine with a disk keeps them in its swap partition instead (swap.ts).
   */
  ram: Record<number, string>;
  /** Owner and page of the slot's contents, for the view. */
  owner: number[];
  vpn: number[];
  used: number;
  reads: number;
  writes: number;
  /** The swap area's header as the kernel read it at boot; null on the pager's own RAM disk. */
  header: SwapHeader | null;
  /** Why the machine runs without swap (a missing or corrupt header or partition table), or null. */
  problem: string | null;
}

/** What mkswap writes in a swap area's first page, and the kernel checks before using it. */
export interface SwapHeader {
  version: number;
  /** Pages after the header (Linux's last_page: the header is page 0). */
  lastPage: number;
  /** Slots never to be used (bad blocks on the device), as slot numbers. */
  bad: number[];
}

/** One thing the pager did, for the log and the view's flashes. */
export interface VmEvent {
  seq: number;
  tick: number;
  pid: number;
  kind: 'minor' | 'major' | 'cow' | 'evict' | 'segv' | 'oom' | 'daemon' | 'pff';
  vpn: number;
  frame: number;
  text: string;
}

/** The last access, kept so the view can show its walk bit by bit. */
export interface LastAccess {
  pid: number;
  va: number;
  write: boolean;
  tlbHit: boolean;
  /**
   * 'hit' (no fault), a fault kind, or the fatal 'segv' / 'prot' / 'oom'. A minor fault on
   * a program's shared code is 'load' (a frame filled from the image) or 'share' (the frame
   * another process running it has in memory).
   */
  outcome: 'hit' | 'minor' | 'load' | 'share' | 'major' | 'cow' | 'segv' | 'prot' | 'oom';
  pa: number;
  tick: number;
  /** Ticks of disk I/O the access caused (a swap-in, writing back a dirty victim). */
  cost: number;
}

export interface VmStats {
  minorFaults: number;
  majorFaults: number;
  cowBreaks: number;
  evictions: number;
  segvs: number;
}

/** One point of the over-time chart. */
export interface VmSample {
  tick: number;
  faults: number;
  tlbHits: number;
  tlbMisses: number;
  rss: Record<number, number>;
  /** Per process with an address space: its faults, TLB hits and TLB misses so far. */
  byPid: Record<number, [number, number, number]>;
}

export interface VmState {
  config: VmConfig;
  frames: CoreMap;
  replacer: ReplacerState;
  tlb: TlbState;
  swap: SwapArea;
  /**
   * Address spaces by pid. Null is a lazy one (paging only): the process has the
   * machine's layout but has not used memory yet, so nothing is built (space.ts:
   * reserveSpace, spaceFor, spaceView).
   */
  spaces: Record<number, AddressSpace | null>;
  /** Shared code images by program name, while some address space maps one. */
  images: Record<string, CodeImage>;
  nextAsid: number;
  stats: VmStats;
  last: LastAccess | null;
  /** Keep `last` up to date on every access (the live view needs it; a headless run may turn it off). */
  recordLast: boolean;
  /** Recent pager events keyed by sequence number, the oldest dropped past a bound. */
  events: Record<number, VmEvent>;
  eventSeq: number;
  /**
   * The most recent page references under paging, keyed by sequence number (the oldest
   * dropped past REF_CAP): each is [pid, virtual page]. It is the session's own reference
   * string, which Compare policies can run under other replacement policies.
   */
  refs: Record<number, [number, number]>;
  refSeq: number;
  /** Samples for the chart, keyed by sequence number, bounded the same way. */
  samples: Record<number, VmSample>;
  sampleSeq: number;
  /** The clock the pager stamps events with; the kernel sets it. */
  tick: number;
}
