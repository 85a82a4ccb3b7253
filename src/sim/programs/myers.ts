/**
 * The shortest edit script between two sequences, by Myers' O(ND) algorithm ("An O(ND)
 * Difference Algorithm and Its Variations", 1986) in its linear-space form: find the
 * middle snake of the best path by running it from both ends at once, then solve the two
 * halves on either side the same way. Time O((N+M)·D), space O(N+M), where D is the
 * number of lines inserted and deleted. Elements are compared as numbers (diff numbers its
 * lines first, so equal lines get equal numbers).
 *
 * Like GNU diff, the search gives up being minimal when it grows too expensive (two long
 * files with little in common): past a cost of about the square root of the box's size
 * it splits the box at the furthest point either search has reached, so the time stays
 * near O((N+M)^1.5) and the script is still correct, if not always the shortest.
 */

export type Edit = { kind: 'equal' | 'delete' | 'insert'; a: number; b: number };

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The edit script turning `a` into `b`: every element of each, in order, as kept, deleted (from a) or inserted (from b). */
export function diffSequences(a: readonly number[], b: readonly number[]): Edit[] {
  const out: Edit[] = [];
  // Common ends cost nothing to find and shrink the search.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  for (let i = 0; i < start; i++) out.push({ kind: 'equal', a: i, b: i });
  const points: [number, number][] = [];
  findPath(a, b, { left: start, top: start, right: endA, bottom: endB }, points);
  let x = start;
  let y = start;
  const diagonal = (toX: number, toY: number) => {
    while (x < toX && y < toY && a[x] === b[y]) out.push({ kind: 'equal', a: x++, b: y++ });
  };
  for (const [px, py] of points) {
    diagonal(px, py);
    // Between two points of the path: one step right or down, then a diagonal.
    while (x < px && px - x > py - y) out.push({ kind: 'delete', a: x++, b: y });
    while (y < py && py - y > px - x) out.push({ kind: 'insert', a: x, b: y++ });
    diagonal(px, py);
  }
  while (x < endA) out.push({ kind: 'delete', a: x++, b: y });
  while (y < endB) out.push({ kind: 'insert', a: x, b: y++ });
  for (let i = 0; endA + i < a.length; i++) out.push({ kind: 'equal', a: endA + i, b: endB + i });
  return out;
}

/** Appends the points of a shortest path through `box` (its corners included) to `points`. */
function findPath(a: readonly number[], b: readonly number[], box: Box, points: [number, number][]): void {
  // An explicit stack keeps deep recursions off the JavaScript stack; boxes are solved left to right.
  const pending: (Box | [number, number])[] = [box];
  while (pending.length > 0) {
    const item = pending.pop() as Box | [number, number];
    if (Array.isArray(item)) {
      const last = points[points.length - 1];
      if (!last || last[0] !== item[0] || last[1] !== item[1]) points.push(item);
      continue;
    }
    const snake = midpair(a, b, item);
    if (snake === null) continue;
    const [[sx, sy], [fx, fy]] = snake;
    // Solve the lower-right box after the upper-left one: push in reverse order.
    pending.push({ left: fx, top: fy, right: item.right, bottom: item.bottom });
    pending.push([fx, fy]);
    pending.push([sx, sy]);
    pending.push({ left: item.left, top: item.top, right: sx, bottom: sy });
  }
}

/** The middle snake of the best path through `box`, as its first and last points, or null for an empty box. */
function midpair(a: readonly number[], b: readonly number[], box: Box): [[number, number], [number, number]] | null {
  const width = box.right - box.left;
  const height = box.bottom - box.top;
  const size = width + height;
  if (size === 0 || width < 0 || height < 0) return null;
  const delta = width - height;
  const max = Math.ceil(size / 2);
  const off = max + 1;
  const vf = new Int32Array(2 * max + 3);
  const vb = new Int32Array(2 * max + 3);
  vf[off + 1] = box.left;
  vb[off + 1] = box.bottom;
  const tooExpensive = Math.max(256, 1 << Math.ceil(Math.log2(size + 1) / 2));
  for (let d = 0; d <= max; d++) {
    if (d > tooExpensive) {
      const split = furthestPoint(box, vf, vb, off, d - 1, delta);
      if (split !== null) return [split, split];
    }
    // Forward: the furthest reaching path on each diagonal k = x - y (relative to the box).
    for (let k = d; k >= -d; k -= 2) {
      const c = k - delta;
      let x: number;
      let px: number;
      if (k === -d || (k !== d && vf[off + k - 1] < vf[off + k + 1])) {
        px = x = vf[off + k + 1];
      } else {
        px = vf[off + k - 1];
        x = px + 1;
      }
      let y = box.top + (x - box.left) - k;
      const py = d === 0 || x !== px ? y : y - 1;
      while (x < box.right && y < box.bottom && a[x] === b[y]) {
        x++;
        y++;
      }
      vf[off + k] = x;
      if ((delta & 1) !== 0 && c >= -(d - 1) && c <= d - 1 && y >= vb[off + c]) return [[px, py], [x, y]];
    }
    // Backward: the furthest reaching path from the bottom-right corner on each diagonal c.
    for (let c = d; c >= -d; c -= 2) {
      const k = c + delta;
      let y: number;
      let py: number;
      if (c === -d || (c !== d && vb[off + c - 1] > vb[off + c + 1])) {
        py = y = vb[off + c + 1];
      } else {
        py = vb[off + c - 1];
        y = py - 1;
      }
      let x = box.left + (y - box.top) + k;
      const px = d === 0 || y !== py ? x : x + 1;
      while (x > box.left && y > box.top && a[x - 1] === b[y - 1]) {
        x--;
        y--;
      }
      vb[off + c] = y;
      if ((delta & 1) === 0 && k >= -d && k <= d && x <= vf[off + k]) return [[x, y], [px, py]];
    }
  }
  return null;
}

/**
 * After `d` rounds, the point either search reached that is furthest along its path, if
 * it lies strictly inside the box (so splitting there makes progress).
 */
function furthestPoint(box: Box, vf: Int32Array, vb: Int32Array, off: number, d: number, delta: number): [number, number] | null {
  let best: [number, number] | null = null;
  let bestGain = -1;
  const inside = (x: number, y: number) =>
    x >= box.left && x <= box.right && y >= box.top && y <= box.bottom && !(x === box.left && y === box.top) && !(x === box.right && y === box.bottom);
  for (let k = -d; k <= d; k += 2) {
    const x = Math.min(vf[off + k], box.right);
    const y = box.top + (x - box.left) - k;
    const gain = x - box.left + (y - box.top);
    if (inside(x, y) && gain > bestGain) {
      best = [x, y];
      bestGain = gain;
    }
  }
  for (let c = -d; c <= d; c += 2) {
    const y = Math.max(vb[off + c], box.top);
    const x = box.left + (y - box.top) + c + delta;
    const gain = box.right - x + (box.bottom - y);
    if (inside(x, y) && gain > bestGain) {
      best = [x, y];
      bestGain = gain;
    }
  }
  return best;
}
