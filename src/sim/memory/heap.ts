import { EINVAL, ENOMEM } from '../abi/errno.ts';
import { appendLog, createRingLog } from '../base/ringlog.ts';
import { newBlock } from './arena.ts';
import { blockSizeFor, resolveHeapConfig } from './config.ts';
import { ENGINES, type Engine } from './engines.ts';
import { emptyFreeList, zeroKey } from './list-index.ts';
import type { HeapConfig, HeapCounters, HeapOpKind, HeapState } from './types.ts';

/**
 * The allocator's public operations. They work the same for every design and return
 * values, never throw: an address (>= 0) or a negative errno. Addresses are block
 * (header) addresses, as malloc.py reports them; a program's pointer is the address
 * plus the header size (see payloadOf).
 */

const engineOf = (heap: HeapState): Engine => ENGINES[heap.config.design];
const isByteCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

function zeroCounters(): HeapCounters {
  return {
    allocs: 0,
    frees: 0,
    reallocs: 0,
    failed: 0,
    searched: 0,
    lastSearched: 0,
    splits: 0,
    merges: 0,
    allocated: 0,
    payload: 0,
    padding: 0,
    freeBytes: 0,
    freeBlocks: 0,
    peakPayload: 0,
  };
}

/** A new, empty heap, or an error naming the bad configuration field. */
export function createHeap(partial: Partial<HeapConfig> = {}): HeapState | { error: string } {
  const config = resolveHeapConfig(partial);
  if ('error' in config) return config;
  const heap: HeapState = {
    config,
    blocks: {},
    empty: {},
    list: emptyFreeList(),
    bins: {},
    stats: zeroCounters(),
    history: createRingLog(config.historyCap),
    calls: {},
  };
  engineOf(heap).init(heap);
  return heap;
}

/** The pointer a program gets for the block at `addr`: the first payload byte. */
export function payloadOf(heap: HeapState, addr: number): number {
  return addr + heap.config.headerSize;
}

/** The owner of the live allocation at `addr`, or null if there is none. */
export function ownerOf(heap: HeapState, addr: number): number | null {
  const empty = heap.empty[addr];
  if (empty) return empty.owner;
  const b = heap.blocks[addr];
  return b && !b.free && b.addr === addr ? b.owner : null;
}

/**
 * Allocates `size` payload bytes for `owner`. Returns the block's address, -ENOMEM when
 * no free block is large enough, or -EINVAL for a size that is not a byte count.
 */
export function malloc(heap: HeapState, size: number, owner: number): number {
  if (!isByteCount(size)) return -EINVAL;
  heap.stats.allocs++;
  const addr = allocate(heap, size, owner);
  if (addr < 0) heap.stats.failed++;
  sample(heap, 'malloc', addr >= 0, owner, size, addr >= 0 ? addr : null);
  return addr;
}

/**
 * Frees the block at `addr`. A bad pointer or a double free returns -EINVAL and changes
 * nothing at all (not even a counter), so a refused free leaves no trace in the state.
 */
export function free(heap: HeapState, addr: number): number {
  const owner = ownerOf(heap, addr);
  const size = heap.empty[addr] ? 0 : (heap.blocks[addr]?.request ?? 0);
  const result = release(heap, addr);
  if (result < 0) return result;
  heap.stats.frees++;
  heap.stats.lastSearched = 0;
  sample(heap, 'free', true, owner, size, addr);
  return 0;
}

/**
 * Resizes the allocation at `addr` to `size` bytes. It stays in place when it can: a
 * shrink frees the tail, a growth takes room from a free block just above. Otherwise a
 * new block is allocated for the same owner and the old one freed. Returns the new
 * address; on -ENOMEM the old block is untouched, as realloc(3) leaves it.
 */
export function realloc(heap: HeapState, addr: number, size: number): number {
  if (!isByteCount(size)) return -EINVAL;
  const owner = ownerOf(heap, addr);
  const result = resize(heap, addr, size);
  if (result === -EINVAL) return result;
  heap.stats.reallocs++;
  if (result < 0) heap.stats.failed++;
  sample(heap, 'realloc', result >= 0, owner, size, result >= 0 ? result : null);
  return result;
}

/** Merges every pair of adjacent free blocks now (coalescing on demand). Returns how many merges. */
export function coalesceHeap(heap: HeapState): number {
  const merges = engineOf(heap).coalesceAll(heap);
  heap.stats.lastSearched = 0;
  sample(heap, 'coalesce', true, null, 0, null);
  return merges;
}

/** A block given back by reclaimOwner. */
export interface ReclaimedBlock {
  addr: number;
  /** Block bytes, header included. */
  size: number;
  /** Payload bytes the owner had asked for. */
  request: number;
}

