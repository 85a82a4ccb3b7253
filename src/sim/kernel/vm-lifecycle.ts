import { ENOMEM } from '../abi/errno.ts';
import { resolveVmConfig, type VmConfigInput } from '../vm/config.ts';
import { sizes } from '../vm/mmu.ts';
import { createSpace, createVm, destroySpace, forkSpace } from '../vm/space.ts';
import { tlbFlush } from '../vm/tlb.ts';
import type { VmState } from '../vm/types.ts';
import type { KernelState, Proc } from './state.ts';

/**
 * An address space's life in the kernel: made at boot and at spawn, switched to at a
 * context switch, destroyed at exit. None of it sleeps or signals, so process creation
 * and exit reach it without reaching the memory syscalls (vm-syscalls.ts).
 */

/** The machine's virtual memory from the configuration; a bad one boots the default and says why. */
export function createKernelVm(config: VmConfigInput | undefined): { vm: VmState; problem: string | null } {
  const c = resolveVmConfig(config);
  if (!('error' in c)) return { vm: createVm(c), problem: null };
  return { vm: createVm(resolveVmConfig({}) as never), problem: `the virtual-memory configuration is invalid (${c.error}); booted with the default` };
}

/** A new process's address space; -ENOMEM when base and bounds or segmentation find no room. */
export function vmSpawn(s: KernelState, parent: number | null, pid: number, fork: boolean): number {
  const ok = fork && parent !== null && s.vm.spaces[parent] ? forkSpace(s.vm, parent, pid) : createSpace(s.vm, pid);
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

