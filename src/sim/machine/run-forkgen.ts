import type { RingLog } from '../base/ringlog.ts';
import { logItems } from '../base/ringlog.ts';
import { advance, applyInput } from '../kernel/kernel.ts';
import type { KernelState } from '../kernel/state.ts';
import { type GenAction, genProcessNames, genProgramText, ROOT_NAME } from '../proctree/genprogram.ts';
import { TICKS_PER_SECOND } from '../programs/forkgen.ts';
import { createMachine, type Machine, screen } from './machine.ts';

/**
 * Runs a generator.py program (cpu-api) with the forkgen program on a kernel booted for
 * it, headless, and reads what happened back from what the kernel recorded while it ran:
 *
 * - fork: the child's `spawn` entry in the kernel log (its tick; the parent is the one the
 *   child's exit record names);
 * - begin: the end of the child's sleep, the `waiting: sleep` bar on its Gantt row (a child
 *   that sleeps 0 seconds begins when it is made; `a` begins when it is made);
 * - wait: the child's `reap` entry in the kernel log, for the parent that reaped it;
 * - end: the child's exit record.
 *
 * So the answer is what the process tree, the Gantt chart and the kernel events of the app
 * show for the same run, not a second model of it. Ticks become seconds as forkgen's own
 * trace makes them: whole seconds since `a` was made, rounded down.
 */

export interface GenEvent {
  t: number;
  event: 'begin' | 'fork' | 'wait' | 'end';
  child?: string;
}

export interface ForkgenRun {
  /** Each process's events in its own order, by name (`a` first, then in the order they were made). */
  processes: Record<string, GenEvent[]>;
  /** Ticks the run took, from `a`'s start to its exit. */
  ticks: number;
  machine: Machine;
  rootPid: number;
}

export interface ForkgenOptions {
  ticksPerSecond?: number;
}

export function runForkgen(actions: readonly GenAction[], opts: ForkgenOptions = {}): ForkgenRun | { error: string } {
  const tps = opts.ticksPerSecond ?? TICKS_PER_SECOND;
  const n = genProcessNames(actions).length;
  const m = createMachine({
    login: null,
    cpus: 1,
    // Room for every process at once, and no tick charged for a long run of forks or
    // waits (past the syscall budget a process pays a tick, which would shift the times).
    limits: { maxProcs: n + 16, maxFds: 32, syscallsPerTick: 4 * n + 64 },
  });
  const s = m.state;
  // Keep every record the answer is read from, however long the program.
  s.exited.cap = Math.max(s.exited.cap, n + 16);
  s.log.cap = Math.max(s.log.cap, 16 * n + 64);
  s.trace.cap = Math.max(s.trace.cap, 16 * n + 64);
  const start = s.tick;
  const argv = ['forkgen', '-q', '-t', String(tps), genProgramText(actions)];
  const rootPid = applyInput(s, m.rt, { kind: 'spawn', request: { program: 'forkgen', argv } });
  if (rootPid < 0) return { error: `forkgen could not be started (errno ${-rootPid})` };
  // The run cannot take longer than every sleep one after another; the rest is slack.
  const limit = (totalSleep(actions) + 1) * tps + 64 * n + 1000;
  advance(s, m.rt, limit, (st) => !isLive(st, rootPid));
  if (isLive(s, rootPid)) return { error: `forkgen was still running after ${limit} ticks` };
  const root = logItems(s.exited).find((r) => r.pid === rootPid);
  if (root?.exitCode !== 0) return { error: `forkgen failed: ${screen(m).trim() || `status ${root?.exitCode ?? 'unknown'}`}` };
  const read = forkgenEvents(s, rootPid, tps);
  if ('error' in read) return read;
  return { processes: read.processes, ticks: s.tick - start, machine: m, rootPid };
}

const isLive = (s: KernelState, pid: number): boolean => s.procs[pid] !== undefined && s.procs[pid].state !== 'zombie';

function totalSleep(actions: readonly GenAction[]): number {
  let sum = 0;
  for (const a of actions) if (a.op === 'fork') sum += a.sleep + totalSleep(a.body);
  return sum;
}

/**
 * The events of the forkgen run whose first process is `rootPid`, read from the kernel's
 * records (see the top of this file). It needs every record of the run: a log that has
 * dropped some is an error, not a shorter answer.
 */
export function forkgenEvents(s: KernelState, rootPid: number, ticksPerSecond: number): { processes: Record<string, GenEvent[]> } | { error: string } {
  for (const [what, log] of [
    ['exit records', s.exited],
    ['kernel log', s.log],
    ['Gantt trace', s.trace],
  ] as Array<[string, RingLog<unknown>]>) {
    if (log.first > 0) return { error: `the kernel's ${what} dropped entries before the run ended (keep more)` };
  }
  // Exit records come in exit order; a child is made after its parent, so pid order walks the tree downwards.
  const records = logItems(s.exited).sort((x, y) => x.pid - y.pid);
  const root = records.find((r) => r.pid === rootPid);
  if (!root) return { error: `pid ${rootPid} has not exited` };
  const name = new Map<number, string>([[rootPid, ROOT_NAME]]);
  const parent = new Map<number, number>();
  const out: Record<string, GenEvent[]> = {};
  const begin = new Map<number, number>([[rootPid, root.arrival]]);
  const end = new Map<number, number>();
  for (const r of records) {
    if (r.pid === rootPid || !name.has(r.ppid)) continue;
    // A child's command line is forkgen --child NAME ... (programs/forkgen.ts).
    name.set(r.pid, r.argv[2]);
    parent.set(r.pid, r.ppid);
    begin.set(r.pid, r.arrival);
    end.set(r.pid, r.finish);
  }
  // A child sleeps once, first thing: its first sleep bar ends where it begins.
  const slept = new Set<number>();
  for (const sl of logItems(s.trace)) {
    if (sl.kind !== 'wait' || sl.why !== 'waiting: sleep' || !parent.has(sl.pid) || slept.has(sl.pid)) continue;
    slept.add(sl.pid);
    begin.set(sl.pid, sl.end);
  }
  const seconds = (tick: number) => Math.floor((tick - root.arrival) / ticksPerSecond);
  const events = (pid: number): GenEvent[] => {
    const key = name.get(pid)!;
    if (!out[key]) out[key] = [{ t: seconds(begin.get(pid)!), event: 'begin' }];
    return out[key];
  };
  events(rootPid);
  for (const e of logItems(s.log)) {
    if (e.pid === null) continue;
    const up = parent.get(e.pid);
    if (up === undefined) continue;
    if (e.kind === 'spawn') {
      events(up).push({ t: seconds(e.tick), event: 'fork', child: name.get(e.pid)! });
      events(e.pid);
    } else if (e.kind === 'reap') {
      events(up).push({ t: seconds(e.tick), event: 'wait', child: name.get(e.pid)! });
    }
  }
  for (const [pid, tick] of end) events(pid).push({ t: seconds(tick), event: 'end' });
  return { processes: out };
}
