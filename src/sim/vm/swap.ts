import { type BlockDevice, recordDevice } from '../base/blockdev.ts';
import { le32, readLe32 } from '../base/partition.ts';
import type { SwapHeader, VmState } from './types.ts';

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

/**
 * Whether block `rel` of a swap partition (counted from its first block, the header's)
 * with `blockSize`-byte blocks is in use: the header, a slot some address space still
 * names, or the partition table after the last slot.
 */
export function swapBlockInUse(vm: VmState, blockSize: number, rel: number): boolean {
  const slot = Math.floor(rel / blocksPerSlot(vm.config.pageSize, blockSize)) - 1;
  if (slot < 0 || slot >= vm.config.swapSlots) return true;
  return (vm.swap.refs[slot] ?? 0) > 0;
}

/** A slot no page-table entry names and the header does not list as bad, or -1. */
export function freeSlot(vm: VmState): number {
  const { refs, header } = vm.swap;
  if (!header || header.bad.length === 0) return refs.indexOf(0);
  for (let s = 0; s < refs.length; s++) if (refs[s] === 0 && !header.bad.includes(s)) return s;
  return -1;
}

/** Takes the swap area away: no slot is left to write a page to. Pages already out would be lost, so only at boot. */
export function disableSwap(vm: VmState, problem: string): void {
  vm.swap.refs = [];
  vm.swap.owner = [];
  vm.swap.vpn = [];
  vm.swap.header = null;
  vm.swap.problem = problem;
}

// ---- the header: the swap area's first page, as Linux's mkswap writes it ----

/**
 * The magic mkswap ends the header page with. Before it, from byte 0: the version (1),
 * last_page (pages after the header), nr_badpages, then the bad pages' numbers, each a
 * 32-bit little-endian word; bad pages count from the header, page 0, as Linux's do.
 */
export const SWAP_MAGIC = 'SWAPSPACE2';
export const SWAP_VERSION = 1;

/** The header's bytes, `bytes` long (a slot's worth of blocks). */
export function encodeSwapHeader(h: SwapHeader, bytes: number): string {
  let out = le32(h.version) + le32(h.lastPage) + le32(h.bad.length);
  for (const s of h.bad) out += le32(s + 1);
  if (out.length + SWAP_MAGIC.length > bytes) throw new Error('too many bad pages for the swap header');
  return out + '\0'.repeat(bytes - out.length - SWAP_MAGIC.length) + SWAP_MAGIC;
}

/** The header in `page`, checked against the `slots` the partition has room for; an error names what is wrong. */
export function decodeSwapHeader(page: string, slots: number): SwapHeader | { error: string } {
  if (page.slice(-SWAP_MAGIC.length) !== SWAP_MAGIC) return { error: `no swap signature (${SWAP_MAGIC} is missing from the end of its first page)` };
  const version = readLe32(page, 0);
  if (version !== SWAP_VERSION) return { error: `swap header version ${version}, expected ${SWAP_VERSION}` };
  const lastPage = readLe32(page, 4);
  if (lastPage !== slots) return { error: `the swap header says ${lastPage} pages, but the partition holds ${slots}` };
  const n = readLe32(page, 8);
  if (12 + 4 * n + SWAP_MAGIC.length > page.length) return { error: `the swap header lists ${n} bad pages, more than fit in it` };
  const bad: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = readLe32(page, 12 + 4 * i);
    if (p < 1 || p > lastPage) return { error: `the swap header's bad page ${p} is outside 1..${lastPage}` };
    bad.push(p - 1);
  }
  return { version, lastPage, bad };
}
