import type { Coalescing, HeapDesign, ListOrder, Placement } from '../abi/heap.ts';
import type { HeapConfig } from './types.ts';

/**
 * Heap configuration: defaults, validation (errors name the field), and how a request
 * becomes a block size.
 */

export const DESIGNS: readonly HeapDesign[] = ['list', 'buddy', 'segregated'];
export const PLACEMENTS: readonly Placement[] = ['first', 'next', 'best', 'worst'];
export const LIST_ORDERS: readonly ListOrder[] = ['addr', 'size-asc', 'size-desc', 'lifo', 'fifo'];
export const COALESCING: readonly Coalescing[] = ['none', 'immediate', 'list', 'deferred'];

/** The largest arena accepted: addresses stay exact integers and sizes fit comfortably in a double. */
export const MAX_ARENA = 2 ** 40;

/**
 * A small, realistic heap: 4 KiB at 0x1000, 8-byte headers and alignment, first fit over
 * an address-ordered list with boundary-tag coalescing, and no free block smaller than a
 * header plus one aligned word.
 */
export const DEFAULT_HEAP_CONFIG: HeapConfig = {
  design: 'list',
  base: 0x1000,
  size: 4096,
  headerSize: 8,
  align: 8,
  policy: 'first',
  order: 'addr',
  coalesce: 'immediate',
  minSplit: 16,
  classes: [],
  minBlock: 16,
  historyCap: 256,
};

const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);
const isPow2 = (n: number): boolean => n > 0 && (n & (n - 1)) === 0 && n <= 2 ** 30;

/** Powers of two from 16 up to the arena size: a classic set of segregated size classes. */
export function defaultClasses(size: number): number[] {
  const out: number[] = [];
  for (let c = 16; c < size && out.length < 40; c *= 2) out.push(c);
  return out;
}

/**
 * Fills in defaults and checks every field. Returns the complete configuration, or an
 * error that names the first bad field.
 */
export function resolveHeapConfig(partial: Partial<HeapConfig> = {}): HeapConfig | { error: string } {
  const c: HeapConfig = { ...DEFAULT_HEAP_CONFIG, ...partial };
  if (!DESIGNS.includes(c.design)) return bad('design', `one of ${DESIGNS.join(', ')}`);
  if (!PLACEMENTS.includes(c.policy)) return bad('policy', `one of ${PLACEMENTS.join(', ')}`);
  if (!LIST_ORDERS.includes(c.order)) return bad('order', `one of ${LIST_ORDERS.join(', ')}`);
  if (!COALESCING.includes(c.coalesce)) return bad('coalesce', `one of ${COALESCING.join(', ')}`);
  if (!isInt(c.base) || c.base < 0 || c.base > MAX_ARENA) return bad('base', 'an integer address >= 0');
  if (!isInt(c.size) || c.size < 1 || c.size > MAX_ARENA) return bad('size', `an integer from 1 to ${MAX_ARENA}`);
  // A header or an alignment larger than the arena is legal (every request then fails), as in malloc.py.
  if (!isInt(c.headerSize) || c.headerSize < 0 || c.headerSize > MAX_ARENA) return bad('headerSize', 'an integer >= 0');
  if (!isInt(c.align) || c.align < 1 || c.align > MAX_ARENA) return bad('align', 'an integer >= 1 (1 = no rounding)');
  if (!isInt(c.minSplit) || c.minSplit < 1) return bad('minSplit', 'an integer >= 1');
  if (!isInt(c.historyCap) || c.historyCap < 0 || c.historyCap > 100_000) return bad('historyCap', 'an integer from 0 to 100000');
  if (c.coalesce === 'list' && c.design !== 'list') return bad('coalesce', '"list" coalescing only for the list design');
  if (c.design === 'segregated') {
    // An empty list means "the default classes": one class would just be the list design.
    const classes = partial.classes?.length ? partial.classes : defaultClasses(c.size);
    if (!Array.isArray(classes) || classes.length > 64) return bad('classes', 'an array of at most 64 bounds');
    for (let i = 0; i < classes.length; i++) {
      if (!isInt(classes[i]) || classes[i] < 1 || (i > 0 && classes[i] <= classes[i - 1])) {
        return bad(`classes[${i}]`, 'a positive integer larger than the bound before it');
      }
    }
    c.classes = [...classes];
  } else {
    c.classes = [];
  }
  if (c.design === 'buddy') {
    if (!isInt(c.minBlock) || !isPow2(c.minBlock)) return bad('minBlock', 'a power of two');
    if (c.minBlock <= c.headerSize) return bad('minBlock', 'larger than the header');
    if (c.size % c.minBlock !== 0) return bad('size', `a multiple of minBlock (${c.minBlock}) for the buddy design`);
  }
  return c;
}

function bad(field: string, want: string): { error: string } {
  return { error: `heap.${field}: must be ${want}` };
}

/** The payload rounded up to the alignment: what the block must hold after its header. */
export function alignedPayload(config: Pick<HeapConfig, 'align'>, size: number): number {
  const a = config.align;
  return a <= 1 ? size : Math.ceil(size / a) * a;
}

/**
 * Block bytes for a request, as malloc.py computes it: the payload rounded up to the
 * alignment, plus the header (which itself is not rounded). Size 0 is a legal request.
 */
export function blockSizeFor(config: Pick<HeapConfig, 'align' | 'headerSize'>, size: number): number {
  return alignedPayload(config, size) + config.headerSize;
}
