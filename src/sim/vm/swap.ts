import { type BlockDevice, recordDevice } from '../base/blockdev.ts';
import type { VmState } from './types.ts';

/**
 * The swap area's I/O. The pager keeps the slots' bookkeeping (references, owner, page)
 * in its state and the pages' bytes on a block device: slot s is the run of
 * `blocksPerSlot` blocks starting at s * blocksPerSlot. The kernel hands the pager its
 * disk's swap partition; without one (OSTEP's problems, the benchmarks, the tests of the
 * pager alone) the bytes live in a RAM disk inside the pager's state.
 */

/** Blocks one page takes on a device with `blockSize`-byte blocks. */
export const blocksPerSlot = (pageSize: number, blockSize: number): number => Math.max(1, Math.ceil(pageSize / blockSize));

/** The device `dev`, or the pager's own RAM disk when none is attached. */
export function swapDevice(vm: VmState, dev: BlockDevice | undefined): BlockDevice {
  return dev ?? recordDevice(vm.swap.ram, vm.config.pageSize, vm.swap.refs.length);
}

/** Writes page `data` (null = all zeros) to `slot`. */
export function writeSlot(vm: VmState, dev: BlockDevice, slot: number, data: string | null): void {
  const ps = vm.config.pageSize;
  const bs = dev.blockSize;
  const n = blocksPerSlot(ps, bs);
  const page = data ?? '';
  for (let i = 0; i < n; i++) dev.write(slot * n + i, page.slice(i * bs, (i + 1) * bs).padEnd(bs, '\0'));
}

/** Reads the page in `slot` (null when it is all zeros, as a frame's data is). */
export function readSlot(vm: VmState, dev: BlockDevice, slot: number): string | null {
  const ps = vm.config.pageSize;
  const n = blocksPerSlot(ps, dev.blockSize);
  let page = '';
  for (let i = 0; i < n; i++) page += dev.read(slot * n + i);
  page = page.slice(0, ps);
  return /^\0*$/.test(page) ? null : page;
}

/** Whether block `rel` of a swap device with `blockSize`-byte blocks holds a page some address space still names. */
export function swapBlockInUse(vm: VmState, blockSize: number, rel: number): boolean {
  return (vm.swap.refs[Math.floor(rel / blocksPerSlot(vm.config.pageSize, blockSize))] ?? 0) > 0;
}
