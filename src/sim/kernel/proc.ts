import { EAGAIN, EINTR, ENOENT } from '../abi/errno.ts';
import { defaultAction, SIGCHLD, SIGCONT, SIGKILL, SIGSTOP, signalName } from '../abi/signals.ts';
import type { SpawnRequest, Syscall, SyscallResult } from '../abi/syscalls.ts';
import { appendLog } from '../base/ringlog.ts';
import { channelObject } from '../ipc/channels.ts';
import { forgetSignalRuntime, recordSignal } from '../ipc/signals.ts';
import type { SignalOutcome } from '../ipc/types.ts';
import { refreshDeadlocks, releaseSemaphores } from './deadlock-watch.ts';
import { closeAll, closeFd, installFd } from './files.ts';
import { reclaimHeap } from './heap-syscalls.ts';
import { type Runtime, signalRuntime } from './runtime.ts';
import { descheduleAnywhere, klog, lendWhileWaiting, makeReady, policyOf, recordWait, schedContext, setState } from './sched-glue.ts';
import type { KernelState, Proc, WaitChannel } from './state.ts';

export const INIT_PID = 1;

/** The channel a process waiting for an I/O device sleeps on (a signal does not interrupt it). */
export const IO_CHANNEL = 'io';

/**
 * Process lifecycle: creation, blocking and waking, stopping, exit and reaping. These are
 * the only functions that move a process between states, so the accounting and the
 * scheduler's view stay in step with the process table.
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

/** Puts the process to sleep on `chan`; `call` is re-executed when it wakes (null = none). */
export function block(s: KernelState, p: Proc, chan: WaitChannel, call: Syscall | null, why = `blocked: ${chan}`): void {
  descheduleAnywhere(s, p, why);
  if (p.state === 'running' || p.state === 'ready') policyOf(s).onBlock?.(s.sched.data, p.pid, schedContext(s));
  setState(s, p, 'blocked');
  p.wchan = chan;
  p.syscall = call;
  p.waitToken++;
  (s.waiters[chan] ??= {})[p.pid] = true;
  if (call?.op === 'wait') lendWhileWaiting(s, p, call.pid);
}

/**
 * Wakes one sleeper. With `result`, the syscall it slept in is finished with that value;
 * without, the syscall is re-executed when it next runs. A stopped sleeper stays stopped
 * and is merely no longer waiting.
 */
export function wake(s: KernelState, p: Proc, result?: SyscallResult): void {
  if (p.wchan === null) return;
  if (p.state === 'blocked' && p.wchan !== IO_CHANNEL) recordWait(s, p, p.wchan);
  leaveWaitChannel(s, p);
  if (result !== undefined) {
    p.syscall = null;
    p.sysret = result;
  }
  if (p.state === 'blocked') makeReady(s, p, 'wake');
}

/** Wakes every process asleep on `chan` (their syscalls re-execute). */
export function wakeAll(s: KernelState, chan: WaitChannel): void {
  const q = s.waiters[chan];
  if (!q) return;
  for (const pid of Object.keys(q)) wake(s, s.procs[Number(pid)]);
}

function leaveWaitChannel(s: KernelState, p: Proc): void {
  if (p.wchan === null) return;
  const q = s.waiters[p.wchan];
  if (q) {
    delete q[p.pid];
    if (isEmpty(q)) delete s.waiters[p.wchan];
  }
  p.wchan = null;
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

/** The channel a parent sleeps on in wait(). */
export function childChannel(pid: number): WaitChannel {
  return `child:${pid}`;
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
  releaseSemaphores(s, p.pid);
  policyOf(s).onExit?.(s.sched.data, p.pid, schedContext(s));
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
    parent.zombies[p.pid] = true;
    delete parent.stoppedKids[p.pid];
    delete parent.continuedKids[p.pid];
    notifyParent(s, rt, parent, p.pid);
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
    if (p.zombies[cpid]) init.zombies[cpid] = true;
    adopted = true;
  }
  p.children = {};
  p.zombies = {};
  p.stoppedKids = {};
  p.continuedKids = {};
  if (adopted && init) wakeAll(s, childChannel(INIT_PID));
}

