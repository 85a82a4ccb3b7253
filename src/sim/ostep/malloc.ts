import type { ListOrder } from '../abi/heap.ts';
import {
  createFlatList,
  type FlatList,
  type FlatListConfig,
  type FlatPolicy,
  flatCount,
  flatFree,
  flatFreeList,
  flatMalloc,
} from '../memory/flat-list.ts';
import { parseOstepOps, type TraceOp } from '../memory/trace.ts';
import { writtenSequence } from './answer.ts';
import type { JsonWriter } from './json-writer.ts';

/**
 * OSTEP's malloc.py (vm-freespace), answered by memory/flat-list.ts: malloc.py's own data
 * model (a free list and an address-to-size map) on the list design's indexes, which the
 * property tests hold step for step to the kernel's allocator configured the way malloc.py
 * works (the list design, no minimum split, payload rounded to the alignment with an
 * unaligned header, no coalescing or the list-neighbour pass). The search lengths,
 * tie-breaks and list orders are the allocator's (see memory/list-index.ts); this file
 * only translates the problem and applies malloc.py's pointer rules:
 * - the k-th alloc op (failed ones included) defines pointer k;
 * - `free k` is skipped when k is not below the number of successful allocs so far
 *   (malloc.py keeps its pointers in a dict and compares k with its length);
 * - a free is by address, so an old pointer frees whatever block starts there now, and
 *   returns -1 when none does.
 */

const POLICIES: Record<string, FlatPolicy> = { FIRST: 'first', BEST: 'best', WORST: 'worst' };
const ORDERS: Record<string, ListOrder> = {
  ADDRSORT: 'addr',
  'SIZESORT+': 'size-asc',
  'SIZESORT-': 'size-desc',
  'INSERT-FRONT': 'lifo',
  'INSERT-BACK': 'fifo',
};

/** A malloc.py problem, validated. */
export interface MallocProblem {
  config: FlatListConfig;
  ops: TraceOp[];
}

const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);

/** Checks a case's input and turns it into a heap configuration and ops. */
export function readMallocProblem(input: unknown): MallocProblem | { error: string } {
  if (input === null || typeof input !== 'object') return { error: 'input must be an object' };
  const o = input as Record<string, unknown>;
  if (!isInt(o.heapSize) || o.heapSize < 1) return { error: 'heapSize must be a positive integer' };
  if (!isInt(o.baseAddr) || o.baseAddr < 0) return { error: 'baseAddr must be an integer >= 0' };
  if (!isInt(o.headerSize) || o.headerSize < 0) return { error: 'headerSize must be an integer >= 0' };
  if (!isInt(o.align) || (o.align !== -1 && o.align < 1)) return { error: 'align must be -1 (none) or a positive integer' };
  if (typeof o.policy !== 'string' || !Object.hasOwn(POLICIES, o.policy)) return { error: 'policy must be FIRST, BEST or WORST' };
  if (typeof o.listOrder !== 'string' || !Object.hasOwn(ORDERS, o.listOrder)) {
    return { error: `listOrder must be one of ${Object.keys(ORDERS).join(', ')}` };
  }
  if (typeof o.coalesce !== 'boolean') return { error: 'coalesce must be true or false' };
  if (!Array.isArray(o.ops)) return { error: 'ops must be an array' };
  const ops: TraceOp[] = [];
  let allocs = 0;
  for (let i = 0; i < o.ops.length; i++) {
    const op = o.ops[i] as Record<string, unknown> | null;
    if (op?.op === 'alloc' && isInt(op.size) && op.size >= 0) ops.push({ kind: 'alloc', id: allocs++, size: op.size });
    else if (op?.op === 'free' && isInt(op.ptr) && op.ptr >= 0) ops.push({ kind: 'free', id: op.ptr });
    else return { error: `ops[${i}] must be {op:"alloc",size>=0} or {op:"free",ptr>=0}` };
  }
  const config: FlatListConfig = {
    base: o.baseAddr,
    size: o.heapSize,
    headerSize: o.headerSize,
    align: o.align === -1 ? 1 : o.align,
    policy: POLICIES[o.policy],
    order: ORDERS[o.listOrder],
    coalesce: o.coalesce,
  };
  return { config, ops };
}

/** One op's outcome in malloc.py's terms. */
export type MallocStep =
  | { op: 'alloc'; ptr: number; size: number; returned: number; searched: number }
  | { op: 'free'; ptr: number; skipped: false; returned: number }
  | { op: 'free'; ptr: number; skipped: true };

/** The free list as it is now, read lazily: valid until the allocator changes again. */
function* liveFreeList(fl: FlatList): Generator<[number, number]> {
  const { pool, next } = fl;
  for (let s = fl.head; s >= 0; s = next[s]) yield [pool.key[s], pool.size[s]];
}

