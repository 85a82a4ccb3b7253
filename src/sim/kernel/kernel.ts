import { EINVAL, ESRCH } from '../abi/errno.ts';
import { SIGSEGV, SIGWINCH } from '../abi/signals.ts';
import type { SpawnRequest, Syscall, SyscallResult } from '../abi/syscalls.ts';
import { createEventQueue, type TimerEvent } from '../base/events.ts';
import { createRingLog } from '../base/ringlog.ts';
import { seedRng } from '../base/rng.ts';
import { wrapLine } from '../base/wrap.ts';
import { createIpcState, DEFAULT_IPC_CONFIG } from '../ipc/config.ts';
import { DEFAULT_HEAP_CONFIG } from '../memory/config.ts';
import { createCache } from '../sched/cpu-cache.ts';
import type { Decision } from '../sched/policy.ts';
import { type LoopCpu, type LoopHost, type LoopRules, settleInstant, step } from '../sched/loop.ts';
import { getPolicy, policyNameFor } from '../sched/registry.ts';
import { createTty, nextKeyEnd, ttyReceive, ttyResize, ttyWrite, validWinsize } from '../tty/tty.ts';
import { beginRunning, chargeCpu, chargeRun } from './cpu-accounting.ts';
import { type DiskAction, diskControl, disksAfterPowerLoss } from './disk-control.ts';
import { installFd, openFile } from './files.ts';
import { createDisk } from './fs-boot.ts';
import { createKernelHeap, LEAK_LOG_CAP } from './heap-syscalls.ts';
import { klog } from './klog.ts';
import { SUSPEND } from './outcome.ts';
import { groupMembers, spawnProcess, terminate } from './proc.ts';
import { wake, wakeAll } from './sleep.ts';
import { attachSwap } from './swap-disk.ts';
import { createKernelVm } from './vm-lifecycle.ts';
import type { Runtime } from './runtime.ts';
import { ticksOfWork } from './cpu-caches.ts';
import { type KernelSchedContext, schedContext } from './sched-context.ts';
import { dispatch, preempt } from './scheduling.ts';
import { sendSignal, enterHandler, inHandler, leaveHandler, signalDue } from './signal-delivery.ts';
import { type Cpu, INIT_PID, type KernelConfig, type KernelState, type Proc } from './state.ts';
import { execSyscall } from './syscall-table.ts';
import { TTY_CHANNEL } from './tty-syscalls.ts';

export const DEFAULT_CONFIG: KernelConfig = {
  seed: 1,
  cpus: 1,
  sched: { policy: 'rr', quantum: 4 },
  limits: { maxProcs: 64, maxFds: 32, syscallsPerTick: 64, copyBytesPerTick: 0 },
  login: { program: 'sh', argv: ['sh'] },
  traceCap: 4000,
  heap: DEFAULT_HEAP_CONFIG,
  ipc: DEFAULT_IPC_CONFIG,
};

/** An external stimulus, applied between ticks: keystrokes, a resized window, or a process started from outside. */
export type KernelInput =
  | { kind: 'tty'; data: string }
  /** The terminal's window now has this many columns and rows (the host's TIOCSWINSZ). */
  | { kind: 'winsize'; cols: number; rows: number }
  | { kind: 'spawn'; request: SpawnRequest }
  | { kind: 'signal'; pid: number; sig: number }
  | { kind: 'disk'; action: DiskAction };

