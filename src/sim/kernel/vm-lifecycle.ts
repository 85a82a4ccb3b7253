import { ENOMEM } from '../abi/errno.ts';
import { resolveVmConfig, type VmConfigInput } from '../vm/config.ts';
import { nextInt } from '../base/rng.ts';
import { pagerFrames, sizes } from '../vm/mmu.ts';
import { createVm, destroySpace, forkSpace, reserveSpace } from '../vm/space.ts';
import { tlbFlush } from '../vm/tlb.ts';
import type { VmState } from '../vm/types.ts';
import type { KernelState, Proc } from './state.ts';
import { swapPartition } from './swap-disk.ts';

/**
 * An address space's life in the kernel: reserved at spawn (under paging it is built only
 * when the process first uses memory: space.ts, reserveSpace), switched to at a context
 * switch, destroyed at exit. None of it sleeps or signals, so process creation
 * and exit reach it without reaching the memory syscalls (vm-syscalls.ts).
 */

/** The machine's virtual memory from the configuration; a bad one boots the default and says why. */
export function createKernelVm(config: VmConfigInput | undefined): { vm: VmState; problem: string | null } {
  const c = resolveVmConfig(config);
  if (!('error' in c)) return { vm: createVm(c), problem: null };
  return { vm: createVm(resolveVmConfig({}) as never), problem: `the virtual-memory configuration is invalid (${c.error}); booted with the default` };
}

/**
 * Where the kernel's page tables get their frames: a free one, else one the pager frees by
 * evicting a page (written to the swap partition if it must be).
 */
function kernelFrames(s: KernelState, why: string) {
  return pagerFrames(s.vm, (n) => nextInt(s.rng, n), swapPartition(s.fs, s.vm, () => why));
}

/**
 * A new process's address space: a copy-on-write copy of its parent's when forked from a
 * parent whose space is built, else a fresh one (lazy under paging). -ENOMEM when a forked
 * child's copies of its parent's page tables find no frame (every frame holds a page
 * table, or swap is full), or base and bounds or segmentation find no room.
 */
export function vmSpawn(s: KernelState, parent: number | null, pid: number, fork: boolean): number {
  const ok =
    fork && parent !== null && s.vm.spaces[parent]
      ? forkSpace(s.vm, parent, pid, kernelFrames(s, `swap I/O making room for pid ${pid}'s page tables`))
      : reserveSpace(s.vm, pid);
  return ok ? 0 : -ENOMEM;
}

export function vmExit(s: KernelState, p: Proc): void {
  destroySpace(s.vm, p.pid);
}

/** A context switch to `pid`: without ASIDs the TLB's entries belong to the last process, so they go. */
export function vmSwitch(s: KernelState, _pid: number): void {
  if (!s.vm.config.tlb.asids) tlbFlush(s.vm.tlb);
}

export function vmSizes(s: KernelState, pid: number): { vsz: number; rss: number } {
  const { vsz, rss } = sizes(s.vm, pid);
  const kb = s.vm.config.pageSize / 1024;
  return { vsz: vsz * kb, rss: rss * kb };
}

