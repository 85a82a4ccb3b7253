import type { IpcStatus, PipeView, QueueView, SegmentView, SemaphoreView } from '../abi/ipc.ts';
import { signalName } from '../abi/signals.ts';
import { logItems } from '../base/ringlog.ts';
import { mqRecvChannel, mqSendChannel, pipeReadChannel, pipeWriteChannel, semChannel, sleepersOn } from '../ipc/channels.ts';
import { findCycles, semWaitEdges, type WaitEdge } from '../ipc/deadlock.ts';
import { queuedMessages } from '../ipc/msgqueue.ts';
import { ringSlots } from '../ipc/pipe.ts';
import { segmentValues } from '../ipc/shm.ts';
import { signalsIn } from '../ipc/signals.ts';
import type { SignalOutcome } from '../ipc/types.ts';
import type { KernelState } from './state.ts';

/**
 * Pure selectors that turn kernel state into what the IPC views draw. Every value returned
 * is a fresh plain object (never a piece of the state), so it is safe to keep, send, or
 * hand to a program (the ipcs syscall returns ipcStatus).
 */

export function pipeViews(s: KernelState): PipeView[] {
  const holders = pipeHolders(s);
  const out: PipeView[] = [];
  for (const key in s.ipc.pipes) {
    const pipe = s.ipc.pipes[key];
    const held = holders.get(pipe.id);
    out.push({
      id: pipe.id,
      capacity: pipe.capacity,
      used: pipe.data.length,
      fill: pipe.data.length / pipe.capacity,
      data: pipe.data,
      ring: ringSlots(pipe),
      head: pipe.readTotal % pipe.capacity,
      tail: pipe.writeTotal % pipe.capacity,
      bytesRead: pipe.readTotal,
      bytesWritten: pipe.writeTotal,
      readers: held ? [...held.readers].sort((a, b) => a - b) : [],
      writers: held ? [...held.writers].sort((a, b) => a - b) : [],
      blockedReaders: sleepersOn(s.waiters, pipeReadChannel(pipe.id)),
      blockedWriters: sleepersOn(s.waiters, pipeWriteChannel(pipe.id)).map((pid) => ({ pid, left: bytesLeft(s, pid) })),
      readOpen: pipe.readers > 0,
      writeOpen: pipe.writers > 0,
    });
  }
  return out;
}

/** Which pids hold each pipe's ends, read from the fd tables (the one place that says so). */
function pipeHolders(s: KernelState): Map<number, { readers: Set<number>; writers: Set<number> }> {
  const out = new Map<number, { readers: Set<number>; writers: Set<number> }>();
  for (const key in s.procs) {
    const p = s.procs[key];
    for (const fd in p.fds) {
      const f = s.files.table[p.fds[fd]];
      if (!f || (f.kind !== 'pipe-read' && f.kind !== 'pipe-write')) continue;
      let h = out.get(f.ref);
      if (!h) out.set(f.ref, (h = { readers: new Set(), writers: new Set() }));
      (f.kind === 'pipe-read' ? h.readers : h.writers).add(p.pid);
    }
  }
  return out;
}

function bytesLeft(s: KernelState, pid: number): number {
  const call = s.procs[pid]?.syscall;
  return call?.op === 'write' ? call.data.length - (call.sent ?? 0) : 0;
}

export interface SignalEvent {
  tick: number;
  sig: number;
  /** "SIGINT". */
  name: string;
  /** The sending pid, or null for the kernel (the terminal, a broken pipe, the UI). */
  from: number | null;
  to: number;
  outcome: SignalOutcome;
  /** A signal that was held pending and has now been unblocked. */
  released: boolean;
}

/** The signal log, oldest first. */
export function signalEvents(s: KernelState): SignalEvent[] {
  return logItems(s.ipc.signalLog).map((r) => ({ ...r, name: signalName(r.sig) }));
}