/** A fresh kernel, before boot: no processes yet. `programs` names what a fresh disk's /bin lists. */
export function createKernelState(config: KernelConfig, programs: readonly string[] = []): KernelState {
  const policy = getPolicy(policyNameFor(config.sched));
  if (!policy) throw new Error(`unknown scheduling policy "${config.sched.policy}"`);
  const cpus = Math.max(1, Math.min(8, Math.floor(config.cpus)));
  const disk = createDisk(config.disk, programs);
  const heap = createKernelHeap(config.heap);
  const vm = createKernelVm(config.vm);
  const swapProblem = attachSwap(disk.fs, vm.vm);
  const s: KernelState = {
    config: { ...config, cpus },
    tick: 0,
    rng: seedRng(config.seed),
    nextPid: INIT_PID,
    procCount: 0,
    procs: {},
    cpus: Array.from({ length: cpus }, (_, id) => ({
      id,
      running: null,
      sliceLeft: null,
      why: '',
      traceSeq: null,
      lastSeq: null,
      lastPid: null,
      switchLeft: 0,
      busyTicks: 0,
      warmTicks: 0,
      cache: createCache(),
    })),
    sched: { policy: policy.name, data: policy.init(config.sched, cpus) },
    events: createEventQueue(),
    waiters: {},
    files: { next: 1, table: {} },
    fs: disk.fs,
    lastFsck: null,
    heap: heap.heap,
    heapLeaks: createRingLog(LEAK_LOG_CAP),
    vm: vm.vm,
    ipc: createIpcState(config.ipc),
    tty: createTty(),
    trace: createRingLog(config.traceCap),
    log: createRingLog(Math.max(100, Math.floor(config.traceCap / 4))),
    exited: createRingLog(Math.max(100, config.traceCap)),
    stats: { contextSwitches: 0, idleTicks: 0, forks: 0, exits: 0, switchTicks: 0 },
  };
  if (disk.problem) klog(s, 'error', null, disk.problem);
  if (heap.problem) klog(s, 'error', null, heap.problem);
  if (vm.problem) klog(s, 'error', null, vm.problem);
  if (swapProblem) klog(s, 'error', null, swapProblem);
  return s;
}

/** Starts init (pid 1) on the terminal; init starts the login program. */
export function boot(s: KernelState, rt: Runtime): void {
  const login = s.config.login;
  const argv = login ? ['init', login.program, ...login.argv.slice(1)] : ['init'];
  const pid = spawnProcess(s, rt, 0, { program: 'init', argv });
  if (pid !== INIT_PID) throw new Error('init could not be started: is the init program registered?');
  const init = s.procs[INIT_PID];
  const tty = openFile(s, 'tty', 0, { read: true, write: true, append: false });
  for (const fd of [0, 1, 2]) installFd(s, init, fd, tty.id);
  // The swap daemon runs only on a machine whose watermarks ask for it.
  if (s.vm.config.lowWater > 0 && Object.hasOwn(rt.programs, 'kswapd')) spawnProcess(s, rt, INIT_PID, { program: 'kswapd', argv: ['kswapd'] });
}

/**
 * Applies an input at the current tick, then lets the kernel react within the same tick
 * (a shell woken by a keystroke runs at once if a CPU is free). Returns a negative errno
 * if the input could not be applied.
 *
 * A spawned process only joins the ready set: the scheduler decides when time next moves
 * (advance settles first), so processes started at the same tick arrive together and
 * SJF, priority or a lottery choose among all of them, not just the first one started.
 */
export function applyInput(s: KernelState, rt: Runtime, input: KernelInput): number {
  const r = receiveInput(s, rt, input);
  if (input.kind !== 'spawn') settle(s, rt);
  return r;
}

/**
 * Typing: the keys of `data` from offset `from`, key by key, until at least `upTo`
 * characters are in, with the kernel reacting after each key (a reader woken by a line
 * runs before the next key arrives). Returns the offset reached, always a key's end. A
 * long paste can be fed in pieces this way, with the state and timers free in between: a
 * tty input is these pieces end to end, then `settle`, whatever the pieces were.
 */
export function receiveKeys(s: KernelState, rt: Runtime, data: string, from: number, upTo: number): number {
  let at = from;
  while (at < data.length && at < upTo) {
    const end = nextKeyEnd(s.tty, data, at);
    const res = ttyReceive(s.tty, data.slice(at, end));
    at = end;
    const fg = s.tty.fgPgid;
    for (const sig of res.signals) {
      if (fg === null) continue;
      for (const p of groupMembers(s, fg)) sendSignal(s, rt, p, sig);
    }
    if (res.readable) wakeAll(s, TTY_CHANNEL);
    if (at < data.length) settle(s, rt);
  }
  return at;
}

/** Ends a tty input fed in pieces by receiveKeys: the kernel reacts to the last key, as applyInput does. */
export function endKeys(s: KernelState, rt: Runtime): void {
  settle(s, rt);
}

