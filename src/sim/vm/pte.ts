/**
 * A page-table entry is one 32-bit number, so a page table is a plain array of numbers
 * (cheap to copy, cheap to patch). The low byte holds the flags; the rest holds the
 * physical frame number when the page is present, or the swap slot when it is swapped out.
 *
 *   31 ........ 8   7   6   5    4   3   2   1   0
 *   frame / slot    S   -   COW  X   W   R   P   V
 *
 * V: the page belongs to the address space (an access elsewhere is a segmentation fault).
 * P: the page is in a frame. V without P and without S is a demand-zero page that has
 * never been touched. S: its contents are in swap slot `frame`. COW: shared with a
 * relative after fork; the first write copies it. Use and dirty bits live in the core map
 * (one per frame), where the clock hand reads them, as they would be gathered from the
 * hardware's PTEs by a real kernel.
 */
export const PTE_V = 1;
export const PTE_P = 2;
export const PTE_R = 4;
export const PTE_W = 8;
export const PTE_X = 16;
export const PTE_COW = 32;
export const PTE_S = 128;
export const PTE_PROT = PTE_R | PTE_W | PTE_X;

/** Entry for a present page in `frame` with the given flags. */
export const pteMake = (frame: number, flags: number): number => frame * 256 + (flags & 255);
/** The frame (when P) or the swap slot (when S). */
export const pteFrame = (pte: number): number => Math.floor(pte / 256);
export const pteFlags = (pte: number): number => pte & 255;

/** Protection written as ls does: "r-x", "rw-". */
export function protString(flags: number): string {
  return `${flags & PTE_R ? 'r' : '-'}${flags & PTE_W ? 'w' : '-'}${flags & PTE_X ? 'x' : '-'}`;
}

/** Parses "r-x"-style protection into flag bits; null if it is not three such characters. */
export function parseProt(text: string): number | null {
  if (!/^[r-][w-][x-]$/.test(text)) return null;
  return (text[0] === 'r' ? PTE_R : 0) | (text[1] === 'w' ? PTE_W : 0) | (text[2] === 'x' ? PTE_X : 0);
}

/** Every bit of an entry in words, for the views and pmap. */
export function describePte(pte: number): { valid: boolean; present: boolean; swapped: boolean; cow: boolean; prot: string; frame: number | null; slot: number | null } {
  const f = pteFlags(pte);
  return {
    valid: (f & PTE_V) !== 0,
    present: (f & PTE_P) !== 0,
    swapped: (f & PTE_S) !== 0,
    cow: (f & PTE_COW) !== 0,
    prot: protString(f),
    frame: f & PTE_P ? pteFrame(pte) : null,
    slot: f & PTE_S ? pteFrame(pte) : null,
  };
}
