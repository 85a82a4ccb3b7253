/**
 * B+-trees over slots of typed arrays: the free list's index, shared by the kernel's list
 * allocator (list-index.ts, a derived index beside the heap's plain state) and the malloc
 * solver's engine (flat-list.ts). Everything is a flat array, so a search walks short
 * contiguous runs of numbers and an operation allocates nothing.
 *
 * A pool holds one slot per free block: the block's key, size and list place (k1, k2).
 * A tree keeps slots in one of two orders, by list place or by (size, place). Its leaves
 * are chunks of up to `fanout` slots in order, linked left to right; an inner node holds
 * up to `fanout` children. Every node knows how many slots lie under it and the largest
 * size among them. So "the leftmost slot with at least r bytes" and its rank (how many
 * slots come before it, which is OSTEP's search length minus one) come from scanning the
 * summaries of a few nodes and then one leaf: O(fanout · height), with a height of 2 for
 * lists up to a few thousand blocks. A leaf that runs short is merged into a neighbour,
 * so leaves stay well filled.
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
  /** The trees over this pool, so that growing the pool grows their per-slot arrays too. */
  trees: Tree[];
}

/** The two orders a tree can keep: by list place (k1, k2), or by (size, place). */
export type TreeOrder = 'place' | 'size';

/** Slot a's place (k1, k2) comes before slot b's. */
export const placeBefore = (p: Pool, a: number, b: number): boolean => p.k1[a] < p.k1[b] || (p.k1[a] === p.k1[b] && p.k2[a] < p.k2[b]);
/** Slot a is smaller than slot b, or as large and placed before it. */
export const sizeBefore = (p: Pool, a: number, b: number): boolean => p.size[a] < p.size[b] || (p.size[a] === p.size[b] && placeBefore(p, a, b));

export interface Tree {
  order: TreeOrder;
  /** Most children (or slots, in a leaf) per node. */
  fanout: number;
  root: number;
  /** 0 while the root is a leaf. */
  height: number;
  /** Node n's children (slots, in a leaf) are kids[n * fanout ..][0 .. len[n]). */
  kids: Int32Array;
  len: Int32Array;
  /**
   * Slots under each node, the largest size among them and the second largest (the
   * largest once one slot of the largest size is taken away; 0 for none). With the second
   * largest, a slot of the largest size that shrinks, as the block a fit was carved from
   * does, mostly leaves the largest sizes known without a scan of the node.
   */
  count: Int32Array;
  max: Float64Array;
  max2: Float64Array;
  /** Each node's parent (NONE for the root) and, for leaves, the leaves beside it. */
  up: Int32Array;
  nextLeaf: Int32Array;
  prevLeaf: Int32Array;
  /** 0 for a leaf. */
  level: Int32Array;
  nodeTop: number;
  spareNodes: number[];
  /** The leaf holding each slot. */
  leafOf: Int32Array;
  /** The rank (0-based position) of the slot the latest search returned. */
  rank: number;
  /** Where the latest key search landed: its leaf, and the number of the leaf's slots before the key. */
  leaf: number;
  pos: number;
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
    trees: [],
  };
}

/** The fanout that measured fastest for the malloc traces (see `npm run bench malloc`). */
export const FANOUT = 64;

