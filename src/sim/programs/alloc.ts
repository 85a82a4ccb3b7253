import { errnoName } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import { nextInt, nextRange, seedRng } from '../base/rng.ts';
import * as sys from '../libc/sys.ts';
import { outputWidth, wrapText } from './layout.ts';

const USAGE = `usage: alloc PATTERN [N]
  leak [N]       allocate N blocks (default 3) and exit without freeing them
  fragment [N]   fill the heap with N-byte blocks (default 64), free every other one,
                 then ask for more than the largest hole: it fails although plenty is free
  grow [N]       double one buffer N times (default 5) with realloc: in place while the
                 block above is free, moved once another block sits there
  churn [N]      N random mallocs and frees (default 30), the same every run
  doublefree     free one pointer twice: the second free fails with EINVAL
`;

const PATTERNS: Record<string, (n: number | null, pid: number, width: number | null) => sys.Sys<number>> = {
  leak,
  fragment,
  grow,
  churn,
  doublefree,
};

/**
 * alloc: classic malloc/free patterns to watch in the heap view, one heap operation per
 * tick of CPU, each result printed.
 */
export function* alloc(ctx: ProcessContext): sys.Sys<number> {
  const [, pattern, count] = ctx.argv;
  const n = count === undefined ? null : Number(count);
  const run = pattern === undefined || !Object.hasOwn(PATTERNS, pattern) ? undefined : PATTERNS[pattern];
  if (!run || (n !== null && (!Number.isInteger(n) || n < 1 || n > 10_000))) {
    yield* sys.eprint(run ? `alloc: invalid count '${count}'\n${USAGE}` : USAGE);
    return 2;
  }
  return yield* run(n, ctx.pid, yield* outputWidth(ctx));
}

/** Prints a sentence broken between words at the terminal's width (`width` null: as it is). */
function* say(width: number | null, text: string): sys.Sys<void> {
  yield* sys.print(wrapText(text, width));
}

/** malloc, print the outcome, then take a tick. */
function* mallocStep(size: number): sys.Sys<number> {
  const p = yield* sys.malloc(size);
  yield* sys.print(`malloc(${size}) ${p < 0 ? `failed: ${errnoName(p)}` : `= ${p}`}\n`);
  yield* sys.cpu(1);
  return p;
}

function* freeStep(ptr: number): sys.Sys<number> {
  const r = yield* sys.free(ptr);
  yield* sys.print(`free(${ptr}) ${r < 0 ? `failed: ${errnoName(r)}` : 'returned 0'}\n`);
  yield* sys.cpu(1);
  return r;
}

function* leak(n: number | null, _pid: number, width: number | null): sys.Sys<number> {
  const count = n ?? 3;
  for (let i = 0; i < count; i++) yield* mallocStep(16 * (i + 1));
  const h = yield* sys.heapinfo();
  yield* say(width, `my heap: ${h.heapPagesMapped} page(s) below the break, ${h.heapPagesResident} in memory\n`);
  yield* say(width, `exiting with ${count} block(s) still allocated: the kernel reclaims them as leaked\n`);
  return 0;
}

function* fragment(n: number | null, _pid: number, width: number | null): sys.Sys<number> {
  const size = n ?? 64;
  const ptrs: number[] = [];
  for (let p = yield* sys.malloc(size); p >= 0 && ptrs.length < 10_000; p = yield* sys.malloc(size)) ptrs.push(p);
  const full = yield* sys.heapinfo();
  yield* say(width, `filled the heap with ${ptrs.length} blocks of ${size} bytes (${full.heapPagesResident} of my heap's ${full.heapPagesMapped} pages now in memory)\n`);
  yield* sys.cpu(1);
  for (let i = 0; i < ptrs.length; i += 2) yield* sys.free(ptrs[i]);
  const h = yield* sys.heapinfo();
  yield* say(width, 
    `freed every other block: ${h.freeBytes} B free in ${h.freeBlocks} blocks, the largest ${h.largestFree} B ` +
      `(external fragmentation ${(h.externalFragmentation * 100).toFixed(0)}%)\n`,
  );
  yield* sys.cpu(1);
  // The smallest request that no hole can hold once its header is counted.
  const ask = Math.max(0, h.largestFree - h.headerSize + 1);
  const p = yield* sys.malloc(ask);
  yield* say(width, 
    p < 0
      ? `malloc(${ask}) failed although ${h.freeBytes} B are free: no single hole is large enough\n`
      : `malloc(${ask}) = ${p}: a hole was large enough after all\n`,
  );
  yield* sys.cpu(1);
  if (p >= 0) yield* sys.free(p);
  for (let i = 1; i < ptrs.length; i += 2) yield* sys.free(ptrs[i]);
  const after = yield* sys.heapinfo();
  yield* say(width, `freed the rest: ${after.freeBlocks} free block(s), the largest ${after.largestFree} B\n`);
  return 0;
}

function* grow(n: number | null): sys.Sys<number> {
  let size = 16;
  let ptr = yield* mallocStep(size);
  if (ptr < 0) return 1;
  let blocker = -1;
  for (let i = 0; i < (n ?? 5); i++) {
    // After the first growth another block is allocated, so it sits just above the buffer.
    if (i === 1) blocker = yield* mallocStep(8);
    size *= 2;
    const q = yield* sys.realloc(ptr, size);
    const how = q < 0 ? `failed: ${errnoName(q)}` : q === ptr ? `= ${q} (grew in place)` : `= ${q} (moved from ${ptr})`;
    yield* sys.print(`realloc(${ptr}, ${size}) ${how}\n`);
    yield* sys.cpu(1);
    if (q < 0) break;
    ptr = q;
  }
  yield* freeStep(ptr);
  if (blocker >= 0) yield* freeStep(blocker);
  return 0;
}

function* churn(n: number | null, pid: number): sys.Sys<number> {
  const rng = seedRng(pid); // the same pattern for the same pid, so a replay repeats it
  const live: number[] = [];
  for (let i = 0; i < (n ?? 30); i++) {
    if (live.length === 0 || nextInt(rng, 100) < 60) {
      const p = yield* mallocStep(nextRange(rng, 8, 200));
      if (p >= 0) live.push(p);
    } else {
      const at = nextInt(rng, live.length);
      yield* freeStep(live[at]);
      live[at] = live[live.length - 1];
      live.pop();
    }
  }
  for (const p of live) yield* freeStep(p);
  return 0;
}

function* doublefree(): sys.Sys<number> {
  const p = yield* mallocStep(32);
  if (p < 0) return 1;
  yield* freeStep(p);
  yield* freeStep(p);
  return 0;
}
