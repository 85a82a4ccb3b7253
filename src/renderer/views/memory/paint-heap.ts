import { addr as fmtAddr } from './format.ts';

/**
 * Painting the heap map: plain functions of (canvas context, view model), outside React,
 * so what the map shows can be tested on a recording context and reused by any view.
 * HeapMap.tsx owns the canvases, the pointer and the theme; this file owns the pixels.
 */

/** One block as the map draws it: the selectors' BlockView plus a colour. */
export interface MapBlock {
  addr: number;
  size: number;
  free: boolean;
  /** Header bytes at the front, payload after them, padding at the end (allocated blocks). */
  header: number;
  payload: number;
  padding: number;
  /** Fill of an allocated block. */
  color: string;
  /** What clicking selects and what selection dims by (a pid in the kernel), or null. */
  owner: number | null;
}

/** A hatched range over free memory: a block leaked by a process and reclaimed at its exit. */
export interface MapMark {
  addr: number;
  size: number;
  color: string;
}

/** How the arena is wrapped into rows. */
export interface HeapGeometry {
  /** Width of the address labels on the left (0 for none). */
  gutter: number;
  bytesPerRow: number;
  rows: number;
  rowH: number;
  pxPerByte: number;
  width: number;
}

/** The colours of the map, read from the page's theme, and how to make a hatch in a colour. */
export interface HeapPalette {
  panel: string;
  lane: string;
  muted: string;
  font: string;
  /** A diagonal hatch fill in `color` (null where patterns are unavailable). */
  hatch: (color: string) => CanvasPattern | string | null;
  /** The hatch over an allocated block's padding. */
  padding: string;
}

/** Everything the base layer of the map shows. */
export interface HeapPaintModel {
  blocks: readonly MapBlock[];
  marks: readonly MapMark[];
  base: number;
  size: number;
  geom: HeapGeometry;
  /** Blocks of other owners are dimmed. */
  selected: number | null;
  palette: HeapPalette;
}

/** The part of a 2D context the painters use (a real canvas, or a recording one in tests). */
export type Paint2D = Pick<
  CanvasRenderingContext2D,
  'clearRect' | 'fillRect' | 'strokeRect' | 'fillText' | 'setLineDash' | 'fillStyle' | 'strokeStyle' | 'globalAlpha' | 'lineWidth' | 'font' | 'textAlign' | 'textBaseline'
>;

const MIN_ROW = 10;
const MAX_ROW = 30;
/** Shade over an allocated block's header. */
export const HEADER_SHADE = 'rgba(0,0,0,0.42)';
/** Alpha of the blocks of owners other than the selected one. */
export const DIMMED = 0.28;
/** Dashed outline of a leaked-and-reclaimed range. */
export const LEAK_OUTLINE = '#f85149';

/**
 * Picks bytes per row (the whole arena, or a power of two) so that blocks get the most
 * area: wide rows for a small arena, more and thinner rows for a large one.
 */
export function heapGeometry(size: number, width: number, height: number, gutter: number): HeapGeometry {
  const usable = Math.max(40, width - gutter);
  const avail = Math.max(MIN_ROW * 2, height);
  const candidates = [size];
  for (let p = 8; p < size; p *= 2) candidates.push(p);
  let best: (HeapGeometry & { score: number }) | null = null;
  for (const bpr of candidates) {
    const rows = Math.ceil(size / bpr);
    const fit = Math.floor(avail / rows);
    if (fit < MIN_ROW && best) continue;
    const rowH = Math.max(MIN_ROW, Math.min(MAX_ROW, fit));
    // A small arena reads best on one row; otherwise maximise the area a byte gets.
    const oneRow = bpr === size && size <= usable;
    const score = oneRow ? Number.POSITIVE_INFINITY : (usable / bpr) * (rowH - 3);
    if (!best || score > best.score) best = { gutter, bytesPerRow: bpr, rows, rowH, pxPerByte: usable / bpr, width: gutter + usable, score };
  }
  const { score: _, ...geom } = best!;
  return geom;
}

/** The width of the address labels for an arena. */
export function gutterWidth(base: number, size: number): number {
  return fmtAddr(base + size, base).length * 7 + 12;
}

/** Calls fn for each row piece of the byte range [from, to) (offsets from the base). */
export function rowPieces(geom: HeapGeometry, size: number, from: number, to: number, fn: (x: number, y: number, w: number) => void): void {
  const { bytesPerRow: bpr, pxPerByte: ppb, rowH, gutter: gx } = geom;
  for (let pos = Math.max(0, from); pos < Math.min(to, size); ) {
    const row = Math.floor(pos / bpr);
    const end = Math.min(to, (row + 1) * bpr);
    fn(gx + (pos - row * bpr) * ppb, row * rowH, (end - pos) * ppb);
    pos = end;
  }
}