export function createTree(pool: Pool, order: TreeOrder, fanout = FANOUT): Tree {
  if (fanout < 4) throw new Error(`a tree's fanout must be at least 4, not ${fanout}`); // a caller's bug
  const nodes = 8;
  const t: Tree = {
    order,
    fanout,
    root: 0,
    height: 0,
    kids: new Int32Array(nodes * fanout),
    len: new Int32Array(nodes),
    count: new Int32Array(nodes),
    max: new Float64Array(nodes),
    max2: new Float64Array(nodes),
    up: new Int32Array(nodes),
    nextLeaf: new Int32Array(nodes),
    prevLeaf: new Int32Array(nodes),
    level: new Int32Array(nodes),
    nodeTop: 0,
    spareNodes: [],
    leafOf: new Int32Array(pool.key.length),
    rank: 0,
    leaf: 0,
    pos: 0,
  };
  t.root = newNode(t, 0);
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

function growPool(pool: Pool): void {
  const cap = pool.key.length * 2;
  pool.key = grown(pool.key, cap);
  pool.size = grown(pool.size, cap);
  pool.k1 = grown(pool.k1, cap);
  pool.k2 = grown(pool.k2, cap);
  for (const t of pool.trees) t.leafOf = grown(t.leafOf, cap);
}

/** A slot for a block, in no tree yet. */
export function addSlot(pool: Pool, key: number, size: number, k1: number, k2: number): number {
  let s = pool.spare.pop();
  if (s === undefined) {
    if (pool.top === pool.key.length) growPool(pool);
    s = pool.top++;
  }
  pool.key[s] = key;
  pool.size[s] = size;
  pool.k1[s] = k1;
  pool.k2[s] = k2;
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

/** Slots in the tree. */
export const treeSize = (t: Tree): number => t.count[t.root];
/** The largest size in the tree, 0 when empty. */
export const treeMax = (t: Tree): number => t.max[t.root];

function newNode(t: Tree, level: number): number {
  let n = t.spareNodes.pop();
  if (n === undefined) {
    if (t.nodeTop === t.len.length) growNodes(t);
    n = t.nodeTop++;
  }
  t.len[n] = 0;
  t.count[n] = 0;
  t.max[n] = 0;
  t.max2[n] = 0;
  t.up[n] = NONE;
  t.nextLeaf[n] = NONE;
  t.prevLeaf[n] = NONE;
  t.level[n] = level;
  return n;
}

function growNodes(t: Tree): void {
  const cap = t.len.length * 2;
  t.kids = grown(t.kids, cap * t.fanout);
  t.len = grown(t.len, cap);
  t.count = grown(t.count, cap);
  t.max = grown(t.max, cap);
  t.max2 = grown(t.max2, cap);
  t.up = grown(t.up, cap);
  t.nextLeaf = grown(t.nextLeaf, cap);
  t.prevLeaf = grown(t.prevLeaf, cap);
  t.level = grown(t.level, cap);
}

/** Slot a comes before the key (size, k1, k2) in t's order (size is ignored by place order). */
function precedes(pool: Pool, t: Tree, a: number, size: number, k1: number, k2: number): boolean {
  if (t.order === 'size') {
    const sa = pool.size[a];
    if (sa !== size) return sa < size;
  }
  const a1 = pool.k1[a];
  return a1 < k1 || (a1 === k1 && pool.k2[a] < k2);
}

/** The first slot under node n. */
function firstUnder(t: Tree, n: number): number {
  const { kids, level, fanout } = t;
  let x = n;
  while (level[x] > 0) x = kids[x * fanout];
  return kids[x * fanout];
}

/**
 * The leaf where the key (size, k1, k2) belongs, also kept in `t.leaf`. The number of its
 * slots that come before the key goes to `t.pos`, and, when `ranked`, the number of all
 * slots that do to `t.rank`.
 */
function locate(pool: Pool, t: Tree, size: number, k1: number, k2: number, ranked = true): number {
  const { kids, len, count, fanout } = t;
  let n = t.root;
  let rank = 0;
  for (let lv = t.height; lv > 0; lv--) {
    // The last child whose first slot comes before the key (else the first child).
    const base = n * fanout;
    let lo = 0;
    let hi = len[n] - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (precedes(pool, t, firstUnder(t, kids[base + mid]), size, k1, k2)) lo = mid;
      else hi = mid - 1;
    }
    if (ranked) for (let i = 0; i < lo; i++) rank += count[kids[base + i]];
    n = kids[base + lo];
  }
  // In the leaf: the number of slots that come before the key.
  const base = n * fanout;
  let lo = 0;
  let hi = len[n];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (precedes(pool, t, kids[base + mid], size, k1, k2)) lo = mid + 1;
    else hi = mid;
  }
  t.leaf = n;
  t.pos = lo;
  t.rank = rank + lo;
  return n;
}

