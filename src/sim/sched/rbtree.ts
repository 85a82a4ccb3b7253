/**
 * A red-black tree of pids, ordered by (key, tie, pid), kept as plain data: nodes live in a
 * record keyed by pid and point at each other by pid, the way Linux links sched_entity
 * nodes. Insert and remove are O(log n) and touch O(log n) nodes (rotations are O(1)
 * amortised), so an immer patch stays small. The leftmost node is cached, as in Linux's
 * rb_root_cached, so the next pick is O(1). CFS keys by vruntime, stride by pass, SJF by
 * remaining time, the priority policy by (aged) priority.
 */
export interface RbNode {
  key: number;
  /** Second sort key: an arrival sequence number or the pid, per the tie-break rule. */
  tie: number;
  left: number | null;
  right: number | null;
  parent: number | null;
  red: boolean;
}

export interface RbTree {
  root: number | null;
  /**
   * Nodes by pid. A removed node's entry is set to undefined rather than deleted, so the
   * record stays a fast array in the engine (see PidQueue); it vanishes in JSON.
   */
  nodes: Record<number, RbNode>;
  /** The leftmost (smallest) node, or null when empty. */
  first: number | null;
  size: number;
}

export function createRbTree(): RbTree {
  return { root: null, nodes: {}, first: null, size: 0 };
}

export function rbHas(t: RbTree, id: number): boolean {
  return t.nodes[id] !== undefined;
}

function less(t: RbTree, a: number, b: number): boolean {
  const x = t.nodes[a];
  const y = t.nodes[b];
  if (x.key !== y.key) return x.key < y.key;
  if (x.tie !== y.tie) return x.tie < y.tie;
  return a < b;
}

function isRed(t: RbTree, id: number | null): boolean {
  return id !== null && t.nodes[id].red;
}

// The fix-ups below spell out each mirror-image case (as Linux's rbtree.c does) rather than
// passing the side as a parameter: that version was measurably slower on the hot path of
// CFS, where the tree changes on every dispatch.

function rotateLeft(t: RbTree, x: number): void {
  const n = t.nodes;
  const X = n[x];
  const y = X.right!;
  const Y = n[y];
  X.right = Y.left;
  if (Y.left !== null) n[Y.left].parent = x;
  Y.parent = X.parent;
  if (X.parent === null) t.root = y;
  else if (n[X.parent].left === x) n[X.parent].left = y;
  else n[X.parent].right = y;
  Y.left = x;
  X.parent = y;
}

function rotateRight(t: RbTree, x: number): void {
  const n = t.nodes;
  const X = n[x];
  const y = X.left!;
  const Y = n[y];
  X.left = Y.right;
  if (Y.right !== null) n[Y.right].parent = x;
  Y.parent = X.parent;
  if (X.parent === null) t.root = y;
  else if (n[X.parent].right === x) n[X.parent].right = y;
  else n[X.parent].left = y;
  Y.right = x;
  X.parent = y;
}

/** Inserts `id` with its keys. An id already present is moved to the new keys. */
export function rbInsert(t: RbTree, id: number, key: number, tie: number): void {
  if (rbHas(t, id)) rbRemove(t, id);
  const n = t.nodes;
  n[id] = { key, tie, left: null, right: null, parent: null, red: true };
  let parent: number | null = null;
  let cur = t.root;
  while (cur !== null) {
    parent = cur;
    cur = less(t, id, cur) ? n[cur].left : n[cur].right;
  }
  n[id].parent = parent;
  if (parent === null) t.root = id;
  else if (less(t, id, parent)) n[parent].left = id;
  else n[parent].right = id;
  if (t.first === null || less(t, id, t.first)) t.first = id;
  t.size++;
  insertFixup(t, id);
}

function insertFixup(t: RbTree, z: number): void {
  const n = t.nodes;
  while (isRed(t, n[z].parent)) {
    const p = n[z].parent!;
    const g = n[p].parent!;
    if (p === n[g].left) {
      const u = n[g].right;
      if (isRed(t, u)) {
        n[p].red = false;
        n[u!].red = false;
        n[g].red = true;
        z = g;
        continue;
      }
      if (z === n[p].right) {
        z = p;
        rotateLeft(t, z);
      }
      const p2 = n[z].parent!;
      n[p2].red = false;
      n[n[p2].parent!].red = true;
      rotateRight(t, n[p2].parent!);
    } else {
      const u = n[g].left;
      if (isRed(t, u)) {
        n[p].red = false;
        n[u!].red = false;
        n[g].red = true;
        z = g;
        continue;
      }
      if (z === n[p].left) {
        z = p;
        rotateRight(t, z);
      }
      const p2 = n[z].parent!;
      n[p2].red = false;
      n[n[p2].parent!].red = true;
      rotateLeft(t, n[p2].parent!);
    }
  }
  n[t.root!].red = false;
}

