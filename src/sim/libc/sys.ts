import type { DirEntry, Stat, StatFs, FsckSummary, OpenSyscallFlags } from '../abi/fs.ts';
import type { HeapInfo } from '../abi/heap.ts';
import type { IpcKind, ReceivedMessage, IpcStatus } from '../abi/ipc.ts';
import type { MaskHow } from '../abi/signals.ts';
import type { CpuInfo, ProcInfo, SignalHandler, SpawnRequest, Syscall, SyscallResult, WaitResult, Winsize } from '../abi/syscalls.ts';
import type { PmapInfo, VmStatInfo } from '../abi/vm.ts';

/**
 * Typed wrappers for programs: `const n = yield* sys.write(1, 'hi\n')`. Each one yields
 * exactly one syscall and narrows its result; numbers below 0 are negative errnos.
 */
export type Sys<T> = Generator<Syscall, T, SyscallResult>;

function* call<T>(c: Syscall): Sys<T> {
  return (yield c) as T;
}

export const cpu = (ticks: number): Sys<number> => call({ op: 'cpu', ticks });
export const spawn = (req: SpawnRequest): Sys<number> => call({ op: 'spawn', ...req });
export const exit = (code: number): Sys<never> => call({ op: 'exit', code });
/** A WaitResult, 0 (nohang and nothing to report) or a negative errno. */
export const wait = (pid = -1, opts: { nohang?: boolean; untraced?: boolean; continued?: boolean } = {}): Sys<WaitResult | number> =>
  call({ op: 'wait', pid, ...opts });
export const getpid = (): Sys<number> => call({ op: 'getpid' });
export const getppid = (): Sys<number> => call({ op: 'getppid' });
export const sleep = (ticks: number): Sys<number> => call({ op: 'sleep', ticks });
/** Waits `ticks` for an I/O device: the process blocks on the 'io' channel. */
export const io = (ticks: number): Sys<number> => call({ op: 'io', ticks });
export const yieldCpu = (): Sys<number> => call({ op: 'yield' });
export const kill = (pid: number, sig: number): Sys<number> => call({ op: 'kill', pid, sig });
/**
 * 'default', 'ignore', or a handler: a generator function run on top of the interrupted code
 * when the signal arrives (then a syscall it interrupted fails with -EINTR, unless `restart`).
 */
export const sigaction = (sig: number, action: 'default' | 'ignore' | SignalHandler, opts: { restart?: boolean } = {}): Sys<number> =>
  call({ op: 'sigaction', sig, action, ...opts });
/** The data read ('' at end of file) or a negative errno. */
export const read = (fd: number, count: number): Sys<string | number> => call({ op: 'read', fd, count });
export const write = (fd: number, data: string): Sys<number> => call({ op: 'write', fd, data });
export const close = (fd: number): Sys<number> => call({ op: 'close', fd });
export const dup = (fd: number): Sys<number> => call({ op: 'dup', fd });
export const dup2 = (fd: number, to: number): Sys<number> => call({ op: 'dup2', fd, to });
export const setpgid = (pid: number, pgid: number): Sys<number> => call({ op: 'setpgid', pid, pgid });
export const getpgid = (pid = 0): Sys<number> => call({ op: 'getpgid', pid });
export const tcsetpgrp = (pgid: number): Sys<number> => call({ op: 'tcsetpgrp', pgid });
export const tcgetpgrp = (): Sys<number> => call({ op: 'tcgetpgrp' });
/** Terminal modes: canonical (line editing), echo, and isig (^C, ^Z, ^\ as signals rather than bytes). */
/** Bytes waiting in the terminal's input. */
export const ttyPending = (): Sys<number> => call({ op: 'ttypending' });
export const ttymode = (mode: { canonical?: boolean; echo?: boolean; isig?: boolean }): Sys<number> => call({ op: 'ttymode', ...mode });
/** The terminal's size if `fd` is the terminal (ioctl TIOCGWINSZ), else a negative errno (ENOTTY). */
export const winsize = (fd: number): Sys<Winsize | number> => call({ op: 'winsize', fd });
export const nice = (inc: number): Sys<number> => call({ op: 'nice', inc });
export const ps = (): Sys<ProcInfo[]> => call({ op: 'ps' });
export const cpuinfo = (): Sys<CpuInfo[]> => call({ op: 'cpuinfo' });
export const uptime = (): Sys<number> => call({ op: 'uptime' });
/** Renames the calling process (prctl PR_SET_NAME): 0, or -EINVAL for an empty name or one with control characters. */
export const setname = (name: string): Sys<number> => call({ op: 'setname', name });
/** A number from the kernel's seeded generator, so a replay draws the same ones. */
export const random = (): Sys<number> => call({ op: 'random' });
/** The names of every program spawn can start, sorted. */
export const programs = (): Sys<string[]> => call({ op: 'programs' });