/**
 * The last slot placed before (k1, k2) in a place-ordered tree, or NONE; its rank goes to
 * `t.rank` unless `ranked` is false.
 */
export function treeLastBefore(pool: Pool, t: Tree, k1: number, k2: number, ranked = true): number {
  const leaf = locate(pool, t, 0, k1, k2, ranked);
  return slotBefore(t, leaf, t.pos, t.rank);
}

/** The number of slots placed before (k1, k2) in a place-ordered tree. */
export function treeRankOf(pool: Pool, t: Tree, k1: number, k2: number): number {
  locate(pool, t, 0, k1, k2);
  return t.rank;
}

/** The slot before position pos of a leaf (NONE if none), with `t.rank` set to its rank given the position's. */
function slotBefore(t: Tree, leaf: number, pos: number, rankAtPos: number): number {
  t.rank = rankAtPos - 1;
  if (pos > 0) return t.kids[leaf * t.fanout + pos - 1];
  const prev = t.prevLeaf[leaf];
  return prev === NONE ? NONE : t.kids[prev * t.fanout + t.len[prev] - 1];
}

/** Inserts slot x at its place in the tree's order and returns the slot before it, or NONE. */
export function treeInsert(pool: Pool, t: Tree, x: number): number {
  const leaf = locate(pool, t, pool.size[x], pool.k1[x], pool.k2[x], false);
  return insertAt(pool, t, x, leaf, t.pos);
}

/**
 * treeInsert for a slot whose place is where the latest search of the tree (a
 * treeLastBefore) landed, the tree unchanged since: no second search.
 */
export function treeInsertLocated(pool: Pool, t: Tree, x: number): number {
  return insertAt(pool, t, x, t.leaf, t.pos);
}

/** Inserts slot x at position pos of a leaf; returns the slot before it, or NONE. */
function insertAt(pool: Pool, t: Tree, x: number, at: number, from: number): number {
  let leaf = at;
  let pos = from;
  const pred = slotBefore(t, leaf, pos, 0);
  const fanout = t.fanout;
  if (t.len[leaf] === fanout) {
    const right = split(pool, t, leaf);
    if (pos > t.len[leaf]) {
      pos -= t.len[leaf];
      leaf = right;
    }
  }
  const kids = t.kids;
  const base = leaf * fanout;
  const n = t.len[leaf];
  // A plain loop: for a run this short, copyWithin's call costs more than the moves.
  for (let i = base + n; i > base + pos; i--) kids[i] = kids[i - 1];
  kids[base + pos] = x;
  t.len[leaf] = n + 1;
  t.leafOf[x] = leaf;
  const { count, up } = t;
  for (let a = leaf; a !== NONE; a = up[a]) count[a]++;
  grewUp(t, leaf, 0, pool.size[x]);
  return pred;
}

/** Recomputes node n's count and largest sizes from its children. */
function summarise(pool: Pool, t: Tree, n: number): void {
  const { kids, len, fanout } = t;
  if (t.level[n] === 0) t.count[n] = len[n];
  else {
    const count = t.count;
    let c = 0;
    for (let i = n * fanout, end = i + len[n]; i < end; i++) c += count[kids[i]];
    count[n] = c;
  }
  rescan(pool, t, n);
}

/** Recomputes node n's largest and second largest sizes from its children (or slots). */
function rescan(pool: Pool, t: Tree, n: number): void {
  const { kids, len, max, max2, fanout } = t;
  const base = n * fanout;
  const end = base + len[n];
  let m1 = 0;
  let m2 = 0;
  if (t.level[n] === 0) {
    const size = pool.size;
    if (t.order === 'size') {
      // Sorted by size: the last two slots.
      if (end > base) m1 = size[kids[end - 1]];
      if (end - 1 > base) m2 = size[kids[end - 2]];
    } else {
      for (let i = base; i < end; i++) {
        const v = size[kids[i]];
        if (v > m2) {
          if (v > m1) {
            m2 = m1;
            m1 = v;
          } else m2 = v;
        }
      }
    }
  } else if (t.order === 'size') {
    // The last child holds the largest size, and the second is its own or the child before's.
    if (end > base) {
      const last = kids[end - 1];
      m1 = max[last];
      m2 = max2[last];
      if (end - 1 > base && max[kids[end - 2]] > m2) m2 = max[kids[end - 2]];
    }
  } else {
    for (let i = base; i < end; i++) {
      const k = kids[i];
      const v = max[k];
      if (v > m2) {
        if (v > m1) {
          m2 = Math.max(m1, max2[k]);
          m1 = v;
        } else m2 = v;
      }
    }
  }
  max[n] = m1;
  max2[n] = m2;
}

