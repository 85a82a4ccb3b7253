import { strerror } from '../abi/errno.ts';
import type { HeapInfo } from '../abi/heap.ts';
import type { ProcessContext } from '../abi/program.ts';
import { memorySize } from '../abi/vm.ts';
import * as sys from '../libc/sys.ts';
import { getopts, has, usageError } from './args.ts';
import { outputWidth, wrapText } from './layout.ts';
import { fail, finish, put, quote, quotef, tool } from './stdio.ts';

/**
 * Commands that report on the whole system: df (the disk, from statfs), free and heapinfo
 * (the kernel heap, from the heapinfo system call), uptime (the clock and the process table), and the maintenance
 * commands sync and fsck; clear resets the terminal.
 */

/** Columns: the first left-aligned, the rest right-aligned, each as wide as its widest cell. */
function table(rows: string[][], leftLast = false): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === 0 || (leftLast && i === r.length - 1) ? cell.padEnd(i === r.length - 1 ? 0 : widths[i]) : cell.padStart(widths[i])))
        .join(' '),
    )
    .join('\n');
}

/** 1.5K, 12M: df -h's sizes (powers of 1024, one decimal below 10, rounded up as GNU rounds). */
function human(bytes: number): string {
  const units = ['', 'K', 'M', 'G', 'T'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  if (u === 0) return String(Math.ceil(v));
  return v < 10 ? `${(Math.ceil(v * 10) / 10).toFixed(1)}${units[u]}` : `${Math.ceil(v)}${units[u]}`;
}

const percent = (used: number, total: number) => (total === 0 ? '-' : `${Math.ceil((used * 100) / total)}%`);

/** df [-hikT]: the one file system, mounted on /. */
export function* df(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'hikT',
    long: { 'human-readable': 'h', inodes: 'i', 'print-type': 'T' },
    usage: ['df [OPTION]... [FILE]...'],
  });
  if (typeof a === 'number') return a;
  const t = tool('df');
  // Every file is on the one file system; a name that does not exist is an error.
  let found = a.operands.length === 0;
  for (const name of a.operands) {
    const st = yield* sys.stat(name);
    if (typeof st === 'number') yield* fail(t, `${quotef(name)}: ${strerror(st)}`);
    else found = true;
  }
  if (!found) return yield* finish(t);
  const f = yield* sys.statfs();
  const type = has(a, 'T') ? ['vsfs'] : [];
  let rows: string[][];
  if (has(a, 'i')) {
    const used = f.inodes - f.freeInodes;
    rows = [
      ['Filesystem', ...(type.length ? ['Type'] : []), 'Inodes', 'IUsed', 'IFree', 'IUse%', 'Mounted on'],
      ['rootfs', ...type, String(f.inodes), String(used), String(f.freeInodes), percent(used, f.inodes), '/'],
    ];
  } else {
    const usedBytes = (f.dataBlocks - f.freeBlocks) * f.blockSize;
    const freeBytes = f.freeBlocks * f.blockSize;
    const size = (bytes: number) => (has(a, 'h') ? human(bytes) : String(Math.ceil(bytes / 1024)));
    rows = [
      ['Filesystem', ...(type.length ? ['Type'] : []), has(a, 'h') ? 'Size' : '1K-blocks', 'Used', has(a, 'h') ? 'Avail' : 'Available', 'Use%', 'Mounted on'],
      ['rootfs', ...type, size(usedBytes + freeBytes), size(usedBytes), size(freeBytes), percent(usedBytes, usedBytes + freeBytes), '/'],
    ];
  }
  yield* put(t.out, `${table(rows, true)}\n`);
  return yield* finish(t);
}

