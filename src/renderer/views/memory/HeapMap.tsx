import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useSize } from '../useSize.ts';
import { addr as fmtAddr } from './format.ts';

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

interface Geometry {
  gutter: number;
  bytesPerRow: number;
  rows: number;
  rowH: number;
  pxPerByte: number;
  width: number;
}

const MIN_ROW = 10;
const MAX_ROW = 30;

/**
 * Picks bytes per row (the whole arena, or a power of two) so that blocks get the most
 * area: wide rows for a small arena, more and thinner rows for a large one.
 */
function geometry(size: number, width: number, height: number, gutter: number): Geometry {
  const usable = Math.max(40, width - gutter);
  const avail = Math.max(MIN_ROW * 2, height);
  const candidates = [size];
  for (let p = 8; p < size; p *= 2) candidates.push(p);
  let best: (Geometry & { score: number }) | null = null;
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
  return best!;
}

/** Calls fn for each row piece of the byte range [from, to) (offsets from the base). */
function pieces(geom: Geometry, size: number, from: number, to: number, fn: (x: number, y: number, w: number) => void): void {
  const { bytesPerRow: bpr, pxPerByte: ppb, rowH, gutter: gx } = geom;
  for (let pos = Math.max(0, from); pos < Math.min(to, size); ) {
    const row = Math.floor(pos / bpr);
    const end = Math.min(to, (row + 1) * bpr);
    fn(gx + (pos - row * bpr) * ppb, row * rowH, (end - pos) * ppb);
    pos = end;
  }
}

/** The theme on <html>, so a canvas redraws in the new colours when it changes. */
function subscribeTheme(onChange: () => void): () => void {
  const mo = new MutationObserver(onChange);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => mo.disconnect();
}
const themeNow = () => document.documentElement.dataset.theme ?? '';

const patterns = new Map<string, CanvasPattern | null>();

/** A diagonal hatch in `color`, cached. */
function hatch(g: CanvasRenderingContext2D, color: string, dpr: number): CanvasPattern | null {
  const key = `${color}@${dpr}`;
  if (patterns.has(key)) return patterns.get(key)!;
  const n = Math.round(6 * dpr);
  const tile = document.createElement('canvas');
  tile.width = n;
  tile.height = n;
  const t = tile.getContext('2d');
  let p: CanvasPattern | null = null;
  if (t) {
    t.strokeStyle = color;
    t.lineWidth = 1.5 * dpr;
    t.beginPath();
    t.moveTo(0, n);
    t.lineTo(n, 0);
    t.moveTo(-n / 2, n / 2);
    t.lineTo(n / 2, -n / 2);
    t.moveTo(n / 2, n * 1.5);
    t.lineTo(n * 1.5, n / 2);
    t.stroke();
    p = g.createPattern(tile, 'repeat');
    p?.setTransform(new DOMMatrix([1 / dpr, 0, 0, 1 / dpr, 0, 0]));
  }
  patterns.set(key, p);
  return p;
}

/**
 * The arena as one strip of blocks in address order, wrapped into rows: allocated blocks
 * in their owner's colour with the header shaded and the padding hatched, free blocks
 * hollow, leaked-and-reclaimed ranges hatched in the old owner's colour. Drawn on a
 * canvas, with a second canvas for the hover outline, so a heap of 10,000+ blocks stays
 * smooth; the pointer is mapped back to a block by binary search.
 */
