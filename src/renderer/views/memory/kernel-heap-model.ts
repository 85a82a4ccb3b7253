import type { HeapMetrics } from '../../../sim/abi/heap.ts';
import { logItems, type RingLog } from '../../../sim/base/ringlog.ts';
import type { LeakRecord } from '../../../sim/kernel/heap-syscalls.ts';
import type { ExitRecord, Proc } from '../../../sim/kernel/state.ts';
import { heapMetrics } from '../../../sim/memory/metrics.ts';
import {
  type BlockView,
  type FreeListView,
  freeLists,
  type HistoryPoint,
  heapBlocks,
  type LeakView,
  historySeries,
  metricsHistory,
  reclaimedLeaks,
  traceSteps,
  usageByOwner,
} from '../../../sim/memory/selectors.ts';
import { formatOstepOps, parseTrace, type TraceOp } from '../../../sim/memory/trace.ts';
import type { HeapSample, HeapState } from '../../../sim/memory/types.ts';
import { pidColor } from '../../theme/theme.ts';
import { addr, bytes } from './format.ts';
import type { MapBlock, MapMark } from './paint-heap.ts';

/**
 * The Memory tab's view models, as pure selectors from the mirrored kernel state: what the
 * heap map, its legend and figures, the free lists and the history chart show (one model,
 * rebuilt when the heap changes), and which memtrace run the trace panel follows and its
 * steps. The component only picks the inputs from the store and draws.
 */

export type KernelBlock = BlockView & MapBlock;

export interface HeapViewModel {
  blocks: KernelBlock[];
  marks: MapMark[];
  leaks: LeakView[];
  lists: FreeListView[];
  metrics: HeapMetrics;
  owners: ReturnType<typeof usageByOwner>;
  series: HistoryPoint[];
}

/** Everything the heap map, legend, figures, free lists and chart show. */
export function heapViewModel(heap: HeapState, leakLog: RingLog<LeakRecord> | undefined): HeapViewModel {
  const blocks = heapBlocks(heap).map((b) => ({ ...b, color: b.owner === null ? '' : pidColor(b.owner) }));
  const leaks = leakLog ? reclaimedLeaks(blocks, logItems(leakLog), heap.config.headerSize) : [];
  return {
    blocks,
    leaks,
    marks: leaks.map((l) => ({ addr: l.addr, size: l.size, color: pidColor(l.pid) })),
    lists: freeLists(heap),
    metrics: heapMetrics(heap),
    owners: usageByOwner(heap),
    series: historySeries(metricsHistory(heap)),
  };
}

/** A memtrace process, live or ended. */
export interface MemtraceRun {
  pid: number;
  argv: string[];
  finished: boolean;
  /** The tick it exited, once it has. */
  exitTick: number | null;
}

/** memtrace processes, live or ended, newest first. */
export function memtraceRuns(procs: Record<number, Proc> | undefined, exited: RingLog<ExitRecord> | undefined): MemtraceRun[] {
  const out: MemtraceRun[] = [];
  for (const p of Object.values(procs ?? {})) {
    if (p.name === 'memtrace') out.push({ pid: p.pid, argv: p.argv, finished: p.state === 'zombie', exitTick: p.state === 'zombie' ? p.acct.finish : null });
  }
  for (const e of exited ? logItems(exited) : []) {
    if (e.name === 'memtrace' && !out.some((r) => r.pid === e.pid)) out.push({ pid: e.pid, argv: e.argv, finished: true, exitTick: e.finish });
  }
  return out.sort((a, b) => b.pid - a.pid);
}

/** The run the trace panel follows: the selected process, the one last started here, a live one, or the newest. */
export function followedRun(runs: readonly MemtraceRun[], selected: number | null, started: number | null): MemtraceRun | null {
  return runs.find((r) => r.pid === selected) ?? runs.find((r) => r.pid === started) ?? runs.find((r) => !r.finished) ?? runs[0] ?? null;
}

