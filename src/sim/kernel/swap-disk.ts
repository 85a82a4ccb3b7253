import type { BlockDevice } from '../base/blockdev.ts';
import { decodePartitionTable, encodePartitionTable, PART_FS, PART_SWAP, PARTITION_BLOCK_MIN } from '../base/partition.ts';
import { beginTrace, diskRead, diskWrite } from '../fs/cache.ts';
import type { FsState } from '../fs/types.ts';
import { blocksPerSlot, decodeSwapHeader, disableSwap, encodeSwapHeader, SWAP_VERSION } from '../vm/swap.ts';
import type { VmState } from '../vm/types.ts';

/**
 * The disk's partitions: the file system from block 0, the swap partition after its last
 * block, and the partition table in the disk's last blocks.
 *
 *   | super | bitmaps | inodes | journal | data ... | swap: header | slot 0 | slot 1 | ... | table |
 *
 * The table is a PC's master boot record's (base/partition.ts): partition 1 is the file
 * system (type 0x83), partition 2 the swap area (0x82). It sits at the end because the
 * file system's superblock owns block 0 (a GPT disk keeps a copy of its table at the end
 * the same way). The swap area's first slot's worth of blocks is its header, as mkswap
 * writes it (vm/swap.ts: the version, the number of pages, the bad pages, the
 * SWAPSPACE2 magic); the pages follow it.
 *
 * A fresh disk comes partitioned and its swap area made, before the machine starts (the
 * device's counters, which the crash tests count writes by, start after). At every boot
 * the kernel reads the table and the header back and checks them: a missing or corrupt
 * one is logged and the machine runs without swap, as Linux's swapon refuses an area
 * without its signature. The file system's superblock describes only its own blocks, so
 * mount, fsck and the allocator never see the rest. The pager reads and writes the slots
 * through the BlockDevice interface, straight to the disk (swap never goes through the
 * buffer cache), and each transfer is traced as a disk operation, so the Files view shows
 * which blocks a swap-in or swap-out touched.
 */

/** The swap partition: its first block (the header's) and its length in blocks, header included. */
export function swapExtent(fs: FsState, vm: VmState): { start: number; blocks: number } {
  return { start: fs.layout.blocks, blocks: (vm.config.swapSlots + 1) * blocksPerSlot(vm.config.pageSize, fs.dev.blockSize) };
}

/** The blocks the partition table takes at the end of the disk: 512 bytes' worth. */
export function tableExtent(fs: FsState, vm: VmState): { start: number; blocks: number } {
  const { start, blocks } = swapExtent(fs, vm);
  return { start: start + blocks, blocks: Math.ceil(PARTITION_BLOCK_MIN / fs.dev.blockSize) };
}

/** `n` blocks from `start`, joined, straight from the device's store (at boot: nothing is traced or counted). */
function rawRead(fs: FsState, start: number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += fs.dev.blocks[start + i] ?? '\0'.repeat(fs.dev.blockSize);
  return out;
}

function rawWrite(fs: FsState, start: number, data: string): void {
  const bs = fs.dev.blockSize;
  for (let i = 0; i * bs < data.length; i++) fs.dev.blocks[start + i] = data.slice(i * bs, (i + 1) * bs).padEnd(bs, '\0');
}

/**
 * Boot: makes the device large enough for the file system, the swap partition and the
 * table; on a fresh disk writes the table and the swap header; then checks both. Returns
 * a warning for the log when the machine must run without swap, else null.
 */
export function attachSwap(fs: FsState, vm: VmState): string | null {
  const swap = swapExtent(fs, vm);
  const table = tableExtent(fs, vm);
  const bs = fs.dev.blockSize;
  const headerBytes = blocksPerSlot(vm.config.pageSize, bs) * bs;
  if (fs.dev.blockCount < table.start + table.blocks) fs.dev.blockCount = table.start + table.blocks;
  const blank = (start: number, n: number) => Array.from({ length: n }, (_, i) => fs.dev.blocks[start + i]).every((b) => b === undefined);
  if (blank(table.start, table.blocks) && blank(swap.start, headerBytes / bs)) {
    const parts = [
      { type: PART_FS, start: 0, blocks: fs.layout.blocks },
      { type: PART_SWAP, start: swap.start, blocks: swap.blocks },
    ];
    rawWrite(fs, table.start, encodePartitionTable(parts, Math.max(PARTITION_BLOCK_MIN, table.blocks * bs)));
    rawWrite(fs, swap.start, encodeSwapHeader({ version: SWAP_VERSION, lastPage: vm.config.swapSlots, bad: [] }, headerBytes));
  }
  const problem = checkSwap(fs, vm, swap, table, headerBytes);
  if (problem === null) return null;
  disableSwap(vm, problem);
  return `swap: ${problem}; running without swap`;
}

/** Reads the table and the header back; the problem that stops the kernel using them, or null (and the header is the pager's). */
function checkSwap(fs: FsState, vm: VmState, swap: { start: number; blocks: number }, table: { start: number; blocks: number }, headerBytes: number): string | null {
  const parts = decodePartitionTable(rawRead(fs, table.start, table.blocks));
  if ('error' in parts) return `the disk's partition table at block ${table.start} is unreadable: ${parts.error}`;
  const part = parts.find((p) => p.type === PART_SWAP);
  if (!part) return 'the partition table has no swap partition (type 0x82)';
  if (part.start !== swap.start || part.blocks !== swap.blocks) {
    return `the swap partition is blocks ${part.start}–${part.start + part.blocks - 1}, not the ${swap.start}–${swap.start + swap.blocks - 1} this machine's swap needs`;
  }
  const header = decodeSwapHeader(rawRead(fs, swap.start, headerBytes / fs.dev.blockSize), vm.config.swapSlots);
  if ('error' in header) return `the swap header at block ${swap.start} is corrupt: ${header.error}`;
  vm.swap.header = header;
  return null;
}

/**
 * The partition's slots as a block device for the pager (the header's blocks are not
 * its). `label` names the disk operation in the trace, begun at the first transfer (a
 * fault that neither evicts nor swaps in leaves the last file-system operation's trace
 * alone).
 */
export function swapPartition(fs: FsState, vm: VmState, label: () => string): BlockDevice {
  const bps = blocksPerSlot(vm.config.pageSize, fs.dev.blockSize);
  const start = swapExtent(fs, vm).start + bps;
  let traced = false;
  const trace = () => {
    if (traced) return;
    traced = true;
    beginTrace(fs, label());
  };
  return {
    blockSize: fs.dev.blockSize,
    blockCount: vm.config.swapSlots * bps,
    read: (b) => {
      trace();
      return diskRead(fs, start + b);
    },
    write: (b, data) => {
      trace();
      diskWrite(fs, start + b, data);
    },
  };
}
