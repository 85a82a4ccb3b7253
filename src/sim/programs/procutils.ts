import { ENOENT, strerror } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import { parseSignal, SIGTERM, signalList, signalName } from '../abi/signals.ts';
import type { ProcInfo, SpawnRequest } from '../abi/syscalls.ts';
import { memorySize } from '../abi/vm.ts';
import * as sys from '../libc/sys.ts';
import { getopts, has, last, usageError } from './args.ts';
import { outputWidth, wrapText } from './layout.ts';
import { fail, finish, put, quote, tool } from './stdio.ts';

/**
 * Commands about processes: ps, cpus, kill, nice, workset, env and sleep. nice, workset and env run a command
 * the only way a program can, by spawn (fork and exec in one step) and wait, and exit
 * with its status, so to the shell they look like the command itself.
 */

/** The STAT letters of Linux ps: state, then < (high priority), N (low), + (foreground group). */
function statCode(p: ProcInfo, fg: number): string {
  const state: Record<string, string> = { new: 'R', ready: 'R', running: 'R', blocked: 'S', stopped: 'T', zombie: 'Z' };
  let s = state[p.state] ?? '?';
  if (p.nice < 0) s += '<';
  if (p.nice > 0) s += 'N';
  if (p.pgid === fg) s += '+';
  return s;
}

/** ps [-l]: every process (as ps -e shows them; -e, -A, -a, -x and -f are accepted and change nothing). */
export function* ps(ctx: ProcessContext): sys.Sys<number> {
  // BSD-style words such as `ps aux` name the same "every process" listing.
  const argv = ctx.argv.map((w, i) => (i > 0 && /^[auxefjlw]+$/.test(w) ? `-${w}` : w));
  const a = yield* getopts({ ...ctx, argv }, { flags: 'aAefjlwx', usage: ['ps [-l]'] });
  if (typeof a === 'number') return a;
  if (a.operands.length > 0) return yield* usageError('ps', `unsupported argument ${quote(a.operands[0])}`);
  const rows = yield* sys.ps();
  const fg = yield* sys.tcgetpgrp();
  const t = tool('ps');
  const long = has(a, 'l');
  // VSZ and RSS in the unit the page size gives (memorySize), the same for every row, in
  // columns as wide as the widest figure (bytes can take six digits).
  const pageSize = long ? (yield* sys.vmstat()).pageSize : 0;
  const sized = (n: number) => memorySize(n, pageSize);
  const w = long ? Math.max(5, ...rows.map((p) => Math.max(sized(p.vsz).length, sized(p.rss).length))) : 0;
  const header = long ? `S STATE     PID  PPID  PGID  NI ARRIVE  TIME ${'VSZ'.padStart(w)} ${'RSS'.padStart(w)} CMD` : '  PID  PPID  PGID STAT  TIME CMD';
  let out = `${header}\n`;
  for (const p of [...rows].sort((x, y) => x.pid - y.pid)) {
    const cmd = p.state === 'zombie' ? `[${p.name}] <defunct>` : p.argv.join(' ');
    const ids = `${String(p.pid).padStart(5)} ${String(p.ppid).padStart(5)} ${String(p.pgid).padStart(5)}`;
    if (long) {
      const code = statCode(p, fg);
      out += `${code[0]} ${p.state.padEnd(7)} ${ids} ${String(p.nice).padStart(3)} ${String(p.arrival).padStart(6)} ${String(p.cpuTicks).padStart(5)} ${sized(p.vsz).padStart(w)} ${sized(p.rss).padStart(w)} ${cmd}\n`;
    } else {
      out += `${ids} ${statCode(p, fg).padEnd(4)} ${String(p.cpuTicks).padStart(5)} ${cmd}\n`;
    }
  }
  // A command too long for the terminal continues on the next line under CMD, broken between words.
  yield* put(t.out, wrapText(out, yield* outputWidth(ctx), header.length - 3));
  return yield* finish(t);
}

/**
 * cpus: each CPU, as mpstat shows them, with its cache (OSTEP chapter 10): the pid it runs,
 * its busy ticks and the part of them run warm, as counts and as shares of the uptime, and
 * which processes are warm in its cache (newest first) and which are warming, with the
 * ticks each has left to run there.
 */
