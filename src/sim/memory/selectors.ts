import { ENOMEM, errnoName } from '../abi/errno.ts';
import type { ListOrder } from '../abi/heap.ts';
import { logItems } from '../base/ringlog.ts';
import { binBlocks } from './bin.ts';
import type { ReplayStep } from './replay.ts';
import type { TraceOp } from './trace.ts';
import type { Bin, HeapSample, HeapState } from './types.ts';

/**
 * Pure selectors that turn a HeapState into what the heap views draw: the arena as a
 * row of blocks, the free lists in list order, and the metric series for a chart. Views
 * keep no allocator logic of their own.
 */

/** One block of the arena map, in address order. */
export interface BlockView {
  addr: number;
  /** Bytes, header included. */
  size: number;
  free: boolean;
  owner: number | null;
  /** Header bytes (allocated blocks; a free block's header is part of its free bytes). */
  header: number;
  /** Bytes the owner asked for. */
  payload: number;
  /** Alignment padding and unsplit remainder inside an allocated block. */
  padding: number;
  /** For a free block: the label of its free list and its position there (0 = head). */
  freeList: string | null;
  freeIndex: number | null;
}

/** A free list, head first. */
export interface FreeListView {
  label: string;
  blocks: { addr: number; size: number }[];
}

const ORDER_NAMES: Record<ListOrder, string> = {
  addr: 'address order',
  'size-asc': 'size ascending',
  'size-desc': 'size descending',
  lifo: 'LIFO (insert at head)',
  fifo: 'FIFO (insert at tail)',
};

/** Every free list of the heap, labelled: one for the list design, one per class or block size otherwise. */
export function freeLists(heap: HeapState): FreeListView[] {
  const { design, order, classes } = heap.config;
  const view = (label: string, bin: Bin): FreeListView => ({
    label,
    blocks: binBlocks(heap.blocks, bin).map((b) => ({ addr: b.addr, size: b.size })),
  });
  if (design === 'list') return [view(`free list, ${ORDER_NAMES[order]}`, heap.list)];
  const out: FreeListView[] = [];
  for (const key of Object.keys(heap.bins).map(Number)) {
    out.push(view(design === 'buddy' ? `${key} B blocks` : classLabel(classes, key), heap.bins[key]));
  }
  return out;
}

function classLabel(classes: number[], c: number): string {
  if (c === classes.length) return `> ${classes[c - 1] ?? 0} B`;
  return c === 0 ? `<= ${classes[0]} B` : `${classes[c - 1] + 1}-${classes[c]} B`;
}

/** The arena in address order, each block with its parts and its free-list position. */
export function heapBlocks(heap: HeapState): BlockView[] {
  const where = new Map<number, { label: string; index: number }>();
  for (const list of freeLists(heap)) {
    list.blocks.forEach((b, index) => {
      where.set(b.addr, { label: list.label, index });
    });
  }
  const { base, size, headerSize } = heap.config;
  const out: BlockView[] = [];
  for (let addr = base; addr < base + size; ) {
    const b = heap.blocks[addr];
    if (!b || b.size <= 0) break;
    const at = b.free ? where.get(addr) : undefined;
    out.push({
      addr,
      size: b.size,
      free: b.free,
      owner: b.owner,
      header: b.free ? 0 : headerSize,
      payload: b.request,
      padding: b.free ? 0 : b.size - headerSize - b.request,
      freeList: at?.label ?? null,
      freeIndex: at?.index ?? null,
    });
    addr += b.size;
  }
  return out;
}

/** Zero-byte allocations of a header-less heap: they have an address but no extent. */
export function emptyAllocations(heap: HeapState): { addr: number; owner: number }[] {
  return Object.entries(heap.empty).map(([addr, e]) => ({ addr: Number(addr), owner: e.owner }));
}

