import type { BlockDevice } from '../base/blockdev.ts';
import { beginTrace, diskRead, diskWrite } from '../fs/cache.ts';
import type { FsState } from '../fs/types.ts';
import { blocksPerSlot } from '../vm/swap.ts';
import type { VmState } from '../vm/types.ts';

/**
 * The swap partition: the blocks of the simulated disk after the file system's last one.
 *
 *   | super | bitmaps | inode table | journal | data ... | swap: slot 0 | slot 1 | ... |
 *
 * The file system's superblock describes only its own blocks, so mount, fsck and the
 * allocator never see the partition (fsck counts none of it as leaked); it exists because
 * the device is larger. At boot the kernel makes the device large enough for the
 * configured slots, a page taking `blocksPerSlot` blocks. The pager reads and writes the
 * partition through the BlockDevice interface, straight to the disk (swap never goes
 * through the buffer cache), and each transfer is traced as a disk operation, so the
 * Files view shows which blocks a swap-in or swap-out touched.
 */

/** First block of the partition and its length in blocks. */
export function swapExtent(fs: FsState, vm: VmState): { start: number; blocks: number } {
  return { start: fs.layout.blocks, blocks: vm.swap.refs.length * blocksPerSlot(vm.config.pageSize, fs.dev.blockSize) };
}

/** Grows the device, if it must, to hold the file system and then the swap partition. */
export function attachSwap(fs: FsState, vm: VmState): void {
  const { start, blocks } = swapExtent(fs, vm);
  if (fs.dev.blockCount < start + blocks) fs.dev.blockCount = start + blocks;
}

/**
 * The partition as a block device for the pager. `label` names the disk operation in the
 * trace, begun at the first transfer (a fault that neither evicts nor swaps in leaves the
 * last file-system operation's trace alone).
 */
export function swapPartition(fs: FsState, vm: VmState, label: () => string): BlockDevice {
  const { start, blocks } = swapExtent(fs, vm);
  let traced = false;
  const trace = () => {
    if (traced) return;
    traced = true;
    beginTrace(fs, label());
  };
  return {
    blockSize: fs.dev.blockSize,
    blockCount: blocks,
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
