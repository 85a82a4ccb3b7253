import { errnoName } from '../abi/errno.ts';
import { nextInt, seedRng } from '../base/rng.ts';
import type { ProcessContext } from '../abi/program.ts';
import { type PmapInfo, tlbHitRate } from '../abi/vm.ts';
import { getopts, has, last } from './args.ts';
import { fail, finish, put, tool } from './stdio.ts';
import * as sys from '../libc/sys.ts';
import { outputWidth, wrapText } from './layout.ts';

/**
 * The virtual-memory programs: memtouch (a reference pattern over heap pages, to watch
 * faults, the TLB and the clock hand), pmap (one address space, page by page), vmstat
 * (the pager's counters), segfault (the accesses that end in SIGSEGV), and kswapd, the
 * swap daemon the kernel starts when the watermarks are set.
 */

const PATTERNS = ['seq', 'random', 'loop', 'ws'] as const;
type Pattern = (typeof PATTERNS)[number];

const MEMTOUCH_USAGE = 'memtouch [-p seq|random|loop|ws] [-k PAGES] [-n N] [-s SEED] [-w] [-f] [-t TICKS]';

/** The page of access `i` of a pattern over `pages` pages. */
function pageFor(pattern: Pattern, i: number, pages: number, ws: number, rng: ReturnType<typeof seedRng>): number {
  switch (pattern) {
    case 'seq':
      return Math.min(i, pages - 1);
    case 'loop':
      return i % pages;
    case 'random':
      return nextInt(rng, pages);
    case 'ws': {
      // A working set of `ws` pages, most accesses inside it; it slides along every 4·ws accesses.
      const base = Math.floor(i / (4 * ws)) * Math.max(1, Math.floor(ws / 2));
      const inSet = nextInt(rng, 10) < 9;
      return inSet ? (base + nextInt(rng, ws)) % pages : nextInt(rng, pages);
    }
  }
}

/** Complains on stderr and ends with `status`. */
function* die(t: ReturnType<typeof tool>, message: string, status: number): sys.Sys<number> {
  yield* fail(t, message, status);
  return yield* finish(t);
}

const intOpt = (text: string | undefined, dflt: number, lo: number, hi: number): number | null => {
  if (text === undefined) return dflt;
  const n = Number(text);
  return Number.isInteger(n) && n >= lo && n <= hi ? n : null;
};

/**
 * memtouch: grows the heap by PAGES pages with sbrk and touches them in a pattern, one
 * access per tick of CPU, then prints what it cost in faults. With -f it then forks a
 * child that writes every page (each first write breaks copy-on-write) and checks that
 * its own bytes did not change.
 */
export function* memtouch(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { flags: 'wf', values: 'pknst', usage: [MEMTOUCH_USAGE] });
  if (typeof a === 'number') return a;
  const t = tool('memtouch');
  const pattern = (last(a, 'p') ?? 'loop') as Pattern;
  if (!PATTERNS.includes(pattern)) return yield* die(t, `unknown pattern '${pattern}' (seq, random, loop, ws)`, 2);
  const pages = intOpt(last(a, 'k'), 8, 1, 4096);
  const n = intOpt(last(a, 'n'), 32, 1, 100_000);
  const seed = intOpt(last(a, 's'), 1, 0, 2 ** 31);
  const ticks = intOpt(last(a, 't'), 1, 0, 1000);
  if (pages === null || n === null || seed === null || ticks === null) return yield* die(t, `invalid number\nusage: ${MEMTOUCH_USAGE}`, 2);
  const st = yield* sys.vmstat();
  const base = yield* sys.sbrk(pages);
  if (base < 0) return yield* die(t, `sbrk(${pages}) failed: ${errnoName(base)}`, 1);
  const write = has(a, 'w');
  const rng = seedRng(seed);
  const ws = Math.max(1, Math.min(pages, Math.ceil(pages / 4)));
  const before = yield* sys.pmap();
  for (let i = 0; i < n; i++) {
    const page = pageFor(pattern, i, pages, ws, rng);
    const r = yield* sys.touch(base + page * st.pageSize + (i % st.pageSize), { write, value: (page + 1) & 255 });
    if (r < 0) return yield* die(t, `access ${i} to page ${page} failed: ${errnoName(r)}`, 1);
    if (ticks > 0) yield* sys.cpu(ticks);
  }
  const after = yield* sys.pmap();
  if (typeof before !== 'number' && typeof after !== 'number') {
    // Of the pages it touched: its code, shared with others running memtouch, is not one of them.
    const first = base / st.pageSize;
    const touched = after.pages.filter((p) => p.vpn >= first && p.vpn < first + pages && p.state === 'resident').length;
    // Not wrapped to the terminal: memtouch often runs in the background, where its line
    // starts after the prompt, so a wrap for a line at column 0 would break it in the wrong place.
    yield* put(
      t.out,
      `${n} ${write ? 'writes' : 'reads'} (${pattern}) over ${pages} pages: ${after.minorFaults - before.minorFaults} minor faults, ` +
        `${after.majorFaults - before.majorFaults} major faults; ${
          st.policy === 'none' ? `the whole image, ${after.rss} pages, is resident (${st.scheme}, ${st.frames} frames)` : `resident ${touched} of ${pages} pages (${st.policy}, ${st.frames} frames)`
        }\n`,
    );
  }
  if (has(a, 'f')) return yield* forkAndCheck(t, ctx, base, pages, st.pageSize);
  return yield* finish(t);
}

