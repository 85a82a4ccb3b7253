import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePartitionTable, encodePartitionTable, PART_FS, PART_SWAP } from '../../../src/sim/base/partition.ts';
import { decodeSwapHeader, encodeSwapHeader, SWAP_MAGIC } from '../../../src/sim/vm/swap.ts';

/** The disk's partition table and the swap area's header: what is written reads back, and damage is named. */
describe('the partition table and the swap header', () => {
  it('read back what was written', () => {
    const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
    fc.assert(
      fc.property(fc.array(fc.record({ type: fc.constantFrom(PART_FS, PART_SWAP, 0x07), start: u32, blocks: u32 }), { maxLength: 4 }), fc.constantFrom(512, 1024, 4096), (parts, bs) => {
        const block = encodePartitionTable(parts, bs);
        expect(block.length).toBe(bs);
        expect(decodePartitionTable(block)).toEqual(parts);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(512, 1024, 4096), (pages, bytes) => {
        const bad = [...new Set([0, pages - 1, Math.floor(pages / 2)])].sort((a, b) => a - b);
        const page = encodeSwapHeader({ version: 1, lastPage: pages, bad }, bytes);
        expect(page.length).toBe(bytes);
        expect(page.endsWith(SWAP_MAGIC)).toBe(true);
        expect(decodeSwapHeader(page, pages)).toEqual({ version: 1, lastPage: pages, bad });
      }),
    );
  });

  it('name what is wrong with a damaged one', () => {
    const good = encodeSwapHeader({ version: 1, lastPage: 64, bad: [] }, 1024);
    expect(decodeSwapHeader(`${good.slice(0, -1)}X`, 64)).toEqual({ error: expect.stringContaining('no swap signature') });
    expect(decodeSwapHeader(`\x02${good.slice(1)}`, 64)).toEqual({ error: 'swap header version 2, expected 1' });
    expect(decodeSwapHeader(good, 32)).toEqual({ error: 'the swap header says 64 pages, but the partition holds 32' });
    const wild = encodeSwapHeader({ version: 1, lastPage: 64, bad: [70] }, 1024);
    expect(decodeSwapHeader(wild, 64)).toEqual({ error: "the swap header's bad page 71 is outside 1..64" });
    expect(() => encodeSwapHeader({ version: 1, lastPage: 64, bad: Array.from({ length: 300 }, (_, i) => i) }, 512)).toThrow('too many bad pages');
    expect(decodePartitionTable('\0'.repeat(512))).toEqual({ error: 'no partition table (the 0x55AA signature is missing)' });
    expect(decodePartitionTable('\0'.repeat(100))).toEqual({ error: 'the block is 100 bytes, too small for a partition table' });
    expect(() => encodePartitionTable([], 256)).toThrow('at least 512 bytes');
  });
});
