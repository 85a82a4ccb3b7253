import { access, readByte, reclaim, sizes, VM_OOM, writeByte } from '../vm/mmu.ts';
import { describePte, protString } from '../vm/pte.ts';
import { builtSpaces, isPaged, mappedPages, sbrk, spaceView, tableFramesOf } from '../vm/space.ts';
import { REF_CAP, vmCounters } from '../vm/selectors.ts';
import type { PmapInfo, PmapPage, VmStatInfo, VmSyscall } from '../abi/vm.ts';
import { EFAULT, EINVAL, ENOMEM, ESRCH } from '../abi/errno.ts';
import { pushEvent } from '../base/events.ts';
import { type Outcome, SUSPEND, type SyscallHandler } from './outcome.ts';
import { block, IO_CHANNEL, wakeAll } from './sleep.ts';
import { sendSignal } from './signal-delivery.ts';
import { nextInt } from '../base/rng.ts';
import { appendLog } from '../base/ringlog.ts';
import type { Runtime } from './runtime.ts';
import { klog } from './klog.ts';
import { swapPartition } from './swap-disk.ts';
import { SIGKILL, SIGSEGV } from '../abi/signals.ts';
import type { KernelState, Proc } from './state.ts';
import type { Syscall } from '../abi/syscalls.ts';

/**
 * Virtual memory in the running kernel: each process gets an address space at spawn (a
 * copy-on-write copy of its parent's when spawned with `forkMemory`), loses it at exit,
 * and reaches memory through `touch`, one load or store. A fault that reads from or writes
 * to swap blocks the process for the disk's ticks, shown on the Gantt chart as I/O; the
 * access itself is made when the page arrives, so the load returns when the process wakes.
 * A fatal fault sends SIGSEGV. The swap daemon (`kswapd`, started at boot when the
 * watermarks are set) sleeps until free frames fall below the low one.
 */
/** Samples kept for the chart. */
const SAMPLE_CAP = 240;

const drawFrom = (s: KernelState) => (n: number) => nextInt(s.rng, n);

function sample(s: KernelState): void {
  const vm = s.vm;
  const last = vm.samples[vm.sampleSeq - 1];
  const rss: Record<number, number> = {};
  const byPid: Record<number, [number, number, number]> = {};
  for (const sp of builtSpaces(vm)) {
    if (sp.stats.rss > 0) rss[sp.pid] = sp.stats.rss;
    if (sp.stats.accesses > 0) byPid[sp.pid] = [sp.stats.minorFaults + sp.stats.majorFaults, sp.stats.tlbHits, sp.stats.tlbMisses];
  }
  const point = { tick: s.tick, faults: vm.stats.minorFaults + vm.stats.majorFaults, tlbHits: vm.tlb.hits, tlbMisses: vm.tlb.misses, rss, byPid };
  if (last && last.tick === s.tick) {
    vm.samples[vm.sampleSeq - 1] = point;
    return;
  }
  const seq = vm.sampleSeq++;
  vm.samples[seq] = point;
  delete vm.samples[seq - SAMPLE_CAP];
}

/** Notes a reference to `pid`'s page `vpn` in the session's reference string (VmState.refs). */
function noteReference(vm: KernelState['vm'], pid: number, vpn: number): void {
  const seq = vm.refSeq++;
  vm.refs[seq] = [pid, vpn];
  delete vm.refs[seq - REF_CAP];
}

export const KSWAPD_CHANNEL = 'kswapd';

/** What the kernel's accesses for a process came to: ticks of disk I/O, or a fatal code (VM_SEGV, VM_PROT, VM_OOM) at `va`. */
export interface PagedOutcome {
  cost: number;
  /** Whether a page was read back from swap (else the cost is writing a victim out). */
  swapIn: boolean;
  fatal: number;
  va: number;
}

/**
 * One access by `p` at `va` (its own load or store, or a store the kernel makes for it):
 * through the MMU, sampled for the chart, waking the swap daemon when free frames run low.
 * Returns the physical address in `pa` (negative when fatal) and the disk ticks it cost.
 */
