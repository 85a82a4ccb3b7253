import type { FsSyscall, FsSyscallResult } from './fs.ts';
import type { HeapSyscall, HeapSyscallResult } from './heap.ts';
import type { IpcSyscall, IpcSyscallResult } from './ipc.ts';
import type { VmSyscall, VmSyscallResult } from './vm.ts';

/**
 * Every syscall a program can make, as the value it yields. A syscall returns a number
 * (>= 0 on success, a negative errno on failure) or, for the few that return data, the
 * data itself; see each wrapper in ../libc/sys.ts for the exact result type.
 */

/** posix_spawn-style actions applied to the child's fd table before it runs. */
export type FileAction =
  | { op: 'dup2'; fd: number; to: number }
  | { op: 'close'; fd: number };

export interface SpawnRequest {
  program: string;
  argv: string[];
  env?: Record<string, string>;
  /** Process group: absent = the parent's, 0 = a new group led by the child, n = join n. */
  pgid?: number;
  fileActions?: FileAction[];
  /** Scheduling attributes (nice, tickets, priority, expected length). */
  sched?: {
    nice?: number;
    tickets?: number;
    priority?: number;
    expected?: number | null;
    /** CPUs it may run on (per-CPU run queues honour it). */
    affinity?: number[] | null;
    /** Lottery ticket currency. */
    currency?: string | null;
    /** Memory it touches as it runs, in the units of a CPU cache's size (a machine with caches warms it). */
    workingSet?: number | null;
  };
  cwd?: string;
  /** Reset every signal to its default action in the child (posix_spawnattr_setsigdefault). */
  resetSignals?: boolean;
  /** Give the child a copy-on-write copy of the parent's address space, as fork does (default: a fresh one, as exec). */
  forkMemory?: boolean;
}

export type Syscall =
  | { op: 'cpu'; ticks: number }
  | ({ op: 'spawn' } & SpawnRequest)
  | { op: 'exit'; code: number }
  | { op: 'wait'; pid: number; nohang?: boolean; untraced?: boolean; continued?: boolean }
  | { op: 'getpid' }
  | { op: 'getppid' }
  | { op: 'sleep'; ticks: number }
  /** Blocks for `ticks` waiting on an I/O device (a timed block, shown apart from sleep). */
  | { op: 'io'; ticks: number }
  | { op: 'yield' }
  | { op: 'kill'; pid: number; sig: number }
  /**
   * A handler runs on top of the interrupted program when the process next returns to user
   * mode; a syscall it interrupts fails with EINTR, or runs again with `restart` (SA_RESTART).
   */
  | { op: 'sigaction'; sig: number; action: 'default' | 'ignore' | SignalHandler; restart?: boolean }
  | { op: 'read'; fd: number; count: number }
  /** `sent`: bytes of `data` a pipe already took before the writer blocked (set by the kernel when it restarts the write). */
  | { op: 'write'; fd: number; data: string; sent?: number }
  | { op: 'close'; fd: number }
  | { op: 'dup'; fd: number }
  | { op: 'dup2'; fd: number; to: number }
  | { op: 'setpgid'; pid: number; pgid: number }
  | { op: 'getpgid'; pid: number }
  | { op: 'tcsetpgrp'; pgid: number }
  | { op: 'tcgetpgrp' }
  /** Terminal modes; `isig: false` (raw mode, as cfmakeraw) hands ^C, ^Z and ^\ to the reader as bytes. */
  | { op: 'ttymode'; canonical?: boolean; echo?: boolean; isig?: boolean }
  /** The terminal's window size (ioctl TIOCGWINSZ) if `fd` is the terminal, else ENOTTY. */
  | { op: 'winsize'; fd: number }
  /** Bytes typed and waiting to be read (FIONREAD): a line editor tells the Escape key from the start of an arrow key's sequence by it. */
  | { op: 'ttypending' }
  | { op: 'nice'; inc: number }
  | { op: 'ps' }
  /** Each CPU: what it runs, its busy and warm ticks, and its cache (CpuInfo). */
  | { op: 'cpuinfo' }
  | { op: 'uptime' }
  /** Renames the calling process (its comm, as prctl(PR_SET_NAME)): what the process tree, ps's name and the Gantt lanes show; the first 15 characters are kept. */
  | { op: 'setname'; name: string }
  /** The next number from the kernel's seeded generator (an unsigned 32-bit integer): a shell's `$RANDOM`. */
  | { op: 'random' }
  /** The names of the programs spawn can start, sorted: a shell completes command names from them. */
  | { op: 'programs' }
  | FsSyscall
  | HeapSyscall
  | IpcSyscall
  | VmSyscall;

export type SyscallOp = Syscall['op'];

/** A signal handler: code, so it lives in the runtime, never in the state. */
export type SignalHandler = (sig: number) => Generator<Syscall, void, SyscallResult>;

/** What wait() reports about a child. */
export interface WaitResult {
  pid: number;
  /** Exit code when the child exited by itself, else null. */
  code: number | null;
  /** The terminating (or stopping) signal, else null. */
  signal: number | null;
  stopped: boolean;
  /** Reported because it was continued (wait with `continued`, as WCONTINUED). */
  continued?: boolean;
}

/** One row of the process table, as `ps` sees it. */
export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  name: string;
  argv: string[];
  state: string;
  cpuTicks: number;
  arrival: number;
  nice: number;
  /** Virtual size and resident set, in bytes (whole pages). */
  vsz: number;
  rss: number;
}

/** One CPU as `cpus` sees it: what it runs, its time, and its cache's warm and warming processes. */
export interface CpuInfo {
  cpu: number;
  /** The pid it runs, or null when idle. */
  running: number | null;
  busyTicks: number;
  /** Ticks it ran a process whose working set was warm in its cache. */
  warmTicks: number;
  /** Warm processes, newest first, and the ones warming with the ticks each still has to run there. */
  warm: Array<{ pid: number; workingSet: number }>;
  warming: Array<{ pid: number; workingSet: number; left: number }>;
  /** Cache units the warm working sets fill. */
  used: number;
  /** The machine's caches (null: it has none). */
  cache: { size: number; warmupTime: number; warmRate: number } | null;
}

/** A terminal window's size in character cells (struct winsize). */
export interface Winsize {
  cols: number;
  rows: number;
}

export type SyscallResult = number | string | Winsize | string[] | WaitResult | ProcInfo[] | CpuInfo[] | FsSyscallResult | HeapSyscallResult | IpcSyscallResult | VmSyscallResult | null;
