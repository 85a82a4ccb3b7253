import type { Syscall, SyscallResult } from '../abi/syscalls.ts';
import type { EventQueue } from '../base/events.ts';
import type { RingLog } from '../base/ringlog.ts';
import type { RngState } from '../base/rng.ts';
import type { DiskConfig, FsState } from '../fs/types.ts';
import type { IpcConfig, IpcState } from '../ipc/types.ts';
import type { HeapConfig, HeapState } from '../memory/types.ts';
import type { CacheParams, CpuCache } from '../sched/cpu-cache.ts';
import type { SchedConfig } from '../sched/policy.ts';
import type { Slice } from '../sched/slice.ts';
import type { TtyState } from '../tty/tty.ts';
import type { VmConfigInput } from '../vm/config.ts';
import type { VmState } from '../vm/types.ts';
import type { FsckRun } from './disk-control.ts';
import type { LeakRecord } from './heap-syscalls.ts';

/**
 * The whole kernel as one plain, JSON-serialisable tree. Read this file first: it is the
 * kernel's documentation. No class instances, Maps, Sets or functions live here, so the
 * host can snapshot it, diff it into patches and send it across a process boundary.
 */
export type ProcState = 'new' | 'ready' | 'running' | 'blocked' | 'stopped' | 'zombie';

/** init's pid: it adopts orphans and receives only the signals it catches. */
export const INIT_PID = 1;

/** Where a blocked process sleeps, e.g. "tty", "child", "sleep". */
export type WaitChannel = string;

export interface Accounting {
  /** Tick the process was created. */
  arrival: number;
  /** Tick it first got a CPU, or null. */
  firstRun: number | null;
  /** Ticks of CPU used. */
  cpu: number;
  /** Ticks spent ready but not running. */
  ready: number;
  /** Ticks spent blocked or stopped. */
  blocked: number;
  /** Tick it exited, or null. */
  finish: number | null;
  /** Tick of the last state change; the ready/blocked counters are settled up to here. */
  since: number;
}

export interface SignalState {
  /** Bit n set = signal n is pending. */
  pending: number;
  /** Bit n set = signal n is blocked (held pending). */
  blocked: number;
  /** Disposition per signal number; absent = default action. 'catch': a handler in the runtime. */
  actions: Record<number, 'ignore' | 'catch'>;
  /** Bit n set = a syscall that signal n's handler interrupts is restarted, not failed with EINTR (SA_RESTART). */
  restart: number;
  /** One frame per handler running, innermost last: what to restore when it returns. */
  frames: SignalFrame[];
}

/**
 * What a signal handler interrupted. The handler's generator runs on top of the program's
 * (both live in the runtime); when it returns, the mask is restored and the program
 * resumes with the syscall result it was about to receive, or re-runs the syscall it was in.
 */
export interface SignalFrame {
  sig: number;
  /** The blocked mask before the handler ran (the handled signal is blocked while it runs). */
  mask: number;
  /** The value the program receives when it resumes. */
  sysret: SyscallResult;
  /** The syscall to run again when it resumes (a restarted sleep, the rest of a CPU burst), or null. */
  syscall: Syscall | null;
}

export interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  name: string;
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  state: ProcState;
  /** Exit code, set when the process exits by itself. */
  exitCode: number | null;
  /** Signal that terminated it, if any. */
  termSignal: number | null;
  acct: Accounting;
  /** Scheduling attributes the policies read. */
  sched: {
    nice: number;
    tickets: number;
    priority: number;
    expected: number | null;
    /** CPUs it may run on, or null for any (honoured by per-CPU run queues). */
    affinity?: number[] | null;
    /** Lottery ticket currency, or null for the base currency. */
    currency?: string | null;
    /** Memory it touches as it runs, in cache units (kernel/cpu-caches.ts), or null for none. */
    workingSet?: number | null;
  };
  /** CPU ticks still owed by the current `cpu` syscall. */
  burstLeft: number;
  /** The syscall it is blocked in (re-executed when woken), or null. */
  syscall: Syscall | null;
  /** The value its next resume delivers. */
  sysret: SyscallResult;
  /** The channel it sleeps on while blocked, or null. */
  wchan: WaitChannel | null;
  /** Bumped on every block, so a stale timer for an earlier sleep does nothing. */
  waitToken: number;
  /** CPU it is running on, or null. */
  cpu: number | null;
  sig: SignalState;
  /** Child pids (alive or zombie), for wait() and reparenting. */
  children: Record<number, true>;
  /**
   * The subset of children that are zombies, waiting to be reaped, each with its place in
   * the kernel's order of exits (`stats.exits` when it ended), so wait() takes the first to end.
   */
  zombies: Record<number, number>;
  /** Children that stopped and have not been reported by wait() yet. */
  stoppedKids: Record<number, true>;
  /** The Gantt slice of its latest wait on a channel, so a wait that resumes at once extends it. */
  waitSeq: number | null;
  /** Children continued (SIGCONT) and not reported by wait() with `continued` yet. */
  continuedKids: Record<number, true>;
  /** File descriptors: fd -> open-file description id. */
  fds: Record<number, number>;
  /** The tick of its latest zero-time syscall, and how many it has made in that tick. */
  sysTick: number;
  sysCount: number;
}