export function accessFor(s: KernelState, p: Proc, va: number, kind: 'r' | 'w' | 'x'): PagedOutcome & { pa: number } {
  const vm = s.vm;
  vm.tick = s.tick;
  if (vm.last) vm.last.cost = 0; // a TLB hit leaves `last` alone when it is not recorded
  const pa = access(vm, p.pid, va, kind, drawFrom(s), swapPartition(s.fs, vm, () => `swap I/O for pid ${p.pid}'s page ${Math.floor(va / vm.config.pageSize)}`));
  sample(s);
  if (pa < 0) return { pa, cost: 0, swapIn: false, fatal: pa, va };
  if (isPaged(vm.config)) noteReference(vm, p.pid, Math.floor(va / vm.config.pageSize));
  if (vm.config.lowWater > 0 && vm.frames.freeCount < vm.config.lowWater) wakeAll(s, KSWAPD_CHANNEL);
  const cost = vm.last && vm.last.outcome !== 'hit' ? vm.last.cost : 0;
  return { pa, cost, swapIn: cost > 0 && vm.last?.outcome === 'major', fatal: 0, va };
}

/**
 * Ends a syscall whose accesses are made: a fatal one kills the process (SIGSEGV, or
 * SIGKILL when memory and swap are both full); disk I/O blocks it for that many ticks
 * (an I/O slice on the Gantt chart) and `result` is handed back when it wakes; otherwise
 * `result` returns at once.
 */
export function settlePaging(s: KernelState, rt: Runtime, p: Proc, paged: PagedOutcome, result: number, what: string): Outcome {
  if (paged.fatal < 0) {
    const why = paged.fatal === VM_OOM ? 'out of memory and swap' : `segmentation fault at 0x${paged.va.toString(16)}`;
    klog(s, 'error', p.pid, `pid ${p.pid} (${p.name}): ${why}`);
    sendSignal(s, rt, p, paged.fatal === VM_OOM ? SIGKILL : SIGSEGV, null);
    return p.state === 'running' ? -EFAULT : SUSPEND;
  }
  if (paged.cost === 0) return result;
  const kind = paged.swapIn ? 'swap-in' : 'writing a victim to swap';
  const why = `page fault: ${kind} (${paged.cost} ticks)${what ? `, ${what}` : ''}`;
  block(s, p, IO_CHANNEL, null, `blocked: ${why}`);
  pushEvent(s.events, { tick: s.tick + paged.cost, kind: 'fault', pid: p.pid, token: p.waitToken, result });
  if (s.trace.cap > 0) appendLog(s.trace, { pid: p.pid, name: p.name, cpu: -1, start: s.tick, end: s.tick + paged.cost, why, kind: 'io' });
  return SUSPEND;
}

function touch(s: KernelState, rt: Runtime, p: Proc, c: Extract<VmSyscall, { op: 'touch' }>): Outcome {
  if (!Number.isSafeInteger(c.addr)) return -EINVAL;
  // The access is made now, while the page is resident. Making it again after the disk's
  // wait could livelock: two processes sharing too few frames would each evict the page
  // the other is waiting for, and neither access would ever complete.
  const one = accessFor(s, p, c.addr, c.write ? 'w' : c.exec ? 'x' : 'r');
  let result = 0;
  if (one.fatal === 0) {
    if (c.write) writeByte(s.vm, one.pa, Number.isInteger(c.value) ? (c.value as number) : 0);
    else result = readByte(s.vm, one.pa);
  }
  return settlePaging(s, rt, p, one, result, '');
}

