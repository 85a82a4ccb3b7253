/**
 * The TLB: a small set-associative cache of translations. Entries are parallel arrays of
 * numbers (a slot is empty when its vpn is -1), so a lookup is a short scan of one set with
 * no allocation. Every entry carries its address space's id, so a stale entry can never
 * translate for another process; `asids` says whether entries survive a context switch
 * (ASIDs, as on MIPS) or the kernel flushes the TLB on every switch (as early x86 did).
 */
export type TlbReplacement = 'lru' | 'fifo' | 'random';
export const TLB_REPLACEMENTS: TlbReplacement[] = ['lru', 'fifo', 'random'];

export interface TlbConfig {
  /** Entries in all; 0 turns the TLB off (every access walks the page table). */
  entries: number;
  /** Entries per set: 1 = direct-mapped, `entries` = fully associative. */
  ways: number;
  replacement: TlbReplacement;
  asids: boolean;
}

export interface TlbState {
  config: TlbConfig;
  sets: number;
  vpn: number[];
  asid: number[];
  /** The cached PTE (frame and flags). */
  pte: number[];
  /** Last use (LRU) or fill (FIFO), in lookups. */
  stamp: number[];
  clock: number;
  hits: number;
  misses: number;
  flushes: number;
}

export function tlbConfigError(c: TlbConfig): string | null {
  if (!Number.isInteger(c.entries) || c.entries < 0 || c.entries > 1024) return 'tlb.entries must be an integer from 0 to 1024';
  if (c.entries === 0) return null;
  if (!Number.isInteger(c.ways) || c.ways < 1 || c.ways > c.entries || c.entries % c.ways !== 0) return 'tlb.ways must divide tlb.entries';
  if (!TLB_REPLACEMENTS.includes(c.replacement)) return `tlb.replacement must be one of ${TLB_REPLACEMENTS.join(', ')}`;
  return null;
}

export function createTlb(config: TlbConfig): TlbState {
  const n = config.entries;
  return {
    config,
    sets: n === 0 ? 0 : n / config.ways,
    vpn: new Array<number>(n).fill(-1),
    asid: new Array<number>(n).fill(0),
    pte: new Array<number>(n).fill(0),
    stamp: new Array<number>(n).fill(0),
    clock: 0,
    hits: 0,
    misses: 0,
    flushes: 0,
  };
}

/** The slot holding (asid, vpn), counting a hit or a miss; -1 on a miss. */
export function tlbLookup(t: TlbState, asid: number, vpn: number): number {
  if (t.sets === 0) {
    t.misses++;
    return -1;
  }
  const ways = t.config.ways;
  const first = (vpn % t.sets) * ways;
  for (let i = first; i < first + ways; i++) {
    if (t.vpn[i] === vpn && t.asid[i] === asid) {
      t.hits++;
      if (t.config.replacement === 'lru') t.stamp[i] = ++t.clock;
      return i;
    }
  }
  t.misses++;
  return -1;
}

/** Caches a translation after a walk; the set's empty slot, else its victim. `draw(n)` is in [0, n). */
export function tlbInsert(t: TlbState, asid: number, vpn: number, pte: number, draw: (n: number) => number): number {
  if (t.sets === 0) return -1;
  const ways = t.config.ways;
  const first = (vpn % t.sets) * ways;
  let slot = -1;
  for (let i = first; i < first + ways; i++) {
    if (t.vpn[i] === -1) {
      slot = i;
      break;
    }
  }
  if (slot < 0) {
    if (t.config.replacement === 'random') slot = first + draw(ways);
    else {
      slot = first;
      for (let i = first + 1; i < first + ways; i++) if (t.stamp[i] < t.stamp[slot]) slot = i;
    }
  }
  t.vpn[slot] = vpn;
  t.asid[slot] = asid;
  t.pte[slot] = pte;
  t.stamp[slot] = ++t.clock;
  return slot;
}

/** Drops the entry for (asid, vpn), if cached: the PTE changed (evicted, made COW, broken). */
export function tlbInvalidate(t: TlbState, asid: number, vpn: number): void {
  if (t.sets === 0) return;
  const ways = t.config.ways;
  const first = (vpn % t.sets) * ways;
  for (let i = first; i < first + ways; i++) if (t.vpn[i] === vpn && t.asid[i] === asid) t.vpn[i] = -1;
}

/** Empties the TLB (a context switch without ASIDs), or only one address space's entries. */
export function tlbFlush(t: TlbState, asid?: number): void {
  let any = false;
  for (let i = 0; i < t.vpn.length; i++) {
    if (t.vpn[i] !== -1 && (asid === undefined || t.asid[i] === asid)) {
      t.vpn[i] = -1;
      any = true;
    }
  }
  if (any) t.flushes++;
}
