/**
 * Address translation with page tables, as in OSTEP's paging chapters: a linear table
 * (one entry per virtual page) and a two-level table (a page directory whose entries
 * point to pages of page-table entries).
 */
export interface LinearTranslation {
  va: number;
  vpn: number;
  valid: boolean;
  pa: number | null;
}

/** Linear page table: `pageTable[vpn]` is the PFN, or null for an invalid page. */
export function translateLinear(pageTable: readonly (number | null)[], pageSize: number, va: number): LinearTranslation {
  const vpn = Math.floor(va / pageSize);
  const pfn = pageTable[vpn] ?? null;
  if (pfn === null) return { va, vpn, valid: false, pa: null };
  return { va, vpn, valid: true, pa: pfn * pageSize + (va % pageSize) };
}

/** Physical memory as pages of bytes (each entry one byte, 0..255). */
export type PhysicalMemory = readonly (readonly number[])[];

export interface TwoLevelGeometry {
  pageSize: number;
  /** Bits of the virtual address that index within a page. */
  offsetBits: number;
  /** Bits that index a page-table page (and, above them, the page directory). */
  indexBits: number;
}

export type TwoLevelTranslation = {
  va: number;
  pdeIndex: number;
  pde: number;
  pdeValid: boolean;
  ptPage: number;
  pteIndex?: number;
  pte?: number;
  pteValid?: boolean;
  pfn?: number;
  fault: 'pde' | 'pte' | null;
  pa: number | null;
  value: number | null;
};

/** Entries are single bytes: the top bit says valid, the low seven bits are a PFN. */
const VALID = 0x80;
const PFN = 0x7f;

/**
 * Two-level translation: the PDE is the byte at pdbr*pageSize + pdIndex; if valid, the
 * PTE is the byte at (pde & 0x7f)*pageSize + ptIndex; if that is valid, the address is
 * pfn*pageSize + offset.
 */
export function translateTwoLevel(mem: PhysicalMemory, g: TwoLevelGeometry, pdbr: number, va: number): TwoLevelTranslation {
  const offset = va & ((1 << g.offsetBits) - 1);
  const pteIndex = (va >> g.offsetBits) & ((1 << g.indexBits) - 1);
  const pdeIndex = va >> (g.offsetBits + g.indexBits);
  const pde = mem[pdbr]?.[pdeIndex] ?? 0;
  const ptPage = pde & PFN;
  const pdeValid = (pde & VALID) !== 0;
  if (!pdeValid) return { va, pdeIndex, pde, pdeValid, ptPage, fault: 'pde', pa: null, value: null };
  const pte = mem[ptPage]?.[pteIndex] ?? 0;
  const pteValid = (pte & VALID) !== 0;
  const pfn = pte & PFN;
  if (!pteValid) return { va, pdeIndex, pde, pdeValid, ptPage, pteIndex, pte, pteValid, pfn, fault: 'pte', pa: null, value: null };
  const pa = pfn * g.pageSize + offset;
  return { va, pdeIndex, pde, pdeValid, ptPage, pteIndex, pte, pteValid, pfn, fault: null, pa, value: mem[pfn]?.[offset] ?? 0 };
}

/** Parses a page given as hex ("0a1b..."), two digits a byte. */
export function parseHexPage(hex: string): number[] | null {
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) return null;
  const out: number[] = [];
  for (let i = 0; i < hex.length; i += 2) out.push(Number.parseInt(hex.slice(i, i + 2), 16));
  return out;
}
