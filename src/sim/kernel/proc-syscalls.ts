import { E2BIG, ECHILD, EINVAL, ESRCH } from '../abi/errno.ts';
import { NSIG, SIGCONT } from '../abi/signals.ts';
import type { CpuInfo, ProcInfo, Syscall, WaitResult } from '../abi/syscalls.ts';
import { pushEvent } from '../base/events.ts';
import { nextUint32 } from '../base/rng.ts';
import { recordIo } from './gantt.ts';
import { SUSPEND, type SyscallHandler } from './outcome.ts';
import { groupMembers, reap, spawnProcess, terminate } from './proc.ts';
import { block, childChannel, IO_CHANNEL } from './sleep.ts';
import { makeReady, releaseCpu } from './scheduling.ts';
import { sendSignal } from './signal-delivery.ts';
import { vmSizes } from './vm-lifecycle.ts';
import { INIT_PID, type KernelState, type Proc } from './state.ts';
import { isInt } from './syscall-args.ts';

/**
 * The process syscalls (xv6's sysproc.c): CPU bursts, spawn, exit and wait, sleeping and
 * device waits, yield, kill, process groups, nice, what ps and uptime report, and the
 * kernel's seeded random numbers (for the shell's $RANDOM). The work itself (creating,
 * blocking, waking, ending a process) is in proc.ts and sleep.ts.
 */

type ProcOp = 'cpu' | 'spawn' | 'exit' | 'wait' | 'getpid' | 'getppid' | 'sleep' | 'io' | 'yield' | 'kill' | 'setpgid' | 'getpgid' | 'nice' | 'ps' | 'cpuinfo' | 'uptime' | 'setname' | 'random' | 'programs';
type Handlers = { [K in ProcOp]: SyscallHandler<Extract<Syscall, { op: K }>> };

/** Most arguments spawn takes, and the longest one. */
export const MAX_ARGS = 256;
const MAX_ARG_LEN = 4096;

/** Targets of kill(): pid > 0 one process, 0 the caller's group, -1 everyone but init, < -1 a group. */
function killTargets(s: KernelState, p: Proc, pid: number): Proc[] {
  if (pid > 0) return s.procs[pid] && s.procs[pid].state !== 'zombie' ? [s.procs[pid]] : [];
  if (pid === 0) return groupMembers(s, p.pgid);
  if (pid === -1) return Object.values(s.procs).filter((q) => q.pid !== INIT_PID && q.pid !== p.pid && q.state !== 'zombie');
  return groupMembers(s, -pid);
}

function waitMatches(s: KernelState, p: Proc, want: number, cpid: number): boolean {
  if (want === -1) return true;
  if (want > 0) return cpid === want;
  const pgid = want === 0 ? p.pgid : -want;
  return s.procs[cpid]?.pgid === pgid;
}

/**
 * The matching zombie child that ended first. POSIX leaves the order open (Linux scans its
 * children list, xv6 its process table); reaping in exit order is what a reader of the
 * event log expects, and it is OSTEP's generator.py model.
 */
function firstToExit(s: KernelState, p: Proc, want: number): number | null {
  let first: number | null = null;
  for (const key in p.zombies) {
    const cpid = Number(key);
    if (waitMatches(s, p, want, cpid) && (first === null || p.zombies[cpid] < p.zombies[first])) first = cpid;
  }
  return first;
}

