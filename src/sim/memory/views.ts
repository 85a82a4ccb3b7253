import { logItems } from '../kernel/ringlog.ts';
import { binBlocks } from './bin.ts';
import type { ReplayStep } from './replay.ts';
import type { Bin, HeapSample, HeapState, ListOrder } from './types.ts';

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
