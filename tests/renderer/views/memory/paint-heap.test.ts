import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  blockAtPoint,
  blockIndexAt,
  DIMMED,
  HEADER_SHADE,
  type HeapPalette,
  type HeapPaintModel,
  heapGeometry,
  LEAK_OUTLINE,
  type MapBlock,
  type Paint2D,
  paintHeap,
  paintHeapOverlay,
} from '../../../../src/renderer/views/memory/paint-heap.ts';

/** A 2D context that records each drawing call with the fill, stroke and alpha in force. */
interface Call {
  op: 'fillRect' | 'strokeRect' | 'clearRect' | 'fillText';
  args: unknown[];
  fill: unknown;
  stroke: unknown;
  alpha: number;
}

function recorder(): Paint2D & { calls: Call[]; dashes: number[][] } {
  const calls: Call[] = [];
  const dashes: number[][] = [];
  const g = {
    calls,
    dashes,
    fillStyle: '' as unknown,
    strokeStyle: '' as unknown,
    globalAlpha: 1,
    lineWidth: 1,
    font: '',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    setLineDash: (d: number[]) => dashes.push(d),
  } as unknown as Paint2D & { calls: Call[]; dashes: number[][] };
  for (const op of ['fillRect', 'strokeRect', 'clearRect', 'fillText'] as const) {
    (g as unknown as Record<string, unknown>)[op] = (...args: unknown[]) => calls.push({ op, args, fill: g.fillStyle, stroke: g.strokeStyle, alpha: g.globalAlpha });
  }
  return g;
}

const palette: HeapPalette = { panel: 'PANEL', lane: 'LANE', muted: 'MUTED', font: 'mono', hatch: (c) => `hatch(${c})`, padding: 'PAD' };

const block = (addr: number, size: number, o: Partial<MapBlock> = {}): MapBlock => ({
  addr,
  size,
  free: false,
  header: 0,
  payload: size,
  padding: 0,
  color: 'RED',
  owner: 1,
  ...o,
});

/** A 1 KiB arena at 1000 in rows of 256 bytes, 1 px per byte, 20 px high, no gutter. */
const geom = { gutter: 0, bytesPerRow: 256, rows: 4, rowH: 20, pxPerByte: 1, width: 256 };
const model = (blocks: MapBlock[], extra: Partial<HeapPaintModel> = {}): HeapPaintModel => ({ blocks, marks: [], base: 1000, size: 1024, geom, selected: null, palette, ...extra });

const fills = (g: { calls: Call[] }, fill: unknown) => g.calls.filter((c) => c.op === 'fillRect' && c.fill === fill).map((c) => c.args);

describe('paintHeap', () => {
  it('clears the map, then lays each row of the arena as a lane', () => {
    const g = recorder();
    paintHeap(g, model([]));
    expect(g.calls[0]).toMatchObject({ op: 'clearRect', args: [0, 0, 256, 80] });
    // Rows 20 px high with a 2 px inset: four lanes of 256 x 16.
    expect(fills(g, 'LANE')).toEqual([0, 20, 40, 60].map((y) => [0, y + 2, 256, 16]));
  });

  it('fills an allocated block in its colour, shades its header and hatches its padding', () => {
    const g = recorder();
    paintHeap(g, model([block(1000, 64, { header: 8, padding: 4, payload: 52 })]));
    expect(fills(g, 'RED')).toEqual([[0, 2, 64, 16]]);
    expect(fills(g, HEADER_SHADE)).toEqual([[0, 2, 8, 16]]);
    expect(fills(g, 'hatch(PAD)')).toEqual([[60, 2, 4, 16]]);
  });

  it('draws a free block as an outline only', () => {
    const g = recorder();
    paintHeap(g, model([block(1000, 100, { free: true })]));
    expect(fills(g, 'RED')).toEqual([]);
    expect(g.calls.filter((c) => c.op === 'strokeRect')).toEqual([{ op: 'strokeRect', args: [0.5, 2.5, 99, 15], fill: expect.anything(), stroke: 'MUTED', alpha: 0.55 }]);
  });

  it('splits a block that crosses a row end into one piece per row', () => {
    const g = recorder();
    paintHeap(g, model([block(1000 + 200, 100)]));
    expect(fills(g, 'RED')).toEqual([
      [200, 2, 56, 16],
      [0, 22, 44, 16],
    ]);
  });

  it('dims the blocks of every owner but the selected one', () => {
    const g = recorder();
    paintHeap(g, model([block(1000, 64, { owner: 1, color: 'A' }), block(1064, 64, { owner: 2, color: 'B' })], { selected: 2 }));
    const alphaOf = (fill: string) => g.calls.find((c) => c.op === 'fillRect' && c.fill === fill)!.alpha;
    expect(alphaOf('A')).toBe(DIMMED);
    expect(alphaOf('B')).toBe(1);
  });

  it('hatches a reclaimed leak in its old owner colour and outlines it with a dash', () => {
    const g = recorder();
    paintHeap(g, model([block(1000, 128, { free: true })], { marks: [{ addr: 1016, size: 32, color: 'GREEN' }] }));
    expect(fills(g, 'hatch(GREEN)')).toEqual([[16, 2, 32, 16]]);
    expect(g.calls.some((c) => c.op === 'strokeRect' && c.stroke === LEAK_OUTLINE)).toBe(true);
    expect(g.dashes).toEqual([[3, 2], []]);
  });

  it('marks where each block starts when it is wide enough to show the gap', () => {
    const g = recorder();
    paintHeap(g, model([block(1000, 64), block(1064, 2), block(1066, 64)]));
    // The 2-byte block is 2 px wide: no gap for it.
    expect(fills(g, 'PANEL')).toEqual([
      [-0.5, 2, 1, 16],
      [65.5, 2, 1, 16],
    ]);
  });

  it('labels each row with its start address in the gutter', () => {
    const g = recorder();
    paintHeap(g, model([], { geom: { ...geom, gutter: 40, width: 296 } }));
    const labels = g.calls.filter((c) => c.op === 'fillText');
    expect(labels).toHaveLength(4);
    expect(labels.map((c) => c.args.slice(1))).toEqual([0, 20, 40, 60].map((y) => [34, y + 10]));
    expect(labels.every((c) => c.fill === 'MUTED')).toBe(true);
  });
});

