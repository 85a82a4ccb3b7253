import { EAGAIN, EEXIST, EIDRM, EINVAL, ENOENT, ENOMSG, ENOSPC, ERANGE } from '../abi/errno.ts';
import type { GetFlags, SysvSyscall } from '../abi/ipc.ts';
import { mqRecvChannel, mqSendChannel, semChannel, sleepersOn } from '../ipc/channels.ts';
import { findByKey, objectCount } from '../ipc/keys.ts';
import { createQueue, dequeueMessage, enqueueMessage, queueFull } from '../ipc/msgqueue.ts';
import { createSemaphore, semPost, semTryWait } from '../ipc/semaphore.ts';
import { createSegment, slotInRange } from '../ipc/shm.ts';
import type { IpcState } from '../ipc/types.ts';
import { refreshDeadlocks } from './deadlock-watch.ts';
import { ipcStatus } from './ipc-selectors.ts';
import { SUSPEND, type SyscallHandler } from './outcome.ts';
import { block, wake, wakeAll } from './sleep.ts';
import type { KernelState } from './state.ts';
import { isSafeInt } from './syscall-args.ts';

/**
 * System V style IPC: message queues, counting semaphores and shared-memory segments, each
 * created or opened by a numeric key (0 = IPC_PRIVATE: always a new one, known only by the
 * id returned), and kept until ipcrm removes it, as in Unix. Sleepers re-run their syscall
 * when woken; removing an object wakes them with EIDRM.
 */


/**
 * The id of the object under `key`, a new one made by `make(id)`, or an errno: EEXIST
 * (exclusive and present), ENOENT (absent and not to be created), ENOSPC (too many).
 */
function getByKey<T extends { id: number; key: number }>(
  ipc: IpcState,
  table: Record<number, T>,
  key: number,
  flags: GetFlags,
  make: (id: number) => T,
): number {
  if (!isSafeInt(key) || key < 0) return -EINVAL;
  const found = findByKey(table, key);
  if (found) return flags.exclusive ? -EEXIST : found.id;
  if (flags.create === false) return -ENOENT;
  if (objectCount(table) >= ipc.config.maxObjects) return -ENOSPC;
  const id = ipc.nextId++;
  table[id] = make(id);
  return id;
}

/** Wakes every sleeper on `chan` with `result` in place of the syscall they slept in. */
function wakeAllWith(s: KernelState, chan: string, result: number): void {
  for (const pid of sleepersOn(s.waiters, chan)) wake(s, s.procs[pid], result);
}

type Handlers = { [K in SysvSyscall['op']]: SyscallHandler<Extract<SysvSyscall, { op: K }>> };

