import { ENOMEM } from '../abi/errno.ts';
import { resolveVmConfig, type VmConfigInput } from '../vm/config.ts';
import { nextInt } from '../base/rng.ts';
import { access, pagerFrames, sizes } from '../vm/mmu.ts';
import { CODE_START, createSpace, createVm, destroySpace, forkSpace, isPaged, reserveSpace } from '../vm/space.ts';
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
 * Programs that run without a code image: OSTEP's abstract workloads (`job`, `cpu`) stand
 * for a process's CPU and I/O bursts, not for code, so the scheduling scenarios, their
 * answers and the benchmarks touch no memory; kswapd is a kernel thread, with no user code.
 */
const WITHOUT_IMAGE: readonly string[] = ['job', 'cpu', 'kswapd'];

/**
 * A new process's address space: a copy-on-write copy of its parent's when forked from a
 * parent whose space is built, else a fresh one (lazy under paging for a program without
 * an image, which may never use memory). -ENOMEM when a forked child's copies of its
 * parent's page tables find no frame (every frame holds a page table, or swap is full),
 * or base and bounds or segmentation find no room. A process that execs `program` maps the
 * program's shared code image and touches its entry page, as the first instruction it
 * runs would: its RSS counts the code from the start, and a second process running the
 * program maps the same frame. The entry page's fault does not wait for the disk (the
 * image is in the kernel); making room for it may write a victim to swap, whose time,
 * like a page table's at fork, is charged to nobody, since exec does not sleep here.
 */
export function vmSpawn(s: KernelState, parent: number | null, pid: number, fork: boolean, program: string): number {
  if (fork && parent !== null && s.vm.spaces[parent]) {
    return forkSpace(s.vm, parent, pid, kernelFrames(s, `swap I/O making room for pid ${pid}'s page tables`)) ? 0 : -ENOMEM;
  }
  if (!isPaged(s.vm.config) || WITHOUT_IMAGE.includes(program)) return reserveSpace(s.vm, pid) ? 0 : -ENOMEM;
  createSpace(s.vm, pid, program);
  s.vm.tick = s.tick;
  access(s.vm, pid, CODE_START * s.vm.config.pageSize, 'x', (n) => nextInt(s.rng, n), swapPartition(s.fs, s.vm, () => `swap I/O making room for ${program}'s code`));
  return 0;
}

export function vmExit(s: KernelState, p: Proc): void {
  destroySpace(s.vm, p.pid);
}

/** A context switch to `pid`: without ASIDs the TLB's entries belong to the last process, so they go. */
export function vmSwitch(s: KernelState, _pid: number): void {
  if (!s.vm.config.tlb.asids) tlbFlush(s.vm.tlb);
}

/** A process's virtual size and resident set in bytes, as ps reports them. */
export function vmSizes(s: KernelState, pid: number): { vsz: number; rss: number } {
  const { vsz, rss } = sizes(s.vm, pid);
  const ps = s.vm.config.pageSize;
  return { vsz: vsz * ps, rss: rss * ps };
}

