/**
 * Treaps (binary search trees kept balanced by random priorities) over slots of typed
 * arrays. This is the free list's derived index (see list-index.ts): it lives beside the
 * heap's plain state, never in it, so it may use flat arrays, which a search walks without
 * touching a single object.
 *
 * A pool holds one slot per free block: the block's key, size and list place (k1, k2) and
 * a priority. Trees thread through the slots with their own child and parent arrays; -1
 * means none. An aggregated tree also keeps each subtree's block count and largest size,
 * so "the leftmost block with at least r bytes" and its rank take one descent.
 * Priorities come from a counter hash, so a tree's shape is reproducible; answers never
 * depend on the shape, only on the order.
 */

export const NONE = -1;

export interface Pool {
  /** Slots in use are 0..top-1 minus the spare ones. */
  top: number;
  spare: number[];
  /** Block key to slot, for owners that find blocks by key; null for one that holds slots itself. */
  slotOf: Map<number, number> | null;
  key: Float64Array;
  size: Float64Array;
  k1: Float64Array;
  k2: Float64Array;
  pri: Int32Array;
  /** Counter for priorities. */
  serial: number;
  /** The trees over this pool, so that growing the pool grows them too. */
  trees: Tree[];
}

/**
 * The two orders a tree can keep: by list place (k1, k2), with subtree counts and largest
 * sizes, or by (size, place). Fixed here rather than passed as a comparison function, so
 * a descent compares inline.
 */
export type TreeOrder = 'place' | 'size';

/** Slot a's place (k1, k2) comes before slot b's. */
export const placeBefore = (p: Pool, a: number, b: number): boolean => p.k1[a] < p.k1[b] || (p.k1[a] === p.k1[b] && p.k2[a] < p.k2[b]);
/** Slot a is smaller than slot b, or as large and placed before it. */
export const sizeBefore = (p: Pool, a: number, b: number): boolean => p.size[a] < p.size[b] || (p.size[a] === p.size[b] && placeBefore(p, a, b));

export interface Tree {
  order: TreeOrder;
  root: number;
  left: Int32Array;
  right: Int32Array;
  up: Int32Array;
  /** Trees by place only: subtree block counts and largest sizes. */
  count: Int32Array | null;
  max: Float64Array | null;
}

/** Slot a comes before slot b in t's order (a strict order). */
export const before = (pool: Pool, t: Tree, a: number, b: number): boolean => (t.order === 'place' ? placeBefore(pool, a, b) : sizeBefore(pool, a, b));

export function createPool(capacity: number, keyed = true): Pool {
  const cap = Math.max(16, capacity);
  return {
    top: 0,
    spare: [],
    slotOf: keyed ? new Map() : null,
    key: new Float64Array(cap),
    size: new Float64Array(cap),
    k1: new Float64Array(cap),
    k2: new Float64Array(cap),
    pri: new Int32Array(cap),
    serial: 0,
    trees: [],
  };
}

export function createTree(pool: Pool, order: TreeOrder): Tree {
  const cap = pool.key.length;
  const aggregated = order === 'place';
  const t: Tree = {
    order,
    root: NONE,
    left: new Int32Array(cap),
    right: new Int32Array(cap),
    up: new Int32Array(cap),
    count: aggregated ? new Int32Array(cap) : null,
    max: aggregated ? new Float64Array(cap) : null,
  };
  pool.trees.push(t);
  return t;
}

/** Stops keeping a tree (its slots stay in the pool). */
export function dropTree(pool: Pool, t: Tree): void {
  pool.trees = pool.trees.filter((x) => x !== t);
}

function grown<T extends Int32Array | Float64Array>(a: T, cap: number): T {
  const b = new (a.constructor as { new (n: number): T })(cap);
  b.set(a);
  return b;
}

function grow(pool: Pool): void {
  const cap = pool.key.length * 2;
  pool.key = grown(pool.key, cap);
  pool.size = grown(pool.size, cap);
  pool.k1 = grown(pool.k1, cap);
  pool.k2 = grown(pool.k2, cap);
  pool.pri = grown(pool.pri, cap);
  for (const t of pool.trees) {
    t.left = grown(t.left, cap);
    t.right = grown(t.right, cap);
    t.up = grown(t.up, cap);
    if (t.count) t.count = grown(t.count, cap);
    if (t.max) t.max = grown(t.max, cap);
  }
}

