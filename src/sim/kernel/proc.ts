import { EAGAIN, ENOENT } from '../abi/errno.ts';
import { signalName } from '../abi/signals.ts';
import type { SpawnRequest } from '../abi/syscalls.ts';
import { appendLog } from '../base/ringlog.ts';
import { forgetSignalRuntime } from '../ipc/signals.ts';
import { setState } from './cpu-accounting.ts';
import { cacheOnExit } from './cpu-caches.ts';
import { releaseSemaphores } from './deadlock-watch.ts';
import { closeAll, closeFd, installFd } from './files.ts';
import { recordWait } from './gantt.ts';
import { reclaimHeap } from './heap-reclaim.ts';
import { klog } from './klog.ts';
import { vmExit, vmSpawn } from './vm-lifecycle.ts';
import { type Runtime, signalRuntime } from './runtime.ts';
import { policyOf, schedContext } from './sched-context.ts';
import { descheduleAnywhere, makeReady } from './scheduling.ts';
import { childChannel, IO_CHANNEL, leaveWaitChannel, wakeAll } from './sleep.ts';
import { notifyParent } from './signal-post.ts';
import { INIT_PID, type KernelState, type Proc } from './state.ts';

/**
 * Process lifecycle: creation, exit and reaping (blocking and waking are in sleep.ts).
 * Together with sleep.ts these are the only functions that move a process between
 * states, so the accounting and the scheduler's view stay in step with the process table.
 */

/**
 * Creates a process running `req.program` as a child of `parentPid` and makes it ready.
 * This is fork and exec in one step: a generator cannot be cloned. Returns the pid or
 * -EAGAIN (process limit) / -ENOENT (no such program).
 */
export function spawnProcess(s: KernelState, rt: Runtime, parentPid: number, req: SpawnRequest): number {
  // A name typed by the user: looked up as an own property, so `__proto__` is just a missing program.
  if (!Object.hasOwn(rt.programs, req.program)) return -ENOENT;
  const program = rt.programs[req.program];
  if (s.procCount >= s.config.limits.maxProcs) return -EAGAIN;
  const parent: Proc | undefined = s.procs[parentPid];
  const pid = s.nextPid++;
  const argv = req.argv.length > 0 ? [...req.argv] : [req.program];
  const env = { ...(req.env ?? parent?.env ?? {}) };
  const pgid = req.pgid === undefined ? (parent?.pgid ?? pid) : req.pgid === 0 ? pid : req.pgid;
  const sched = parent?.sched;
  const p: Proc = {
    pid,
    ppid: parent ? parentPid : 0,
    pgid,
    name: req.program,
    argv,
    env,
    cwd: req.cwd ?? parent?.cwd ?? '/',
    state: 'new',
    exitCode: null,
    termSignal: null,
    acct: { arrival: s.tick, firstRun: null, cpu: 0, ready: 0, blocked: 0, finish: null, since: s.tick },
    sched: {
      nice: req.sched?.nice ?? sched?.nice ?? 0,
      tickets: req.sched?.tickets ?? sched?.tickets ?? 100,
      priority: req.sched?.priority ?? sched?.priority ?? 0,
      expected: req.sched?.expected ?? null,
      affinity: req.sched?.affinity ?? sched?.affinity ?? null,
      currency: req.sched?.currency ?? sched?.currency ?? null,
      workingSet: req.sched?.workingSet ?? null,
    },
    burstLeft: 0,
    syscall: null,
    sysret: 0,
    wchan: null,
    waitToken: 0,
    cpu: null,
    sig: {
      pending: 0,
      blocked: parent?.sig.blocked ?? 0,
      actions: req.resetSignals ? {} : inheritedActions(parent),
      restart: 0,
      frames: [],
    },
    children: {},
    zombies: {},
    stoppedKids: {},
    continuedKids: {},
    waitSeq: null,
    fds: {},
    sysTick: -1,
    sysCount: 0,
  };
  const memory = vmSpawn(s, parent ? parentPid : null, pid, req.forkMemory === true, req.program);
  if (memory < 0) return memory;
  s.procs[pid] = p;
  s.procCount++;
  if (parent) {
    parent.children[pid] = true;
    for (const [fd, id] of Object.entries(parent.fds)) installFd(s, p, Number(fd), id);
  }
  for (const a of req.fileActions ?? []) {
    if (a.op === 'close') {
      closeFd(s, p, a.fd);
    } else if (a.fd in p.fds) {
      installFd(s, p, a.to, p.fds[a.fd]);
    }
  }
  s.stats.forks++;
  rt.runs.set(pid, program({ pid, argv: [...argv], env: { ...env } }));
  klog(s, 'spawn', pid, `${parent ? `pid ${parentPid} spawned` : 'kernel started'} pid ${pid}: ${argv.join(' ')}`);
  makeReady(s, p, 'arrive');
  return pid;
}

