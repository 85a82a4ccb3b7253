import type { Block, FreeList } from './types.ts';

/**
 * A treap (a binary search tree kept balanced by random priorities) threaded through the
 * block records themselves: children and parent are block keys, so the index is plain
 * data and an update touches only the records on one path. Priorities come from a
 * counter hash (priorityOf), so every shape is reproducible.
 *
 * Parent links let an update work from the bottom up: when a block's size changes, only
 * the ancestors whose aggregate actually changes are rewritten (usually none), and when a
 * block's header moves, only its parent and children are repointed.
 *
 * An aggregated index keeps, in each node, the count and largest size of each child's
 * subtree (lc/lm, rc/rm). Keeping them in the parent rather than in the child means a
 * descent or an upward walk reads one record per level: lookups in an address-keyed
 * record are the dominant cost, so this halves the work of every search and update.
 */
export interface TreapSpec {
  left: 'l' | 'sl';
  right: 'r' | 'sr';
  up: 'p' | 'sp';
  /** Where the list keeps this index's root. */
  root: 'root' | 'sizeRoot';
  /** True when a comes before b in this index. Keys are unique, so it is a strict order. */
  before(a: Block, b: Block): boolean;
  /** Whether nodes keep their children's subtree counts and maxima (lc, lm, rc, rm). */
  aggregated: boolean;
}

/** Blocks in n's subtree (aggregated index). */
export const subtreeCount = (n: Block): number => 1 + n.lc + n.rc;

/** The largest size in n's subtree (aggregated index). */
export function subtreeMax(n: Block): number {
  let m = n.size;
  if (n.lm > m) m = n.lm;
  if (n.rm > m) m = n.rm;
  return m;
}

/** Stores child's subtree aggregates in n's left or right slot; returns whether they changed. */
function store(n: Block, left: boolean, child: Block | null): boolean {
  const c = child ? subtreeCount(child) : 0;
  const m = child ? subtreeMax(child) : 0;
  if (left) {
    if (n.lc === c && n.lm === m) return false;
    n.lc = c;
    n.lm = m;
  } else {
    if (n.rc === c && n.rm === m) return false;
    n.rc = c;
    n.rm = m;
  }
  return true;
}

/**
 * Inserts x (in no tree) and returns its predecessor in the index order, found on the
 * way down: the last node the descent passed on its right.
 */
export function treapInsert(B: Record<number, Block>, list: FreeList, x: Block, s: TreapSpec): Block | null {
  let parent: Block | null = null;
  let pred: Block | null = null;
  let leftSide = false;
  for (let t = list[s.root]; t !== null; ) {
    parent = B[t];
    leftSide = s.before(x, parent);
    if (leftSide) t = parent[s.left];
    else {
      pred = parent;
      t = parent[s.right];
    }
  }
  x[s.left] = null;
  x[s.right] = null;
  x[s.up] = parent ? parent.key : null;
  if (!parent) list[s.root] = x.key;
  else if (leftSide) parent[s.left] = x.key;
  else parent[s.right] = x.key;
  if (s.aggregated) x.lc = x.rc = x.lm = x.rm = 0;
  for (let up = x[s.up]; up !== null && x.pri > B[up].pri; up = x[s.up]) rotateUp(B, list, x, B[up], s);
  if (s.aggregated) {
    // Every ancestor's slot on x's side gained exactly x.
    let child = x.key;
    for (let k = x[s.up]; k !== null; ) {
      const n = B[k];
      if (n[s.left] === child) {
        n.lc++;
        if (x.size > n.lm) n.lm = x.size;
      } else {
        n.rc++;
        if (x.size > n.rm) n.rm = x.size;
      }
      child = k;
      k = n[s.up];
    }
  }
  return pred;
}

