import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { blockAtPoint, blockLayout, cellOrigin, cellSize, HEADING, regionRuns } from '../../../../src/renderer/views/fs/block-map-layout.ts';
import type { RegionName } from '../../../../src/sim/fs/types.ts';

/** The interactive disk's shape: 4,096 blocks, a superblock, two bitmaps, an inode table, data, a journal at the end. */
function disk(): RegionName[] {
  const r: RegionName[] = ['super', 'inode-bitmap', 'data-bitmap'];
  for (let i = 0; i < 128; i++) r.push('inode-table');
  while (r.length < 4096 - 64) r.push('data');
  while (r.length < 4096) r.push('journal');
  return r;
}

describe('the block map layout', () => {
  it('groups a 4,096-block disk into one band per region, each under its heading, in block order', () => {
    const l = blockLayout(disk(), 520, { zoom: 1, grouped: true });
    expect(l.bands.map((b) => [b.region, b.count])).toEqual([
      ['super', 1],
      ['inode-bitmap', 1],
      ['data-bitmap', 1],
      ['inode-table', 128],
      ['data', 3901],
      ['journal', 64],
    ]);
    // The one-block bitmap gets a row of its own, its heading above it.
    const bitmap = l.bands[1];
    expect(cellOrigin(l, 1)).toEqual({ x: 0, y: bitmap.top });
    expect(bitmap.top - bitmap.headingY).toBe(HEADING);
    expect(l.height).toBe(l.bands.reduce((h, b) => h + HEADING + b.rows * l.size, 0));
  });

  it('zoom makes the cells bigger and the map taller, up to a cap', () => {
    const one = blockLayout(disk(), 520, { zoom: 1, grouped: false });
    const four = blockLayout(disk(), 520, { zoom: 4, grouped: false });
    expect(four.size).toBe(Math.min(44, one.size * 4));
    expect(four.height).toBeGreaterThan(one.height * 3);
    expect(cellSize(520, 64, 4)).toBe(44);
  });

  it('keeps runs of a region together, and a region that comes back starts a new run', () => {
    expect(regionRuns(['super', 'data', 'data', 'journal', 'data'])).toEqual([
      { region: 'super', first: 0, count: 1 },
      { region: 'data', first: 1, count: 2 },
      { region: 'journal', first: 3, count: 1 },
      { region: 'data', first: 4, count: 1 },
    ]);
  });

  test.prop([fc.integer({ min: 100, max: 1600 }), fc.constantFrom(1, 2, 4), fc.boolean(), fc.integer({ min: 0, max: 4095 })])(
    'the pointer finds the block a cell was drawn for, flat or grouped, at any width and zoom',
    (width, zoom, grouped, block) => {
      const l = blockLayout(disk(), width, { zoom: zoom as 1 | 2 | 4, grouped });
      const { x, y } = cellOrigin(l, block);
      expect(blockAtPoint(l, x + l.size / 2, y + l.size / 2)).toBe(block);
      expect(y + l.size).toBeLessThanOrEqual(l.height);
    },
  );

  it('a heading or the space past the last cell is no block', () => {
    const l = blockLayout(disk(), 520, { zoom: 1, grouped: true });
    expect(blockAtPoint(l, 5, l.bands[3].headingY + 2)).toBeNull();
    expect(blockAtPoint(l, l.width - 1, l.height - 1)).toBeNull();
  });
});