export function* cpus(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { usage: ['cpus'] });
  if (typeof a === 'number') return a;
  if (a.operands.length > 0) return yield* usageError('cpus', `unsupported argument ${quote(a.operands[0])}`);
  const info = yield* sys.cpuinfo();
  const now = yield* sys.uptime();
  const t = tool('cpus');
  const cache = info[0]?.cache ?? null;
  const pct = (x: number) => (now > 0 ? ((100 * x) / now).toFixed(1) : '0.0').padStart(5);
  const about = cache
    ? `caches: ${cache.size} units per CPU; a working set is warm after ${cache.warmupTime} ticks on a CPU, and then runs ${cache.warmRate}x\n`
    : 'caches: none (the machine has no kernel.cache); every process runs at one tick of work per tick\n';
  const header = 'CPU   PID  BUSY %BUSY  WARM %WARM CACHE';
  let out = `${header}\n`;
  for (const c of info) {
    const ids = `${String(c.cpu).padStart(3)} ${(c.running === null ? '-' : String(c.running)).padStart(5)}`;
    const times = `${String(c.busyTicks).padStart(5)} ${pct(c.busyTicks)} ${String(c.warmTicks).padStart(5)} ${pct(c.warmTicks)}`;
    const warm = c.warm.length ? c.warm.map((w) => `${w.pid}(${w.workingSet})`).join(' ') : '-';
    const warming = c.warming.length ? c.warming.map((w) => `${w.pid}(${w.workingSet}, ${w.left} left)`).join(' ') : '-';
    const held = cache ? `${c.used}/${cache.size} warm ${warm}; warming ${warming}` : '-';
    out += `${ids} ${times} ${held}\n`;
  }
  const width = yield* outputWidth(ctx);
  // A cache line too long for the terminal continues under CACHE, broken between words.
  yield* put(t.out, wrapText(about, width) + wrapText(out, width, header.length - 5));
  return yield* finish(t);
}

/** kill -l [SIGNAL]...: names for numbers (and exit statuses above 128), numbers for names; bash's layout. */
function* listSignals(args: string[]): sys.Sys<number> {
  const t = tool('kill');
  if (args.length === 0) {
    const cells = signalList().map(([n, name]) => `${String(n).padStart(2)}) ${name}`);
    for (let i = 0; i < cells.length; i += 5) yield* put(t.out, `${cells.slice(i, i + 5).join('\t')}\n`);
    return yield* finish(t);
  }
  for (const arg of args) {
    const byNumber = /^\d+$/.test(arg);
    const sig = byNumber ? parseSignal(String(Number(arg) > 128 ? Number(arg) - 128 : Number(arg))) : parseSignal(arg);
    if (sig === null || !/^SIG[A-Z]/.test(signalName(sig))) {
      yield* fail(t, `${arg}: invalid signal specification`);
      continue;
    }
    yield* put(t.out, byNumber ? `${signalName(sig).slice(3)}\n` : `${sig}\n`);
  }
  return yield* finish(t);
}

/** A signal named on kill's command line; 0 (only check that the process exists) included. */
const signalArg = (text: string): number | null => (text === '0' ? 0 : parseSignal(text));

const KILL_USAGE = 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n';

/**
 * kill [-s SIGNAL | -SIGNAL] PID... (a negative PID is a process group), or kill -l.
 * Messages and statuses are those of bash's kill builtin, which a user meets first.
 */
export function* kill(ctx: ProcessContext): sys.Sys<number> {
  const args = ctx.argv.slice(1);
  if (args[0] === '-l' || args[0] === '-L' || args[0] === '--list') return yield* listSignals(args.slice(1));
  if (args[0] === '--help') {
    yield* sys.print(`${KILL_USAGE.replace('kill: usage: ', 'Usage: ')}See 'man kill' for the options and examples.\n`);
    return 0;
  }
  let sig = SIGTERM;
  let i = 0;
  // Only the first word may name the signal; after it (or after --) every word is a pid.
  const first = args[0];
  if (first === '-s' || first === '-n') {
    if (args.length < 2) {
      yield* sys.eprint(`kill: ${first}: option requires an argument\n`);
      return 1;
    }
    const s = signalArg(args[1]);
    if (s === null) {
      yield* sys.eprint(`kill: ${args[1]}: invalid signal specification\n`);
      return 1;
    }
    sig = s;
    i = 2;
  } else if (first !== undefined && first !== '--' && first.startsWith('-') && first.length > 1) {
    // -9, -KILL, -SIGKILL: a negative process group needs `--` or a signal before it.
    const s = signalArg(first.slice(1));
    if (s === null) {
      yield* sys.eprint(`kill: ${first.slice(1)}: invalid signal specification\n`);
      return 1;
    }
    sig = s;
    i = 1;
  }
  if (args[i] === '--') i++;
  const pids = args.slice(i);
  if (pids.length === 0) {
    yield* sys.eprint(KILL_USAGE);
    return 2;
  }
  const t = tool('kill');
  for (const word of pids) {
    if (word.startsWith('%')) yield* fail(t, `${word}: no such job (job numbers belong to the shell's own kill)`);
    else if (!/^-?\d+$/.test(word)) yield* fail(t, `${word}: arguments must be process or job IDs`);
    else {
      const r = yield* sys.kill(Number(word), sig);
      if (r < 0) yield* fail(t, `(${word}) - ${strerror(r)}`);
    }
  }
  return yield* finish(t);
}

/**
 * Runs a command as a child and waits for it: the status is its exit code, or 128 plus
 * the signal that ended it, as a shell would report. 127 when there is no such program.
 */
