import { appendLog, logItem } from '../base/ringlog.ts';
import type { Cpu, KernelState, Proc } from './state.ts';

/**
 * The Gantt trace: what each CPU ran, when, and why, and what each process waited for.
 * A CPU's current bar is `cpu.traceSeq`; it grows while its process runs and is closed
 * with the reason it stopped. A traceCap of 0 turns the trace off (headless runs that only
 * want the metrics). Nothing here changes what the kernel does, only what it records.
 */

/** Extends the CPU's current bar to `end`, opening one on the first tick run. */
export function extendSlice(s: KernelState, pid: number, cpu: Cpu, end: number): void {
  if (s.trace.cap === 0) return;
  const bar = cpu.traceSeq === null ? undefined : logItem(s.trace, cpu.traceSeq);
  if (bar) {
    bar.end = end;
    return;
  }
  cpu.traceSeq = appendLog(s.trace, { pid, name: s.procs[pid].name, cpu: cpu.id, start: s.tick, end, why: cpu.why });
}

/**
 * The same process picked again the moment its slice ended (nothing else was ready): it
 * simply kept the CPU, so its Gantt bar continues rather than a new one starting.
 */
export function continueSlice(s: KernelState, cpu: Cpu, pid: number): void {
  const seq = cpu.lastSeq;
  const sl = seq === null ? undefined : logItem(s.trace, seq);
  if (!sl || sl.pid !== pid || sl.end !== s.tick || sl.kind) return;
  delete sl.until;
  cpu.traceSeq = seq;
}

/** The CPU's bar ends: say why, and keep it as the one a re-picked process may continue. */
export function closeSlice(s: KernelState, cpu: Cpu, until: string): void {
  const bar = cpu.traceSeq === null ? undefined : logItem(s.trace, cpu.traceSeq);
  if (bar) bar.until = until;
  // A process that ran no tick (picked and blocked again in zero time) leaves no bar: the
  // previous bar stays the one a re-picked process may continue.
  if (cpu.traceSeq !== null) cpu.lastSeq = cpu.traceSeq;
  cpu.traceSeq = null;
}

/** A context switch to `pid` begins on the CPU: a 'switch' bar, charged to nobody. */
export function recordSwitch(s: KernelState, cpu: Cpu, from: number, pid: number, cost: number): void {
  if (s.trace.cap === 0) return;
  const why = `context switch from pid ${from} to pid ${pid} (${cost} tick${cost === 1 ? '' : 's'})`;
  cpu.traceSeq = appendLog(s.trace, { pid, name: s.procs[pid].name, cpu: cpu.id, start: s.tick, end: s.tick, why, kind: 'switch' });
}

/** Time spent switching grows the 'switch' bar; once the switch is done the process's own bar starts next. */
export function extendSwitch(s: KernelState, cpu: Cpu, ticks: number): void {
  const bar = cpu.traceSeq === null ? undefined : logItem(s.trace, cpu.traceSeq);
  if (bar) bar.end = s.tick + ticks;
  if (cpu.switchLeft === 0) cpu.traceSeq = null;
}

/**
 * A wait on a channel (a read of the terminal or a pipe, a wait for a child, a sleep) has
 * ended: it goes on the process's Gantt row. A wait that starts again the moment the last
 * one ended, on the same channel (a shell reading key after key), extends it.
 */
export function recordWait(s: KernelState, p: Proc, chan: string): void {
  // init waits for orphans all its life; its lane would only say so.
  if (s.trace.cap === 0 || s.tick <= p.acct.since || p.pid === 1) return;
  const why = `waiting: ${chan}`;
  const prev = p.waitSeq === null ? undefined : logItem(s.trace, p.waitSeq);
  if (prev && prev.pid === p.pid && prev.kind === 'wait' && prev.end === p.acct.since && prev.why === why) {
    prev.end = s.tick;
    return;
  }
  p.waitSeq = appendLog(s.trace, { pid: p.pid, name: p.name, cpu: -1, start: p.acct.since, end: s.tick, why, kind: 'wait' });
}

/** Puts an I/O on the Gantt trace, in the device's lane (cpu -1), when it starts. */
export function recordIo(s: KernelState, p: Proc, ticks: number): void {
  if (s.trace.cap === 0) return;
  const why = `I/O for ${ticks} tick${ticks === 1 ? '' : 's'}`;
  appendLog(s.trace, { pid: p.pid, name: p.name, cpu: -1, start: s.tick, end: s.tick + ticks, why, kind: 'io' });
}
