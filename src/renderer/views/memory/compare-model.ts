import type { Coalescing, HeapDesign, ListOrder, Placement } from '../../../sim/abi/heap.ts';
import { LAB_UNTRACKED, type LabMetric, type LabRun } from '../../../sim/labs/memory.ts';
import { PLACEMENTS } from '../../../sim/memory/config.ts';
import type { HeapConfig } from '../../../sim/memory/types.ts';
import { pidColor } from '../../theme/theme.ts';
import { addr } from './format.ts';
import type { ChartSeries } from './LineChart.tsx';
import type { Figures, MetricRow } from './metric-rows.ts';
import type { MapBlock } from './paint-heap.ts';

/**
 * The allocator lab's view model, as pure functions: the arenas and presets offered, the
 * configurations sent to the heapLab command, each run's block layout at a step as the
 * heap map draws it, and which column is best at each figure.
 */

/** One column of the lab: which allocator. The arena is shared by all columns. */
export interface Column {
  design: HeapDesign;
  policy: Placement;
  order: ListOrder;
  coalesce: Coalescing;
}

export type Arena = Pick<HeapConfig, 'base' | 'size' | 'headerSize' | 'align' | 'minSplit'>;

export const ARENAS: { id: string; label: string; arena: Arena }[] = [
  { id: 'toy', label: 'toy: 100 B, no header', arena: { base: 0, size: 100, headerSize: 0, align: 1, minSplit: 1 } },
  { id: 'small', label: '256 B at 0, no header', arena: { base: 0, size: 256, headerSize: 0, align: 1, minSplit: 1 } },
  { id: 'kernel', label: 'kernel-like: 4 KiB, 8 B headers, 8 B align', arena: { base: 0x1000, size: 4096, headerSize: 8, align: 8, minSplit: 16 } },
  { id: 'large', label: '64 KiB, 8 B headers, 8 B align', arena: { base: 0x10000, size: 65536, headerSize: 8, align: 8, minSplit: 16 } },
];

export const col = (design: HeapDesign, policy: Placement, order: ListOrder = 'addr', coalesce: Coalescing = 'immediate'): Column => ({ design, policy, order, coalesce });

export const PRESETS: { id: string; label: string; columns: Column[] }[] = [
  { id: 'policies', label: 'the four placement policies', columns: PLACEMENTS.map((p) => col('list', p)) },
  { id: 'designs', label: 'list, buddy and segregated designs', columns: [col('list', 'first'), col('buddy', 'first'), col('segregated', 'first')] },
  { id: 'coalescing', label: 'coalescing: none, immediate, deferred', columns: [col('list', 'first', 'addr', 'none'), col('list', 'first'), col('list', 'first', 'addr', 'deferred')] },
  { id: 'orders', label: 'list orders: address, LIFO, size', columns: [col('list', 'first'), col('list', 'first', 'lifo'), col('list', 'first', 'size-asc')] },
];

export const COLORS = ['#58a6ff', '#f0883e', '#3fb950', '#d2a8ff'];

export const CHARTS: { key: LabMetric; label: string; axis: ChartSeries['axis'] }[] = [
  { key: 'externalFragmentation', label: 'external fragmentation', axis: 'ratio' },
  { key: 'freeBlocks', label: 'free blocks', axis: 'count' },
  { key: 'largestFree', label: 'largest free block', axis: 'bytes' },
  { key: 'inUse', label: 'bytes in use', axis: 'bytes' },
  { key: 'lastSearched', label: 'search length', axis: 'count' },
  { key: 'failed', label: 'failed requests so far', axis: 'count' },
];

export const ORDER_LABELS: Record<ListOrder, string> = { addr: 'address', 'size-asc': 'size ↑', 'size-desc': 'size ↓', lifo: 'LIFO', fifo: 'FIFO' };

export type LabBlock = MapBlock & { tag: number };

/** The buddy system's smallest block: 16 B, or a smaller power of two that divides the arena. */
export function buddyMin(arena: Arena): number {
  for (const m of [16, 8, 4, 2]) if (arena.size % m === 0 && m > arena.headerSize) return m;
  return 16;
}


/** The allocator configurations the heapLab command runs, one per column, on the shared arena. */
export function labConfigs(columns: readonly Column[], arena: Arena) {
  return columns.map((c) => ({
    ...arena,
    design: c.design,
    coalesce: c.design !== 'list' && c.coalesce === 'list' ? ('immediate' as const) : c.coalesce,
    ...(c.design === 'list' ? { policy: c.policy, order: c.order } : {}),
    ...(c.design === 'buddy' ? { minBlock: buddyMin(arena) } : {}),
  }));
}

/**
 * A run's blocks at a step, from its packed layout (address, size, request, tag per
 * block; a tag >= 0 is the trace's pointer, below 0 a free block's place in its list).
 */
export function labBlocks(layout: readonly number[], headerSize: number): LabBlock[] {
  const out: LabBlock[] = [];
  for (let i = 0; i < layout.length; i += 4) {
    const [a, size, request, tag] = [layout[i], layout[i + 1], layout[i + 2], layout[i + 3]];
    const free = tag < 0 && tag !== LAB_UNTRACKED;
    out.push({
      addr: a,
      size,
      free,
      header: free ? 0 : headerSize,
      payload: free ? 0 : request,
      padding: free ? 0 : size - headerSize - request,
      color: tag >= 0 ? pidColor(tag) : '#8b93a1',
      owner: null,
      tag,
    });
  }
  return out;
}

/** What the status line says about a block of a lab map. */
export function describeLabBlock(b: LabBlock, base: number): string {
  const range = `${addr(b.addr, base)}–${addr(b.addr + b.size - 1, base)}`;
  if (b.free) return `${range} · free, ${b.size} B · #${-1 - b.tag} in its free list`;
  const who = b.tag >= 0 ? `ptr[${b.tag}]` : 'a pointer the trace reused';
  return `${range} · ${b.size} B = ${b.header} header + ${b.payload} payload + ${b.padding} padding · ${who}`;
}

/** The chart's lines: one per run that did not fail, in its column's colour. */
export function labSeries(runs: readonly LabRun[], chart: (typeof CHARTS)[number]): ChartSeries[] {
  return runs.flatMap((r, i) => (r.error === null ? [{ key: String(i), label: `${i + 1}: ${r.name}`, color: COLORS[i], values: r.metrics[chart.key], axis: chart.axis }] : []));
}

/**
 * The rank each column has at a figure, and the best rank, or null when the figure ranks
 * nothing or every column ties (a "best" among equals would say nothing).
 */
export function bestOf(row: Pick<MetricRow, 'rank'>, figures: ReadonlyArray<Figures | null>): { ranks: Array<number | null>; best: number | null } {
  const rank = row.rank;
  const ranks = rank ? figures.map((f) => (f ? rank.of(f) : null)) : [];
  const known = ranks.filter((v): v is number => v !== null);
  const best = rank && known.length > 1 && new Set(known).size > 1 ? (rank.better === 'lower' ? Math.min(...known) : Math.max(...known)) : null;
  return { ranks, best };
}