function receiveInput(s: KernelState, rt: Runtime, input: KernelInput): number {
  switch (input.kind) {
    case 'tty':
      receiveKeys(s, rt, input.data, 0, input.data.length);
      return 0;
    case 'winsize': {
      if (!validWinsize(input.cols, input.rows)) return -EINVAL;
      // As a real terminal does, only a change is news: the foreground group hears of it.
      const fg = s.tty.fgPgid;
      if (ttyResize(s.tty, input.cols, input.rows) && fg !== null) for (const p of groupMembers(s, fg)) sendSignal(s, rt, p, SIGWINCH);
      return 0;
    }
    case 'spawn':
      return spawnProcess(s, rt, INIT_PID, { pgid: 0, ...input.request });
    case 'signal': {
      const p = s.procs[input.pid];
      if (!p) return -ESRCH;
      sendSignal(s, rt, p, input.sig);
      return 0;
    }
    case 'disk':
      return input.action.action === 'power-cycle' ? powerCycle(s, rt) : diskControl(s, input.action);
  }
}

/**
 * Power off and on. Every process, the buffer cache and the terminal's line are gone; the
 * disk keeps the writes that reached it and is mounted again, which replays the journal.
 * Time goes on, and the history (screen, Gantt trace, logs) is kept so the crash can be
 * studied; the machine then boots as it did at tick 0.
 */
function powerCycle(s: KernelState, rt: Runtime): number {
  const disk = disksAfterPowerLoss(s.fs);
  const fresh = createKernelState(s.config, Object.keys(rt.programs));
  let swapProblem: string | null = null;
  // Logged once the kept history is back in place: the fresh machine's own log is dropped.
  const mountProblem = 'error' in disk ? `the disk could not be mounted after the power cycle (${disk.error}); booted a fresh disk` : null;
  if (!('error' in disk)) {
    fresh.fs = disk;
    // The fresh machine's swap area was made on the disk it no longer has: this one's is checked anew.
    fresh.vm.swap.header = null;
    swapProblem = attachSwap(disk, fresh.vm);
  }
  const history = { tick: s.tick, trace: s.trace, log: s.log, exited: s.exited, stats: s.stats };
  const { out: screen, cols, rows } = s.tty;
  const busy = s.cpus.map((c) => [c.busyTicks, c.warmTicks]);
  for (const key of Object.keys(s)) delete (s as unknown as Record<string, unknown>)[key];
  Object.assign(s, fresh, history);
  // The screen and the window it is shown in outlive the machine.
  Object.assign(s.tty, { out: screen, cols, rows });
  s.cpus.forEach((cpu, i) => {
    cpu.busyTicks = busy[i]?.[0] ?? 0;
    cpu.warmTicks = busy[i]?.[1] ?? 0;
  });
  rt.runs.clear();
  const replayed = 'error' in disk ? 'fresh disk' : recoveryWords(disk);
  klog(s, 'sched', null, `power cycled: ${replayed}`);
  if (mountProblem) klog(s, 'error', null, mountProblem);
  if (swapProblem) klog(s, 'error', null, swapProblem);
  // Broken between words at the terminal's width, as programs break theirs (base/wrap.ts).
  ttyWrite(s.tty, `\n${wrapLine(`[power cycled at tick ${s.tick}: ${replayed}]`, s.tty.cols).join('\n')}\n`);
  boot(s, rt);
  return 0;
}

/** What the mount after a power cycle did, in words; a disk without a journal has none to replay. */
function recoveryWords(fs: KernelState['fs']): string {
  const r = fs.recovery;
  if (!r || (fs.journal.mode === 'none' && r.replayed.length === 0)) return 'no journal to replay';
  return `journal replayed ${r.replayed.length} transaction${r.replayed.length === 1 ? '' : 's'}${r.discardedIncomplete ? ', discarded an incomplete one' : ''}`;
}

