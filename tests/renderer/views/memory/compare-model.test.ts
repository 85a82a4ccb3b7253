import { describe, expect, it } from 'vitest';
import { ARENAS, bestOf, col, describeLabBlock, labBlocks, labConfigs } from '../../../../src/renderer/views/memory/compare-model.ts';
import { METRIC_ROWS } from '../../../../src/renderer/views/memory/metric-rows.ts';
import { LAB_UNTRACKED } from '../../../../src/sim/labs/memory.ts';

const kernelArena = ARENAS.find((a) => a.id === 'kernel')!.arena;

describe('the allocator lab view model', () => {
  it('sends each column as an allocator on the shared arena, with only the settings its design has', () => {
    const [list, buddy, seg] = labConfigs([col('list', 'best', 'lifo', 'none'), col('buddy', 'first'), col('segregated', 'first', 'addr', 'list')], kernelArena);
    expect(list).toEqual({ ...kernelArena, design: 'list', policy: 'best', order: 'lifo', coalesce: 'none' });
    expect(buddy).toEqual({ ...kernelArena, design: 'buddy', coalesce: 'immediate', minBlock: 16 });
    // List coalescing exists only for the list design: another design gets immediate.
    expect(seg).toEqual({ ...kernelArena, design: 'segregated', coalesce: 'immediate' });
  });

  it('unpacks a layout into blocks: allocated with header, payload and padding, free hollow', () => {
    const blocks = labBlocks([0x1000, 32, 20, 0, 0x1020, 64, 0, -1, 0x1060, 16, 8, LAB_UNTRACKED], 8);
    expect(blocks.map((b) => [b.addr, b.size, b.free, b.header, b.payload, b.padding])).toEqual([
      [0x1000, 32, false, 8, 20, 4],
      [0x1020, 64, true, 0, 0, 0],
      [0x1060, 16, false, 8, 8, 0],
    ]);
    expect(describeLabBlock(blocks[0], 0x1000)).toMatch(/32 B = 8 header \+ 20 payload \+ 4 padding · ptr\[0\]$/);
    expect(describeLabBlock(blocks[1], 0x1000)).toMatch(/free, 64 B · #0 in its free list$/);
    expect(describeLabBlock(blocks[2], 0x1000)).toMatch(/a pointer the trace reused$/);
  });

  it('marks the best column at a ranked figure, and none when all tie or the figure is not ranked', () => {
    const ranked = METRIC_ROWS.find((r) => r.rank?.better === 'lower')!;
    const key = ranked.key as 'internalFragmentation';
    const f = (v: number) => ({ [key]: v }) as never;
    expect(bestOf(ranked, [f(0.3), f(0.1), null])).toEqual({ ranks: [0.3, 0.1, null], best: 0.1 });
    expect(bestOf(ranked, [f(0.2), f(0.2)]).best).toBeNull();
    const unranked = METRIC_ROWS.find((r) => !r.rank)!;
    expect(bestOf(unranked, [f(1), f(2)])).toEqual({ ranks: [], best: null });
  });
});
