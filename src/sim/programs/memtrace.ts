import { errnoName } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { parseTrace, type TraceOp } from '../memory/trace.ts';
import { outputWidth, wrapText } from './layout.ts';

const USAGE = `usage: memtrace [-f] OPS
  Replays an allocation trace through malloc, free and realloc, one operation per tick,
  and keeps the final heap on view for one more tick before it cleans up and exits.
  OPS is an OSTEP op list (+size allocates, -k frees pointer k):  memtrace +10,+20,-0,+5
  or malloc-lab lines separated by ';':                            memtrace "a 0 10; r 0 40; f 0"
  -f frees whatever is still allocated at the end; without it, the kernel reclaims it as leaked.
`;

/**
 * memtrace: a trace stepped through like any process. Each operation is one syscall
 * followed by a tick of CPU, so the heap view changes one step at a time, and each
 * result is printed the way malloc.py prints it, with the search length.
 */
export function* memtrace(ctx: ProcessContext): sys.Sys<number> {
  let args = ctx.argv.slice(1);
  const freeAll = args[0] === '-f';
  if (freeAll) args = args.slice(1);
  const text = args.join(' ');
  if (text.trim() === '' || args[0] === '-h' || args[0] === '--help') {
    yield* sys.eprint(USAGE);
    return 2;
  }
  const parsed = parseTrace(text.replaceAll(';', '\n'));
  if ('error' in parsed) {
    yield* sys.eprint(`memtrace: ${parsed.error}\n`);
    return 2;
  }
  const ptrs = new Map<number, number>();
  // Each line is broken between words to the terminal's width; a continuation is indented.
  const width = yield* outputWidth(ctx);
  const print = (text: string) => sys.print(wrapText(text, width, 4));
  for (const op of parsed.ops) {
    // A tick of CPU, then the operation: each step of the timeline shows exactly one.
    yield* sys.cpu(1);
    yield* print(`${yield* step(op, ptrs)}\n${yield* heapLine()}`);
  }
  // One more tick before the cleanup and the exit: the last operation and the teardown
  // would otherwise share a tick, and no step of the timeline would show the holes the
  // trace leaves.
  if (parsed.ops.length > 0) yield* sys.cpu(1);
  if (ptrs.size > 0 && freeAll) {
    for (const [id, ptr] of ptrs) yield* print(`free(ptr[${id}]) returned ${yield* sys.free(ptr)}\n`);
  } else if (ptrs.size > 0) {
    yield* print(`memtrace: ${ptrs.size} block(s) still allocated; they leak when memtrace exits\n`);
  }
  return 0;
}

/** Runs one operation and says what happened. */
function* step(op: TraceOp, ptrs: Map<number, number>): sys.Sys<string> {
  const name = `ptr[${op.id}]`;
  const old = ptrs.get(op.id);
  if (op.kind === 'free') {
    if (old === undefined) return `free(${name}) skipped: ${name} was never allocated`;
    const r = yield* sys.free(old);
    if (r === 0) ptrs.delete(op.id);
    return `free(${name}) ${r === 0 ? 'returned 0' : `failed: ${errnoName(r)} (bad pointer or double free)`}`;
  }
  const resize = op.kind === 'realloc' && old !== undefined;
  const r = resize ? yield* sys.realloc(old, op.size) : yield* sys.malloc(op.size);
  const call = resize ? `realloc(${name}, ${op.size})` : `malloc(${op.size})`;
  const info = yield* sys.heapinfo();
  if (r < 0) return `${name} = ${call} failed: ${errnoName(r)} (searched ${info.lastSearched})`;
  ptrs.set(op.id, r);
  const how = resize ? (r === old ? ', in place' : ', moved') : '';
  return `${name} = ${call} returned ${r} (searched ${info.lastSearched}${how})`;
}

/** One line of heap figures after a step. */
function* heapLine(): sys.Sys<string> {
  const h = yield* sys.heapinfo();
  const blocks = h.freeBlocks === 1 ? '1 free block' : `${h.freeBlocks} free blocks`;
  return `  heap: ${h.inUse} B in use (${h.payload} asked for), ${h.freeBytes} B free in ${blocks}, largest ${h.largestFree}\n`;
}
