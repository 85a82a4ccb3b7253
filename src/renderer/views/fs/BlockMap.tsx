import { useEffect, useMemo, useRef, useState } from 'react';
import { CheckTerm } from '../Term.tsx';
import type { BlockCell } from '../../../sim/fs/selectors.ts';
import { useSticky } from '../memory/sticky.ts';
import { useSize } from '../useSize.ts';
import { blockAtPoint, blockLayout, cellOrigin, ZOOMS, type Zoom } from './block-map-layout.ts';
import { REGION_COLORS, REGION_LABELS, STATE_LABELS } from './colors.ts';

/**
 * Every block of the disk as a cell, coloured by region; free cells are hollow, dirty
 * ones carry an orange corner, and the blocks the last operation touched are outlined and
 * numbered in the order it read (blue) and wrote (red) them. Drawn on a canvas so a
 * large disk (thousands of blocks) stays smooth; the pointer is mapped back to a block.
 * Grouped by region, each region gets a band under a heading (so a one-block bitmap is
 * not lost on a 4,096-block disk); zoomed, the cells grow and the map scrolls.
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
  const [zoom, setZoom] = useSticky<Zoom>('fs.zoom', 1);
  // Grouped by default on a big disk, where a one-block region would be lost; a small teaching disk reads best in one grid.
  const [groupPick, setGrouped] = useSticky<boolean | null>('fs.grouped', null);
  const grouped = groupPick ?? cells.length > 512;
  const regions = useMemo(() => cells.map((c) => c.region), [cells]);
  const layout = useMemo(() => blockLayout(regions, width, { zoom, grouped }), [regions, width, zoom, grouped]);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    const { size, width: w, height: h } = layout;
    c.width = w * dpr;
    c.height = h * dpr;
    c.style.width = `${w}px`;
    c.style.height = `${h}px`;
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const css = getComputedStyle(c);
    const bg = css.getPropertyValue('--panel').trim() || '#1a1d23';
    const text = css.getPropertyValue('--text').trim() || '#ddd';
    const muted = css.getPropertyValue('--muted').trim() || '#888';
    g.clearRect(0, 0, w, h);
    if (layout.grouped) {
      g.font = '600 11px system-ui, sans-serif';
      g.textAlign = 'left';
      g.textBaseline = 'middle';
      for (const band of layout.bands) {
        let used = 0;
        for (let b = band.first; b < band.first + band.count; b++) if (cells[b].state !== 'free') used++;
        g.fillStyle = REGION_COLORS[band.region];
        g.fillRect(0, band.headingY + 5, 8, 8);
        g.fillStyle = muted;
        const range = band.count === 1 ? `block ${band.first}` : `blocks ${band.first}–${band.first + band.count - 1}`;
        g.fillText(`${REGION_LABELS[band.region]} · ${range} · ${used.toLocaleString('en')} in use`, 12, band.headingY + 9);
      }
    }
    const pad = size >= 10 ? 1.5 : 0.5;
    for (const cell of cells) {
      const o = cellOrigin(layout, cell.block);
      const x = o.x + pad;
      const y = o.y + pad;
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
  }, [cells, order, selected, hover, layout]);

  const blockAt = (e: React.MouseEvent<HTMLCanvasElement>): number | null => {
    const r = e.currentTarget.getBoundingClientRect();
    return blockAtPoint(layout, e.clientX - r.left, e.clientY - r.top);
  };
  const hovered = hover === null ? null : cells[hover];

  return (
    <div className="block-map" ref={box}>
      <div className="block-map-tools" role="toolbar" aria-label="Block map view">
        <CheckTerm about="Give each region (superblock, bitmaps, inode table, data, journal) a band of its own under a heading" checked={grouped} onChange={setGrouped} testId="block-map-group">
          group by region
        </CheckTerm>
        <span className="segmented" title="Zoom: cells as the width gives them, or 2 or 4 times bigger (the map then scrolls)">
          {ZOOMS.map((z) => (
            <button key={z} type="button" className={zoom === z ? 'on' : undefined} aria-pressed={zoom === z} onClick={() => setZoom(z)} data-testid={`block-map-zoom-${z}`}>
              {z === 1 ? 'fit' : `${z}×`}
            </button>
          ))}
        </span>
        <span className="muted">
          {cells.length.toLocaleString('en')} blocks · {layout.size} px each
        </span>
      </div>
      {/* Grouped, the map heads each region's band with its colour and name, so the key says only what the cells' marks mean. */}
      <ul className="legend" data-testid="block-map-legend">
        {(layout.grouped ? [] : Object.entries(REGION_LABELS)).map(([region, label]) => (
          <li key={region}>
            <span className="swatch" style={{ background: REGION_COLORS[region as keyof typeof REGION_COLORS] }} />
            {label}
          </li>
        ))}
        <li>
          <span className="swatch hollow" /> free
        </li>
        <li title="A block changed in the buffer cache that has not been written to the disk yet">
          <span className="swatch corner" /> changed, not yet written to disk
        </li>
        <li>
          <span className="swatch outline read" /> read, <span className="swatch outline write" /> written by the last operation
          {layout.size >= 22 ? ' (numbered in order)' : ''}
        </li>
      </ul>
      <div className="block-map-scroll" data-testid="block-map-scroll">
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
          data-cell={layout.size}
          data-grouped={layout.grouped ? 'yes' : 'no'}
          data-bands={layout.bands.map((b) => `${b.region}:${b.first}:${b.count}:${b.top}`).join(' ')}
        />
      </div>
      <div className="block-map-status muted" aria-live="polite">
        {hovered
          ? `block ${hovered.block} · ${REGION_LABELS[hovered.region]} · ${STATE_LABELS[hovered.state]}${hovered.cached ? ' · cached' : ''}`
          : 'click a block to see what is in it'}
      </div>
    </div>
  );
}
