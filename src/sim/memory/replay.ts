import { errnoName } from '../abi/errno.ts';
import type { HeapMetrics } from '../abi/heap.ts';
import { createHeap, free, malloc, realloc } from './heap.ts';
import { heapMetrics } from './metrics.ts';
import type { TraceOp } from './trace.ts';
import type { HeapConfig, HeapState } from './types.ts';

/**
 * Replays a trace on a heap one operation at a time, recording per step the operation,
 * its result in words ("returned 1024, searched 3") and the metrics after it. The replay
 * is plain data, so a view can hold it in state and step it forward.
 */
export interface Replay {
  heap: HeapState;
  trace: TraceOp[];
  /** Index of the next operation. */
  pc: number;
  /** Pointer id -> the address its latest allocation returned. */
  ptrs: Record<number, number>;
  /** The owner tag the replay's blocks carry. */
  owner: number;
}

export interface ReplayStep {
  index: number;
  op: TraceOp;
  /** The address returned, 0 for a successful free, a negative errno, or null when skipped. */
  result: number | null;
  /** Free-list elements examined. */
  searched: number;
  text: string;
  metrics: HeapMetrics;
}

export function startReplay(config: Partial<HeapConfig>, trace: readonly TraceOp[], owner = 1): Replay | { error: string } {
  const heap = createHeap(config);
  if ('error' in heap) return heap;
  return { heap, trace: [...trace], pc: 0, ptrs: {}, owner };
}

/** Runs the next operation; null when the trace is done. */
export function stepReplay(r: Replay): ReplayStep | null {
  if (r.pc >= r.trace.length) return null;
  const index = r.pc++;
  const op = r.trace[index];
  const { result, text } = apply(r, op);
  const searched = result === null ? 0 : r.heap.stats.lastSearched;
  const said = result !== null && op.kind !== 'free' && result >= 0 ? `${text}, searched ${searched}` : text;
  return { index, op, result, searched, text: said, metrics: heapMetrics(r.heap) };
}

function apply(r: Replay, op: TraceOp): { result: number | null; text: string } {
  const known = Object.hasOwn(r.ptrs, op.id);
  switch (op.kind) {
    case 'alloc': {
      const addr = malloc(r.heap, op.size, r.owner);
      if (addr >= 0) r.ptrs[op.id] = addr;
      else delete r.ptrs[op.id];
      return { result: addr, text: `ptr[${op.id}] = malloc(${op.size}) ${outcome(addr, r.heap)}` };
    }
    case 'free': {
      if (!known) return { result: null, text: `free(ptr[${op.id}]) skipped: ptr[${op.id}] was never allocated` };
      const res = free(r.heap, r.ptrs[op.id]);
      return { result: res, text: `free(ptr[${op.id}]) ${res === 0 ? 'returned 0' : `failed: ${errnoName(res)} (bad pointer or double free)`}` };
    }
    case 'realloc': {
      const call = `ptr[${op.id}] = realloc(ptr[${op.id}], ${op.size})`;
      if (!known) {
        // realloc of a pointer never allocated is realloc(NULL, size): a plain malloc.
        const addr = malloc(r.heap, op.size, r.owner);
        if (addr >= 0) r.ptrs[op.id] = addr;
        return { result: addr, text: `${call} ${outcome(addr, r.heap)}` };
      }
      const old = r.ptrs[op.id];
      const addr = realloc(r.heap, old, op.size);
      if (addr >= 0) r.ptrs[op.id] = addr;
      const how = addr >= 0 ? (addr === old ? ' (in place)' : ' (moved)') : '';
      return { result: addr, text: `${call} ${outcome(addr, r.heap)}${how}` };
    }
  }
}

function outcome(addr: number, heap: HeapState): string {
  return addr >= 0 ? `returned ${addr}` : `failed: ${errnoName(addr)}, searched ${heap.stats.lastSearched}`;
}

/** Replays a whole trace and returns every step with the final heap. */
export function replayTrace(
  config: Partial<HeapConfig>,
  trace: readonly TraceOp[],
): { heap: HeapState; steps: ReplayStep[] } | { error: string } {
  const r = startReplay(config, trace);
  if ('error' in r) return r;
  const steps: ReplayStep[] = [];
  for (let step = stepReplay(r); step; step = stepReplay(r)) steps.push(step);
  return { heap: r.heap, steps };
}