/** Removes x, which must be in the tree; it goes by links alone, so x's order fields may have changed. */
export function treapRemove(B: Record<number, Block>, list: FreeList, x: Block, s: TreapSpec): void {
  // Rotate x down until it has at most one child, then splice it out.
  for (;;) {
    const l = x[s.left];
    const r = x[s.right];
    if (l === null || r === null) break;
    const nl = B[l];
    const nr = B[r];
    rotateUp(B, list, nl.pri > nr.pri ? nl : nr, x, s);
  }
  const childKey = x[s.left] ?? x[s.right];
  const parentKey = x[s.up];
  const child = childKey === null ? null : B[childKey];
  if (child) child[s.up] = parentKey;
  let fromLeft = false;
  if (parentKey === null) list[s.root] = childKey;
  else {
    const p = B[parentKey];
    fromLeft = p[s.left] === x.key;
    if (fromLeft) p[s.left] = childKey;
    else p[s.right] = childKey;
  }
  x[s.left] = null;
  x[s.right] = null;
  x[s.up] = null;
  if (!s.aggregated || parentKey === null) return;
  // Each ancestor recomputes the slot it reached x through, from the node below it.
  let n = B[parentKey];
  store(n, fromLeft, child);
  for (let k = n[s.up]; k !== null; k = n[s.up]) {
    const above = B[k];
    store(above, above[s.left] === n.key, n);
    n = above;
  }
}

/**
 * x's size (an aggregate input) changed and/or its header moved from `oldKey` to x.key;
 * its order is unchanged. Repoints its parent and children, then updates aggregates
 * upwards only as far as they change.
 */
export function treapRefresh(B: Record<number, Block>, list: FreeList, x: Block, oldKey: number, s: TreapSpec): void {
  if (oldKey !== x.key) {
    replaceChild(B, list, x[s.up], oldKey, x.key, s);
    const l = x[s.left];
    const r = x[s.right];
    if (l !== null) B[l][s.up] = x.key;
    if (r !== null) B[r][s.up] = x.key;
  }
  if (!s.aggregated) return;
  for (let n = x, k = x[s.up]; k !== null; k = n[s.up]) {
    const above = B[k];
    if (!store(above, above[s.left] === n.key, n)) return;
    n = above;
  }
}

/** The node after (forward) or before x in the index order, or null. O(1) on average. */
export function treapStep(B: Record<number, Block>, x: Block, s: TreapSpec, forward: boolean): Block | null {
  const down = forward ? s.right : s.left;
  const back = forward ? s.left : s.right;
  const k = x[down];
  if (k !== null) {
    let n = B[k];
    for (let m = n[back]; m !== null; m = n[back]) n = B[m];
    return n;
  }
  let n = x;
  for (let up = n[s.up]; up !== null; up = n[s.up]) {
    const p = B[up];
    if (p[back] === n.key) return p;
    n = p;
  }
  return null;
}

/** x's order fields changed: if it is now out of order with a neighbour, re-files it. */
export function treapReposition(B: Record<number, Block>, list: FreeList, x: Block, s: TreapSpec): void {
  const prev = treapStep(B, x, s, false);
  const next = treapStep(B, x, s, true);
  if ((prev && !s.before(prev, x)) || (next && !s.before(x, next))) {
    treapRemove(B, list, x, s);
    treapInsert(B, list, x, s);
  }
}

function replaceChild(B: Record<number, Block>, list: FreeList, parent: number | null, from: number, to: number | null, s: TreapSpec): void {
  if (parent === null) list[s.root] = to;
  else {
    const p = B[parent];
    if (p[s.left] === from) p[s.left] = to;
    else p[s.right] = to;
  }
}

/** Rotates x above its parent y, keeping the in-order sequence. */
function rotateUp(B: Record<number, Block>, list: FreeList, x: Block, y: Block, s: TreapSpec): void {
  const g = y[s.up];
  const xLeft = y[s.left] === x.key;
  const midKey = xLeft ? x[s.right] : x[s.left];
  const mid = midKey === null ? null : B[midKey];
  if (xLeft) {
    y[s.left] = midKey;
    x[s.right] = y.key;
  } else {
    y[s.right] = midKey;
    x[s.left] = y.key;
  }
  if (mid) mid[s.up] = y.key;
  y[s.up] = x.key;
  x[s.up] = g;
  replaceChild(B, list, g, y.key, x.key, s);
  if (s.aggregated) {
    store(y, xLeft, mid);
    store(x, !xLeft, y);
  }
}

/** A well-mixed 31-bit priority from a counter (murmur3's finaliser), so treap shapes are reproducible. */
export function priorityOf(serial: number): number {
  let h = (serial + 0x9e3779b9) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 1;
}