/** SIGCHLD to the parent (on the child's behalf), and a retry of its wait() if it sleeps in one. */
function notifyParent(s: KernelState, rt: Runtime, parent: Proc, child: number): void {
  sendSignal(s, rt, parent, SIGCHLD, child);
  wakeAll(s, childChannel(parent.pid));
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

/** Stops a process (SIGSTOP, SIGTSTP); a sleeper stays on its wait channel. */
export function stopProcess(s: KernelState, rt: Runtime, p: Proc, sig: number): void {
  if (p.state === 'stopped' || p.state === 'zombie') return;
  descheduleAnywhere(s, p, `stopped by ${signalName(sig)}`);
  setState(s, p, 'stopped');
  p.termSignal = sig;
  const parent = s.procs[p.ppid];
  if (parent) {
    parent.stoppedKids[p.pid] = true;
    delete parent.continuedKids[p.pid];
    notifyParent(s, rt, parent, p.pid);
  }
}

/**
 * SIGCONT: a stopped process goes back to sleep if it was waiting, otherwise to ready. The
 * parent hears of it (SIGCHLD, and wait() with `continued`, as WCONTINUED), so a shell
 * learns that a job someone else continued is running again.
 */
export function continueProcess(s: KernelState, rt: Runtime, p: Proc): void {
  if (p.state !== 'stopped') return;
  p.termSignal = null;
  if (p.wchan !== null) setState(s, p, 'blocked');
  else makeReady(s, p, 'continue');
  const parent = s.procs[p.ppid];
  if (parent) {
    delete parent.stoppedKids[p.pid];
    parent.continuedKids[p.pid] = true;
    notifyParent(s, rt, parent, p.pid);
  }
}

/**
 * Sends a signal. Blocked signals wait in the pending mask. SIGKILL and SIGSTOP cannot be
 * caught, blocked or ignored; init (pid 1) receives only the signals it asked for. `from` is
 * the sending pid, or null for the kernel; the signal log records what became of it.
 */
export function sendSignal(s: KernelState, rt: Runtime, p: Proc, sig: number, from: number | null = null): void {
  if (p.state === 'zombie') return;
  if (sig !== SIGCHLD) klog(s, 'signal', p.pid, `${signalName(sig)} sent to pid ${p.pid}`);
  if (sig === SIGCONT) continueProcess(s, rt, p);
  const action = p.sig.actions[sig];
  if (p.pid === INIT_PID && action !== 'catch') {
    noteSignal(s, p, sig, from, 'ignored');
    return;
  }
  if (sig === SIGKILL) {
    noteSignal(s, p, sig, from, 'terminated');
    terminate(s, rt, p, null, sig);
    return;
  }
  if (sig === SIGSTOP) {
    noteSignal(s, p, sig, from, 'stopped');
    stopProcess(s, rt, p, sig);
    return;
  }
  if (action === 'ignore') {
    noteSignal(s, p, sig, from, 'ignored');
    return;
  }
  if (p.sig.blocked & (1 << sig)) {
    p.sig.pending |= 1 << sig;
    noteSignal(s, p, sig, from, 'pending');
    return;
  }
  deliver(s, rt, p, sig, from);
}

/**
 * Carries out a signal's action now. A caught signal stays pending until the process next
 * returns to user mode, where its handler runs on top of the interrupted code (kernel.ts,
 * runUser). Meanwhile a process asleep in an interruptible syscall is woken, and that
 * syscall fails with EINTR (or runs again after the handler, with SA_RESTART); one in the
 * middle of a CPU burst is interrupted at the next tick, and the rest of the burst runs
 * after the handler. `released` marks a signal that was held pending and is now unblocked.
 */
export function deliver(s: KernelState, rt: Runtime, p: Proc, sig: number, from: number | null = null, released = false): void {
  if (p.sig.actions[sig] !== 'catch') {
    deliverDefault(s, rt, p, sig, from, released);
    return;
  }
  p.sig.pending |= 1 << sig;
  noteSignal(s, p, sig, from, 'caught', released);
  interruptForHandler(s, p, sig);
}

/** The default action, whatever the disposition says. */
export function deliverDefault(s: KernelState, rt: Runtime, p: Proc, sig: number, from: number | null, released: boolean): void {
  p.sig.pending &= ~(1 << sig);
  switch (defaultAction(sig)) {
    case 'terminate':
      noteSignal(s, p, sig, from, 'terminated', released);
      terminate(s, rt, p, null, sig);
      return;
    case 'stop':
      noteSignal(s, p, sig, from, 'stopped', released);
      stopProcess(s, rt, p, sig);
      return;
    case 'continue':
      noteSignal(s, p, sig, from, 'continued', released);
      return;
    default:
      noteSignal(s, p, sig, from, 'ignored', released);
      return;
  }
}

/**
 * Acts on pending signals that `wereBlocked` held and the mask no longer blocks (after
 * sigprocmask, or when a handler returns and its mask is restored).
 */
export function deliverPending(s: KernelState, rt: Runtime, p: Proc, wereBlocked = ~0): void {
  const ready = p.sig.pending & ~p.sig.blocked & wereBlocked;
  if (!ready) return;
  for (let sig = 1; sig < 32 && p.state !== 'zombie'; sig++) if (ready & (1 << sig)) deliver(s, rt, p, sig, null, true);
}

/** Gets a process that is not in user mode back there soon, so a caught signal's handler can run. */
function interruptForHandler(s: KernelState, p: Proc, sig: number): void {
  if (p.wchan !== null) {
    if (p.wchan === IO_CHANNEL) return; // a device wait is not interruptible: the handler runs after it
    const chan = p.wchan;
    const restart = (p.sig.restart & (1 << sig)) !== 0 && p.syscall !== null;
    wake(s, p, restart ? undefined : interruptedResult(p.syscall));
    if (channelObject(chan)?.kind === 'sem') refreshDeadlocks(s);
    return;
  }
  if (p.burstLeft > 1) {
    // It runs one more tick, then the handler; the rest of the burst is re-run after it.
    p.syscall = { op: 'cpu', ticks: p.burstLeft - 1 };
    p.burstLeft = 1;
  }
}

/** What an interrupted syscall returns: EINTR, or the bytes a pipe write had already sent. */
function interruptedResult(call: Syscall | null): SyscallResult {
  if (call?.op === 'write' && typeof call.sent === 'number' && call.sent > 0) return call.sent;
  return -EINTR;
}

function noteSignal(s: KernelState, p: Proc, sig: number, from: number | null, outcome: SignalOutcome, released = false): void {
  recordSignal(s.ipc, s.tick, sig, from, p.pid, outcome, released);
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