/** Frees every allocation of `owner` (its process ended) and returns them in address order. */
export function reclaimOwner(heap: HeapState, owner: number): ReclaimedBlock[] {
  const found: ReclaimedBlock[] = [];
  if (Object.hasOwn(heap.calls, owner)) delete heap.calls[owner];
  for (const key in heap.blocks) {
    const b = heap.blocks[key];
    if (!b.free && b.owner === owner) found.push({ addr: b.addr, size: b.size, request: b.request });
  }
  for (const key in heap.empty) {
    if (heap.empty[key].owner === owner) found.push({ addr: Number(key), size: 0, request: 0 });
  }
  if (found.length === 0) return found;
  found.sort((a, b) => a.addr - b.addr);
  for (const f of found) release(heap, f.addr);
  heap.stats.lastSearched = 0;
  sample(heap, 'reclaim', true, owner, 0, null);
  return found;
}

function allocate(heap: HeapState, size: number, owner: number): number {
  const engine = engineOf(heap);
  const r = blockSizeFor(heap.config, size);
  let got = engine.take(heap, r);
  let searched = got.searched;
  if (got.addr < 0 && heap.config.coalesce === 'deferred' && engine.coalesceAll(heap) > 0) {
    got = engine.take(heap, r);
    searched += got.searched;
  }
  heap.stats.lastSearched = searched;
  heap.stats.searched += searched;
  if (got.addr < 0) return -ENOMEM;
  const s = heap.stats;
  // A pointer names one allocation: a zero-byte one that returned this address is
  // superseded and forgotten (it owned no bytes), as malloc.py's address map forgets it.
  if (heap.empty[got.addr]) {
    delete heap.empty[got.addr];
    s.allocated--;
  }
  s.allocated++;
  if (got.block === null) {
    heap.empty[got.addr] = { owner };
    return got.addr;
  }
  const b = got.block;
  b.free = false;
  b.owner = owner;
  b.request = size;
  s.payload += size;
  s.padding += b.size - heap.config.headerSize - size;
  if (s.payload > s.peakPayload) s.peakPayload = s.payload;
  return got.addr;
}

function release(heap: HeapState, addr: number): number {
  const s = heap.stats;
  if (heap.empty[addr]) {
    delete heap.empty[addr];
    s.allocated--;
    if (heap.config.design === 'list') {
      // malloc.py puts the empty block on the free list like any other.
      const z = newBlock(zeroKey(heap.list), addr, 0, null);
      heap.blocks[z.key] = z;
      engineOf(heap).release(heap, z);
    }
    return 0;
  }
  const b = heap.blocks[addr];
  if (!b || b.free || b.addr !== addr) return -EINVAL;
  s.allocated--;
  s.payload -= b.request;
  s.padding -= b.size - heap.config.headerSize - b.request;
  b.free = true;
  b.owner = null;
  b.request = 0;
  engineOf(heap).release(heap, b);
  return 0;
}

function resize(heap: HeapState, addr: number, size: number): number {
  const s = heap.stats;
  const empty = heap.empty[addr];
  if (empty) {
    // A zero-byte allocation owns nothing: allocate afresh, and drop it only on success.
    delete heap.empty[addr];
    s.allocated--;
    const moved = allocate(heap, size, empty.owner);
    if (moved < 0) {
      heap.empty[addr] = empty;
      s.allocated++;
    }
    return moved;
  }
  const b = heap.blocks[addr];
  if (!b || b.free || b.addr !== addr) return -EINVAL;
  // A resized block keeps at least one aligned unit, so it never becomes an empty element
  // and every block boundary stays aligned.
  const need = blockSizeFor(heap.config, size) || heap.config.align;
  const oldSize = b.size;
  const oldRequest = b.request;
  if (engineOf(heap).resizeInPlace(heap, b, need)) {
    b.request = size;
    s.payload += size - oldRequest;
    s.padding += b.size - size - (oldSize - oldRequest);
    if (s.payload > s.peakPayload) s.peakPayload = s.payload;
    s.lastSearched = 0;
    return addr;
  }
  const moved = allocate(heap, size, b.owner ?? 0);
  if (moved >= 0) release(heap, addr);
  return moved;
}

function sample(heap: HeapState, op: HeapOpKind, ok: boolean, owner: number | null, size: number, addr: number | null): void {
  if (heap.config.historyCap === 0) return;
  const s = heap.stats;
  let call = 0;
  if (owner !== null && (op === 'malloc' || op === 'free' || op === 'realloc')) {
    call = (heap.calls[owner] ?? 0) + 1;
    heap.calls[owner] = call;
  }
  appendLog(heap.history, {
    seq: heap.history.next,
    op,
    ok,
    searched: s.lastSearched,
    payload: s.payload,
    inUse: s.payload + s.padding + s.allocated * heap.config.headerSize,
    freeBytes: s.freeBytes,
    largestFree: engineOf(heap).largest(heap),
    freeBlocks: s.freeBlocks,
    owner,
    call,
    size,
    addr,
  });
}
