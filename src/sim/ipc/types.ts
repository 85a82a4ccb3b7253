import type { RingLog } from '../base/ringlog.ts';

/**
 * Inter-process communication as plain data: pipes, System V style message queues,
 * counting semaphores and shared-memory segments, the semaphore wait-for graph's cycles,
 * and a log of every signal sent. Read this file first: it is the subsystem's documentation.
 *
 * Which processes hold a pipe's ends, and who sleeps on an object, are not copied here: the
 * fd tables and the kernel's wait channels already say so, and the selectors in views.ts
 * read them from there, so there is one truth.
 */

export interface IpcConfig {
  /** Bytes a pipe holds. Small by default, so a writer visibly blocks on a full pipe. */
  pipeCapacity: number;
  /**
   * Writes of at most this many bytes go into a pipe whole or not at all (POSIX PIPE_BUF);
   * longer ones are split: what fits goes in, and the writer blocks for the rest.
   */
  pipeAtomic: number;
  /** Messages a queue holds before msgsnd blocks (a queue may ask for fewer or more). */
  mqCapacity: number;
  /** Longest message text, in characters. */
  msgMax: number;
  /** Largest value a semaphore may reach (SEM_VALUE_MAX). */
  semMax: number;
  /** Most slots a shared-memory segment may have. */
  shmMaxSlots: number;
  /** Most message queues, semaphores and segments that may exist at once, each. */
  maxObjects: number;
  /** Signal records kept for the views (older ones are dropped). */
  signalLogCap: number;
}

/** A pipe: a bounded ring buffer between the processes that hold its two ends. */
export interface Pipe {
  id: number;
  capacity: number;
  /** Bytes written and not yet read, oldest first. One string, so a write is one small patch. */
  data: string;
  /** Bytes read so far: the oldest unread byte sits in ring slot `readTotal % capacity`. */
  readTotal: number;
  /** Bytes written so far: the next byte goes to ring slot `writeTotal % capacity`. */
  writeTotal: number;
  /** Open-file descriptions of the read end (0 once every reader has closed). */
  readers: number;
  /** Open-file descriptions of the write end (0 once every writer has closed: readers see EOF). */
  writers: number;
  /** The pid that made it, and when. */
  creator: number;
  created: number;
}

/** One message in a queue. */
export interface Message {
  /** A positive type; receivers may ask for one type only. */
  type: number;
  text: string;
  /** The sending pid, and the tick it was sent. */
  from: number;
  sent: number;
}

export interface MsgQueue {
  id: number;
  /** The key it was created under; 0 is IPC_PRIVATE (reachable only by its id). */
  key: number;
  capacity: number;
  /**
   * Messages keyed by arrival sequence number. Integer keys iterate in ascending order, so
   * this is the queue in arrival order, and taking a message of one type from the middle is
   * one delete.
   */
  msgs: Record<number, Message>;
  nextSeq: number;
  count: number;
  creator: number;
  created: number;
}

/**
 * A counting semaphore. `holders` is what the deadlock detector reads: a process holds a
 * semaphore from a successful wait until it posts it (once per wait), so a semaphore used
 * as a lock or a fork has one holder, while one used to signal (posted by another process)
 * keeps its waiter as the holder, which never makes an edge to anyone else.
 */
export interface Semaphore {
  id: number;
  key: number;
  value: number;
  /** The value semget gave it: 1 makes it a lock (a binary semaphore), where holding means something. */
  initial: number;
  /** pid -> waits not yet matched by a post from that pid. */
  holders: Record<number, number>;
  creator: number;
  created: number;
}

/** A shared-memory segment: `size` slots of text that every process that opens it shares. */
export interface ShmSegment {
  id: number;
  key: number;
  size: number;
  /** Slot -> value; every slot from 0 to size - 1 is present, '' until written. */
  slots: Record<number, string>;
  /** The last process to write each slot, for the view. */
  writers: Record<number, number>;
  creator: number;
  created: number;
}

/** What became of a signal: the action the kernel took when it arrived (or was released). */
export type SignalOutcome =
  /** Ignored by the process's disposition, or by default (SIGCHLD, SIGWINCH), or sent to init. */
  | 'ignored'
  | 'terminated'
  | 'stopped'
  | 'continued'
  /** A handler runs when the process next returns to user mode. */
  | 'caught'
  /** Blocked by the process's mask: held pending until it is unblocked. */
  | 'pending';

export interface SignalRecord {
  tick: number;
  sig: number;
  /** The sending pid, or null for the kernel itself (the terminal, a broken pipe, the UI). */
  from: number | null;
  to: number;
  outcome: SignalOutcome;
  /** True when this is a signal that was held pending, now released by an unblock. */
  released: boolean;
}

export interface IpcState {
  config: IpcConfig;
  pipes: Record<number, Pipe>;
  nextPipe: number;
  queues: Record<number, MsgQueue>;
  sems: Record<number, Semaphore>;
  segments: Record<number, ShmSegment>;
  /** Queues, semaphores and segments share one id space, as ipcs(1) lists them. */
  nextId: number;
  /**
   * Cycles in the semaphore wait-for graph found at the last change to it, each a list of
   * pids (smallest first) in which each waits for a semaphore the next one holds.
   */
  deadlocks: number[][];
  /** Every signal sent, and what the kernel did with it, oldest first. */
  signalLog: RingLog<SignalRecord>;
}