export interface Cpu {
  id: number;
  running: number | null;
  /** Ticks left in the current dispatch's slice; null = no limit. */
  sliceLeft: number | null;
  /** Why the running process was dispatched, in words. */
  why: string;
  /** Sequence number of the running process's Gantt slice, made when it first runs a tick. */
  traceSeq: number | null;
  /** The Gantt slice of the previous dispatch, so a process picked again continues it. */
  lastSeq: number | null;
  /** The process whose code it ran last, so re-dispatching the same one is not counted as a switch. */
  lastPid: number | null;
  /** Ticks left of the context switch in progress (charged to nobody), 0 when none. */
  switchLeft: number;
  busyTicks: number;
  /** Ticks it ran a process whose working set was warm in its cache (faster than cold). */
  warmTicks: number;
  /** Its cache: which processes' working sets are warm or warming (empty without `config.cache`). */
  cache: CpuCache;
}

/** What is kept of a process after it exits: its accounting, for metrics once it is reaped. */
export interface ExitRecord {
  pid: number;
  ppid: number;
  name: string;
  argv: string[];
  arrival: number;
  firstRun: number | null;
  finish: number;
  cpu: number;
  ready: number;
  blocked: number;
  exitCode: number | null;
  signal: number | null;
}

export type LogKind = 'spawn' | 'exit' | 'signal' | 'dispatch' | 'preempt' | 'block' | 'wake' | 'sched' | 'error' | 'reap';

export interface LogEntry {
  tick: number;
  kind: LogKind;
  pid: number | null;
  text: string;
}

/** An open-file description (the system-wide open-file table's entry). */
export interface OpenFile {
  id: number;
  /** What it refers to: the terminal, a pipe end, or an inode. */
  kind: 'tty' | 'pipe-read' | 'pipe-write' | 'file';
  /** Pipe id or inode number, depending on kind. */
  ref: number;
  flags: { read: boolean; write: boolean; append: boolean };
  offset: number;
  /** How many fd-table entries point here. */
  refs: number;
}

export interface KernelLimits {
  /** Most processes that may exist at once (zombies included), as RLIMIT_NPROC. */
  maxProcs: number;
  /** Most open files per process. */
  maxFds: number;
  /** Zero-time syscalls a process may make in a row before the kernel charges it a tick. */
  syscallsPerTick: number;
  /**
   * Bytes a read or write through a pipe or a file moves per tick of CPU (each transfer
   * takes at least one tick; the terminal is free). 0 = data moves in no time.
   */
  copyBytesPerTick?: number;
}

export interface KernelConfig {
  seed: number;
  cpus: number;
  sched: SchedConfig;
  limits: KernelLimits;
  /** Program started on the terminal at boot (after init), or null for none. */
  login: { program: string; argv: string[] } | null;
  /** Retained Gantt slices and log entries (older ones are dropped). */
  traceCap: number;
  /** The disk: geometry, journal mode, or a saved image to boot from; absent = the default fresh disk. */
  disk?: DiskConfig;
  /** Pipe capacity, message-queue capacity and the other IPC limits; missing fields take the defaults in ipc/config.ts. */
  ipc?: Partial<IpcConfig>;
  /** The kernel heap (design, size, policy, ...); missing fields take the defaults in memory/config.ts. */
  heap?: Partial<HeapConfig>;
  /** Virtual memory: translation scheme, page and memory sizes, TLB, replacement policy, swap; missing fields take the defaults in vm/config.ts. */
  vm?: VmConfigInput;
  /** A cache per CPU that processes with a working set warm (OSTEP's multi.py model); absent = no caches. */
  cache?: CacheParams;
}

export interface KernelState {
  config: KernelConfig;
  tick: number;
  rng: RngState;
  nextPid: number;
  /** Entries in `procs` (zombies included), kept beside it so the process limit is checked in O(1). */
  procCount: number;
  procs: Record<number, Proc>;
  cpus: Cpu[];
  sched: { policy: string; data: unknown };
  events: EventQueue;
  /** Processes asleep per wait channel, for O(1) wake-ups. */
  waiters: Record<WaitChannel, Record<number, true>>;
  files: { next: number; table: Record<number, OpenFile> };
  /** The file system on the disk: device, buffer cache, journal and in-memory inodes. */
  fs: FsState;
  /** The last fsck run from outside the machine (the file-system lab), or null. */
  lastFsck: FsckRun | null;
  /** The heap arena that malloc/free/realloc allocate from; each block is tagged with its pid. */
  heap: HeapState;
  /** Blocks that processes still held when they ended (reclaimed by the kernel), oldest first. */
  heapLeaks: RingLog<LeakRecord>;
  /** Address spaces, page tables, the TLB, physical frames and the swap area. */
  vm: VmState;
  /** Pipes, message queues, semaphores, shared memory, the deadlock watch and the signal log. */
  ipc: IpcState;
  tty: TtyState;
  trace: RingLog<Slice>;
  log: RingLog<LogEntry>;
  /** Processes that have exited, oldest first. */
  exited: RingLog<ExitRecord>;
  stats: { contextSwitches: number; idleTicks: number; forks: number; exits: number; switchTicks: number };
}
