import { isSortedOrder, sortKey } from './bin.ts';
import { classOf } from './segregated.ts';
import { listIndexProblems } from './list-index.ts';
import type { Block, HeapState } from './types.ts';

/**
 * A consistency check of a heap (the allocator's fsck): it recomputes from scratch what
 * the operations keep incrementally, and lists every disagreement. An empty list means
 * the blocks tile the arena, the free structures hold exactly the free blocks, the
 * indexes agree with the lists, and the counters are exact. Tests run it after every
 * step; a debug view can show its findings.
 */
export function checkHeap(heap: HeapState): string[] {
  const problems: string[] = [];
  checkTiling(heap, problems);
  checkCounters(heap, problems);
  if (heap.config.design === 'list') checkList(heap, problems);
  else checkBins(heap, problems);
  return problems;
}

function checkTiling(heap: HeapState, out: string[]): void {
  const { base, size, headerSize } = heap.config;
  let addr = base;
  let below: number | null = null;
  let seen = 0;
  while (addr < base + size) {
    const b = heap.blocks[addr];
    if (!b) return void out.push(`no block at ${addr}: the arena is not tiled`);
    if (b.key !== addr || b.addr !== addr) out.push(`block at ${addr} has key ${b.key} and addr ${b.addr}`);
    if (b.size <= 0) return void out.push(`block at ${addr} has size ${b.size}`);
    if (b.below !== below) out.push(`block at ${addr} says the block below is ${b.below}, not ${below}`);
    if (!b.free && b.size < headerSize + b.request) out.push(`block at ${addr} is smaller than its header and payload`);
    if (b.free && (b.owner !== null || b.request !== 0)) out.push(`free block at ${addr} has an owner or a request`);
    below = addr;
    addr += b.size;
    seen++;
  }
  if (addr !== base + size) out.push(`the last block ends at ${addr}, not at the arena's end ${base + size}`);
  for (const key in heap.blocks) {
    const b = heap.blocks[key];
    if (b.size === 0) {
      if (Number(key) >= 0 || !b.free) out.push(`zero-size block ${key} must be free and have a negative key`);
    } else seen--;
  }
  if (seen !== 0) out.push(`${-seen} blocks lie outside the tiling`);
}

function checkCounters(heap: HeapState, out: string[]): void {
  let allocated = 0;
  let payload = 0;
  let padding = 0;
  let freeBytes = 0;
  let freeBlocks = 0;
  for (const key in heap.blocks) {
    const b = heap.blocks[key];
    if (b.free) {
      freeBytes += b.size;
      freeBlocks++;
    } else {
      allocated++;
      payload += b.request;
      padding += b.size - heap.config.headerSize - b.request;
    }
  }
  for (const _ in heap.empty) allocated++;
  const s = heap.stats;
  const want = { allocated, payload, padding, freeBytes, freeBlocks };
  for (const [k, v] of Object.entries(want)) {
    if (s[k as keyof typeof want] !== v) out.push(`counter ${k} is ${s[k as keyof typeof want]}, recount says ${v}`);
  }
  if (payload + allocated * heap.config.headerSize + padding + freeBytes !== heap.config.size) {
    out.push('payload + headers + padding + free bytes do not add up to the arena size');
  }
}

function freeBlocksOf(heap: HeapState): Set<Block> {
  const set = new Set<Block>();
  for (const key in heap.blocks) if (heap.blocks[key].free) set.add(heap.blocks[key]);
  return set;
}

/** Checks a linked list against its own back links and returns its blocks, or null if it is broken. */
function walk(heap: HeapState, head: number | null, count: number, what: string, out: string[]): Block[] | null {
  const blocks: Block[] = [];
  let prev: number | null = null;
  for (let k = head; k !== null; k = heap.blocks[k].next) {
    const b = heap.blocks[k];
    if (!b || blocks.length > count) {
      out.push(`${what} is broken or longer than its count ${count}`);
      return null;
    }
    if (b.prev !== prev) out.push(`${what}: block ${k} links back to ${b.prev}, not ${prev}`);
    blocks.push(b);
    prev = k;
  }
  if (blocks.length !== count) out.push(`${what} has ${blocks.length} blocks but counts ${count}`);
  return blocks;
}

function checkList(heap: HeapState, out: string[]): void {
  const list = heap.list;
  const blocks = walk(heap, list.head, list.count, 'the free list', out);
  if (!blocks) return;
  if (list.tail !== (blocks.at(-1)?.key ?? null)) out.push('the free list tail is wrong');
  const free = freeBlocksOf(heap);
  if (blocks.length !== free.size || blocks.some((b) => !free.has(b))) out.push('the free list does not hold exactly the free blocks');
  out.push(...listIndexProblems(heap, blocks));
  for (let i = 1; i < blocks.length; i++) {
    const a = blocks[i - 1];
    const b = blocks[i];
    if (!(a.k1 < b.k1 || (a.k1 === b.k1 && a.k2 < b.k2))) out.push(`list places out of order at ${b.key}`);
  }
  const order = heap.config.order;
  if (isSortedOrder(order)) {
    const dirty = new Set(list.dirty);
    for (const b of blocks) if (sortKey(order, b) !== b.k1 && !dirty.has(b.key)) out.push(`block ${b.key} moved its sort key but is not marked`);
  }
}

function checkBins(heap: HeapState, out: string[]): void {
  const free = freeBlocksOf(heap);
  let filed = 0;
  for (const key in heap.bins) {
    const bin = heap.bins[key];
    const blocks = walk(heap, bin.head, bin.count, `free list ${key}`, out);
    if (!blocks) continue;
    if (bin.tail !== (blocks.at(-1)?.key ?? null)) out.push(`free list ${key} tail is wrong`);
    for (const b of blocks) {
      filed++;
      if (!free.has(b)) out.push(`free list ${key} holds block ${b.key}, which is not free`);
      const right = heap.config.design === 'buddy' ? b.size === Number(key) : classOf(heap, b.size) === Number(key);
      if (!right) out.push(`block ${b.key} (${b.size} bytes) is filed in the wrong list ${key}`);
    }
  }
  if (filed !== free.size) out.push(`${filed} blocks are filed but ${free.size} are free`);
  if (heap.config.design !== 'buddy') return;
  for (const key in heap.blocks) {
    const b = heap.blocks[key];
    const offset = b.addr - heap.config.base;
    if ((b.size & (b.size - 1)) !== 0 || b.size < heap.config.minBlock || offset % b.size !== 0) {
      out.push(`buddy block ${b.addr} (${b.size} bytes) is not an aligned power of two`);
    }
  }
}

/** Pairs of free blocks that touch in memory (none may remain under immediate coalescing). */
export function adjacentFreePairs(heap: HeapState): [number, number][] {
  const pairs: [number, number][] = [];
  for (const key in heap.blocks) {
    const b = heap.blocks[key];
    const above = b.size > 0 ? heap.blocks[b.addr + b.size] : undefined;
    if (b.free && above?.free) pairs.push([b.addr, above.addr]);
  }
  return pairs;
}
