import { appendLog } from '../base/ringlog.ts';
import type { KernelState, LogKind } from './state.ts';

/** Writes a line to the kernel's event log (the Processes tab's kernel events), stamped with the tick. */
export function klog(s: KernelState, kind: LogKind, pid: number | null, text: string): void {
  appendLog(s.log, { tick: s.tick, kind, pid, text });
}