function* forkAndCheck(t: ReturnType<typeof tool>, ctx: ProcessContext, base: number, pages: number, pageSize: number): sys.Sys<number> {
  for (let p = 0; p < pages; p++) yield* sys.touch(base + p * pageSize, { write: true, value: p + 1 });
  const child = yield* sys.spawn({ program: 'memtouch-child', argv: ['memtouch-child', String(base), String(pages), String(pageSize)], forkMemory: true });
  if (child < 0) return yield* die(t, `fork failed: ${errnoName(child)}`, 1);
  yield* sys.wait(child);
  let same = 0;
  for (let p = 0; p < pages; p++) if ((yield* sys.touch(base + p * pageSize)) === p + 1) same++;
  yield* put(t.out, `after the child wrote all ${pages} pages, the parent (pid ${ctx.pid}) still reads its own bytes in ${same} of ${pages}\n`);
  return yield* finish(t);
}

/** The child of memtouch -f: a copy-on-write copy of its parent, writing every page once. */
export function* memtouchChild(ctx: ProcessContext): sys.Sys<number> {
  const [, b, n, ps] = ctx.argv.map(Number);
  const before = yield* sys.pmap();
  for (let p = 0; p < n; p++) {
    yield* sys.touch(b + p * ps, { write: true, value: 200 });
    yield* sys.cpu(1);
  }
  const after = yield* sys.pmap();
  if (typeof before !== 'number' && typeof after !== 'number') {
    yield* sys.print(`child pid ${ctx.pid} wrote ${n} shared pages: ${after.cowBreaks - before.cowBreaks} copy-on-write breaks\n`);
  }
  return 0;
}

const num = (x: number | null): string => (x === null ? '-' : String(x));

/** pmap [PID]: the regions of an address space and where each of its pages is. */
export function* pmap(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { flags: 'x', usage: ['pmap [-x] [PID]'] });
  if (typeof a === 'number') return a;
  const t = tool('pmap');
  const pid = a.operands.length ? Number(a.operands[0]) : 0;
  if (!Number.isInteger(pid) || pid < 0) return yield* die(t, `invalid pid '${a.operands[0]}'`, 1);
  const m = yield* sys.pmap(pid);
  if (typeof m === 'number') return yield* die(t, `${pid}: no such process`, 1);
  yield* put(t.out, wrapText(pmapText(m, has(a, 'x')), yield* outputWidth(ctx)));
  return yield* finish(t);
}

function pmapText(m: PmapInfo, pages: boolean): string {
  const hex = (page: number) => `0x${(page * m.pageSize).toString(16).padStart(5, '0')}`;
  let out = `pid ${m.pid}: ${m.scheme}, ${m.pageSize}-byte pages${m.image === null ? '' : `, code shared with every process running ${m.image}`}\n`;
  out += 'START    END      PAGES PROT REGION\n';
  for (const r of m.regions) if (r.end > r.start) out += `${hex(r.start).padEnd(8)} ${hex(r.end).padEnd(8)} ${String(r.end - r.start).padStart(5)} ${r.prot}  ${r.kind}\n`;
  out += `vsz ${m.vsz} pages, rss ${m.rss}${m.sharedRss > 0 ? ` (${m.sharedRss} shared code)` : ''}, page tables ${m.tableFrames} frame${m.tableFrames === 1 ? '' : 's'}; faults: ${m.minorFaults} minor, ${m.majorFaults} major; ${m.cowBreaks} copy-on-write breaks\n`;
  if (pages) {
    out += '\n  VPN STATE      FRAME SLOT PROT COW SHARED\n';
    for (const p of m.pages) {
      const shared = p.shared ? `${p.shared.program}, ${p.shared.users} process${p.shared.users === 1 ? '' : 'es'}` : '';
      const line = `${String(p.vpn).padStart(5)} ${p.state.padEnd(10)} ${num(p.frame).padStart(5)} ${num(p.slot).padStart(4)} ${p.prot}  ${(p.cow ? 'yes' : '').padEnd(3)} ${shared}`;
      out += `${line.trimEnd()}\n`;
    }
  }
  return out;
}