/** Writes a whole string to fd 1. */
export const print = (text: string): Sys<number> => write(1, text);
/** Writes a whole string to fd 2. */
export const eprint = (text: string): Sys<number> => write(2, text);

export function isWaitResult(r: WaitResult | number): r is WaitResult {
  return typeof r === 'object';
}

/** Reads fd until end of file; returns the text, or a negative errno. */
export function* readAll(fd: number, chunk = 512): Sys<string | number> {
  let text = '';
  for (;;) {
    const r = yield* read(fd, chunk);
    if (typeof r === 'number') return r;
    if (r === '') return text;
    text += r;
  }
}

// ---- the file system --------------------------------------------------------------------

/** A new fd, or a negative errno. Flags as in open(2): read, write, create, truncate, append, excl, directory. */
export const open = (path: string, flags: OpenSyscallFlags = { read: true }): Sys<number> => call({ op: 'open', path, flags });
/** The new offset (whence: 0 = SEEK_SET, 1 = SEEK_CUR, 2 = SEEK_END), or a negative errno. */
export const lseek = (fd: number, offset: number, whence = 0): Sys<number> => call({ op: 'lseek', fd, offset, whence });
export const stat = (path: string): Sys<Stat | number> => call({ op: 'stat', path });
export const fstat = (fd: number): Sys<Stat | number> => call({ op: 'fstat', fd });
/** stat of a symbolic link itself rather than what it names. */
export const lstat = (path: string): Sys<Stat | number> => call({ op: 'lstat', path });
export const symlink = (target: string, path: string): Sys<number> => call({ op: 'symlink', target, path });
/** The target a symbolic link holds, or a negative errno (EINVAL when it is not a link). */
export const readlink = (path: string): Sys<string | number> => call({ op: 'readlink', path });
export const chmod = (path: string, mode: number): Sys<number> => call({ op: 'chmod', path, mode });
/** 0 when every access in `mode` (R_OK | W_OK | X_OK) is allowed, else a negative errno. */
export const access = (path: string, mode: number): Sys<number> => call({ op: 'access', path, mode });
export const mkdir = (path: string): Sys<number> => call({ op: 'mkdir', path });
export const rmdir = (path: string): Sys<number> => call({ op: 'rmdir', path });
export const unlink = (path: string): Sys<number> => call({ op: 'unlink', path });
export const link = (from: string, to: string): Sys<number> => call({ op: 'link', from, to });
export const rename = (from: string, to: string): Sys<number> => call({ op: 'rename', from, to });
/** A directory's entries ("." and ".." included), or a negative errno. */
export const readdir = (path: string): Sys<DirEntry[] | number> => call({ op: 'readdir', path });
export const chdir = (path: string): Sys<number> => call({ op: 'chdir', path });
export const getcwd = (): Sys<string> => call({ op: 'getcwd' });
export const truncate = (path: string, size: number): Sys<number> => call({ op: 'truncate', path, size });
export const ftruncate = (fd: number, size: number): Sys<number> => call({ op: 'ftruncate', fd, size });
export const statfs = (): Sys<StatFs> => call({ op: 'statfs' });
export const sync = (): Sys<number> => call({ op: 'sync' });
/** Checks the file system (and repairs it with `repair`); findings are in words. */
export const fsck = (repair = false): Sys<FsckSummary> => call({ op: 'fsck', repair });

// ---- pipes, signal masks, message queues, semaphores, shared memory ---------------------

/** [read fd, write fd], or a negative errno (EMFILE). */
export const pipe = (): Sys<[number, number] | number> => call({ op: 'pipe' });
/** The mask with these signals' bits set, for sigprocmask. */
export const sigmask = (...sigs: number[]): number => sigs.reduce((m, sig) => m | (1 << sig), 0);
/** The previous blocked mask; signals it unblocks that were pending are delivered at once. */
export const sigprocmask = (how: MaskHow, mask: number): Sys<number> => call({ op: 'sigprocmask', how, mask });
/** The signals that arrived while blocked, as a mask. */
export const sigpending = (): Sys<number> => call({ op: 'sigpending' });
/** Sleeps until a caught signal's handler has run, then answers -EINTR. */
export const pause = (): Sys<number> => call({ op: 'pause' });