/** A slot for a block, in no tree yet. */
export function addSlot(pool: Pool, key: number, size: number, k1: number, k2: number): number {
  let s = pool.spare.pop();
  if (s === undefined) {
    if (pool.top === pool.key.length) grow(pool);
    s = pool.top++;
  }
  pool.key[s] = key;
  pool.size[s] = size;
  pool.k1[s] = k1;
  pool.k2[s] = k2;
  pool.pri[s] = priorityOf(++pool.serial);
  pool.slotOf?.set(key, s);
  return s;
}

/** Frees a slot that is in no tree. Its size becomes -1, so a scan of the slots never takes it. */
export function removeSlot(pool: Pool, s: number): void {
  pool.slotOf?.delete(pool.key[s]);
  pool.size[s] = -1;
  pool.spare.push(s);
}

/** The block at `from` now has key `to` (its header moved). */
export function rekeySlot(pool: Pool, s: number, from: number, to: number): void {
  if (from === to) return;
  const slotOf = pool.slotOf;
  if (slotOf) {
    if (slotOf.get(from) === s) slotOf.delete(from);
    slotOf.set(to, s);
  }
  pool.key[s] = to;
}

const countOf = (t: Tree, s: number): number => (s === NONE ? 0 : t.count![s]);
const maxOf = (t: Tree, s: number): number => (s === NONE ? 0 : t.max![s]);

/** Blocks in the tree. */
export const treeSize = (t: Tree): number => countOf(t, t.root);
/** The largest size in the tree (aggregated trees), 0 when empty. */
export const treeMax = (t: Tree): number => maxOf(t, t.root);

/** Recomputes s's aggregates from its children; returns whether they changed. */
function pull(pool: Pool, t: Tree, s: number): boolean {
  const l = t.left[s];
  const r = t.right[s];
  const c = 1 + countOf(t, l) + countOf(t, r);
  let m = pool.size[s];
  const lm = maxOf(t, l);
  const rm = maxOf(t, r);
  if (lm > m) m = lm;
  if (rm > m) m = rm;
  if (t.count![s] === c && t.max![s] === m) return false;
  t.count![s] = c;
  t.max![s] = m;
  return true;
}

function setChild(t: Tree, parent: number, from: number, to: number): void {
  if (parent === NONE) t.root = to;
  else if (t.left[parent] === from) t.left[parent] = to;
  else t.right[parent] = to;
}

/** Rotates x above its parent y, keeping the in-order sequence. */
function rotateUp(pool: Pool, t: Tree, x: number): void {
  const y = t.up[x];
  const g = t.up[y];
  if (t.left[y] === x) {
    const mid = t.right[x];
    t.left[y] = mid;
    if (mid !== NONE) t.up[mid] = y;
    t.right[x] = y;
  } else {
    const mid = t.left[x];
    t.right[y] = mid;
    if (mid !== NONE) t.up[mid] = y;
    t.left[x] = y;
  }
  t.up[y] = x;
  t.up[x] = g;
  setChild(t, g, y, x);
  if (t.count) {
    pull(pool, t, y);
    pull(pool, t, x);
  }
}

/** Inserts slot x (in this tree's order) and returns its predecessor, or NONE. */
export function treeInsert(pool: Pool, t: Tree, x: number): number {
  let parent = NONE;
  let pred = NONE;
  let leftSide = false;
  const bySize = t.order === 'size';
  for (let n = t.root; n !== NONE; ) {
    parent = n;
    leftSide = bySize ? sizeBefore(pool, x, n) : placeBefore(pool, x, n);
    if (leftSide) n = t.left[n];
    else {
      pred = n;
      n = t.right[n];
    }
  }
  t.left[x] = NONE;
  t.right[x] = NONE;
  t.up[x] = parent;
  if (parent === NONE) t.root = x;
  else if (leftSide) t.left[parent] = x;
  else t.right[parent] = x;
  if (t.count) {
    // Every ancestor's subtree gains exactly x; rotations below keep the ancestors' totals.
    const size = pool.size[x];
    t.count[x] = 1;
    t.max![x] = size;
    for (let a = parent; a !== NONE; a = t.up[a]) {
      t.count[a]++;
      if (size > t.max![a]) t.max![a] = size;
    }
  }
  const pri = pool.pri;
  while (t.up[x] !== NONE && pri[x] > pri[t.up[x]]) rotateUp(pool, t, x);
  return pred;
}

