/**
 * Page replacement, as OSTEP's paging-policy chapter teaches it. Memory is an ordered list
 * of resident pages; the order is what the policies use (FIFO and LRU evict the front,
 * MRU the back), and a new page always joins at the end.
 */
export type ReplacementPolicy = 'FIFO' | 'LRU' | 'MRU' | 'OPT' | 'UNOPT';

export const REPLACEMENT_POLICIES: ReplacementPolicy[] = ['FIFO', 'LRU', 'MRU', 'OPT', 'UNOPT'];

export interface PageCache {
  policy: ReplacementPolicy;
  capacity: number;
  /** Resident pages, in the policy's order. */
  memory: number[];
  hits: number;
  misses: number;
}

export interface AccessResult {
  page: number;
  hit: boolean;
  victim: number | null;
}

export function createPageCache(policy: ReplacementPolicy, capacity: number): PageCache {
  return { policy, capacity, memory: [], hits: 0, misses: 0 };
}

/**
 * One access. `future` is the rest of the reference string after this access; only OPT
 * (evict the page used farthest in the future) and UNOPT (the soonest) look at it.
 */
export function accessPage(c: PageCache, page: number, future: readonly number[]): AccessResult {
  const at = c.memory.indexOf(page);
  if (at >= 0) {
    c.hits++;
    if (c.policy === 'LRU' || c.policy === 'MRU') {
      c.memory.splice(at, 1);
      c.memory.push(page);
    }
    return { page, hit: true, victim: null };
  }
  c.misses++;
  let victim: number | null = null;
  if (c.memory.length >= c.capacity) {
    const v = victimIndex(c, future);
    victim = c.memory[v];
    c.memory.splice(v, 1);
  }
  c.memory.push(page);
  return { page, hit: false, victim };
}

/** Where each resident page is next used (Infinity = never). */
function nextUses(memory: readonly number[], future: readonly number[]): number[] {
  return memory.map((p) => {
    const i = future.indexOf(p);
    return i < 0 ? Number.POSITIVE_INFINITY : i;
  });
}

function victimIndex(c: PageCache, future: readonly number[]): number {
  switch (c.policy) {
    case 'FIFO':
    case 'LRU':
      return 0;
    case 'MRU':
      return c.memory.length - 1;
    case 'OPT': {
      // Farthest next use; among equals (e.g. several never used again) the LAST in list order.
      const uses = nextUses(c.memory, future);
      let best = 0;
      for (let i = 1; i < uses.length; i++) if (uses[i] >= uses[best]) best = i;
      return best;
    }
    case 'UNOPT': {
      // Soonest next use; among equals the FIRST in list order.
      const uses = nextUses(c.memory, future);
      let best = 0;
      for (let i = 1; i < uses.length; i++) if (uses[i] < uses[best]) best = i;
      return best;
    }
  }
}