interface GetOptions {
  /** Create it if the key is new (default true). */
  create?: boolean;
  /** Fail with -EEXIST if the key is taken. */
  exclusive?: boolean;
}
/** A queue's id for `key` (0: a new private queue), or a negative errno. */
export const msgget = (key: number, opts: GetOptions & { capacity?: number } = {}): Sys<number> => call({ op: 'msgget', key, ...opts });
/** 0, or a negative errno; blocks while the queue is full (-EAGAIN with nowait; -EIDRM if it is removed). */
export const msgsnd = (id: number, type: number, text: string, opts: { nowait?: boolean } = {}): Sys<number> =>
  call({ op: 'msgsnd', id, type, text, ...opts });
/** The first message of `type` (0: any), or a negative errno; blocks while there is none (-ENOMSG with nowait). */
export const msgrcv = (id: number, type = 0, opts: { nowait?: boolean } = {}): Sys<ReceivedMessage | number> =>
  call({ op: 'msgrcv', id, type, ...opts });
/** A semaphore's id for `key`, created at `value`, or a negative errno. */
export const semget = (key: number, value = 0, opts: GetOptions = {}): Sys<number> => call({ op: 'semget', key, value, ...opts });
/** P: 0 once it has a unit; blocks at 0 (-EAGAIN with nowait; -EIDRM if it is removed). */
export const semwait = (id: number, opts: { nowait?: boolean } = {}): Sys<number> => call({ op: 'semwait', id, ...opts });
/** V: 0, or a negative errno. */
export const sempost = (id: number): Sys<number> => call({ op: 'sempost', id });
/** A segment's id for `key`; a new one has `size` slots. */
export const shmget = (key: number, size: number, opts: GetOptions = {}): Sys<number> => call({ op: 'shmget', key, size, ...opts });
/** A slot's text, or a negative errno. */
export const shmread = (id: number, slot: number): Sys<string | number> => call({ op: 'shmread', id, slot });
export const shmwrite = (id: number, slot: number, value: string): Sys<number> => call({ op: 'shmwrite', id, slot, value });
/** Removes a queue, semaphore or segment; its sleepers wake with -EIDRM. */
export const ipcrm = (kind: IpcKind, id: number): Sys<number> => call({ op: 'ipcrm', kind, id });
/** Every pipe, queue, semaphore and segment, and the deadlocks. */
export const ipcs = (): Sys<IpcStatus> => call({ op: 'ipcs' });

// ---- the heap ---------------------------------------------------------------------------

/** A pointer to `size` new bytes, or -ENOMEM (no room) / -EINVAL. */
export const malloc = (size: number): Sys<number> => call({ op: 'malloc', size });
/** 0, or -EINVAL for a pointer that is not one of this process's blocks (free(0) does nothing). */
export const free = (ptr: number): Sys<number> => call({ op: 'free', ptr });
/** The block's new pointer (perhaps the same), or a negative errno with the old block untouched. */
export const realloc = (ptr: number, size: number): Sys<number> => call({ op: 'realloc', ptr, size });
/** The heap's metrics (search length of the last operation, fragmentation, ...) and its allocator. */
export const heapinfo = (): Sys<HeapInfo> => call({ op: 'heapinfo' });

/** One load (or, with `write`, a store of `value`) at a virtual address: the byte read, 0 for a store, or -EFAULT after SIGSEGV. */
export const touch = (addr: number, opts: { write?: boolean; value?: number; exec?: boolean } = {}): Sys<number> => call({ op: 'touch', addr, ...opts });
/** Moves the heap's end by `pages` pages: the old end as an address, or -ENOMEM. */
export const sbrk = (pages: number): Sys<number> => call({ op: 'sbrk', pages });
export const vmstat = (): Sys<VmStatInfo> => call({ op: 'vmstat' });
/** A process's address space (0 = the caller's), or -ESRCH. */
export const pmap = (pid = 0): Sys<PmapInfo | number> => call({ op: 'pmap', pid });
