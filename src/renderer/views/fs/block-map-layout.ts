import type { RegionName } from '../../../sim/fs/types.ts';

/**
 * Where the block map puts each block. Flat, the disk is one grid in block order; grouped,
 * each run of blocks of one region (superblock, bitmaps, inode table, data, journal) starts
 * a band of its own under a heading, so a one-block bitmap is not lost in the first row of
 * a 4,096-block disk. Zoom multiplies the cell size the width would give; the map then
 * grows taller than its box and scrolls. Plain functions, so the painter and the pointer
 * share one geometry and a test can check it.
 */

export const ZOOMS = [1, 2, 4] as const;
export type Zoom = (typeof ZOOMS)[number];
/** The height of a region's heading band, in CSS pixels. */
export const HEADING = 18;
const MIN_CELL = 4;
const MAX_CELL = 44;

export interface RegionBand {
  region: RegionName;
  /** First block and how many. */
  first: number;
  count: number;
  /** Where its heading sits (grouped only) and where its cells start. */
  headingY: number;
  top: number;
  rows: number;
}

export interface BlockLayout {
  size: number;
  cols: number;
  width: number;
  height: number;
  grouped: boolean;
  bands: RegionBand[];
}

/** The cell size that fills the width with a disk of n blocks (big cells for a small disk, so numbers fit), times the zoom. */
export function cellSize(width: number, n: number, zoom: Zoom): number {
  const w = Math.max(100, width);
  const fit = Math.floor(Math.sqrt((w * Math.max(120, Math.min(420, n * 6))) / Math.max(1, n)));
  return Math.max(MIN_CELL, Math.min(MAX_CELL, fit * zoom));
}

/** Runs of consecutive blocks of one region, in block order. */
export function regionRuns(regions: readonly RegionName[]): Array<{ region: RegionName; first: number; count: number }> {
  const out: Array<{ region: RegionName; first: number; count: number }> = [];
  regions.forEach((region, block) => {
    const last = out[out.length - 1];
    if (last && last.region === region) last.count++;
    else out.push({ region, first: block, count: 1 });
  });
  return out;
}

export function blockLayout(regions: readonly RegionName[], width: number, opts: { zoom: Zoom; grouped: boolean }): BlockLayout {
  const n = regions.length;
  const size = cellSize(width, n, opts.zoom);
  const cols = Math.max(1, Math.floor(Math.max(100, width) / size));
  if (!opts.grouped) {
    const rows = Math.ceil(n / cols);
    const bands = regionRuns(regions).map((r) => ({ ...r, headingY: 0, top: 0, rows }));
    return { size, cols, width: cols * size, height: rows * size, grouped: false, bands };
  }
  const bands: RegionBand[] = [];
  let y = 0;
  for (const r of regionRuns(regions)) {
    const rows = Math.ceil(r.count / cols);
    bands.push({ ...r, headingY: y, top: y + HEADING, rows });
    y += HEADING + rows * size;
  }
  return { size, cols, width: cols * size, height: y, grouped: true, bands };
}

/** The top-left corner of a block's cell. */
export function cellOrigin(l: BlockLayout, block: number): { x: number; y: number } {
  if (!l.grouped) return { x: (block % l.cols) * l.size, y: Math.floor(block / l.cols) * l.size };
  const band = l.bands.find((b) => block >= b.first && block < b.first + b.count) ?? l.bands[0];
  const i = block - band.first;
  return { x: (i % l.cols) * l.size, y: band.top + Math.floor(i / l.cols) * l.size };
}

/** The block under a point (CSS pixels in the map), or null for a gap, a heading or outside. */
export function blockAtPoint(l: BlockLayout, x: number, y: number): number | null {
  if (x < 0 || y < 0 || x >= l.width) return null;
  const col = Math.floor(x / l.size);
  if (!l.grouped) {
    const b = Math.floor(y / l.size) * l.cols + col;
    const total = l.bands.reduce((s, r) => s + r.count, 0);
    return b < total ? b : null;
  }
  for (const band of l.bands) {
    if (y < band.top || y >= band.top + band.rows * l.size) continue;
    const i = Math.floor((y - band.top) / l.size) * l.cols + col;
    return i < band.count ? band.first + i : null;
  }
  return null;
}