/**
 * One slot under node n and its ancestors grew from `was` to `now` (a new slot grows from
 * 0): updates their largest sizes upwards as far as they change.
 */
function grewUp(t: Tree, n: number, was: number, now: number): void {
  const { max, max2, up } = t;
  for (let a = n; a !== NONE; a = up[a]) {
    if (now > max[a]) {
      // The old largest stays second, unless it was this slot's.
      if (was !== max[a]) max2[a] = max[a];
      max[a] = now;
    } else if (now > max2[a]) max2[a] = now;
    else return; // the two largest are as they were, here and above
  }
}

/**
 * One slot under node n and its ancestors shrank from `was` to `now` (a removed slot
 * shrinks to 0): updates their largest sizes upwards, scanning a node only when the
 * slot was one of its two largest and no longer is.
 */
function shrankUp(pool: Pool, t: Tree, n: number, was: number, now: number): void {
  const { max, max2, up } = t;
  for (let a = n; a !== NONE; a = up[a]) {
    if (was < max2[a]) return; // neither of the two largest, here or above
    if (was === max[a] && now >= max2[a]) max[a] = now;
    else rescan(pool, t, a);
  }
}

/** Re-points the children (or slots) of node n at it. */
function adopt(t: Tree, n: number, from: number): void {
  const { kids, fanout } = t;
  const base = n * fanout;
  const owner = t.level[n] === 0 ? t.leafOf : t.up;
  for (let i = base + from; i < base + t.len[n]; i++) owner[kids[i]] = n;
}

/**
 * Splits a full node in two halves and files the upper one after it in its parent. A
 * full parent is split first, while this node is whole, so every summary is computed
 * from whole children; totals above do not change. Returns the new node.
 */
function split(pool: Pool, t: Tree, n: number): number {
  const fanout = t.fanout;
  if (t.up[n] !== NONE && t.len[t.up[n]] === fanout) split(pool, t, t.up[n]);
  const parent = t.up[n];
  const right = newNode(t, t.level[n]);
  const kids = t.kids; // after newNode, which may grow it
  const half = fanout >> 1;
  kids.copyWithin(right * fanout, n * fanout + half, n * fanout + fanout);
  t.len[right] = fanout - half;
  t.len[n] = half;
  adopt(t, right, 0);
  if (t.level[n] === 0) {
    const next = t.nextLeaf[n];
    t.nextLeaf[right] = next;
    t.prevLeaf[right] = n;
    t.nextLeaf[n] = right;
    if (next !== NONE) t.prevLeaf[next] = right;
  }
  summarise(pool, t, n);
  summarise(pool, t, right);
  if (parent === NONE) {
    const root = newNode(t, t.level[n] + 1);
    const k = t.kids;
    k[root * fanout] = n;
    k[root * fanout + 1] = right;
    t.len[root] = 2;
    t.up[n] = root;
    t.up[right] = root;
    t.count[root] = t.count[n] + t.count[right];
    rescan(pool, t, root);
    t.root = root;
    t.height++;
    return right;
  }
  const base = parent * fanout;
  let i = base;
  while (kids[i] !== n) i++;
  kids.copyWithin(i + 2, i + 1, base + t.len[parent]);
  kids[i + 1] = right;
  t.len[parent]++;
  t.up[right] = parent;
  return right;
}

