/**
 * The kernel's timer queue: a binary min-heap of future events ordered by (tick, seq), held
 * in a plain array so it is part of KernelState. A push or pop touches O(log n) slots.
 * Events are never removed early; each carries a token that its handler checks, so a
 * cancelled timer (a sleeper that was killed) simply finds nothing to do when it fires.
 */
/** 'fault': the disk finished paging for an access that was already made; it returns `result`. */
export type TimerKind = 'wake' | 'io' | 'spawn' | 'sched' | 'fault';

export interface TimerEvent {
  tick: number;
  /** Tie-break: events due at the same tick fire in the order they were queued. */
  seq: number;
  kind: TimerKind;
  pid: number;
  /** Must still match the process's wait token when the event fires, or it is stale. */
  token: number;
  /** What the sleeping syscall returns when the event ends its sleep (a 'fault' event's load). */
  result?: number;
}

export interface EventQueue {
  heap: TimerEvent[];
  seq: number;
}

export function createEventQueue(): EventQueue {
  return { heap: [], seq: 0 };
}

function before(a: TimerEvent, b: TimerEvent): boolean {
  return a.tick < b.tick || (a.tick === b.tick && a.seq < b.seq);
}

export function pushEvent(q: EventQueue, e: Omit<TimerEvent, 'seq'>): void {
  const h = q.heap;
  const ev: TimerEvent = { ...e, seq: q.seq++ };
  let i = h.length;
  h.push(ev);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(ev, h[parent])) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = ev;
}

export function peekEvent(q: EventQueue): TimerEvent | undefined {
  return q.heap[0];
}

export function popEvent(q: EventQueue): TimerEvent | undefined {
  const h = q.heap;
  if (h.length === 0) return undefined;
  const top = h[0];
  const last = h.pop()!;
  if (h.length > 0) {
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let mv = last;
      if (l < n && before(h[l], mv)) {
        m = l;
        mv = h[l];
      }
      if (r < n && before(h[r], mv)) {
        m = r;
        mv = h[r];
      }
      if (m === i) break;
      h[i] = h[m];
      i = m;
    }
    h[i] = last;
  }
  return top;
}