/** Bytes and blocks held per owner, largest holder first (for a legend). */
export function usageByOwner(heap: HeapState): { owner: number; blocks: number; bytes: number; payload: number }[] {
  const by = new Map<number, { owner: number; blocks: number; bytes: number; payload: number }>();
  for (const key in heap.blocks) {
    const b = heap.blocks[key];
    if (b.free || b.owner === null) continue;
    const row = by.get(b.owner) ?? { owner: b.owner, blocks: 0, bytes: 0, payload: 0 };
    row.blocks++;
    row.bytes += b.size;
    row.payload += b.request;
    by.set(b.owner, row);
  }
  return [...by.values()].sort((a, b) => b.bytes - a.bytes || a.owner - b.owner);
}

/** The heap's retained metric samples, oldest first (the fragmentation chart). */
export function metricsHistory(heap: HeapState): HeapSample[] {
  return logItems(heap.history);
}

/** One point per replayed step, for charting a trace replay. */
export interface ReplayPoint {
  index: number;
  inUse: number;
  freeBytes: number;
  largestFree: number;
  externalFragmentation: number;
  searched: number;
}

export function replaySeries(steps: readonly ReplayStep[]): ReplayPoint[] {
  return steps.map((s) => ({
    index: s.index,
    inUse: s.metrics.inUse,
    freeBytes: s.metrics.freeBytes,
    largestFree: s.metrics.largestFree,
    externalFragmentation: s.metrics.externalFragmentation,
    searched: s.searched,
  }));
}

/** A trace operation as a call, the way a replay prints it: "ptr[0] = malloc(40)". */
export function opLabel(op: TraceOp): string {
  if (op.kind === 'alloc') return `ptr[${op.id}] = malloc(${op.size})`;
  if (op.kind === 'free') return `free(ptr[${op.id}])`;
  return `ptr[${op.id}] = realloc(ptr[${op.id}], ${op.size})`;
}

/** One operation of a trace that a program replays through the heap, with what became of it. */
export interface TraceStepView {
  index: number;
  label: string;
  /**
   * done: the heap's history holds its call; skipped: a free of a pointer never allocated
   * (no call is made); pending: not reached yet; unknown: reached, but its sample has left
   * the history.
   */
  status: 'done' | 'skipped' | 'pending' | 'unknown';
  /** "returned 4104, searched 3", "failed: ENOMEM, searched 5", "returned 0", or why it was skipped. */
  result: string;
  ok: boolean;
  /** The block it returned or freed, or null. */
  addr: number | null;
}

/**
 * Lines a trace up with the calls one owner made, as the memtrace program replays it: one
 * malloc, free or realloc per operation, in order, except a free of a pointer that was
 * never allocated, which is skipped, and a realloc of one, which is a malloc. The samples'
 * per-owner call numbers place each call even when older samples have left the history.
 * Pointers are reported as the block address plus `pointerOffset` (the header size, for
 * the payload pointers a program sees). `finished`: the owner has ended, so nothing is pending.
 */