/** Index of the block containing `a` (the last block starting at or below it), or -1. */
export function blockIndexAt(blocks: readonly MapBlock[], a: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  if (hi < 0 || blocks[0].addr > a) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid].addr <= a) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The block under a point of the map (in CSS pixels from its top left), or null. */
export function blockAtPoint(blocks: readonly MapBlock[], geom: HeapGeometry, base: number, size: number, px: number, py: number): number | null {
  const x = px - geom.gutter;
  const row = Math.floor(py / geom.rowH);
  if (x < 0 || row < 0 || row >= geom.rows) return null;
  const offset = row * geom.bytesPerRow + Math.floor(x / geom.pxPerByte);
  if (offset >= size) return null;
  const i = blockIndexAt(blocks, base + offset);
  return i >= 0 && blocks[i].addr + blocks[i].size > base + offset ? i : null;
}

/**
 * The arena as one strip of blocks in address order, wrapped into rows: allocated blocks
 * in their owner's colour with the header shaded and the padding hatched, free blocks
 * hollow, leaked-and-reclaimed ranges hatched in the old owner's colour, a thin gap where
 * each block starts (if there is room), and the row addresses in the gutter.
 */
export function paintHeap(g: Paint2D, model: HeapPaintModel): void {
  const { blocks, marks, base, size, geom, selected, palette } = model;
  const height = geom.rows * geom.rowH;
  g.clearRect(0, 0, geom.width, height);
  const inset = geom.rowH >= 14 ? 2 : 1;
  const h = geom.rowH - inset * 2;
  const padHatch = palette.hatch(palette.padding);
  const fill = (from: number, to: number) => rowPieces(geom, size, from, to, (x, y, w) => g.fillRect(x, y + inset, w, h));

  // Row backgrounds: the arena's extent.
  g.fillStyle = palette.lane;
  fill(0, size);

  for (const b of blocks) {
    const from = b.addr - base;
    const to = from + b.size;
    if (b.free) {
      g.strokeStyle = palette.muted;
      g.globalAlpha = 0.55;
      g.lineWidth = 1;
      rowPieces(geom, size, from, to, (x, y, w) => {
        if (w >= 3) g.strokeRect(x + 0.5, y + inset + 0.5, w - 1, h - 1);
      });
      g.globalAlpha = 1;
      continue;
    }
    g.globalAlpha = selected !== null && b.owner !== selected ? DIMMED : 1;
    g.fillStyle = b.color;
    fill(from, to);
    if (b.header > 0) {
      g.fillStyle = HEADER_SHADE;
      fill(from, from + b.header);
    }
    if (b.padding > 0 && padHatch) {
      g.fillStyle = padHatch;
      fill(to - b.padding, to);
    }
    g.globalAlpha = 1;
  }
  for (const m of marks) {
    const p = palette.hatch(m.color);
    const from = m.addr - base;
    if (p) {
      g.fillStyle = p;
      fill(from, from + m.size);
    }
    g.strokeStyle = LEAK_OUTLINE;
    g.lineWidth = 1.5;
    g.setLineDash([3, 2]);
    rowPieces(geom, size, from, from + m.size, (x, y, w) => g.strokeRect(x + 0.75, y + inset + 0.75, Math.max(0, w - 1.5), h - 1.5));
    g.setLineDash([]);
  }
  g.fillStyle = palette.panel;
  for (const b of blocks) {
    if (b.size * geom.pxPerByte < 4) continue;
    rowPieces(geom, size, b.addr - base, b.addr - base + 1, (x, y) => g.fillRect(x - 0.5, y + inset, 1, h));
  }
  if (geom.gutter > 0) {
    g.fillStyle = palette.muted;
    g.font = `${Math.min(11, geom.rowH - 2)}px ${palette.font}`;
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (let r = 0; r < geom.rows; r++) g.fillText(fmtAddr(base + r * geom.bytesPerRow, base), geom.gutter - 6, r * geom.rowH + geom.rowH / 2);
  }
}

/** The overlay: an outline round the highlighted block and the hovered one. */
export function paintHeapOverlay(
  g: Paint2D,
  model: { blocks: readonly MapBlock[]; base: number; size: number; geom: HeapGeometry; highlight: number | null; hover: number | null; color: string },
): void {
  const { blocks, base, size, geom } = model;
  g.clearRect(0, 0, geom.width, geom.rows * geom.rowH);
  const outline = (b: MapBlock | undefined, lw: number) => {
    if (!b) return;
    g.strokeStyle = model.color;
    g.lineWidth = lw;
    const from = b.addr - base;
    rowPieces(geom, size, from, from + b.size, (x, y, w) => g.strokeRect(x + lw / 2, y + lw / 2, Math.max(1, w - lw), geom.rowH - lw));
  };
  if (model.highlight !== null) outline(blocks[blockIndexAt(blocks, model.highlight)], 2);
  if (model.hover !== null) outline(blocks[model.hover], 2);
}
