import type { HeapMetrics, ListOrder } from '../abi/heap.ts';
import { resolveHeapConfig } from '../memory/config.ts';
import { heapMetrics } from '../memory/metrics.ts';
import { type Replay, startReplay, stepReplay } from '../memory/replay.ts';
import { heapBlocks, opLabel } from '../memory/selectors.ts';
import { parseTrace, type TraceOp } from '../memory/trace.ts';
import type { HeapConfig } from '../memory/types.ts';

/**
 * The allocator lab: one trace replayed under several allocator configurations side by
 * side, step by step, so a view can show the heaps and their metrics aligned. It runs on
 * plain heaps, never in the kernel, and returns plain data: per step the operation and
 * each configuration's result, per configuration a metric series, and block layouts for
 * the first steps (capped, because a long trace on a busy heap makes them large).
 */

/** The longest trace the lab replays. */
export const LAB_MAX_OPS = 10_000;
/** Block layouts are kept for at most this many steps after the initial heap... */
export const LAB_LAYOUT_STEPS = 1_000;
/** ...and at most this many blocks in all, across every configuration. */
export const LAB_LAYOUT_BLOCKS = 200_000;

/** The metrics a lab keeps per step, as columns (index 0 is the empty heap, index k the heap after op k). */
export const LAB_METRICS = [
  'inUse',
  'payload',
  'headerBytes',
  'paddingBytes',
  'freeBytes',
  'largestFree',
  'externalFragmentation',
  'internalFragmentation',
  'freeBlocks',
  'allocatedBlocks',
  'lastSearched',
  'totalSearched',
  'peakPayload',
  'utilisation',
  'failed',
] as const satisfies readonly (keyof HeapMetrics)[];

export type LabMetric = (typeof LAB_METRICS)[number];

/** What one configuration made of one operation. */
export interface LabOutcome {
  /** "returned 16, searched 2", "failed: ENOMEM, searched 3", "returned 0", "skipped: ...". */
  text: string;
  ok: boolean;
}

export interface LabRunOk {
  name: string;
  config: HeapConfig;
  error: null;
  /** One per operation. */
  outcomes: LabOutcome[];
  /** One column per metric, ops + 1 long. */
  metrics: Record<LabMetric, number[]>;
  /**
   * Block layouts for steps 0..layoutSteps: four numbers per block, [addr, size, request,
   * tag], in address order. tag >= 0: allocated to the trace's pointer `tag`; LAB_UNTRACKED:
   * allocated to a pointer whose id the trace has since reused; otherwise free, at
   * position -1 - tag of its free list (0 = the head).
   */
  layouts: number[][];
}

export type LabRun = LabRunOk | { name: string; config: null; error: string };

/** The tag of an allocated block whose pointer id the trace reused (so it can no longer be named). */
export const LAB_UNTRACKED = -1_000_000_000;

export interface HeapLab {
  /** The operations, one per step (step k runs ops[k - 1]). */
  ops: string[];
  /** Layouts exist for steps 0..layoutSteps. */
  layoutSteps: number;
  /** Why layouts stop early, in words, or null when every step has one. */
  note: string | null;
  runs: LabRun[];
}

const ORDER_WORDS: Record<ListOrder, string> = {
  addr: 'address-ordered',
  'size-asc': 'size-ascending',
  'size-desc': 'size-descending',
  lifo: 'LIFO',
  fifo: 'FIFO',
};

/** A configuration in a few words: "best fit · address-ordered · immediate coalescing". */
export function describeHeapConfig(c: HeapConfig): string {
  const coalesce = c.coalesce === 'none' ? 'no coalescing' : `${c.coalesce} coalescing`;
  if (c.design === 'buddy') return `buddy · min block ${c.minBlock} B · ${coalesce}`;
  if (c.design === 'segregated') return `segregated fits · ${c.classes.length + 1} classes · ${coalesce}`;
  return `${c.policy} fit · ${ORDER_WORDS[c.order]} · ${coalesce}`;
}

/**
 * Replays `traceText` (an OSTEP op list or a malloc-lab trace) under each configuration.
 * A configuration that is invalid gets an error of its own; the others still run.
 */