/** vmstat: the pager's counters since boot. */
export function* vmstat(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { usage: ['vmstat'] });
  if (typeof a === 'number') return a;
  const v = yield* sys.vmstat();
  const t = tool('vmstat');
  const rate = tlbHitRate(v) ?? '-';
  const width = yield* outputWidth(ctx);
  // A narrow terminal continues a row under its figures (9 columns in), never inside a word.
  yield* put(
    t.out,
    wrapText(
    `scheme ${v.scheme}, ${v.pageSize}-byte pages, replacement ${v.policy}\n` +
      `frames   ${String(v.frames).padStart(6)} total ${String(v.freeFrames).padStart(6)} free ${String(v.tableFrames).padStart(6)} page tables\n` +
      `swap     ${String(v.swapSlots).padStart(6)} slots ${String(v.swapUsed).padStart(6)} used ${String(v.swapReads).padStart(6)} in ${String(v.swapWrites).padStart(6)} out\n` +
      `faults   ${String(v.minorFaults).padStart(6)} minor ${String(v.majorFaults).padStart(6)} major ${String(v.cowBreaks).padStart(6)} cow ${String(v.segvs).padStart(6)} segv\n` +
      `code     ${String(v.codeFrames).padStart(6)} frames ${String(v.codeMappings).padStart(6)} mapped ${String(v.codePrograms).padStart(6)} programs (shared)\n` +
      `pager    ${String(v.evictions).padStart(6)} evictions\n` +
      `tlb      ${String(v.tlbEntries).padStart(6)} entries ${String(v.tlbHits).padStart(6)} hits ${String(v.tlbMisses).padStart(6)} misses ${String(v.tlbFlushes).padStart(6)} flushes (hit rate ${rate})\n`,
      width,
      9,
    ),
  );
  return yield* finish(t);
}

const SEGFAULT_USAGE = 'segfault [null|code|wild|stack]';

/**
 * segfault: makes one access the MMU refuses, so the kernel sends SIGSEGV. null reads
 * address 0 (page 0 is never mapped), code writes to the read-only code, wild reads past
 * the end of the address space, stack runs down past the stack's last page.
 */
export function* segfault(ctx: ProcessContext): sys.Sys<number> {
  const kind = ctx.argv[1] ?? 'null';
  const st = yield* sys.vmstat();
  const m = yield* sys.pmap();
  if (typeof m === 'number') return 1;
  const region = (k: string) => m.regions.find((r) => r.kind === k);
  const code = region('code');
  const stack = region('stack');
  let addr: number;
  let write = false;
  if (kind === 'null') addr = 0;
  else if (kind === 'code' && code) {
    addr = code.start * st.pageSize;
    write = true;
  } else if (kind === 'wild') addr = 0x7fffffff;
  else if (kind === 'stack' && stack) addr = (stack.start - 1) * st.pageSize;
  else {
    yield* sys.eprint(`usage: ${SEGFAULT_USAGE}\n`);
    return 2;
  }
  yield* sys.print(`segfault: ${write ? 'writing' : 'reading'} address 0x${addr.toString(16)}...\n`);
  yield* sys.cpu(1);
  const r = yield* sys.touch(addr, { write, value: 1 });
  // Only reached if SIGSEGV is caught or ignored.
  yield* sys.print(`segfault: the access returned ${r < 0 ? errnoName(r) : r}\n`);
  return r < 0 ? 1 : 0;
}

/** kswapd: the swap daemon, a kernel process: sleeps until free frames run low, then evicts to the high watermark. */
export function* kswapd(): sys.Sys<number> {
  for (;;) yield { op: 'kswapd' };
}
