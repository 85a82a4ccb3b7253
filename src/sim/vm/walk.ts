/**
 * Page-table walks. A page table is a radix tree of tables: the top bits of the virtual
 * page number index the root, the next bits the table it points to, and so on; a linear
 * page table is the tree with one level. The kernel's tables (arrays of PTE numbers) and
 * OSTEP's multi-level simulator (byte entries in physical memory) are walked by this one
 * function; each says how to read an entry and what its bits mean.
 */
export interface EntryFormat {
  valid(entry: number): boolean;
  /** The table (or, at the last level, the frame) a valid entry points to. */
  next(entry: number): number;
}

export interface WalkStep {
  level: number;
  /** The table read at this level and the index into it. */
  table: number;
  index: number;
  entry: number;
  valid: boolean;
}

export interface Walk {
  steps: WalkStep[];
  /** The last-level entry when every level was valid, else null. */
  leaf: number | null;
  /** The level whose entry was invalid, or null. */
  faultLevel: number | null;
}

/**
 * Walks `vpn` from table `root`. `indexBits[i]` is how many bits of the VPN index level i,
 * top level first. `read(table, index)` returns the entry (0 for a slot that does not exist).
 */
export function walk(vpn: number, indexBits: readonly number[], root: number, read: (table: number, index: number) => number, format: EntryFormat): Walk {
  const steps: WalkStep[] = [];
  let table = root;
  let shift = indexBits.reduce((a, b) => a + b, 0);
  for (let level = 0; level < indexBits.length; level++) {
    shift -= indexBits[level];
    const index = Math.floor(vpn / 2 ** shift) % 2 ** indexBits[level];
    const entry = read(table, index);
    const valid = format.valid(entry);
    steps.push({ level, table, index, entry, valid });
    if (!valid) return { steps, leaf: null, faultLevel: level };
    if (level === indexBits.length - 1) return { steps, leaf: entry, faultLevel: null };
    table = format.next(entry);
  }
  return { steps, leaf: null, faultLevel: 0 };
}

/** How many bits index each level: the VPN's bits split as evenly as possible, the top level taking any remainder. */
export function splitLevels(vpnBits: number, levels: number): number[] {
  const per = Math.floor(vpnBits / levels);
  const out = new Array<number>(levels).fill(per);
  out[0] += vpnBits - per * levels;
  return out;
}
