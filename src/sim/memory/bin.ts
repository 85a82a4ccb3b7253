import type { ListOrder } from '../abi/heap.ts';
import type { Bin, Block, HeapState } from './types.ts';

/**
 * A doubly linked free list threaded through block headers (next/prev hold block keys),
 * with its head, tail and length in a Bin. Linking and unlinking touch at most three
 * records, never a whole array.
 */

export function emptyBin(): Bin {
  return { head: null, tail: null, count: 0 };
}

/** Links b (not in any list) after `after`, or at the head when `after` is null. */
export function linkAfter(blocks: Record<number, Block>, bin: Bin, after: Block | null, b: Block): void {
  const next = after ? after.next : bin.head;
  b.prev = after ? after.key : null;
  b.next = next;
  if (after) after.next = b.key;
  else bin.head = b.key;
  if (next !== null) blocks[next].prev = b.key;
  else bin.tail = b.key;
  bin.count++;
}

export function unlink(blocks: Record<number, Block>, bin: Bin, b: Block): void {
  if (b.prev !== null) blocks[b.prev].next = b.next;
  else bin.head = b.next;
  if (b.next !== null) blocks[b.next].prev = b.prev;
  else bin.tail = b.prev;
  b.next = null;
  b.prev = null;
  bin.count--;
}

/** Repoints the list at b after b moved from `oldKey` to b.key. */
export function relink(blocks: Record<number, Block>, bin: Bin, b: Block, oldKey: number): void {
  if (b.prev !== null) blocks[b.prev].next = b.key;
  if (bin.head === oldKey) bin.head = b.key;
  if (b.next !== null) blocks[b.next].prev = b.key;
  if (bin.tail === oldKey) bin.tail = b.key;
}

/**
 * Moves a block to a new key in the block map (a header that moves in memory). Links are
 * the caller's. The old key is left alone if another block has already taken it.
 */
export function moveKey(heap: HeapState, b: Block, key: number): number {
  const old = b.key;
  if (old === key) return old;
  if (heap.blocks[old] === b) delete heap.blocks[old];
  heap.blocks[key] = b;
  b.key = key;
  return old;
}

/** The blocks of a list, head first. */
export function binBlocks(blocks: Record<number, Block>, bin: Bin): Block[] {
  const out: Block[] = [];
  for (let k = bin.head; k !== null && out.length <= bin.count; k = blocks[k].next) out.push(blocks[k]);
  return out;
}

export const isSortedOrder = (order: ListOrder): boolean => order === 'addr' || order === 'size-asc' || order === 'size-desc';

/** The key a sorted list orders by (0 for the unsorted orders, which order by arrival only). */
export function sortKey(order: ListOrder, b: Block): number {
  if (order === 'addr') return b.addr;
  if (order === 'size-asc') return b.size;
  if (order === 'size-desc') return -b.size;
  return 0;
}

/**
 * Files b in a short list by walking it: LIFO at the head, FIFO at the tail, a sorted
 * order after every block with an equal or smaller key (so equals keep arrival order).
 */
export function binInsert(blocks: Record<number, Block>, bin: Bin, b: Block, order: ListOrder): void {
  if (order === 'lifo' || order === 'fifo') {
    linkAfter(blocks, bin, order === 'lifo' || bin.tail === null ? null : blocks[bin.tail], b);
    return;
  }
  const key = sortKey(order, b);
  let after: Block | null = null;
  for (let k = bin.head; k !== null; k = blocks[k].next) {
    const n = blocks[k];
    if (sortKey(order, n) > key) break;
    after = n;
  }
  linkAfter(blocks, bin, after, b);
}