function leftmostFrom(t: RbTree, id: number): number {
  while (t.nodes[id].left !== null) id = t.nodes[id].left!;
  return id;
}

/** The next id in order after `id`, or null. */
export function rbNext(t: RbTree, id: number): number | null {
  const n = t.nodes;
  if (n[id].right !== null) return leftmostFrom(t, n[id].right!);
  let cur = id;
  let p = n[id].parent;
  while (p !== null && n[p].right === cur) {
    cur = p;
    p = n[p].parent;
  }
  return p;
}

function transplant(t: RbTree, u: number, v: number | null): void {
  const n = t.nodes;
  const up = n[u].parent;
  if (up === null) t.root = v;
  else if (n[up].left === u) n[up].left = v;
  else n[up].right = v;
  if (v !== null) n[v].parent = up;
}

/** Removes `id`; returns false if it was not in the tree. */
export function rbRemove(t: RbTree, id: number): boolean {
  const n = t.nodes;
  const z = n[id];
  if (!z) return false;
  if (t.first === id) t.first = rbNext(t, id);
  let yRed = z.red;
  let x: number | null;
  let xParent: number | null;
  if (z.left === null) {
    x = z.right;
    xParent = z.parent;
    transplant(t, id, z.right);
  } else if (z.right === null) {
    x = z.left;
    xParent = z.parent;
    transplant(t, id, z.left);
  } else {
    const y = leftmostFrom(t, z.right);
    const Y = n[y];
    yRed = Y.red;
    x = Y.right;
    if (Y.parent === id) {
      xParent = y;
    } else {
      xParent = Y.parent;
      transplant(t, y, Y.right);
      Y.right = z.right;
      n[Y.right].parent = y;
    }
    transplant(t, id, y);
    Y.left = z.left;
    n[Y.left].parent = y;
    Y.red = z.red;
  }
  (n as Record<number, RbNode | undefined>)[id] = undefined;
  t.size--;
  if (!yRed) deleteFixup(t, x, xParent);
  return true;
}

function deleteFixup(t: RbTree, x: number | null, xParent: number | null): void {
  const n = t.nodes;
  while (x !== t.root && !isRed(t, x) && xParent !== null) {
    const P = n[xParent];
    if (x === P.left) {
      let w = P.right!;
      if (n[w].red) {
        n[w].red = false;
        P.red = true;
        rotateLeft(t, xParent);
        w = P.right!;
      }
      if (!isRed(t, n[w].left) && !isRed(t, n[w].right)) {
        n[w].red = true;
        x = xParent;
        xParent = P.parent;
      } else {
        if (!isRed(t, n[w].right)) {
          n[n[w].left!].red = false;
          n[w].red = true;
          rotateRight(t, w);
          w = P.right!;
        }
        n[w].red = P.red;
        P.red = false;
        n[n[w].right!].red = false;
        rotateLeft(t, xParent);
        x = t.root;
        xParent = null;
      }
    } else {
      let w = P.left!;
      if (n[w].red) {
        n[w].red = false;
        P.red = true;
        rotateRight(t, xParent);
        w = P.left!;
      }
      if (!isRed(t, n[w].left) && !isRed(t, n[w].right)) {
        n[w].red = true;
        x = xParent;
        xParent = P.parent;
      } else {
        if (!isRed(t, n[w].left)) {
          n[n[w].right!].red = false;
          n[w].red = true;
          rotateLeft(t, w);
          w = P.left!;
        }
        n[w].red = P.red;
        P.red = false;
        n[n[w].left!].red = false;
        rotateRight(t, xParent);
        x = t.root;
        xParent = null;
      }
    }
  }
  if (x !== null) n[x].red = false;
}

/** Removes and returns the smallest id, or null. */
export function rbPopFirst(t: RbTree): number | null {
  const id = t.first;
  if (id !== null) rbRemove(t, id);
  return id;
}

/** The ids in order, smallest first (at most `limit`). */
export function rbIds(t: RbTree, limit = Infinity): number[] {
  const out: number[] = [];
  for (let id = t.first; id !== null && out.length < limit; id = rbNext(t, id)) out.push(id);
  return out;
}
