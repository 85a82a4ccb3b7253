import type { ReplacementPolicy } from '../../../sim/vm/replacement.ts';

/**
 * What the virtual-memory views' abbreviations mean, as their tooltips say it: a student
 * meeting "8-way" or "COW" in a summary line can hover it instead of looking it up.
 */
export const POLICY_ABOUT: Record<ReplacementPolicy, string> = {
  FIFO: 'first in, first out: evicts the page loaded longest ago',
  LRU: 'least recently used: evicts the page untouched for longest',
  MRU: 'most recently used: evicts the page touched last',
  OPT: "optimal (Belady's): evicts the page whose next use is farthest in the future",
  UNOPT: 'the opposite of optimal: evicts the page needed soonest, the worst case to compare against',
  RAND: 'random: evicts a frame drawn from the seeded generator',
  CLOCK: 'the clock: a hand sweeps the frames, clearing use bits, and evicts the first page not used since its last pass',
  WS: 'working set: evicts a page outside the window of recent accesses, else the least recently used',
  PFF: 'page-fault frequency: grows a process’s frames when it faults often, shrinks them when it rarely does',
};

/** The TLB's associativity, as its tooltip explains it. */
export function waysAbout(ways: number, entries: number): string {
  if (ways >= entries) return `fully associative: any of the ${entries} entries can hold any page`;
  return `${ways}-way set associative: a page can sit only in one set of ${ways} entries, chosen by its page number`;
}

export const TERMS = {
  asids:
    'address-space identifiers: each TLB entry is tagged with its process, so a context switch need not flush the TLB',
  flushed: 'no address-space identifiers: the TLB is emptied at every context switch',
  cow: 'copy-on-write breaks: writes to a page shared since fork, each of which copied the page to a frame of its own',
  segv: 'segmentation faults: accesses to unmapped pages or against a page’s protection, each of which sent SIGSEGV',
  minor: 'minor faults: handled without reading the disk (a first touch of a demand-zero page, or a copy-on-write break)',
  major: 'major faults: the page had to be read back from swap',
} as const;
