import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useSize } from '../useSize.ts';
import {
  blockAtPoint,
  gutterWidth,
  type HeapPalette,
  heapGeometry,
  type MapBlock,
  type MapMark,
  paintHeap,
  paintHeapOverlay,
} from './paint-heap.ts';

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
 * The arena as one strip of blocks in address order, wrapped into rows (paint-heap.ts
 * paints it). Drawn on a canvas, with a second canvas for the hover outline, so a heap of
 * 10,000+ blocks stays smooth; the pointer is mapped back to a block by binary search.
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
  const geom = useMemo(() => heapGeometry(size, Math.max(120, width), avail, gutter ? gutterWidth(base, size) : 0), [size, width, avail, gutter, base]);
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
    const palette: HeapPalette = {
      panel: css.getPropertyValue('--panel').trim() || '#1a1d23',
      lane: css.getPropertyValue('--lane').trim() || '#20242c',
      muted: css.getPropertyValue('--muted').trim() || '#8b93a1',
      font: css.getPropertyValue('--font-mono') || 'monospace',
      hatch: (color) => hatch(g, color, dpr),
      padding: theme !== 'light' ? 'rgba(255,255,255,0.7)' : 'rgba(255,255,255,0.85)',
    };
    paintHeap(g, { blocks, marks, base, size, geom, selected, palette });
  }, [blocks, marks, selected, geom, canvasH, base, size, theme]);

  useEffect(() => {
    const o = overlay.current;
    if (!o) return;
    const g = o.getContext('2d');
    if (!g) return;
    const dpr = window.devicePixelRatio || 1;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const color = getComputedStyle(o).getPropertyValue('--text').trim() || (theme === 'light' ? '#1f2328' : '#d7dae0');
    paintHeapOverlay(g, { blocks, base, size, geom, highlight, hover, color });
  }, [hover, highlight, blocks, geom, base, size, theme]);

  const blockAt = (e: React.MouseEvent<HTMLCanvasElement>): number | null => {
    const r = e.currentTarget.getBoundingClientRect();
    return blockAtPoint(blocks, geom, base, size, e.clientX - r.left, e.clientY - r.top);
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