function* runCommand(cmd: string, req: SpawnRequest): sys.Sys<number> {
  const pid = yield* sys.spawn(req);
  if (pid < 0) {
    yield* sys.eprint(`${cmd}: ${quote(req.program)}: ${strerror(pid === -ENOENT ? -ENOENT : pid)}\n`);
    return pid === -ENOENT ? 127 : 126;
  }
  for (;;) {
    const r = yield* sys.wait(pid);
    if (!sys.isWaitResult(r)) return 126;
    if (r.pid !== pid || r.stopped) continue;
    return r.signal !== null ? 128 + r.signal : (r.code ?? 0);
  }
}

/** nice [-n ADJUSTMENT] [COMMAND [ARG]...] */
export function* nice(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    values: 'n',
    numeric: 'n',
    inOrder: true,
    long: { 'adjustment=': 'n' },
    usage: ['nice [OPTION] [COMMAND [ARG]...]'],
    status: 125,
  });
  if (typeof a === 'number') return a;
  const current = yield* sys.nice(0);
  const adjText = last(a, 'n');
  if (a.operands.length === 0) {
    if (adjText !== undefined) return yield* usageError('nice', 'a command must be given with an adjustment', 125);
    yield* sys.print(`${current}\n`);
    return 0;
  }
  const adj = adjText === undefined ? 10 : Number(adjText);
  if (!Number.isInteger(adj)) {
    yield* sys.eprint(`nice: invalid adjustment ${quote(adjText ?? '')}\n`);
    return 125;
  }
  const [program, ...rest] = a.operands;
  const niceness = Math.max(-20, Math.min(19, current + adj));
  return yield* runCommand('nice', { program, argv: [program, ...rest], sched: { nice: niceness } });
}

/** The largest working set workset takes, as a scenario's processes may have. */
const MAX_WORKING_SET = 1_000_000;

/**
 * workset SIZE COMMAND [ARG]...: runs COMMAND with a working set of SIZE cache units, the
 * way a scenario's process has one, so a shell user can set up OSTEP chapter 10's jobs by hand.
 */
export function* workset(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { inOrder: true, usage: ['workset SIZE COMMAND [ARG]...'], status: 125 });
  if (typeof a === 'number') return a;
  const [sizeText, program, ...rest] = a.operands;
  if (sizeText === undefined) return yield* usageError('workset', 'missing working set size', 125);
  const size = Number(sizeText);
  if (!/^\d+$/.test(sizeText) || size > MAX_WORKING_SET) {
    yield* sys.eprint(`workset: invalid working set size ${quote(sizeText)} (expected a whole number of cache units, 0 to ${MAX_WORKING_SET})\n`);
    return 125;
  }
  if (program === undefined) return yield* usageError('workset', `missing command after ${quote(sizeText)}`, 125);
  return yield* runCommand('workset', { program, argv: [program, ...rest], sched: { workingSet: size } });
}

/** env [-i] [-u NAME]... [NAME=VALUE]... [COMMAND [ARG]...] */
export function* env(ctx: ProcessContext): sys.Sys<number> {
  const argv = ctx.argv.map((w, i) => (i > 0 && w === '-' ? '-i' : w));
  const a = yield* getopts(
    { ...ctx, argv },
    { flags: 'i', values: 'u', inOrder: true, long: { 'ignore-environment': 'i', 'unset=': 'u' }, usage: ['env [OPTION]... [NAME=VALUE]... [COMMAND [ARG]...]'], status: 125 },
  );
  if (typeof a === 'number') return a;
  const vars: Record<string, string> = has(a, 'i') ? {} : { ...ctx.env };
  for (const name of a.opts.u ?? []) delete vars[name];
  let i = 0;
  for (; i < a.operands.length && /^[^=]+=/.test(a.operands[i]); i++) {
    const w = a.operands[i];
    const eq = w.indexOf('=');
    vars[w.slice(0, eq)] = w.slice(eq + 1);
  }
  if (i === a.operands.length) {
    const t = tool('env');
    for (const [k, v] of Object.entries(vars)) yield* put(t.out, `${k}=${v}\n`);
    return yield* finish(t);
  }
  const [program, ...rest] = a.operands.slice(i);
  return yield* runCommand('env', { program, argv: [program, ...rest], env: vars });
}

/** sleep NUMBER...: pauses for the sum of the numbers, in ticks (a fraction rounds up). */
export function* sleep(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { usage: ['sleep NUMBER...'] });
  if (typeof a === 'number') return a;
  if (a.operands.length === 0) return yield* usageError('sleep', 'missing operand');
  let total = 0;
  let bad = false;
  for (const w of a.operands) {
    if (!/^(\d+\.?\d*|\.\d+)$/.test(w)) {
      yield* sys.eprint(`sleep: invalid time interval ${quote(w)}\n`);
      bad = true;
    } else total += Number(w);
  }
  if (bad) {
    yield* sys.eprint("Try 'sleep --help' for more information.\n");
    return 1;
  }
  yield* sys.sleep(Math.ceil(total));
  return 0;
}
