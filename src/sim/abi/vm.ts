/**
 * The virtual-memory half of the user/kernel interface: one access at a time (`touch`),
 * moving the heap's end (`sbrk`), and what vmstat and pmap report.
 */
export type VmSyscall =
  /** One access at a virtual address: returns the byte read (0 for a write), or -EFAULT after SIGSEGV. */
  | { op: 'touch'; addr: number; write?: boolean; value?: number; exec?: boolean }
  /** Moves the heap's end by `pages` pages; returns the old end, or -ENOMEM. */
  | { op: 'sbrk'; pages: number }
  | { op: 'vmstat' }
  | { op: 'pmap'; pid: number }
  /** The swap daemon's loop: sleep until memory is short, then evict to the high watermark. */
  | { op: 'kswapd' };

export interface VmStatInfo {
  minorFaults: number;
  majorFaults: number;
  cowBreaks: number;
  evictions: number;
  segvs: number;
  scheme: string;
  policy: string;
  pageSize: number;
  frames: number;
  freeFrames: number;
  /** Frames that hold page tables (part of the used ones; never swapped). */
  tableFrames: number;
  /** Frames that hold programs' shared code (part of the used ones; each counted once however many processes map it). */
  codeFrames: number;
  /** The mappings of those frames: each process mapping one counts once (the frames' reference counts, summed). */
  codeMappings: number;
  /** Programs with code in memory. */
  codePrograms: number;
  swapSlots: number;
  swapUsed: number;
  swapReads: number;
  swapWrites: number;
  tlbEntries: number;
  tlbHits: number;
  tlbMisses: number;
  tlbFlushes: number;
}

/**
 * The TLB's hit rate as a percentage with one decimal ("87.9%"), or null before any lookup:
 * as vmstat prints it, the Virtual memory view shows it and `glassbox run` reports it.
 */
export function tlbHitRate(c: Pick<VmStatInfo, 'tlbHits' | 'tlbMisses'>): string | null {
  const lookups = c.tlbHits + c.tlbMisses;
  return lookups ? `${((100 * c.tlbHits) / lookups).toFixed(1)}%` : null;
}

export interface PmapRegion {
  kind: 'code' | 'heap' | 'stack';
  start: number;
  end: number;
  prot: string;
}

export interface PmapPage {
  vpn: number;
  state: 'resident' | 'swapped' | 'untouched';
  frame: number | null;
  slot: number | null;
  prot: string;
  cow: boolean;
  /** For a resident page of a program's shared code: the program and how many processes map the frame. */
  shared: { program: string; users: number } | null;
}

export interface PmapInfo {
  pid: number;
  scheme: string;
  pageSize: number;
  regions: PmapRegion[];
  pages: PmapPage[];
  rss: number;
  /** Pages of the RSS that are the program's shared code (other processes running it map the same frames). */
  sharedRss: number;
  /** The program whose shared code image the process maps, or null. */
  image: string | null;
  vsz: number;
  /** Frames the process's page tables occupy (not part of its RSS, as in Linux). */
  tableFrames: number;
  minorFaults: number;
  majorFaults: number;
  cowBreaks: number;
}

export type VmSyscallResult = VmStatInfo | PmapInfo;

/**
 * A size in memory as ps -l and free print it, exact: in KiB (`12K`) when the page size is
 * a whole number of KiB, as Linux's pages are, else in bytes (`768B`, the unit the heap
 * views use), never a fraction of a KiB. The unit follows the page size, so a table's
 * figures all share one.
 */
export function memorySize(bytes: number, pageSize: number): string {
  return pageSize % 1024 === 0 ? `${bytes / 1024}K` : `${bytes}B`;
}