/**
 * The tick that shows the heap after an ended run's last operation. memtrace spends one
 * tick of CPU after its last operation before it frees what it holds (or the kernel
 * reclaims it) and exits, so the tick before its exit still has the trace's holes.
 */
export function lastStepTick(run: MemtraceRun | null): number | null {
  return run?.finished && run.exitTick !== null && run.exitTick > 0 ? run.exitTick - 1 : null;
}

/**
 * What the trace loader should hold to show the trace a run ran: null when it already holds
 * it; otherwise the example trace with the same operations, or the run's own operations
 * under a source that names the run (so the Trace menu never names a trace that did not run).
 */
export function loaderForRun<T extends { source: string; text: string }>(loader: T, run: MemtraceRun, ops: readonly TraceOp[], examples: readonly { name: string; text: string }[]): T | null {
  const same = (text: string) => {
    const parsed = parseTrace(text);
    return !('error' in parsed) && JSON.stringify(parsed.ops) === JSON.stringify(ops);
  };
  if (same(loader.text)) return null;
  const example = examples.find((e) => same(e.text));
  if (example) return { ...loader, source: example.name, text: example.text };
  const ostep = formatOstepOps(ops);
  const body =
    typeof ostep === 'string'
      ? ostep
      : ops.map((op) => (op.kind === 'free' ? `f ${op.id}` : `${op.kind === 'alloc' ? 'a' : 'r'} ${op.id} ${op.size}`)).join('\n');
  return { ...loader, source: runSource(run.pid), text: `# the trace memtrace (pid ${run.pid}) ran\n${body}\n` };
}

/** The Trace menu's entry for the trace a run ran. */
export function runSource(pid: number): string {
  return `run:${pid}`;
}

/** A run's trace, step by step, with the step the heap's history says it is at now. */
export function runSteps(history: RingLog<HeapSample>, headerSize: number, pid: number, finished: boolean, ops: readonly TraceOp[]) {
  return traceSteps(ops, logItems(history), pid, { pointerOffset: headerSize, finished });
}

/** The name of a process, live or ended. */
export function processName(pid: number, procs: Record<number, Proc> | undefined, exited: RingLog<ExitRecord> | undefined): string {
  const live = procs?.[pid]?.name;
  if (live) return live;
  return (exited ? logItems(exited) : []).find((e) => e.pid === pid)?.name ?? '?';
}

/** The allocator's settings in one line, for the map's header. */
export function configLine(heap: HeapState): string {
  const c = heap.config;
  const how = c.design === 'list' ? `${c.policy} fit, ${c.order === 'addr' ? 'address' : c.order} order` : c.design === 'buddy' ? 'buddy system' : 'segregated fits';
  return `${how} · ${c.coalesce === 'none' ? 'no' : c.coalesce} coalescing · ${bytes(c.size)} at ${addr(c.base, c.base)} · ${c.headerSize} B headers · ${c.align}-byte alignment`;
}

/** What the status line says about the block under the pointer. */
export function describeBlock(b: KernelBlock, base: number, nameOf: (pid: number) => string, leaks: readonly LeakView[]): string {
  const range = `${addr(b.addr, base)}–${addr(b.addr + b.size - 1, base)}`;
  if (b.free) {
    const where = b.freeList === null ? 'on no free list' : `#${b.freeIndex} in the ${b.freeList.startsWith('free list') ? b.freeList : `${b.freeList} list`}`;
    const leak = leaks.find((l) => l.addr >= b.addr && l.addr < b.addr + b.size);
    const leaked = leak ? ` · ${leak.size} B here leaked by pid ${leak.pid} (${leak.name}), reclaimed at its exit (tick ${leak.tick})` : '';
    return `${range} · free, ${b.size} B · ${where}${leaked}`;
  }
  const owner = b.owner === null ? 'no owner' : `pid ${b.owner} (${nameOf(b.owner)})`;
  return `${range} · ${b.size} B = ${b.header} header + ${b.payload} payload + ${b.padding} padding · ${owner} · pointer ${addr(b.addr + b.header, base)}`;
}