/** Removes slot x, which must be in the tree. */
export function treeRemove(pool: Pool, t: Tree, x: number): void {
  const leaf = t.leafOf[x];
  const { kids, fanout, count, up } = t;
  const base = leaf * fanout;
  const n = t.len[leaf];
  let i = base;
  while (kids[i] !== x) i++;
  for (const end = base + n - 1; i < end; i++) kids[i] = kids[i + 1];
  t.len[leaf] = n - 1;
  for (let a = leaf; a !== NONE; a = up[a]) count[a]--;
  shrankUp(pool, t, leaf, pool.size[x], 0);
  rebalance(pool, t, leaf);
}

/**
 * After a removal from node n: an empty node leaves its parent, and one that ran short
 * merges with a neighbour under the same parent when both fit in half a node. A root
 * with one child hands over to it.
 */
function rebalance(pool: Pool, t: Tree, n: number): void {
  const fanout = t.fanout;
  const parent = t.up[n];
  if (parent === NONE) {
    if (t.level[n] > 0 && t.len[n] === 1) {
      const child = t.kids[n * fanout];
      t.up[child] = NONE;
      t.root = child;
      t.height--;
      t.spareNodes.push(n);
    }
    return;
  }
  const len = t.len[n];
  if (len >= fanout >> 2) return;
  const kids = t.kids;
  const pbase = parent * fanout;
  let i = 0;
  while (kids[pbase + i] !== n) i++;
  if (len === 0) {
    unlinkNode(t, n, parent, i);
    rebalance(pool, t, parent);
    return;
  }
  // Merge with the neighbour on the right, or else the one on the left.
  const half = fanout >> 1;
  let into = NONE;
  let from = NONE;
  let at = 0;
  if (i + 1 < t.len[parent] && len + t.len[kids[pbase + i + 1]] <= half) {
    into = n;
    from = kids[pbase + i + 1];
    at = i + 1;
  } else if (i > 0 && len + t.len[kids[pbase + i - 1]] <= half) {
    into = kids[pbase + i - 1];
    from = n;
    at = i;
  }
  if (into === NONE) return;
  const had = t.len[into];
  kids.copyWithin(into * fanout + had, from * fanout, from * fanout + t.len[from]);
  t.len[into] = had + t.len[from];
  t.len[from] = 0;
  adopt(t, into, had);
  t.count[into] += t.count[from];
  rescan(pool, t, into);
  unlinkNode(t, from, parent, at);
  rebalance(pool, t, parent);
}

/** Takes empty node n (child i of parent) out of the tree. Totals above do not change. */
function unlinkNode(t: Tree, n: number, parent: number, i: number): void {
  const kids = t.kids;
  const pbase = parent * t.fanout;
  kids.copyWithin(pbase + i, pbase + i + 1, pbase + t.len[parent]);
  t.len[parent]--;
  if (t.level[n] === 0) {
    const prev = t.prevLeaf[n];
    const next = t.nextLeaf[n];
    if (prev !== NONE) t.nextLeaf[prev] = next;
    if (next !== NONE) t.prevLeaf[next] = prev;
  }
  t.spareNodes.push(n);
}

/**
 * x's size changed from `was` (its place in the order did not): updates the largest sizes
 * upwards as far as they change.
 */
export function treeResized(pool: Pool, t: Tree, x: number, was: number): void {
  const size = pool.size[x];
  if (size > was) grewUp(t, t.leafOf[x], was, size);
  else if (size < was) shrankUp(pool, t, t.leafOf[x], was, size);
}

/** The position of slot x in its leaf. */
function positionOf(t: Tree, x: number): number {
  const { kids, fanout } = t;
  const leaf = t.leafOf[x];
  let i = leaf * fanout;
  while (kids[i] !== x) i++;
  return i - leaf * fanout;
}