/** The problem's ops run one at a time on `fl`: each step is yielded with the allocator after it. */
function* mallocSteps(problem: MallocProblem, fl: FlatList): Generator<MallocStep> {
  const ptrs: number[] = [];
  let succeeded = 0;
  for (const op of problem.ops) {
    if (op.kind === 'alloc') {
      const addr = flatMalloc(fl, op.size);
      if (addr >= 0) {
        ptrs[op.id] = addr;
        succeeded++;
      }
      yield { op: 'alloc', ptr: op.id, size: op.size, returned: addr, searched: fl.searched };
    } else if (op.kind === 'free') {
      if (op.id >= succeeded) {
        yield { op: 'free', ptr: op.id, skipped: true };
        continue;
      }
      // A pointer below the count whose own alloc failed has no address: malloc.py would
      // crash on it; here it is a bad pointer.
      const addr = ptrs[op.id];
      const returned = addr !== undefined && flatFree(fl, addr) === 0 ? 0 : -1;
      yield { op: 'free', ptr: op.id, skipped: false, returned };
    }
  }
}

/**
 * Runs a problem's ops, calling `each` after every op with the step and the allocator.
 * Returns the allocator at the end.
 */
export function runMalloc(
  problem: MallocProblem,
  each: (step: MallocStep, fl: FlatList) => void,
): FlatList {
  const fl = createFlatList(problem.config);
  for (const step of mallocSteps(problem, fl)) each(step, fl);
  return fl;
}

/**
 * The conformance solver: malloc.py's answer for one case. The ops, and each op's free
 * list, are lazy (answer.ts): a free list is read from the heap when it is written, so
 * the memory used is the heap's, however long the lists printed along the way.
 */
export function solveMalloc(input: unknown): unknown {
  const problem = readMallocProblem(input);
  if ('error' in problem) return problem;
  const fl = createFlatList(problem.config);
  // The free list is read only when it is written (or read), from the heap as it is then.
  const freeList: Iterable<[number, number]> = { [Symbol.iterator]: () => liveFreeList(fl) };
  function* ops(): Generator<MallocStep & { freeList?: Iterable<[number, number]> }> {
    // Each kind of step built whole, in one shape (a spread of the union costs more than the op).
    for (const s of mallocSteps(problem as MallocProblem, fl)) {
      if (s.op === 'alloc') yield { op: 'alloc', ptr: s.ptr, size: s.size, returned: s.returned, searched: s.searched, freeList };
      else if (s.skipped) yield s;
      else yield { op: 'free', ptr: s.ptr, skipped: false, returned: s.returned, freeList };
    }
  }
  // Each op as JSON.stringify writes it, its free list straight from the heap's links.
  const writeOp = (w: JsonWriter, s: MallocStep): void => {
    w.raw(s.op === 'alloc' ? '{"op":"alloc","ptr":' : '{"op":"free","ptr":');
    w.num(s.ptr);
    if (s.op === 'alloc') {
      w.raw(',"size":');
      w.num(s.size);
      w.raw(',"returned":');
      w.num(s.returned);
      w.raw(',"searched":');
      w.num(s.searched);
    } else if (s.skipped) {
      w.raw(',"skipped":true}');
      return;
    } else {
      w.raw(',"skipped":false,"returned":');
      w.num(s.returned);
    }
    w.raw(',"freeList":[');
    const { key, size } = fl.pool;
    const next = fl.next;
    for (let x = fl.head; x >= 0; x = next[x]) {
      if (x !== fl.head) w.byte(44);
      w.byte(91);
      w.num(key[x]);
      w.byte(44);
      w.num(size[x]);
      w.byte(93);
    }
    w.raw(']}');
  };
  return { ops: writtenSequence(ops(), writeOp) };
}

/** The totals malloc.py's benchmark recordings summarise a run by. */
export interface MallocTotals {
  allocs: number;
  frees: number;
  failedAllocs: number;
  totalSearched: number;
  maxFreeListLength: number;
  finalFreeList: [number, number][];
}

/** Runs a problem without recording each step, and totals it. */
export function mallocTotals(problem: MallocProblem): MallocTotals | { error: string } {
  const t = { allocs: 0, frees: 0, failedAllocs: 0, totalSearched: 0, maxFreeListLength: 0 };
  const fl = runMalloc(problem, (step, f) => {
    if (step.op === 'alloc') {
      t.allocs++;
      t.totalSearched += step.searched;
      if (step.returned < 0) t.failedAllocs++;
    } else t.frees++;
    const n = flatCount(f);
    if (n > t.maxFreeListLength) t.maxFreeListLength = n;
  });
  return { ...t, finalFreeList: flatFreeList(fl) };
}

/** A recorded run's problem from its allocator options and OSTEP op list (`+size`, `-ptr`). */
export function mallocProblemFromOps(options: Record<string, unknown>, opsCompact: string): MallocProblem | { error: string } {
  const parsed = parseOstepOps(opsCompact);
  if ('error' in parsed) return parsed;
  const ops = parsed.ops.map((o) => (o.kind === 'alloc' ? { op: 'alloc', size: o.size } : { op: 'free', ptr: o.id }));
  return readMallocProblem({ ...options, ops });
}
