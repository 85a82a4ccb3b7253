import { nextInt, nextRange, type RngState, seedRng } from '../base/rng.ts';

/**
 * Allocation traces: a list of operations on numbered pointers. Two text formats are
 * read, with errors that name the bad token or line:
 * - OSTEP's op lists, as malloc.py's -A takes them: `+10,-0,+20`. `+n` allocates n bytes
 *   (the k-th allocation, counting from 0, is pointer k) and `-k` frees pointer k. In a
 *   file, ops may span lines and `#` starts a comment.
 * - CS:APP malloc-lab trace files: `a id size`, `f id`, `r id size`, one per line, after
 *   the usual header lines (suggested heap size, id count, op count, weight), which are
 *   skipped. Blank lines and `#` comments are ignored.
 */
export type TraceOp =
  | { kind: 'alloc'; id: number; size: number }
  | { kind: 'free'; id: number }
  | { kind: 'realloc'; id: number; size: number };

export type ParsedTrace = { ops: TraceOp[] } | { error: string };

/** The largest size or id a trace may name. */
const MAX_NUMBER = 2 ** 40;

function parseCount(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n <= MAX_NUMBER ? n : null;
}

/** Parses an OSTEP op list: tokens separated by commas (spaces, newlines and # comments are allowed too). */
export function parseOstepOps(text: string): ParsedTrace {
  const tokens = text
    .replace(/#.*$/gm, '')
    .split(/[\s,]+/)
    .filter((t) => t !== '');
  const ops: TraceOp[] = [];
  let allocs = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    const n = parseCount(tok.slice(1));
    if ((tok[0] !== '+' && tok[0] !== '-') || n === null) {
      return { error: `op ${i + 1} ("${tok}"): expected +size to allocate or -pointer to free, e.g. +10 or -0` };
    }
    ops.push(tok[0] === '+' ? { kind: 'alloc', id: allocs++, size: n } : { kind: 'free', id: n });
  }
  return { ops };
}

/** Parses a CS:APP malloc-lab trace. */
export function parseMallocLab(text: string): ParsedTrace {
  const ops: TraceOp[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*/, '').trim();
    if (line === '') continue;
    const words = line.split(/\s+/);
    // The header: lines holding one number each, before the first operation.
    if (ops.length === 0 && words.length === 1 && parseCount(words[0]) !== null) continue;
    const where = `line ${i + 1} ("${line}")`;
    const [op, idText, sizeText] = words;
    const id = parseCount(idText ?? '');
    if (op === 'f') {
      if (words.length !== 2 || id === null) return { error: `${where}: expected "f id"` };
      ops.push({ kind: 'free', id });
      continue;
    }
    if (op !== 'a' && op !== 'r') return { error: `${where}: unknown operation "${op}" (expected a, f or r)` };
    const size = parseCount(sizeText ?? '');
    if (words.length !== 3 || id === null || size === null) return { error: `${where}: expected "${op} id size"` };
    ops.push({ kind: op === 'a' ? 'alloc' : 'realloc', id, size });
  }
  return { ops };
}

/** Reads either format: a malloc-lab file has lines (comments aside) starting with a, f or r. */
export function parseTrace(text: string): ParsedTrace {
  return /^\s*[afr]\s/m.test(text.replace(/#.*$/gm, '')) ? parseMallocLab(text) : parseOstepOps(text);
}

/** Writes ops in OSTEP's syntax. Only allocs and frees have one; pointer k must be the k-th alloc. */
export function formatOstepOps(ops: readonly TraceOp[]): string | { error: string } {
  const out: string[] = [];
  let allocs = 0;
  for (const op of ops) {
    if (op.kind === 'realloc') return { error: 'OSTEP op lists have no realloc' };
    if (op.kind === 'alloc') {
      if (op.id !== allocs++) return { error: `alloc of pointer ${op.id} is not allocation number ${allocs - 1}` };
      out.push(`+${op.size}`);
    } else out.push(`-${op.id}`);
  }
  return out.join(',');
}

export interface RandomTraceOptions {
  seed: number;
  /** Number of operations. */
  ops: number;
  /** Request sizes are drawn uniformly from [minSize, maxSize]. */
  minSize?: number;
  maxSize: number;
  /** Percent of operations that allocate while there is room for another live block (default 50). */
  allocPercent?: number;
  /** Percent of the non-allocating operations that resize a live block instead of freeing it (default 0). */
  reallocPercent?: number;
  /** At most this many blocks live at once (default unlimited). */
  maxLive?: number;
  /**
   * Frees and resizes pick among only the N most recently allocated live pointers: short,
   * stack-like lifetimes, which keep the free list short however many blocks are live.
   */
  recent?: number;
}

/**
 * A seeded random trace, reproducible from its options: with no live block it always
 * allocates; at maxLive it never does. Frees and resizes pick a live pointer uniformly
 * (or among the `recent` newest).
 * Pointer ids are allocation numbers, as in OSTEP's op lists.
 */
export function randomTrace(opts: RandomTraceOptions): TraceOp[] {
  const rng: RngState = seedRng(opts.seed);
  const minSize = opts.minSize ?? 1;
  const allocPercent = opts.allocPercent ?? 50;
  const reallocPercent = opts.reallocPercent ?? 0;
  const maxLive = opts.maxLive ?? Number.POSITIVE_INFINITY;
  const live: number[] = [];
  const ops: TraceOp[] = [];
  let allocs = 0;
  for (let i = 0; i < opts.ops; i++) {
    const grow = live.length === 0 || (live.length < maxLive && nextInt(rng, 100) < allocPercent);
    if (grow) {
      live.push(allocs);
      ops.push({ kind: 'alloc', id: allocs++, size: nextRange(rng, minSize, opts.maxSize) });
      continue;
    }
    const recent = opts.recent === undefined ? 0 : Math.min(opts.recent, live.length);
    const at = recent > 0 ? live.length - 1 - nextInt(rng, recent) : nextInt(rng, live.length);
    if (nextInt(rng, 100) < reallocPercent) {
      ops.push({ kind: 'realloc', id: live[at], size: nextRange(rng, minSize, opts.maxSize) });
      continue;
    }
    ops.push({ kind: 'free', id: live[at] });
    if (recent > 0) {
      live.splice(at, 1); // keeps allocation order; at most `recent` entries move
    } else {
      // Swap-remove: O(1), and the order of `live` is itself determined by the seed.
      live[at] = live[live.length - 1];
      live.pop();
    }
  }
  return ops;
}