/**
 * The kernel's rules for the scheduling loop (sched/loop.ts): time moves in whole ticks,
 * and at one tick I/O completions come before arrivals. Arrivals are spawn inputs, which
 * the machine applies once time has moved to their tick (machine.ts, runTo), and moving
 * time is what completes the I/O due then (and dispatches to an idle CPU); so the loop
 * itself sees no arrivals, and one that finds the CPUs taken competes through the
 * policy's preemption check (scheduling.ts, makeReady).
 */
const KERNEL_RULES: LoopRules = { order: 'completions-first', time: 'ticks' };

/**
 * The kernel as a host of the scheduling loop: a timer wakes its sleeper, a dispatch runs
 * the process's syscalls until it asks for CPU, a CPU's time is charged to its process
 * (or to switching, or counted idle), and the end of a burst runs the syscalls that follow.
 * Its methods are shared functions that read the kernel through `this`, as the scheduling
 * context's are (sched-context.ts): a host is made for every advance and every input, and
 * closures made each time would cost more than the scheduling. One context serves every
 * policy call made through it, its clock kept at the tick.
 */
interface KernelLoop extends LoopHost<unknown> {
  readonly s: KernelState;
  readonly rt: Runtime;
  readonly ctx: KernelSchedContext;
  /**
   * The process last found on each CPU, by CPU id. A step asks for the running process
   * several times (its burst before and after, its ticks, its preemption), and the process
   * table, keyed by pids that come and go, is a slow object to look in; a cached entry is
   * used only while it is still that CPU's running process.
   */
  readonly onCpu: Array<Proc | null>;
}

function kernelLoop(s: KernelState, rt: Runtime, ctx: KernelSchedContext): KernelLoop {
  return {
    s,
    rt,
    onCpu: noneOnCpus(s.cpus.length),
    rules: KERNEL_RULES,
    policy: ctx.policy,
    data: s.sched.data,
    ctx,
    cpus: s.cpus,
    timers: s.events,
    fire: fireTimer,
    nextArrival: noArrival,
    admitArrivals: admitNone,
    start: startOnCpu,
    beforeStep: beforeStep,
    burstLeft: burstLeftOn,
    pass: passOn,
    burstDone: burstDoneOn,
    preempt: preemptOn,
    policyEvent: logPolicyEvent,
    moveTo: moveClock,
  };
}

/**
 * The empty cache of what runs on each CPU, filled by push. An array made by `map` is of
 * one kind when map runs as V8's builtin and of another once the function calling it is
 * optimised; every compiled function reading the cache (a step, with its host's methods
 * inlined) was then thrown away when the second kind appeared and compiled again.
 */
function noneOnCpus(n: number): Array<Proc | null> {
  const out: Array<Proc | null> = [];
  for (let i = 0; i < n; i++) out.push(null);
  return out;
}

function fireTimer(this: KernelLoop, ev: TimerEvent): void {
  const p = this.s.procs[ev.pid];
  if (!p || p.waitToken !== ev.token) return; // stale: that sleep already ended
  if (ev.kind === 'wake' || ev.kind === 'io') wake(this.s, p, 0);
  else if (ev.kind === 'fault') wake(this.s, p, ev.result ?? 0);
}

const noArrival = (): null => null;
const admitNone = (): void => {};

function startOnCpu(this: KernelLoop, cpu: LoopCpu, d: Decision): void {
  const p = this.s.procs[d.pid];
  if (p?.state !== 'ready') return; // a policy bug; never dispatch a non-ready process
  dispatch(this.s, cpu.id, p, d.slice, d.reason);
  if (p.burstLeft <= 0) runUser(this.s, this.rt, p);
}

function beforeStep(this: KernelLoop): void {
  beginRunning(this.s);
}

/** The process running on `cpu` (the loop asks only of a busy CPU). */
function runningOn(h: KernelLoop, cpu: LoopCpu): Proc {
  const pid = cpu.running!;
  const p = h.onCpu[cpu.id];
  if (p && p.pid === pid && p.cpu === cpu.id && p.state === 'running') return p;
  const found = h.s.procs[pid];
  h.onCpu[cpu.id] = found;
  return found;
}

function burstLeftOn(this: KernelLoop, cpu: LoopCpu): number {
  return ticksOfWork(this.s, cpu as Cpu, runningOn(this, cpu));
}

