/**
 * A red-black tree of pids, ordered by (key, tie, pid), kept as plain data: nodes live in a
 * record keyed by pid and point at each other by pid, the way Linux links sched_entity
 * nodes. Insert and remove are O(log n) and touch O(log n) nodes (rotations are O(1)
 * amortised), so an immer patch stays small. The leftmost node is cached, as in Linux's
 * rb_root_cached, so the next pick is O(1); so is the rightmost, so that a node that sorts
 * after every other (FIFO's newest arrival, the commonest insert there) is linked without
 * a walk down the tree. CFS keys by vruntime, stride by pass, SJF by
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
  /** The rightmost (largest) node, or null when empty. */
  last: number | null;
  size: number;
}

export function createRbTree(): RbTree {
  return { root: null, nodes: {}, first: null, last: null, size: 0 };
}

export function rbHas(t: RbTree, id: number): boolean {
  return t.nodes[id] !== undefined;
}

function isRed(t: RbTree, id: number | null): boolean {
  return id !== null && t.nodes[id].red;
}

// The fix-ups below spell out each mirror-image case (as Linux's rbtree.c does) rather than
// passing the side as a parameter: that version was measurably slower on the hot path of
// CFS, where the tree changes on every dispatch. For the same reason they hold on to the
// node objects they work on rather than looking each pid up again in `nodes` at every step.

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
  const n = t.nodes;
  if (n[id] !== undefined) rbRemove(t, id);
  const z: RbNode = { key, tie, left: null, right: null, parent: null, red: true };
  n[id] = z;
  // Walk down comparing (key, tie, pid) with the new node's keys held in locals. A walk
  // that only ever goes left ends at the new leftmost node, so the cached `first` needs no
  // comparison of its own (Linux's rb_add_cached does the same).
  let parent: number | null = null;
  let goLeft = false;
  let leftmost = true;
  let rightmost = true;
  const last = t.last;
  const L = last === null ? undefined : n[last];
  if (L !== undefined && (key !== L.key ? key > L.key : tie !== L.tie ? tie > L.tie : id > last!)) {
    // After every node: the walk would go right all the way down to the rightmost one.
    parent = last;
    leftmost = false;
  } else {
    for (let cur = t.root; cur !== null; ) {
      const c = n[cur];
      parent = cur;
      goLeft = key !== c.key ? key < c.key : tie !== c.tie ? tie < c.tie : id < cur;
      if (goLeft) {
        cur = c.left;
        rightmost = false;
      } else {
        cur = c.right;
        leftmost = false;
      }
    }
  }
  z.parent = parent;
  if (parent === null) t.root = id;
  else if (goLeft) n[parent].left = id;
  else n[parent].right = id;
  if (leftmost) t.first = id;
  if (rightmost) t.last = id;
  t.size++;
  insertFixup(t, id, z);
}

/** Restores the red-black rules after inserting `z` (node Z), red, as a leaf. */
function insertFixup(t: RbTree, z: number, Z: RbNode): void {
  const n = t.nodes;
  while (Z.parent !== null) {
    const p = Z.parent;
    const P = n[p];
    if (!P.red) break;
    const g = P.parent!;
    const G = n[g];
    if (p === G.left) {
      const u = G.right;
      if (u !== null && n[u].red) {
        P.red = false;
        n[u].red = false;
        G.red = true;
        z = g;
        Z = G;
        continue;
      }
      if (z === P.right) {
        z = p;
        Z = P;
        rotateLeft(t, z);
      }
      const P2 = n[Z.parent!];
      P2.red = false;
      n[P2.parent!].red = true;
      rotateRight(t, P2.parent!);
    } else {
      const u = G.left;
      if (u !== null && n[u].red) {
        P.red = false;
        n[u].red = false;
        G.red = true;
        z = g;
        Z = G;
        continue;
      }
      if (z === P.left) {
        z = p;
        Z = P;
        rotateRight(t, z);
      }
      const P2 = n[Z.parent!];
      P2.red = false;
      n[P2.parent!].red = true;
      rotateLeft(t, P2.parent!);
    }
  }
  n[t.root!].red = false;
}

function leftmostFrom(t: RbTree, id: number): number {
  const n = t.nodes;
  for (let l = n[id].left; l !== null; l = n[id].left) id = l;
  return id;
}

function rightmostFrom(t: RbTree, id: number): number {
  const n = t.nodes;
  for (let r = n[id].right; r !== null; r = n[id].right) id = r;
  return id;
}

/** The id before `id` in order, or null. */
function rbPrev(t: RbTree, id: number): number | null {
  const n = t.nodes;
  if (n[id].left !== null) return rightmostFrom(t, n[id].left!);
  let cur = id;
  let p = n[id].parent;
  while (p !== null && n[p].left === cur) {
    cur = p;
    p = n[p].parent;
  }
  return p;
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
  if (t.last === id) t.last = rbPrev(t, id);
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
      let W = n[w];
      if (W.red) {
        W.red = false;
        P.red = true;
        rotateLeft(t, xParent);
        w = P.right!;
        W = n[w];
      }
      if (!isRed(t, W.left) && !isRed(t, W.right)) {
        W.red = true;
        x = xParent;
        xParent = P.parent;
      } else {
        if (!isRed(t, W.right)) {
          n[W.left!].red = false;
          W.red = true;
          rotateRight(t, w);
          w = P.right!;
          W = n[w];
        }
        W.red = P.red;
        P.red = false;
        n[W.right!].red = false;
        rotateLeft(t, xParent);
        x = t.root;
        xParent = null;
      }
    } else {
      let w = P.left!;
      let W = n[w];
      if (W.red) {
        W.red = false;
        P.red = true;
        rotateRight(t, xParent);
        w = P.left!;
        W = n[w];
      }
      if (!isRed(t, W.left) && !isRed(t, W.right)) {
        W.red = true;
        x = xParent;
        xParent = P.parent;
      } else {
        if (!isRed(t, W.left)) {
          n[W.right!].red = false;
          W.red = true;
          rotateLeft(t, w);
          w = P.left!;
          W = n[w];
        }
        W.red = P.red;
        P.red = false;
        n[W.left!].red = false;
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
