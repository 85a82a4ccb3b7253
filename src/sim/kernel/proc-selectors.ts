import { logItems, type RingLog } from '../base/ringlog.ts';
import type { Slice } from '../sched/slice.ts';
import type { KernelState, Proc } from './state.ts';

/** Pure selectors that turn kernel state into what the process and Gantt views draw. */

export interface ProcessRow {
  pid: number;
  ppid: number;
  pgid: number;
  name: string;
  command: string;
  state: Proc['state'];
  /** Why it is blocked ("tty", "child:2", "sleep"), if it is. */
  waitingOn: string | null;
  cpu: number;
  arrival: number;
  firstRun: number | null;
  finish: number | null;
  /** Ticks spent ready but not running, up to now. */
  waiting: number;
  /** Ticks from arrival to first run, once it has run. */
  response: number | null;
  nice: number;
  foreground: boolean;
}

/** init and the login shell it keeps on the terminal: the machine's, not the workload's. */
export function isSystemProcess(s: KernelState, p: { pid: number; ppid: number; name: string }): boolean {
  return p.pid === 1 || (p.ppid === 1 && s.config.login !== null && p.name === s.config.login.program);
}

/**
 * True while a job the user started from the terminal is in the foreground and working:
 * the foreground group has a live process and none of it is waiting to read the terminal
 * (`cat` waiting for a line is waiting for the user). The login shell's own group does not
 * count: its line editor at work is typing, not a job, and hurrying it would rush the
 * background jobs along with every key.
 */
export function foregroundJobWorking(s: KernelState): boolean {
  const fg = s.tty.fgPgid;
  if (fg === null) return false;
  let live = false;
  for (const key in s.procs) {
    const p = s.procs[key];
    if (p.pgid !== fg || p.state === 'zombie') continue;
    if (p.wchan === 'tty' || p.state === 'stopped' || isSystemProcess(s, p)) return false;
    live = true;
  }
  return live;
}

export function processRows(s: KernelState): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const key in s.procs) {
    const p = s.procs[key];
    const pending = p.state === 'ready' ? s.tick - p.acct.since : 0;
    rows.push({
      pid: p.pid,
      ppid: p.ppid,
      pgid: p.pgid,
      name: p.name,
      command: p.argv.join(' '),
      state: p.state,
      waitingOn: p.wchan,
      cpu: p.acct.cpu,
      arrival: p.acct.arrival,
      firstRun: p.acct.firstRun,
      finish: p.acct.finish,
      waiting: p.acct.ready + pending,
      response: p.acct.firstRun === null ? null : p.acct.firstRun - p.acct.arrival,
      nice: p.sched.nice,
      foreground: s.tty.fgPgid === p.pgid,
    });
  }
  return rows.sort((a, b) => a.pid - b.pid);
}

export interface GanttData {
  slices: Slice[];
  /** Every pid that appears, in pid order, with the name it had. */
  lanes: Array<{ pid: number; name: string }>;
  start: number;
  end: number;
}

/** The Gantt slices that overlap [from, to], and one lane per process that ran. */
export function ganttData(trace: RingLog<Slice>, from: number, to: number): GanttData {
  const slices = logItems(trace).filter((sl) => sl.end > from && sl.start < to);
  const names = new Map<number, string>();
  for (const sl of slices) names.set(sl.pid, sl.name);
  return {
    slices,
    lanes: [...names].sort((a, b) => a[0] - b[0]).map(([pid, name]) => ({ pid, name })),
    start: from,
    end: to,
  };
}

/** How many processes are in each state, for the state diagram. */
export function stateCounts(s: KernelState): Record<Proc['state'], number> {
  const counts: Record<Proc['state'], number> = { new: 0, ready: 0, running: 0, blocked: 0, stopped: 0, zombie: 0 };
  for (const key in s.procs) counts[s.procs[key].state]++;
  return counts;
}

export interface TreeNode {
  pid: number;
  ppid: number;
  pgid: number;
  name: string;
  command: string;
  state: Proc['state'];
  foreground: boolean;
}

/** The process tree's nodes in pid order, each with a parent in the set (or 0). */
export function processTree(procs: Record<number, Proc>, fgPgid: number | null): TreeNode[] {
  const nodes: TreeNode[] = [];
  for (const key in procs) {
    const p = procs[key];
    nodes.push({
      pid: p.pid,
      ppid: procs[p.ppid] ? p.ppid : 0,
      pgid: p.pgid,
      name: p.name,
      command: p.argv.join(' '),
      state: p.state,
      foreground: fgPgid === p.pgid,
    });
  }
  return nodes.sort((a, b) => a.pid - b.pid);
}