export function compareHeapConfigs(
  traceText: string,
  configs: readonly Partial<HeapConfig>[],
  limits: { layoutSteps?: number; layoutBlocks?: number; maxOps?: number } = {},
): HeapLab | { error: string } {
  const parsed = parseTrace(traceText);
  if ('error' in parsed) return parsed;
  const ops = parsed.ops;
  const maxOps = limits.maxOps ?? LAB_MAX_OPS;
  if (ops.length === 0) return { error: 'the trace has no operations' };
  if (ops.length > maxOps) return { error: `the trace has ${ops.length} operations; the lab replays at most ${maxOps}` };

  const replays: (Replay | { name: string; error: string })[] = configs.map((partial, i) => {
    const config = resolveHeapConfig({ ...partial, historyCap: 0 });
    if ('error' in config) return { name: `configuration ${i + 1}`, error: config.error };
    const r = startReplay(config, ops);
    return 'error' in r ? { name: describeHeapConfig(config), error: r.error } : r;
  });
  const live = replays.filter((r): r is Replay => 'heap' in r);

  // The layout cap: a fixed number of steps, fewer if the heaps are busy.
  let layoutSteps = Math.min(ops.length, limits.layoutSteps ?? LAB_LAYOUT_STEPS);
  const budget = limits.layoutBlocks ?? LAB_LAYOUT_BLOCKS;
  let spent = 0;

  const runs: LabRun[] = replays.map((r) => (!('heap' in r) ? { name: r.name, config: null, error: r.error } : newRun(r)));
  const okRuns = runs.filter((r): r is LabRunOk => r.error === null);
  const tracked = live.map(() => new Map<number, number>()); // block address -> pointer id

  const snapshot = (step: number): boolean => {
    if (step > layoutSteps) return false;
    const layouts = live.map((r, i) => layoutOf(r, tracked[i]));
    const cost = layouts.reduce((n, l) => n + l.length / 4, 0);
    if (step > 0 && spent + cost > budget) {
      layoutSteps = step - 1;
      return false;
    }
    spent += cost;
    layouts.forEach((l, i) => {
      okRuns[i].layouts.push(l);
    });
    return true;
  };

  live.forEach((r, i) => {
    record(okRuns[i], heapMetrics(r.heap));
  });
  snapshot(0);
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k];
    live.forEach((r, i) => {
      const before = Object.hasOwn(r.ptrs, op.id) ? r.ptrs[op.id] : null;
      const step = stepReplay(r)!;
      track(tracked[i], op, before, step.result);
      okRuns[i].outcomes.push(outcome(op, step.text, step.result));
      record(okRuns[i], step.metrics);
    });
    snapshot(k + 1);
  }

  const note =
    layoutSteps < ops.length
      ? `Block layouts are kept for the first ${layoutSteps.toLocaleString('en')} of ${ops.length.toLocaleString('en')} steps` +
        `${layoutSteps < Math.min(ops.length, limits.layoutSteps ?? LAB_LAYOUT_STEPS) ? ` (at most ${budget.toLocaleString('en')} blocks in all)` : ''}; metrics cover every step.`
      : null;
  return { ops: ops.map(opLabel), layoutSteps, note, runs };
}

function newRun(r: Replay): LabRunOk {
  const metrics = {} as Record<LabMetric, number[]>;
  for (const k of LAB_METRICS) metrics[k] = [];
  return { name: describeHeapConfig(r.heap.config), config: r.heap.config, error: null, outcomes: [], metrics, layouts: [] };
}

function record(run: LabRunOk, m: HeapMetrics): void {
  for (const k of LAB_METRICS) run.metrics[k].push(m[k]);
}

/** Keeps the map of live blocks to pointer ids in step with one operation. */
function track(ids: Map<number, number>, op: TraceOp, before: number | null, result: number | null): void {
  // The pointer's old block loses its name when it is freed, moved, or the id is reused.
  const forget = () => {
    if (before !== null && ids.get(before) === op.id) ids.delete(before);
  };
  if (op.kind === 'alloc') forget();
  if (result === null || result < 0) return;
  if (op.kind !== 'alloc') forget();
  if (op.kind !== 'free') ids.set(result, op.id);
}

function layoutOf(r: Replay, ids: Map<number, number>): number[] {
  const out: number[] = [];
  for (const b of heapBlocks(r.heap)) {
    const tag = b.free ? -1 - (b.freeIndex ?? 0) : (ids.get(b.addr) ?? LAB_UNTRACKED);
    out.push(b.addr, b.size, b.payload, tag);
  }
  return out;
}

/** The result part of a replay step's text ("returned 16, searched 2"), without the call. */
function outcome(op: TraceOp, text: string, result: number | null): LabOutcome {
  const label = opLabel(op);
  const rest = text.startsWith(label) ? text.slice(label.length).trim() : text;
  return { text: rest, ok: result !== null && result >= 0 };
}

/** The metrics of one run at one step, as an object (the columns read across). */
export function labMetricsAt(run: LabRunOk, step: number): Record<LabMetric, number> {
  const out = {} as Record<LabMetric, number>;
  const at = Math.max(0, Math.min(step, run.metrics.inUse.length - 1));
  for (const k of LAB_METRICS) out[k] = run.metrics[k][at];
  return out;
}