/** The slot after (forward) or before x in the tree's order, or NONE. */
export function treeStep(t: Tree, x: number, forward: boolean): number {
  const leaf = t.leafOf[x];
  const pos = positionOf(t, x);
  const fanout = t.fanout;
  if (forward) {
    if (pos + 1 < t.len[leaf]) return t.kids[leaf * fanout + pos + 1];
    const next = t.nextLeaf[leaf];
    return next === NONE ? NONE : t.kids[next * fanout];
  }
  if (pos > 0) return t.kids[leaf * fanout + pos - 1];
  const prev = t.prevLeaf[leaf];
  return prev === NONE ? NONE : t.kids[prev * fanout + t.len[prev] - 1];
}

/**
 * x's size (and so perhaps its order) changed from `was`: if it is now out of order with
 * a neighbour it is re-filed, otherwise only the largest sizes are updated.
 */
export function treeReposition(pool: Pool, t: Tree, x: number, was: number): void {
  const { kids, fanout } = t;
  const leaf = t.leafOf[x];
  const base = leaf * fanout;
  const end = base + t.len[leaf];
  let i = base;
  while (kids[i] !== x) i++;
  const prevLeaf = t.prevLeaf[leaf];
  const nextLeaf = t.nextLeaf[leaf];
  // Past the slots of a leaf before or after: re-filed from the root.
  if (
    (prevLeaf !== NONE && before(pool, t, x, kids[prevLeaf * fanout + t.len[prevLeaf] - 1])) ||
    (nextLeaf !== NONE && before(pool, t, kids[nextLeaf * fanout], x))
  ) {
    // Removed under its old size, so the largest sizes are recomputed from what remains.
    const now = pool.size[x];
    pool.size[x] = was;
    treeRemove(pool, t, x);
    pool.size[x] = now;
    treeInsert(pool, t, x);
    return;
  }
  // Its new place is in the same leaf: counts do not change, and the slots between move by one.
  let j = i;
  while (j > base && before(pool, t, x, kids[j - 1])) {
    kids[j] = kids[j - 1];
    j--;
  }
  if (j === i) {
    while (j + 1 < end && before(pool, t, kids[j + 1], x)) {
      kids[j] = kids[j + 1];
      j++;
    }
  }
  kids[j] = x;
  treeResized(pool, t, x, was);
}

/**
 * The leftmost slot with at least r bytes, or NONE; its rank goes to `t.rank`. Scans the
 * summaries down one path and then one leaf.
 */
export function treeFirstFit(pool: Pool, t: Tree, r: number): number {
  const { kids, count, max, fanout } = t;
  let n = t.root;
  if (count[n] === 0 || max[n] < r) return NONE;
  let rank = 0;
  for (let lv = t.height; lv > 0; lv--) {
    let i = n * fanout;
    let k = kids[i];
    while (max[k] < r) {
      rank += count[k];
      k = kids[++i];
    }
    n = k;
  }
  const size = pool.size;
  const base = n * fanout;
  let i = base;
  while (size[kids[i]] < r) i++;
  t.rank = rank + i - base;
  return kids[i];
}

/**
 * The leftmost slot with at least r bytes among those of rank `start` or later, or NONE;
 * its rank goes to `t.rank`.
 */
export function treeFirstFitFrom(pool: Pool, t: Tree, start: number, r: number): number {
  const { kids, len, count, max, up, fanout } = t;
  if (start >= count[t.root]) return NONE;
  // Down to the leaf holding rank `start`.
  let n = t.root;
  let rank = 0;
  for (let lv = t.height; lv > 0; lv--) {
    let i = n * fanout;
    while (start >= rank + count[kids[i]]) rank += count[kids[i++]];
    n = kids[i];
  }
  const size = pool.size;
  for (let i = start - rank; i < len[n]; i++) {
    if (size[kids[n * fanout + i]] >= r) {
      t.rank = rank + i;
      return kids[n * fanout + i];
    }
  }
  rank += len[n];
  // Up, trying the later siblings at each level; the first whose largest size fits holds it.
  for (let child = n, p = up[n]; p !== NONE; child = p, p = up[p]) {
    const base = p * fanout;
    let i = base;
    while (kids[i] !== child) i++;
    for (i++; i < base + len[p]; i++) {
      const k = kids[i];
      if (max[k] >= r) return firstFitUnder(pool, t, k, r, rank);
      rank += count[k];
    }
  }
  return NONE;
}