/** The allocator's design, arena, payload, fragmentation, pages and operation counts: free -v's and heapinfo's report. */
function allocatorReport(h: HeapInfo): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return (
    `allocator:   ${h.design}, ${h.policy} fit, ${h.order} order, ${h.coalesce} coalescing\n` +
    `arena:       ${h.heapSize} bytes at ${h.base}, ${h.headerSize}-byte headers, ${h.align}-byte alignment\n` +
    `payload:     ${h.payload} bytes asked for, ${h.headerBytes} in headers, ${h.paddingBytes} in padding\n` +
    `fragmentation: internal ${pct(h.internalFragmentation)}, external ${pct(h.externalFragmentation)}\n` +
    `pages:       ${h.pagesInUse} of the arena's ${h.pages} ${h.pageSize}-byte pages hold allocated blocks\n` +
    `operations:  ${h.allocs} malloc, ${h.frees} free, ${h.reallocs} realloc, ${h.failed} failed; ` +
    `${h.totalSearched} free-list elements searched\n`
  );
}

/** heapinfo: the kernel heap and its allocator, as free -v reports them, without the Mem and Swap rows. */
export function* heapinfo(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { flags: '', usage: ['heapinfo'] });
  if (typeof a === 'number') return a;
  if (a.operands.length > 0) return yield* usageError('heapinfo', `extra operand ${quote(a.operands[0])}`);
  const t = tool('heapinfo');
  const h = yield* sys.heapinfo();
  const out =
    `heap:        ${h.heapSize} bytes, ${h.inUse} used, ${h.freeBytes} free in ${h.freeBlocks} block${h.freeBlocks === 1 ? '' : 's'} ` +
    `(largest ${h.largestFree}), ${h.allocatedBlocks} allocated\n${allocatorReport(h)}`;
  yield* put(t.out, wrapText(out, yield* outputWidth(ctx), 6));
  return yield* finish(t);
}

/** free [-v]: the kernel heap in bytes, then physical memory (frames) and swap, in KiB as Linux's Mem and Swap rows (in bytes where pages are smaller). */
export function* free(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { flags: 'bv', long: { bytes: 'b', verbose: 'v' }, usage: ['free [-bv]'] });
  if (typeof a === 'number') return a;
  const h = yield* sys.heapinfo();
  const t = tool('free');
  const cols = ['total', 'used', 'free', 'largest', 'allocated', 'free-blocks'];
  const vals = [h.heapSize, h.inUse, h.freeBytes, h.largestFree, h.allocatedBlocks, h.freeBlocks].map(String);
  const v = yield* sys.vmstat();
  // Frames and slots in exact memory sizes (memorySize): KiB for whole-KiB pages, else bytes.
  const size = (pages: number) => memorySize(pages * v.pageSize, v.pageSize);
  const mem = [v.frames, v.frames - v.freeFrames, v.freeFrames].map(size);
  const swap = [v.swapSlots, v.swapUsed, v.swapSlots - v.swapUsed].map(size);
  // Each column is as wide as its widest entry and three spaces, so the table fits a
  // terminal of 70 columns (Linux's fixed 12 would need 78 and wrap the last header).
  const pgtbl = ['-', size(v.tableFrames), '-'];
  const code = ['-', size(v.codeFrames), '-'];
  const widths = cols.map((c, i) => Math.max(c.length, vals[i].length, (mem[i] ?? '').length, (swap[i] ?? '').length, (pgtbl[i] ?? '').length, (code[i] ?? '').length) + 3);
  const width = yield* outputWidth(ctx);
  // On a terminal too narrow for every column the table goes on below in a second block
  // with its own headings, so each figure stays under its name.
  let out = '';
  for (const [from, to] of columnGroups(widths, width === null ? null : width - 6)) {
    const row = (name: string, cells: string[]) => `${name.padEnd(6)}${cells.slice(from, to).map((c, i) => c.padStart(widths[from + i])).join('')}\n`;
    out += row('', cols) + row('Heap:', vals);
    if (from < mem.length) out += row('Mem:', mem) + row('Swap:', swap);
    // Page tables live in frames too: part of Mem's used (/proc/meminfo's PageTables).
    if (from < pgtbl.length) out += row('PgTbl:', pgtbl);
    // Programs' code, shared by every process running one: part of Mem's used, counted once.
    if (from < code.length) out += row('Code:', code);
  }
  if (has(a, 'v')) out += `\n${allocatorReport(h)}`;
  yield* put(t.out, wrapText(out, width, 6));
  return yield* finish(t);
}