export const PROC_SYSCALLS: Handlers = {
  cpu: (_s, _rt, p, c) => {
    if (!isInt(c.ticks) || c.ticks < 0) return -EINVAL;
    if (c.ticks === 0) return 0;
    p.burstLeft = c.ticks;
    p.sysret = 0;
    return SUSPEND;
  },
  spawn: (s, rt, p, c) => {
    if (typeof c.program !== 'string' || !Array.isArray(c.argv)) return -EINVAL;
    if (c.argv.length > MAX_ARGS || c.argv.some((a) => typeof a !== 'string' || a.length > MAX_ARG_LEN)) return -E2BIG;
    if (c.pgid !== undefined && (!isInt(c.pgid) || c.pgid < 0)) return -EINVAL;
    return spawnProcess(s, rt, p.pid, c);
  },
  exit: (s, rt, p, c) => {
    terminate(s, rt, p, isInt(c.code) ? c.code & 0xff : 0, null);
    return SUSPEND;
  },
  wait: (s, _rt, p, c) => {
    if (!isInt(c.pid)) return -EINVAL;
    let any = false;
    const cpid = firstToExit(s, p, c.pid);
    if (cpid !== null) {
      const z = s.procs[cpid];
      const res: WaitResult = { pid: cpid, code: z.exitCode, signal: z.termSignal, stopped: false };
      reap(s, p, cpid);
      return res;
    }
    if (c.untraced) {
      for (const key in p.stoppedKids) {
        const cpid = Number(key);
        if (!waitMatches(s, p, c.pid, cpid)) continue;
        delete p.stoppedKids[cpid];
        return { pid: cpid, code: null, signal: s.procs[cpid].termSignal, stopped: true };
      }
    }
    if (c.continued) {
      for (const key in p.continuedKids) {
        const cpid = Number(key);
        if (!waitMatches(s, p, c.pid, cpid)) continue;
        delete p.continuedKids[cpid];
        return { pid: cpid, code: null, signal: SIGCONT, stopped: false, continued: true };
      }
    }
    for (const key in p.children) {
      if (waitMatches(s, p, c.pid, Number(key))) {
        any = true;
        break;
      }
    }
    // init never runs out of children to wait for: it sleeps until it adopts one.
    if (!any && p.pid !== INIT_PID) return -ECHILD;
    if (c.nohang) return 0;
    block(s, p, childChannel(p.pid), { ...c });
    return SUSPEND;
  },
  getpid: (_s, _rt, p) => p.pid,
  getppid: (_s, _rt, p) => p.ppid,
  sleep: (s, _rt, p, c) => {
    if (!isInt(c.ticks) || c.ticks < 0) return -EINVAL;
    if (c.ticks === 0) return 0;
    block(s, p, 'sleep', null);
    pushEvent(s.events, { tick: s.tick + c.ticks, kind: 'wake', pid: p.pid, token: p.waitToken });
    return SUSPEND;
  },
  io: (s, _rt, p, c) => {
    if (!isInt(c.ticks) || c.ticks < 0) return -EINVAL;
    // Even a 0-tick I/O goes through the device: the process blocks and rejoins the ready
    // set in the same tick, behind the others (as in OSTEP's mlfq.py with -i 0).
    block(s, p, IO_CHANNEL, null, `blocked: I/O for ${c.ticks} tick${c.ticks === 1 ? '' : 's'}`);
    pushEvent(s.events, { tick: s.tick + c.ticks, kind: 'io', pid: p.pid, token: p.waitToken });
    if (c.ticks > 0) recordIo(s, p, c.ticks);
    return SUSPEND;
  },
  yield: (s, _rt, p) => {
    releaseCpu(s, p, 'yielded');
    p.sysret = 0;
    makeReady(s, p, 'yield');
    return SUSPEND;
  },
  kill: (s, rt, p, c) => {
    if (!isInt(c.pid) || !isInt(c.sig) || c.sig < 0 || c.sig >= NSIG) return -EINVAL;
    const targets = killTargets(s, p, c.pid);
    if (targets.length === 0) return -ESRCH;
    if (c.sig === 0) return 0; // existence check only
    p.sysret = 0;
    for (const t of targets) sendSignal(s, rt, t, c.sig, p.pid);
    return p.state === 'running' ? 0 : SUSPEND;
  },
  setpgid: (s, _rt, p, c) => {
    if (!isInt(c.pid) || !isInt(c.pgid) || c.pgid < 0) return -EINVAL;
    const target = c.pid === 0 ? p : s.procs[c.pid];
    if (!target || (target !== p && target.ppid !== p.pid)) return -ESRCH;
    target.pgid = c.pgid === 0 ? target.pid : c.pgid;
    return 0;
  },
  getpgid: (s, _rt, p, c) => {
    const target = c.pid === 0 ? p : s.procs[c.pid];
    return target ? target.pgid : -ESRCH;
  },
  nice: (_s, _rt, p, c) => {
    if (!isInt(c.inc)) return -EINVAL;
    p.sched.nice = Math.max(-20, Math.min(19, p.sched.nice + c.inc));
    return p.sched.nice;
  },
  ps: (s) => {
    const rows: ProcInfo[] = [];
    for (const key in s.procs) {
      const q = s.procs[key];
      rows.push({
        pid: q.pid,
        ppid: q.ppid,
        pgid: q.pgid,
        name: q.name,
        argv: [...q.argv],
        state: q.state,
        cpuTicks: q.acct.cpu,
        arrival: q.acct.arrival,
        nice: q.sched.nice,
        ...vmSizes(s, q.pid),
      });
    }
    return rows;
  },
  cpuinfo: (s) => {
    const ws = (pid: number) => s.procs[pid]?.sched.workingSet ?? 0;
    return s.cpus.map(
      (c): CpuInfo => ({
        cpu: c.id,
        running: c.running,
        busyTicks: c.busyTicks,
        warmTicks: c.warmTicks,
        warm: c.cache.warm.map((pid) => ({ pid, workingSet: ws(pid) })),
        warming: c.cache.warming.map((w) => ({ pid: w.job, workingSet: ws(w.job), left: w.left })),
        used: c.cache.used,
        cache: s.config.cache ? { ...s.config.cache } : null,
      }),
    );
  },
  uptime: (s) => s.tick,
  setname: (_s, _rt, p, c) => {
    // Linux keeps TASK_COMM_LEN - 1 = 15 bytes; a name with control characters would garble every view that shows it.
    if (typeof c.name !== 'string' || c.name === '' || /\p{Cc}/u.test(c.name)) return -EINVAL;
    p.name = c.name.slice(0, 15);
    return 0;
  },
  random: (s) => nextUint32(s.rng),
  programs: (_s, rt) => Object.keys(rt.programs).sort(),
};
