import { useEffect, useMemo, useRef, useState } from 'react';
import type { BlockCell } from '../../../sim/fs/selectors.ts';
import { useSize } from '../useSize.ts';
import { REGION_COLORS, REGION_LABELS, STATE_LABELS } from './colors.ts';

/**
 * Every block of the disk as a cell, coloured by region; free cells are hollow, dirty
 * ones carry a stripe, and the blocks the last operation touched are outlined and
 * numbered in the order it read (blue) and wrote (red) them. Drawn on a canvas so a
 * large disk (thousands of blocks) stays smooth; the pointer is mapped back to a block.
 */
export function BlockMap({
  cells,
  order,
  selected,
  onSelect,
}: {
  cells: BlockCell[];
  /** Block -> position(s) in the last operation's I/O order, with the kind of access. */
  order: Map<number, { n: number; kind: 'read' | 'write' }[]>;
  selected: number | null;
  onSelect: (block: number) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const { width } = useSize(box);
  const [hover, setHover] = useState<number | null>(null);
  const geom = useMemo(() => {
    const w = Math.max(100, width);
    const n = Math.max(1, cells.length);
    // Big cells for a small disk (so numbers fit), small ones for a big disk.
    let size = Math.floor(Math.sqrt((w * Math.max(120, Math.min(420, n * 6))) / n));
    size = Math.max(4, Math.min(44, size));
    const cols = Math.max(1, Math.floor(w / size));
    return { size, cols, rows: Math.ceil(n / cols), w: cols * size };
  }, [width, cells.length]);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    const { size, cols, rows } = geom;
    c.width = cols * size * dpr;
    c.height = rows * size * dpr;
    c.style.width = `${cols * size}px`;
    c.style.height = `${rows * size}px`;
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const css = getComputedStyle(c);
    const bg = css.getPropertyValue('--panel').trim() || '#1a1d23';
    const text = css.getPropertyValue('--text').trim() || '#ddd';
    g.clearRect(0, 0, cols * size, rows * size);
    const pad = size >= 10 ? 1.5 : 0.5;
    for (const cell of cells) {
      const x = (cell.block % cols) * size + pad;
      const y = Math.floor(cell.block / cols) * size + pad;
      const s = size - 2 * pad;
      const color = REGION_COLORS[cell.region];
      if (cell.state === 'free') {
        g.fillStyle = bg;
        g.fillRect(x, y, s, s);
        g.strokeStyle = color;
        g.globalAlpha = 0.45;
        g.lineWidth = 1;
        g.strokeRect(x + 0.5, y + 0.5, s - 1, s - 1);
        g.globalAlpha = 1;
      } else {
        g.fillStyle = color;
        g.globalAlpha = cell.state === 'journal' ? 0.95 : 0.8;
        g.fillRect(x, y, s, s);
        g.globalAlpha = 1;
      }
      if (cell.state === 'dirty' && s >= 6) {
        g.fillStyle = '#f0883e';
        g.beginPath();
        g.moveTo(x + s, y);
        g.lineTo(x + s, y + s / 2);
        g.lineTo(x + s / 2, y);
        g.fill();
      }
      const touched = order.get(cell.block);
      if (touched || cell.block === selected || cell.block === hover) {
        g.lineWidth = cell.block === selected ? 3 : 2;
        const lastKind = touched?.[touched.length - 1].kind;
        g.strokeStyle = cell.block === selected ? text : lastKind === 'write' ? '#f85149' : lastKind === 'read' ? '#58a6ff' : text;
        g.strokeRect(x + 1, y + 1, s - 2, s - 2);
      }
      if (touched && size >= 22) {
        g.fillStyle = text;
        g.font = `600 ${Math.min(11, size / 3)}px system-ui, sans-serif`;
        g.textAlign = 'center';
        g.textBaseline = 'middle';
        g.fillText(touched.map((t) => t.n).join(','), x + s / 2, y + s / 2, s - 4);
      }
    }
  }, [cells, order, selected, hover, geom]);

  const blockAt = (e: React.MouseEvent<HTMLCanvasElement>): number | null => {
    const r = e.currentTarget.getBoundingClientRect();
    const col = Math.floor((e.clientX - r.left) / geom.size);
    const row = Math.floor((e.clientY - r.top) / geom.size);
    const b = row * geom.cols + col;
    return col >= 0 && col < geom.cols && b >= 0 && b < cells.length ? b : null;
  };
  const hovered = hover === null ? null : cells[hover];

  return (
    <div className="block-map" ref={box}>
      <canvas
        ref={canvas}
        data-testid="block-map"
        data-used={cells.filter((c) => c.state !== 'free').length}
        aria-label={`Block map of ${cells.length} blocks`}
        onMouseMove={(e) => setHover(blockAt(e))}
        onMouseLeave={() => setHover(null)}
        onClick={(e) => {
          const b = blockAt(e);
          if (b !== null) onSelect(b);
        }}
      />
      <div className="block-map-status muted" aria-live="polite">
        {hovered
          ? `block ${hovered.block} · ${REGION_LABELS[hovered.region]} · ${STATE_LABELS[hovered.state]}${hovered.cached ? ' · cached' : ''}`
          : 'click a block to see what is in it'}
      </div>
      <ul className="legend">
        {Object.entries(REGION_LABELS).map(([region, label]) => (
          <li key={region}>
            <span className="swatch" style={{ background: REGION_COLORS[region as keyof typeof REGION_COLORS] }} />
            {label}
          </li>
        ))}
        <li>
          <span className="swatch hollow" /> free
        </li>
        <li>
          <span className="swatch" style={{ background: '#f0883e' }} /> dirty corner
        </li>
        <li>
          <span className="swatch outline read" /> read · <span className="swatch outline write" /> written by the last operation
        </li>
      </ul>
    </div>
  );
}