export const SYSV_SYSCALLS: Handlers = {
  /** A queue's id; a new queue holds `capacity` messages (default config.mqCapacity). */
  msgget: (s, _rt, p, c) => {
    const cap = c.capacity ?? s.ipc.config.mqCapacity;
    if (!isSafeInt(cap) || cap < 1 || cap > 4096) return -EINVAL;
    return getByKey(s.ipc, s.ipc.queues, c.key, c, (id) => createQueue(id, c.key, cap, p.pid, s.tick));
  },
  /** 0 once queued; blocks while the queue is full (-EAGAIN with nowait). */
  msgsnd: (s, _rt, p, c) => {
    const q = s.ipc.queues[c.id];
    if (!q || !isSafeInt(c.type) || c.type <= 0) return -EINVAL;
    if (typeof c.text !== 'string' || c.text.length > s.ipc.config.msgMax) return -EINVAL;
    if (queueFull(q)) {
      if (c.nowait) return -EAGAIN;
      block(s, p, mqSendChannel(q.id), { ...c }, `blocked: queue ${q.id} is full`);
      return SUSPEND;
    }
    enqueueMessage(q, { type: c.type, text: c.text, from: p.pid, sent: s.tick });
    wakeAll(s, mqRecvChannel(q.id));
    return 0;
  },
  /**
   * The first message of the wanted type (0: any; > 0: that type; < 0: the lowest type up to
   * |type|); blocks while there is none (-ENOMSG with nowait).
   */
  msgrcv: (s, _rt, p, c) => {
    const q = s.ipc.queues[c.id];
    const type = c.type ?? 0;
    if (!q || !isSafeInt(type)) return -EINVAL;
    const m = dequeueMessage(q, type);
    if (m) {
      wakeAll(s, mqSendChannel(q.id));
      return m;
    }
    if (c.nowait) return -ENOMSG;
    block(s, p, mqRecvChannel(q.id), { ...c }, `blocked: no message${type ? ` of type ${type}` : ''} in queue ${q.id}`);
    return SUSPEND;
  },
  /** A semaphore's id; a new one starts at `value` (default 0). */
  semget: (s, _rt, p, c) => {
    const value = c.value ?? 0;
    if (!isSafeInt(value) || value < 0 || value > s.ipc.config.semMax) return -EINVAL;
    return getByKey(s.ipc, s.ipc.sems, c.key, c, (id) => createSemaphore(id, c.key, value, p.pid, s.tick));
  },
  /** P: 0 once it has taken one unit; blocks at 0 (-EAGAIN with nowait). */
  semwait: (s, _rt, p, c) => {
    const sem = s.ipc.sems[c.id];
    if (!sem) return -EINVAL;
    if (semTryWait(sem, p.pid)) return 0;
    if (c.nowait) return -EAGAIN;
    block(s, p, semChannel(sem.id), { ...c }, `blocked: semaphore ${sem.id} is 0`);
    refreshDeadlocks(s);
    return SUSPEND;
  },
  /** V: 0, or -ERANGE at the largest value. Its sleepers wake and try again. */
  sempost: (s, _rt, p, c) => {
    const sem = s.ipc.sems[c.id];
    if (!sem) return -EINVAL;
    if (sem.value >= s.ipc.config.semMax) return -ERANGE;
    semPost(sem, p.pid);
    wakeAll(s, semChannel(sem.id));
    refreshDeadlocks(s);
    return 0;
  },
  /** A segment's id; a new one has `size` slots, each ''. Opening asks for no more than it has. */
  shmget: (s, _rt, p, c) => {
    const size = c.size ?? 0;
    if (!isSafeInt(size) || size < 0 || size > s.ipc.config.shmMaxSlots) return -EINVAL;
    const found = isSafeInt(c.key) ? findByKey(s.ipc.segments, c.key) : null;
    if (found && size > found.size) return -EINVAL;
    if (!found && size === 0 && c.create !== false) return -EINVAL;
    return getByKey(s.ipc, s.ipc.segments, c.key, c, (id) => createSegment(id, c.key, size, p.pid, s.tick));
  },
  shmread: (s, _rt, _p, c) => {
    const seg = s.ipc.segments[c.id];
    if (!seg || !slotInRange(seg, c.slot)) return -EINVAL;
    return seg.slots[c.slot];
  },
  shmwrite: (s, _rt, p, c) => {
    const seg = s.ipc.segments[c.id];
    if (!seg || !slotInRange(seg, c.slot)) return -EINVAL;
    if (typeof c.value !== 'string' || c.value.length > s.ipc.config.msgMax) return -EINVAL;
    seg.slots[c.slot] = c.value;
    seg.writers[c.slot] = p.pid;
    return 0;
  },
  /** Removes a queue, semaphore or segment; whoever sleeps on it wakes with -EIDRM. */
  ipcrm: (s, _rt, _p, c) => {
    if (c.kind === 'mq' && s.ipc.queues[c.id]) {
      delete s.ipc.queues[c.id];
      wakeAllWith(s, mqSendChannel(c.id), -EIDRM);
      wakeAllWith(s, mqRecvChannel(c.id), -EIDRM);
      return 0;
    }
    if (c.kind === 'sem' && s.ipc.sems[c.id]) {
      delete s.ipc.sems[c.id];
      wakeAllWith(s, semChannel(c.id), -EIDRM);
      refreshDeadlocks(s);
      return 0;
    }
    if (c.kind === 'shm' && s.ipc.segments[c.id]) {
      delete s.ipc.segments[c.id];
      return 0;
    }
    return -EINVAL;
  },
  /** Every pipe, queue, semaphore and segment with its sleepers, and the deadlocks (what ipcs(1) shows). */
  ipcs: (s) => ipcStatus(s),
};
