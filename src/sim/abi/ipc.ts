import type { MaskHow } from './signals.ts';

/**
 * The IPC half of the user/kernel interface: pipe, the signal calls, System V message
 * queues, semaphores and shared memory, and what ipcs reports.
 */

export type IpcSyscall = { op: 'pipe' } | SignalSyscall | SysvSyscall;

export type SignalSyscall =
  | { op: 'sigprocmask'; how: MaskHow; mask: number }
  | { op: 'sigpending' }
  | { op: 'pause' };

/** How msgget, semget and shmget treat a key: create if absent (default), fail if present (`exclusive`). */
export interface GetFlags {
  create?: boolean;
  exclusive?: boolean;
}

export type SysvSyscall =
  | ({ op: 'msgget'; key: number; capacity?: number } & GetFlags)
  | { op: 'msgsnd'; id: number; type: number; text: string; nowait?: boolean }
  | { op: 'msgrcv'; id: number; type?: number; nowait?: boolean }
  | ({ op: 'semget'; key: number; value?: number } & GetFlags)
  | { op: 'semwait'; id: number; nowait?: boolean }
  | { op: 'sempost'; id: number }
  | ({ op: 'shmget'; key: number; size?: number } & GetFlags)
  | { op: 'shmread'; id: number; slot: number }
  | { op: 'shmwrite'; id: number; slot: number; value: string }
  | { op: 'ipcrm'; kind: IpcKind; id: number }
  | { op: 'ipcs' };

/** The kinds of keyed object, as ipcrm names them. */
export type IpcKind = 'mq' | 'sem' | 'shm';

/** What msgrcv hands back. */
export interface ReceivedMessage {
  type: number;
  text: string;
  from: number;
}

export interface PipeView {
  id: number;
  capacity: number;
  /** Unread bytes, and how full the pipe is (0 to 1). */
  used: number;
  fill: number;
  /** The unread bytes, oldest first. */
  data: string;
  /** The ring: each slot's byte, or null when free. */
  ring: Array<string | null>;
  /** Slot of the oldest unread byte, and slot the next byte goes to. */
  head: number;
  tail: number;
  bytesRead: number;
  bytesWritten: number;
  /** Pids holding the read end and the write end (through any fd), in pid order. */
  readers: number[];
  writers: number[];
  /** Pids asleep reading an empty pipe. */
  blockedReaders: number[];
  /** Pids asleep writing to a full pipe, with the bytes each still has to write. */
  blockedWriters: Array<{ pid: number; left: number }>;
  /** False once every description of that end has been closed. */
  readOpen: boolean;
  writeOpen: boolean;
}

export interface QueueView {
  id: number;
  key: number;
  capacity: number;
  count: number;
  messages: Array<{ type: number; text: string; from: number; sent: number }>;
  /** Pids asleep sending to the full queue. */
  blockedSenders: number[];
  /** Pids asleep receiving, with the type each waits for (0 = any). */
  blockedReceivers: Array<{ pid: number; type: number }>;
}

export interface SemaphoreView {
  id: number;
  key: number;
  value: number;
  /** The value it was created with: 1 for a lock (binary semaphore), else a counting semaphore. */
  initial: number;
  /** Who holds it (acquired by a wait not yet matched by their own post), and how many times. */
  holders: Array<{ pid: number; count: number }>;
  /** Pids asleep waiting for it. */
  waiters: number[];
}

/**
 * A semaphore created with 1 is a lock: the process that took it holds it until it posts
 * it back. A counting semaphore's units are taken by one process and posted by another
 * (OSTEP 31.4's empty and full), so no one holds it, and it is told by its value against
 * the value it started with.
 */
export function isLock(sem: { initial: number }): boolean {
  return sem.initial === 1;
}

export interface SegmentView {
  id: number;
  key: number;
  size: number;
  slots: string[];
  /** The pid that last wrote each slot, or null if none has. */
  lastWriters: Array<number | null>;
}

/** Everything at once, as the ipcs syscall reports it. */
export interface IpcStatus {
  pipes: PipeView[];
  queues: QueueView[];
  sems: SemaphoreView[];
  segments: SegmentView[];
  deadlocks: number[][];
}

export type SysvSyscallResult = ReceivedMessage | IpcStatus;

/** pipe() answers [read fd, write fd]. */
export type IpcSyscallResult = [number, number] | SysvSyscallResult;