export function HeapMap<B extends MapBlock>({
  blocks,
  base,
  size,
  marks = [],
  selected = null,
  highlight = null,
  explain,
  onPick,
  testId,
  label,
  gutter = true,
  fixedHeight,
  hint = 'point at a block for its address, size, payload and owner',
}: {
  blocks: B[];
  base: number;
  size: number;
  marks?: MapMark[];
  /** Blocks of other owners are dimmed. */
  selected?: number | null;
  /** A block to outline (hovered in another list). */
  highlight?: number | null;
  explain: (b: B) => string;
  onPick?: (b: B) => void;
  testId: string;
  label: string;
  /** Row start addresses on the left. */
  gutter?: boolean;
  /** The height to fit the rows in; without it the map fills its box's height. */
  fixedHeight?: number;
  /** The status line's text while no block is under the pointer. */
  hint?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const baseCanvas = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const { width, height } = useSize(box);
  const [hover, setHover] = useState<number | null>(null); // index into blocks
  const theme = useSyncExternalStore(subscribeTheme, themeNow);
  const avail = fixedHeight ?? (height > 0 ? height : 220);
  const geom = useMemo(() => geometry(size, Math.max(120, width), avail, gutter ? labelWidth(base, size) : 0), [size, width, avail, gutter, base]);
  const canvasH = geom.rows * geom.rowH;

  useEffect(() => {
    const c = baseCanvas.current;
    const o = overlay.current;
    if (!c || !o) return;
    const dpr = window.devicePixelRatio || 1;
    for (const el of [c, o]) {
      el.width = Math.round(geom.width * dpr);
      el.height = Math.round(canvasH * dpr);
      el.style.width = `${geom.width}px`;
      el.style.height = `${canvasH}px`;
    }
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const css = getComputedStyle(c);
    const panel = css.getPropertyValue('--panel').trim() || '#1a1d23';
    const lane = css.getPropertyValue('--lane').trim() || '#20242c';
    const muted = css.getPropertyValue('--muted').trim() || '#8b93a1';
    const dark = theme !== 'light';
    g.clearRect(0, 0, geom.width, canvasH);
    const inset = geom.rowH >= 14 ? 2 : 1;
    const h = geom.rowH - inset * 2;
    const padHatch = hatch(g, dark ? 'rgba(255,255,255,0.7)' : 'rgba(255,255,255,0.85)', dpr);

    // Row backgrounds: the arena's extent.
    g.fillStyle = lane;
    pieces(geom, size, 0, size, (x, y, w) => g.fillRect(x, y + inset, w, h));

    for (const b of blocks) {
      const from = b.addr - base;
      const to = from + b.size;
      if (b.free) {
        g.strokeStyle = muted;
        g.globalAlpha = 0.55;
        g.lineWidth = 1;
        pieces(geom, size, from, to, (x, y, w) => {
          if (w >= 3) g.strokeRect(x + 0.5, y + inset + 0.5, w - 1, h - 1);
        });
        g.globalAlpha = 1;
        continue;
      }
      const dim = selected !== null && b.owner !== selected;
      g.globalAlpha = dim ? 0.28 : 1;
      g.fillStyle = b.color;
      pieces(geom, size, from, to, (x, y, w) => g.fillRect(x, y + inset, w, h));
      if (b.header > 0) {
        g.fillStyle = 'rgba(0,0,0,0.42)';
        pieces(geom, size, from, from + b.header, (x, y, w) => g.fillRect(x, y + inset, w, h));
      }
      if (b.padding > 0 && padHatch) {
        g.fillStyle = padHatch;
        pieces(geom, size, to - b.padding, to, (x, y, w) => g.fillRect(x, y + inset, w, h));
      }
      g.globalAlpha = 1;
    }
    for (const m of marks) {
      const p = hatch(g, m.color, dpr);
      const from = m.addr - base;
      if (p) {
        g.fillStyle = p;
        pieces(geom, size, from, from + m.size, (x, y, w) => g.fillRect(x, y + inset, w, h));
      }
      g.strokeStyle = '#f85149';
      g.lineWidth = 1.5;
      g.setLineDash([3, 2]);
      pieces(geom, size, from, from + m.size, (x, y, w) => g.strokeRect(x + 0.75, y + inset + 0.75, Math.max(0, w - 1.5), h - 1.5));
      g.setLineDash([]);
    }
    // Block boundaries: a thin gap in the panel colour where a block starts, if there is room.
    g.fillStyle = panel;
    for (const b of blocks) {
      if (b.size * geom.pxPerByte < 4) continue;
      pieces(geom, size, b.addr - base, b.addr - base + 1, (x, y) => g.fillRect(x - 0.5, y + inset, 1, h));
    }
    if (geom.gutter > 0) {
      g.fillStyle = muted;
      g.font = `${Math.min(11, geom.rowH - 2)}px ${css.getPropertyValue('--font-mono') || 'monospace'}`;
      g.textAlign = 'right';
      g.textBaseline = 'middle';
      for (let r = 0; r < geom.rows; r++) g.fillText(fmtAddr(base + r * geom.bytesPerRow, base), geom.gutter - 6, r * geom.rowH + geom.rowH / 2);
    }
  }, [blocks, marks, selected, geom, canvasH, base, size, theme]);

  useEffect(() => {
    const o = overlay.current;
    if (!o) return;
    const g = o.getContext('2d');
    if (!g) return;
    const dpr = window.devicePixelRatio || 1;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, geom.width, canvasH);
    const text = getComputedStyle(o).getPropertyValue('--text').trim() || (theme === 'light' ? '#1f2328' : '#d7dae0');
    const outline = (b: MapBlock | undefined, lw: number) => {
      if (!b) return;
      g.strokeStyle = text;
      g.lineWidth = lw;
      const from = b.addr - base;
      pieces(geom, size, from, from + b.size, (x, y, w) => g.strokeRect(x + lw / 2, y + lw / 2, Math.max(1, w - lw), geom.rowH - lw));
    };
    if (highlight !== null) outline(blocks[indexAt(blocks, highlight)], 2);
    if (hover !== null) outline(blocks[hover], 2);
  }, [hover, highlight, blocks, geom, canvasH, base, size, theme]);

  const blockAt = (e: React.MouseEvent<HTMLCanvasElement>): number | null => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - r.left - geom.gutter;
    const row = Math.floor((e.clientY - r.top) / geom.rowH);
    if (x < 0 || row < 0 || row >= geom.rows) return null;
    const offset = row * geom.bytesPerRow + Math.floor(x / geom.pxPerByte);
    if (offset >= size) return null;
    const i = indexAt(blocks, base + offset);
    return i >= 0 && blocks[i].addr + blocks[i].size > base + offset ? i : null;
  };
  const hovered = hover !== null && hover < blocks.length ? blocks[hover] : null;

  return (
    <div className={`heap-map${fixedHeight ? '' : ' fill'}`}>
      <div className={`heap-map-box${fixedHeight ? ' fixed' : ''}`} ref={box}>
        <div className="heap-map-stack" style={{ width: geom.width, height: canvasH }}>
          <canvas ref={baseCanvas} />
          <canvas
            ref={overlay}
            data-testid={testId}
            data-blocks={blocks.length}
            data-gutter={geom.gutter}
            data-bytes-per-row={geom.bytesPerRow}
            data-row-height={geom.rowH}
            role="img"
            aria-label={label}
            className={onPick ? 'pickable' : undefined}
            onMouseMove={(e) => setHover(blockAt(e))}
            onMouseLeave={() => setHover(null)}
            onClick={(e) => {
              const i = blockAt(e);
              if (i !== null && onPick) onPick(blocks[i]);
            }}
          />
        </div>
      </div>
      <div className="heap-map-status" aria-live="polite" data-testid={`${testId}-hover`}>
        {hovered ? explain(hovered) : <span className="muted">{hint}</span>}
      </div>
      <ol className="mem-sr" data-testid={`${testId}-blocks`}>
        {blocks.slice(0, 200).map((b) => (
          <li key={b.addr} data-addr={b.addr} data-size={b.size} data-free={b.free ? 'yes' : 'no'} data-owner={b.owner ?? ''}>
            {explain(b)}
          </li>
        ))}
        {blocks.length > 200 ? <li>… and {blocks.length - 200} more blocks</li> : null}
      </ol>
    </div>
  );
}

/** Index of the block containing `a` (the last block starting at or below it), or -1. */
function indexAt(blocks: readonly MapBlock[], a: number): number {
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

function labelWidth(base: number, size: number): number {
  return fmtAddr(base + size, base).length * 7 + 12;
}