export function traceSteps(
  ops: readonly TraceOp[],
  samples: readonly HeapSample[],
  owner: number,
  opts: { pointerOffset: number; finished: boolean },
): { steps: TraceStepView[]; current: number | null } {
  const mine = new Map<number, HeapSample>();
  let lastCall = 0;
  for (const s of samples) {
    if (s.owner !== owner || s.call === 0) continue;
    mine.set(s.call, s);
    lastCall = Math.max(lastCall, s.call);
  }
  const ptrs = new Map<number, number | null>(); // pointer id -> block address (null: allocated, address unknown)
  const steps: TraceStepView[] = [];
  let call = 0;
  let reached = -1; // index of the last operation known to have run
  const at = (addr: number | null) => (addr === null ? '?' : String(addr + opts.pointerOffset));
  for (let index = 0; index < ops.length; index++) {
    const op = ops[index];
    const label = opLabel(op);
    if (op.kind === 'free' && !ptrs.has(op.id)) {
      steps.push({ index, label, status: 'skipped', result: `skipped: ptr[${op.id}] was never allocated`, ok: false, addr: null });
      continue;
    }
    const s = mine.get(++call);
    if (!s) {
      const gone = call < lastCall || opts.finished;
      steps.push({ index, label, status: gone ? 'unknown' : 'pending', result: gone ? 'result no longer in the heap history' : '', ok: gone, addr: null });
      if (!gone) continue;
      reached = index;
      if (op.kind === 'free') ptrs.delete(op.id);
      else if (!ptrs.has(op.id)) ptrs.set(op.id, null);
      continue;
    }
    reached = index;
    if (op.kind === 'free') {
      ptrs.delete(op.id);
      steps.push({ index, label, status: 'done', result: 'returned 0', ok: true, addr: s.addr });
      continue;
    }
    if (!s.ok) {
      steps.push({ index, label, status: 'done', result: `failed: ${errnoName(-ENOMEM)}, searched ${s.searched}`, ok: false, addr: null });
      continue;
    }
    const old = ptrs.get(op.id);
    const how = s.op === 'realloc' ? (old === s.addr ? ', in place' : ', moved') : '';
    ptrs.set(op.id, s.addr);
    steps.push({ index, label, status: 'done', result: `returned ${at(s.addr)}, searched ${s.searched}${how}`, ok: true, addr: s.addr });
  }
  // A skipped free has run once anything after it has, or the owner has ended.
  const end = opts.finished ? ops.length - 1 : reached;
  for (const st of steps) if (st.status === 'skipped' && st.index > end) st.status = 'pending';
  for (const st of steps) if (st.status === 'pending' && st.index <= end) st.status = 'unknown';
  return { steps, current: end >= 0 ? end : null };
}

/** A block a process still held when it ended, reclaimed by the kernel. */
export interface LeakView {
  addr: number;
  size: number;
  pid: number;
  name: string;
  tick: number;
}

/**
 * The leaked-and-reclaimed blocks that are still free (not handed out again since), for
 * the heap map to mark. `leaks` carry payload pointers; `pointerOffset` is the header size.
 * The newest record wins where two cover the same bytes.
 */
export function reclaimedLeaks(
  blocks: readonly BlockView[],
  leaks: readonly { ptr: number; blockSize: number; pid: number; name: string; tick: number }[],
  pointerOffset: number,
): LeakView[] {
  const starts = blocks.map((b) => b.addr);
  const out: LeakView[] = [];
  for (let i = leaks.length - 1; i >= 0; i--) {
    const l = leaks[i];
    const addr = l.ptr - pointerOffset;
    const size = l.blockSize;
    if (size <= 0) continue;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= addr) lo = mid;
      else hi = mid - 1;
    }
    const b = blocks[lo];
    if (!b?.free || b.addr > addr || addr + size > b.addr + b.size) continue;
    if (out.some((o) => o.addr < addr + size && addr < o.addr + o.size)) continue;
    out.push({ addr, size, pid: l.pid, name: l.name, tick: l.tick });
  }
  return out.sort((a, b) => a.addr - b.addr);
}

/** One point of the fragmentation chart: the heap after one call. */
export interface HistoryPoint {
  seq: number;
  op: HeapSample['op'];
  owner: number | null;
  inUse: number;
  freeBytes: number;
  largestFree: number;
  /** 1 - largest free block / free bytes, as heapMetrics computes it. */
  externalFragmentation: number;
  searched: number;
}

export function historySeries(samples: readonly HeapSample[]): HistoryPoint[] {
  return samples.map((s) => ({
    seq: s.seq,
    op: s.op,
    owner: s.owner,
    inUse: s.inUse,
    freeBytes: s.freeBytes,
    largestFree: s.largestFree,
    externalFragmentation: s.freeBytes === 0 ? 0 : 1 - s.largestFree / s.freeBytes,
    searched: s.searched,
  }));
}