/** Removes slot x, which must be in the tree. */
export function treeRemove(pool: Pool, t: Tree, x: number): void {
  const pri = pool.pri;
  for (;;) {
    const l = t.left[x];
    const r = t.right[x];
    if (l === NONE || r === NONE) break;
    rotateUp(pool, t, pri[l] > pri[r] ? l : r);
  }
  const child = t.left[x] !== NONE ? t.left[x] : t.right[x];
  const parent = t.up[x];
  if (child !== NONE) t.up[child] = parent;
  setChild(t, parent, x, child);
  t.left[x] = t.right[x] = t.up[x] = NONE;
  if (t.count) for (let a = parent; a !== NONE; a = t.up[a]) pull(pool, t, a);
}

/** x's size changed (its order did not): updates the aggregates upwards as far as they change. */
export function treeResized(pool: Pool, t: Tree, x: number): void {
  const max = t.max;
  if (!max) return;
  // Counts do not change: only the largest sizes, and only as far up as they differ.
  const { left, right, up } = t;
  const size = pool.size;
  for (let a = x; a !== NONE; a = up[a]) {
    let m = size[a];
    const l = left[a];
    const r = right[a];
    if (l !== NONE && max[l] > m) m = max[l];
    if (r !== NONE && max[r] > m) m = max[r];
    if (max[a] === m) return;
    max[a] = m;
  }
}

/** The slot after (forward) or before x in the tree's order, or NONE. */
export function treeStep(t: Tree, x: number, forward: boolean): number {
  const down = forward ? t.right : t.left;
  const back = forward ? t.left : t.right;
  let n = down[x];
  if (n !== NONE) {
    while (back[n] !== NONE) n = back[n];
    return n;
  }
  n = x;
  for (let p = t.up[n]; p !== NONE; p = t.up[n]) {
    if (back[p] === n) return p;
    n = p;
  }
  return NONE;
}

/** x's order fields changed: if it is now out of order with a neighbour, re-files it. */
export function treeReposition(pool: Pool, t: Tree, x: number): void {
  const prev = treeStep(t, x, false);
  const next = treeStep(t, x, true);
  if ((prev !== NONE && !before(pool, t, prev, x)) || (next !== NONE && !before(pool, t, x, next))) {
    treeRemove(pool, t, x);
    treeInsert(pool, t, x);
  }
}

/** The slots in order. */
export function treeSlots(t: Tree): number[] {
  const out: number[] = [];
  const stack: number[] = [];
  for (let n = t.root; n !== NONE || stack.length > 0; ) {
    if (n !== NONE) {
      stack.push(n);
      n = t.left[n];
    } else {
      n = stack.pop()!;
      out.push(n);
      n = t.right[n];
    }
  }
  return out;
}

/**
 * Problems with a tree's own invariants: parent links, the heap order of priorities, the
 * search order, and (aggregated) the stored counts and maxima. Empty when sound.
 */
export function treeProblems(pool: Pool, t: Tree, what: string): string[] {
  const out: string[] = [];
  if (t.root !== NONE && t.up[t.root] !== NONE) out.push(`${what}: the root has a parent`);
  const slots = treeSlots(t);
  for (const s of slots) {
    for (const c of [t.left[s], t.right[s]]) {
      if (c === NONE) continue;
      if (t.up[c] !== s) out.push(`${what}: the parent link of block ${pool.key[c]} is wrong`);
      if (pool.pri[c] > pool.pri[s]) out.push(`${what}: priorities break the heap order at block ${pool.key[c]}`);
    }
    if (t.count) {
      const c = 1 + countOf(t, t.left[s]) + countOf(t, t.right[s]);
      const m = Math.max(pool.size[s], maxOf(t, t.left[s]), maxOf(t, t.right[s]));
      if (t.count[s] !== c || t.max![s] !== m) out.push(`${what}: the aggregates of block ${pool.key[s]} are stale`);
    }
  }
  for (let i = 1; i < slots.length; i++) {
    if (!before(pool, t, slots[i - 1], slots[i])) out.push(`${what}: blocks ${pool.key[slots[i - 1]]} and ${pool.key[slots[i]]} are out of order`);
  }
  return out;
}

/** A well-mixed 31-bit priority from a counter (murmur3's finaliser), so tree shapes are reproducible. */
export function priorityOf(serial: number): number {
  let h = (serial + 0x9e3779b9) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 1;
}