/** Handlers reset to default across exec; ignored signals stay ignored (POSIX). */
function inheritedActions(parent: Proc | undefined): Proc['sig']['actions'] {
  const out: Proc['sig']['actions'] = {};
  if (!parent) return out;
  for (const [sig, act] of Object.entries(parent.sig.actions)) if (act === 'ignore') out[Number(sig)] = 'ignore';
  return out;
}

/** Ends a process: exit code, or the signal that killed it. It stays a zombie until reaped. */
export function terminate(s: KernelState, rt: Runtime, p: Proc, code: number | null, signal: number | null): void {
  if (p.state === 'zombie') return;
  if (p.state === 'blocked' && p.wchan !== null && p.wchan !== IO_CHANNEL) recordWait(s, p, p.wchan);
  leaveWaitChannel(s, p);
  descheduleAnywhere(s, p, signal ? `killed by ${signalName(signal)}` : 'exited');
  setState(s, p, 'zombie');
  p.exitCode = code;
  p.termSignal = signal;
  p.acct.finish = s.tick;
  p.burstLeft = 0;
  p.syscall = null;
  closeAll(s, p);
  reclaimHeap(s, p);
  vmExit(s, p);
  releaseSemaphores(s, p.pid);
  policyOf(s).onExit?.(s.sched.data, p.pid, schedContext(s));
  cacheOnExit(s, p);
  rt.runs.delete(p.pid);
  forgetSignalRuntime(signalRuntime(rt), p.pid);
  s.stats.exits++;
  appendLog(s.exited, {
    pid: p.pid,
    ppid: p.ppid,
    name: p.name,
    argv: [...p.argv],
    arrival: p.acct.arrival,
    firstRun: p.acct.firstRun,
    finish: s.tick,
    cpu: p.acct.cpu,
    ready: p.acct.ready,
    blocked: p.acct.blocked,
    exitCode: code,
    signal,
  });
  klog(s, 'exit', p.pid, signal ? `pid ${p.pid} killed by ${signalName(signal)}` : `pid ${p.pid} exited with status ${code}`);
  reparentChildren(s, p);
  const parent = s.procs[p.ppid];
  if (parent) {
    parent.zombies[p.pid] = s.stats.exits;
    delete parent.stoppedKids[p.pid];
    delete parent.continuedKids[p.pid];
    notifyParent(s, parent, p.pid);
  }
}

/** Orphans are adopted by init, which reaps them. */
function reparentChildren(s: KernelState, p: Proc): void {
  const init = s.procs[INIT_PID];
  let adopted = false;
  for (const key of Object.keys(p.children)) {
    const cpid = Number(key);
    const child = s.procs[cpid];
    if (!child || !init) continue;
    child.ppid = INIT_PID;
    init.children[cpid] = true;
    if (p.zombies[cpid] !== undefined) init.zombies[cpid] = p.zombies[cpid];
    adopted = true;
  }
  p.children = {};
  p.zombies = {};
  p.stoppedKids = {};
  p.continuedKids = {};
  if (adopted && init) wakeAll(s, childChannel(INIT_PID));
}

/** Removes a reaped zombie from the process table. */
export function reap(s: KernelState, parent: Proc, pid: number): void {
  delete parent.children[pid];
  delete parent.zombies[pid];
  delete parent.stoppedKids[pid];
  delete parent.continuedKids[pid];
  delete s.procs[pid];
  s.procCount--;
  klog(s, 'reap', pid, `pid ${parent.pid} reaped pid ${pid}`);
}

/** The processes of a group, in pid order. */
export function groupMembers(s: KernelState, pgid: number): Proc[] {
  const out: Proc[] = [];
  for (const key in s.procs) {
    const p = s.procs[key];
    if (p.pgid === pgid && p.state !== 'zombie') out.push(p);
  }
  return out;
}