/** Consecutive runs of columns, each as many as fit in `room` (at least one); all of them in one when there is no limit. */
function columnGroups(widths: number[], room: number | null): [number, number][] {
  if (room === null) return [[0, widths.length]];
  const groups: [number, number][] = [];
  let from = 0;
  let used = 0;
  widths.forEach((w, i) => {
    if (i > from && used + w > room) {
      groups.push([from, i]);
      from = i;
      used = 0;
    }
    used += w;
  });
  groups.push([from, widths.length]);
  return groups;
}

/** uptime: the clock in ticks and what the process table holds. */
export function* uptime(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { flags: 'ps', long: { pretty: 'p', since: 's' }, usage: ['uptime [-ps]'] });
  if (typeof a === 'number') return a;
  const now = yield* sys.uptime();
  const t = tool('uptime');
  if (has(a, 's')) yield* put(t.out, 'tick 0\n');
  else if (has(a, 'p')) yield* put(t.out, `up ${now} tick${now === 1 ? '' : 's'}\n`);
  else {
    const procs = yield* sys.ps();
    const live = procs.filter((p) => p.state !== 'zombie');
    const runnable = live.filter((p) => p.state === 'running' || p.state === 'ready' || p.state === 'new').length;
    const blocked = live.filter((p) => p.state === 'blocked').length;
    yield* put(t.out, ` up ${now} ticks,  ${live.length} processes,  ${runnable} runnable, ${blocked} blocked\n`);
  }
  return yield* finish(t);
}

/** sync: writes every dirty buffer home and checkpoints the journal. */
export function* sync(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { flags: 'dfs', long: { data: 'd', 'file-system': 'f' }, usage: ['sync [FILE]...'] });
  if (typeof a === 'number') return a;
  for (const name of a.operands) {
    const st = yield* sys.stat(name);
    if (typeof st === 'number') {
      yield* sys.eprint(`sync: error opening ${quote(name)}: No such file or directory\n`);
      return 1;
    }
  }
  yield* sys.sync();
  return 0;
}

/**
 * fsck [-n | -y]: checks the file system and prints each finding; -y repairs. The exit
 * status is e2fsck's: 0 clean, 1 errors corrected, 4 errors left uncorrected.
 */
export function* fsck(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { flags: 'afnpy', long: { yes: 'y', no: 'n' }, usage: ['fsck [-n | -y]'], status: 16 });
  if (typeof a === 'number') return a;
  if (a.operands.length > 0) return yield* usageError('fsck', `only the root file system can be checked, not ${quote(a.operands[0])}`, 16);
  const repair = (has(a, 'y') || has(a, 'p') || has(a, 'a')) && !has(a, 'n');
  const t = tool('fsck');
  yield* put(t.out, `fsck: checking / (${repair ? 'repairing what is found' : 'read-only: nothing will be changed'})\n`);
  const r = yield* sys.fsck(repair);
  for (const f of r.findings) yield* put(t.out, `  ${f}\n`);
  if (r.beyond.count > 0) {
    const last = r.beyond.start + r.beyond.count - 1;
    yield* put(t.out, `  blocks ${r.beyond.start}-${last} are the swap partition and the partition table, past the file system: not checked\n`);
  }
  const n = r.findings.length;
  const problems = `${n} problem${n === 1 ? '' : 's'}`;
  let status = 0;
  if (r.clean) yield* put(t.out, 'fsck: clean\n');
  else if (r.repaired) {
    yield* put(t.out, `fsck: ${problems} found and repaired\n`);
    status = 1;
  } else {
    yield* put(t.out, `fsck: ${problems} found; run 'fsck -y' to repair\n`);
    status = 4;
  }
  const w = yield* finish(t);
  return w !== 0 ? 8 : status;
}

/** clear: the ANSI sequences that home the cursor, clear the screen and its scrollback. */
export function* clear(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { flags: 'x', usage: ['clear [-x]'] });
  if (typeof a === 'number') return a;
  yield* sys.print(has(a, 'x') ? '\x1b[H\x1b[2J' : '\x1b[H\x1b[2J\x1b[3J');
  return 0;
}