function passOn(this: KernelLoop, cpu: LoopCpu, ticks: number): void {
  if (cpu.running !== null && cpu.switchLeft <= 0) chargeRun(this.s, cpu as Cpu, runningOn(this, cpu), ticks);
  else chargeCpu(this.s, cpu as Cpu, ticks);
}

function burstDoneOn(this: KernelLoop, cpu: LoopCpu): void {
  runUser(this.s, this.rt, runningOn(this, cpu));
}

function preemptOn(this: KernelLoop, cpu: LoopCpu, reason: string): void {
  preempt(this.s, runningOn(this, cpu), reason, this.ctx);
}

function logPolicyEvent(this: KernelLoop, text: string | null): void {
  if (text) klog(this.s, 'sched', null, text);
}

function moveClock(this: KernelLoop, t: number): void {
  this.s.tick = t;
  this.ctx.now = t;
}

/**
 * Does the zero-time work due at the current tick: the policy's own event (an MLFQ boost)
 * first, then the timers, so at a tick where both fall a boost happens before the I/O that
 * completes then, as in OSTEP's mlfq.py; then idle CPUs take work.
 */
function settle(s: KernelState, rt: Runtime): void {
  settleInstant(kernelLoop(s, rt, schedContext(s)));
}

/**
 * Runs the kernel for `ticks` ticks (or until `stop` says so at a tick boundary), on the
 * scheduling loop. Cost follows events, not ticks: each step jumps to the nearest of the
 * next timer, the end of a running burst, the end of a time slice, or the requested end.
 * The loop finishes all zero-time work at the final tick, so advance(a) then advance(b)
 * leaves the same state as advance(a + b).
 */
export function advance(s: KernelState, rt: Runtime, ticks: number, stop?: (s: KernelState) => boolean): void {
  const end = s.tick + Math.max(0, Math.floor(ticks));
  const loop = kernelLoop(s, rt, schedContext(s));
  for (;;) {
    settleInstant(loop);
    if (s.tick >= end || stop?.(s)) return;
    step(loop, end);
  }
}

/**
 * Runs a process's program from the kernel's side: executes its syscalls until it asks
 * for CPU time, blocks, stops or exits. Zero-time syscalls are free, but only
 * `syscallsPerTick` of them in a row; beyond that the process is charged a tick, so a
 * loop of syscalls cannot stall the clock.
 */
function runUser(s: KernelState, rt: Runtime, p: Proc): void {
  let value: SyscallResult = p.sysret;
  while (p.state === 'running' && p.burstLeft <= 0) {
    if (p.sysTick !== s.tick) {
      p.sysTick = s.tick;
      p.sysCount = 0;
    }
    if (++p.sysCount > s.config.limits.syscallsPerTick) {
      p.burstLeft = 1;
      p.sysret = value;
      return;
    }
    if (signalDue(p)) {
      // Returning to user mode with a caught signal due: its handler runs first.
      value = enterHandler(s, rt, p, value);
      continue;
    }
    let call: Syscall;
    if (p.syscall !== null) {
      call = p.syscall; // woken from a sleep: the syscall runs again
      p.syscall = null;
    } else {
      const run = rt.runs.get(p.pid);
      if (!run) {
        terminate(s, rt, p, null, SIGSEGV);
        return;
      }
      let step: IteratorResult<Syscall, number>;
      try {
        step = run.next(value);
      } catch (err) {
        // A program bug must not take the kernel down: the process dies as if it faulted.
        klog(s, 'error', p.pid, `pid ${p.pid} (${p.name}) crashed: ${err instanceof Error ? err.message : String(err)}`);
        terminate(s, rt, p, null, SIGSEGV);
        return;
      }
      if (step.done && inHandler(p)) {
        value = leaveHandler(s, rt, p); // the handler returned: resume what it interrupted
        continue;
      }
      if (step.done) {
        terminate(s, rt, p, typeof step.value === 'number' ? step.value & 0xff : 0, null);
        return;
      }
      call = step.value;
    }
    const out = execSyscall(s, rt, p, call);
    value = out === SUSPEND ? p.sysret : out;
  }
}