export interface ProcessSignals {
  pid: number;
  name: string;
  /** Signal names in each set, lowest number first. */
  pending: string[];
  blocked: string[];
  caught: string[];
  ignored: string[];
  /** The signals whose handlers are running, outermost first (nested when one interrupts another). */
  handling: string[];
}

/** Each live process's signal masks and dispositions, in pid order. */
export function processSignals(s: KernelState): ProcessSignals[] {
  const out: ProcessSignals[] = [];
  for (const key in s.procs) {
    const p = s.procs[key];
    if (p.state === 'zombie') continue;
    const caught: string[] = [];
    const ignored: string[] = [];
    for (const sig in p.sig.actions) (p.sig.actions[sig] === 'catch' ? caught : ignored).push(signalName(Number(sig)));
    out.push({
      pid: p.pid,
      name: p.name,
      pending: signalsIn(p.sig.pending).map(signalName),
      blocked: signalsIn(p.sig.blocked).map(signalName),
      caught,
      ignored,
      handling: p.sig.frames.map((f) => signalName(f.sig)),
    });
  }
  return out;
}

export function queueViews(s: KernelState): QueueView[] {
  const out: QueueView[] = [];
  for (const key in s.ipc.queues) {
    const q = s.ipc.queues[key];
    out.push({
      id: q.id,
      key: q.key,
      capacity: q.capacity,
      count: q.count,
      messages: queuedMessages(q).map((m) => ({ ...m })),
      blockedSenders: sleepersOn(s.waiters, mqSendChannel(q.id)),
      blockedReceivers: sleepersOn(s.waiters, mqRecvChannel(q.id)).map((pid) => ({ pid, type: wantedType(s, pid) })),
    });
  }
  return out;
}

function wantedType(s: KernelState, pid: number): number {
  const call = s.procs[pid]?.syscall;
  return call?.op === 'msgrcv' ? (call.type ?? 0) : 0;
}

export function semaphoreViews(s: KernelState): SemaphoreView[] {
  const out: SemaphoreView[] = [];
  for (const key in s.ipc.sems) {
    const sem = s.ipc.sems[key];
    out.push({
      id: sem.id,
      key: sem.key,
      value: sem.value,
      initial: sem.initial,
      holders: Object.keys(sem.holders).map((pid) => ({ pid: Number(pid), count: sem.holders[Number(pid)] })),
      waiters: sleepersOn(s.waiters, semChannel(sem.id)),
    });
  }
  return out;
}

export function segmentViews(s: KernelState): SegmentView[] {
  const out: SegmentView[] = [];
  for (const key in s.ipc.segments) {
    const seg = s.ipc.segments[key];
    const lastWriters: Array<number | null> = [];
    for (let i = 0; i < seg.size; i++) lastWriters.push(seg.writers[i] ?? null);
    out.push({ id: seg.id, key: seg.key, size: seg.size, slots: segmentValues(seg), lastWriters });
  }
  return out;
}

export interface DeadlockView {
  /** Every edge of the semaphore wait-for graph. */
  edges: WaitEdge[];
  /** Each cycle with the edges that make it, in order round the cycle. */
  cycles: Array<{ pids: number[]; edges: WaitEdge[] }>;
}

/** The wait-for graph and its cycles, computed from the state now (the same answer as ipc.deadlocks). */
export function deadlockView(s: KernelState): DeadlockView {
  const edges = semWaitEdges(s.ipc.sems, s.waiters);
  const cycles = findCycles(edges).map((pids) => ({
    pids,
    edges: pids.map((from, i) => {
      const to = pids[(i + 1) % pids.length];
      return { ...edges.find((e) => e.from === from && e.to === to)! };
    }),
  }));
  return { edges: edges.map((e) => ({ ...e })), cycles };
}

export function ipcStatus(s: KernelState): IpcStatus {
  return {
    pipes: pipeViews(s),
    queues: queueViews(s),
    sems: semaphoreViews(s),
    segments: segmentViews(s),
    deadlocks: s.ipc.deadlocks.map((c) => [...c]),
  };
}