describe('paintHeapOverlay', () => {
  it('outlines the hovered block and the highlighted one, and nothing else', () => {
    const g = recorder();
    const blocks = [block(1000, 64), block(1064, 64), block(1128, 64)];
    paintHeapOverlay(g, { blocks, base: 1000, size: 1024, geom, highlight: 1130, hover: 0, color: 'INK' });
    const outlines = g.calls.filter((c) => c.op === 'strokeRect');
    expect(outlines.map((c) => c.args[0])).toEqual([129, 1]);
    expect(outlines.every((c) => c.stroke === 'INK')).toBe(true);
  });
});

describe('heap geometry', () => {
  it('puts a small arena on one row', () => {
    const g = heapGeometry(512, 800, 200, 0);
    expect(g).toMatchObject({ bytesPerRow: 512, rows: 1 });
  });

  test.prop([fc.integer({ min: 6, max: 20 }), fc.integer({ min: 200, max: 1600 }), fc.integer({ min: 40, max: 900 })])(
    'wraps any arena into rows 10 to 30 px high that cover it exactly',
    (log, width, height) => {
      const size = 2 ** log;
      const g = heapGeometry(size, width, height, 0);
      expect(g.rows * g.bytesPerRow).toBeGreaterThanOrEqual(size);
      expect((g.rows - 1) * g.bytesPerRow).toBeLessThan(size);
      expect(g.rowH).toBeGreaterThanOrEqual(10);
      expect(g.rowH).toBeLessThanOrEqual(30);
      expect(g.pxPerByte * g.bytesPerRow).toBeCloseTo(Math.max(40, width));
    },
  );

  test.prop([fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }), fc.nat()])(
    'finds the block under an address as a linear search would',
    (sizes, probe) => {
      let at = 1000;
      const blocks = sizes.map((s) => {
        const b = block(at, s);
        at += s;
        return b;
      });
      const a = 1000 + (probe % (at - 1000));
      const linear = blocks.findIndex((b) => b.addr <= a && a < b.addr + b.size);
      expect(blockIndexAt(blocks, a)).toBe(linear);
      const row = Math.floor((a - 1000) / geom.bytesPerRow);
      expect(blockAtPoint(blocks, geom, 1000, 1024, ((a - 1000) % 256) + 0.5, row * 20 + 5)).toBe(linear);
    },
  );

  it('finds no block left of the arena, below its last row or in its unused tail', () => {
    const blocks = [block(1000, 100)];
    expect(blockAtPoint(blocks, { ...geom, gutter: 30 }, 1000, 1024, 10, 5)).toBeNull();
    expect(blockAtPoint(blocks, geom, 1000, 1024, 10, 85)).toBeNull();
    expect(blockAtPoint(blocks, geom, 1000, 1024, 150, 5)).toBeNull();
  });
});