function kswapd(s: KernelState, p: Proc, c: Extract<VmSyscall, { op: 'kswapd' }>): Outcome {
  const vm = s.vm;
  if (vm.config.lowWater === 0 || vm.frames.freeCount >= vm.config.lowWater) {
    block(s, p, KSWAPD_CHANNEL, { ...c }, 'blocked: enough free frames');
    return SUSPEND;
  }
  vm.tick = s.tick;
  const before = vm.frames.freeCount;
  const cost = reclaim(vm, vm.config.highWater, drawFrom(s), swapPartition(s.fs, vm, () => 'kswapd writing pages to swap'));
  klog(s, 'sched', p.pid, `kswapd freed ${vm.frames.freeCount - before} frames (${before} free were below the low watermark ${vm.config.lowWater})`);
  if (cost === 0) {
    // Nothing could be written out (every page clean, or swap full): sleep until the next shortage.
    block(s, p, KSWAPD_CHANNEL, { ...c }, 'blocked: nothing to evict');
    return SUSPEND;
  }
  block(s, p, IO_CHANNEL, null, `blocked: writing ${cost / Math.max(1, vm.config.diskTicks)} pages to swap`);
  pushEvent(s.events, { tick: s.tick + cost, kind: 'io', pid: p.pid, token: p.waitToken });
  if (s.trace.cap > 0) appendLog(s.trace, { pid: p.pid, name: p.name, cpu: -1, start: s.tick, end: s.tick + cost, why: 'swap daemon writing pages out', kind: 'io' });
  return SUSPEND;
}

const vmstat = (s: KernelState): VmStatInfo => vmCounters(s.vm);


function pmap(s: KernelState, pid: number): PmapInfo | number {
  const vm = s.vm;
  const sp = spaceView(vm, pid); // a lazy space is reported as the fresh one it stands for
  if (!sp) return -ESRCH;
  const regions = Object.values(sp.regions).map((r) => ({ kind: r.kind, start: r.start, end: r.end, prot: protString(r.prot) }));
  const pages: PmapPage[] = [];
  if (isPaged(vm.config)) {
    for (const [vpn, pte] of mappedPages(vm, sp)) {
      const d = describePte(pte);
      const image = d.present && d.frame !== null ? vm.frames.image[d.frame] : null;
      const shared = image !== null && d.frame !== null ? { program: image, users: vm.frames.owners[d.frame].length } : null;
      pages.push({ vpn, state: d.present ? 'resident' : d.swapped ? 'swapped' : 'untouched', frame: d.frame, slot: d.slot, prot: d.prot, cow: d.cow, shared });
    }
  } else if (sp.placement) {
    for (const r of Object.values(sp.regions)) {
      const pl = sp.placement[r.kind];
      for (let v = r.start; v < r.end; v++) {
        const frame = r.kind === 'stack' && vm.config.scheme === 'segmentation' ? pl.frame + (v - r.start) : pl.frame + v - (vm.config.scheme === 'base-bounds' ? 0 : r.start);
        pages.push({ vpn: v, state: 'resident', frame, slot: null, prot: protString(r.prot), cow: false, shared: null });
      }
    }
  }
  const { vsz, rss } = sizes(vm, pid);
  const sharedRss = pages.filter((p) => p.shared !== null).length;
  return { pid, scheme: vm.config.scheme, pageSize: vm.config.pageSize, regions, pages, rss, sharedRss, image: sp.image, vsz, tableFrames: tableFramesOf(sp), ...pick(sp.stats) };
}

const pick = (st: { minorFaults: number; majorFaults: number; cowBreaks: number }) => ({ minorFaults: st.minorFaults, majorFaults: st.majorFaults, cowBreaks: st.cowBreaks });

type Handlers = { [K in VmSyscall['op']]: SyscallHandler<Extract<Syscall, { op: K }>> };

export const VM_SYSCALLS: Handlers = {
  touch,
  sbrk: (s, _rt, p, c) => {
    if (!Number.isSafeInteger(c.pages)) return -EINVAL;
    const r = sbrk(s.vm, p.pid, c.pages);
    return r < 0 ? -ENOMEM : r;
  },
  vmstat: (s) => vmstat(s),
  pmap: (s, _rt, p, c) => pmap(s, c.pid === 0 ? p.pid : c.pid),
  kswapd: (s, _rt, p, c) => kswapd(s, p, c),
};