/** First fit under node n, whose largest size says one exists; `rank` slots come before n. */
function firstFitUnder(pool: Pool, t: Tree, n: number, r: number, rank: number): number {
  const { kids, count, max, level, fanout } = t;
  let x = n;
  let before = rank;
  while (level[x] > 0) {
    let i = x * fanout;
    while (max[kids[i]] < r) before += count[kids[i++]];
    x = kids[i];
  }
  const size = pool.size;
  const base = x * fanout;
  let i = base;
  while (size[kids[i]] < r) i++;
  t.rank = before + i - base;
  return kids[i];
}

/** The first slot in order, or NONE. */
export function treeFirst(t: Tree): number {
  return t.count[t.root] === 0 ? NONE : firstUnder(t, t.root);
}

/** The slots in order. */
export function treeSlots(t: Tree): number[] {
  const out: number[] = [];
  const { kids, len, fanout } = t;
  let leaf = t.root;
  while (t.level[leaf] > 0) leaf = kids[leaf * fanout];
  for (; leaf !== NONE; leaf = t.nextLeaf[leaf]) {
    for (let i = leaf * fanout; i < leaf * fanout + len[leaf]; i++) out.push(kids[i]);
  }
  return out;
}

/**
 * Problems with a tree's own invariants: parent and leaf links, every leaf at the same
 * depth, no empty node but an empty root, the stored counts and largest sizes, and the
 * order of the slots. Empty when sound.
 */
export function treeProblems(pool: Pool, t: Tree, what: string): string[] {
  const out: string[] = [];
  const { kids, len, fanout } = t;
  if (t.up[t.root] !== NONE) out.push(`${what}: the root has a parent`);
  if (t.level[t.root] !== t.height) out.push(`${what}: the root is at level ${t.level[t.root]}, not ${t.height}`);
  const leaves: number[] = [];
  const visit = (n: number): void => {
    if (len[n] > fanout) out.push(`${what}: node ${n} holds ${len[n]} entries`);
    if (len[n] === 0 && n !== t.root) out.push(`${what}: node ${n} is empty`);
    let c = 0;
    let m = 0;
    const sizes: number[] = [];
    for (let i = n * fanout; i < n * fanout + len[n]; i++) {
      const k = kids[i];
      if (t.level[n] === 0) {
        if (t.leafOf[k] !== n) out.push(`${what}: block ${pool.key[k]} does not know its leaf`);
        c++;
        m = Math.max(m, pool.size[k]);
        sizes.push(pool.size[k]);
      } else {
        if (t.up[k] !== n) out.push(`${what}: the parent link of node ${k} is wrong`);
        if (t.level[k] !== t.level[n] - 1) out.push(`${what}: node ${k} is at the wrong level`);
        visit(k);
        c += t.count[k];
        m = Math.max(m, t.max[k]);
        sizes.push(t.max[k], t.max2[k]);
      }
    }
    if (t.level[n] === 0) leaves.push(n);
    sizes.sort((a, b) => b - a);
    if (t.count[n] !== c || t.max[n] !== m || t.max2[n] !== (sizes[1] ?? 0)) out.push(`${what}: the summaries of node ${n} are stale`);
  };
  visit(t.root);
  for (let i = 0; i < leaves.length; i++) {
    const prev = i === 0 ? NONE : leaves[i - 1];
    const next = i === leaves.length - 1 ? NONE : leaves[i + 1];
    if (t.prevLeaf[leaves[i]] !== prev || t.nextLeaf[leaves[i]] !== next) out.push(`${what}: the links of leaf ${leaves[i]} are wrong`);
  }
  const slots = treeSlots(t);
  for (let i = 1; i < slots.length; i++) {
    if (!before(pool, t, slots[i - 1], slots[i])) out.push(`${what}: blocks ${pool.key[slots[i - 1]]} and ${pool.key[slots[i]]} are out of order`);
  }
  return out;
}
