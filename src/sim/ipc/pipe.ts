import type { Pipe } from './types.ts';

/**
 * A pipe's ring buffer, as pure operations on its data. Whether a reader or a writer must
 * wait, and who is woken, is the kernel's business (kernel/pipe-syscalls.ts); this file only
 * moves bytes and keeps the counters the view draws the ring from.
 */

export function createPipe(id: number, capacity: number, creator: number, tick: number): Pipe {
  return { id, capacity, data: '', readTotal: 0, writeTotal: 0, readers: 1, writers: 1, creator, created: tick };
}

/** Free bytes. */
export function pipeSpace(pipe: Pipe): number {
  return pipe.capacity - pipe.data.length;
}

/** Appends as much of `bytes` as fits; returns how many went in. */
export function pipePut(pipe: Pipe, bytes: string): number {
  const n = Math.min(bytes.length, pipeSpace(pipe));
  if (n <= 0) return 0;
  pipe.data += bytes.slice(0, n);
  pipe.writeTotal += n;
  return n;
}

/** Removes and returns up to `count` bytes, oldest first ('' when empty). */
export function pipeTake(pipe: Pipe, count: number): string {
  const out = pipe.data.slice(0, Math.max(0, count));
  if (out.length === 0) return '';
  pipe.data = pipe.data.slice(out.length);
  pipe.readTotal += out.length;
  return out;
}

/**
 * The ring as a drawing shows it: slot i holds the byte stored there, or null when the slot
 * is free. The unread bytes start at slot `readTotal % capacity` and wrap around.
 */
export function ringSlots(pipe: Pipe): Array<string | null> {
  const slots: Array<string | null> = new Array(pipe.capacity).fill(null);
  const head = pipe.readTotal % pipe.capacity;
  for (let i = 0; i < pipe.data.length; i++) slots[(head + i) % pipe.capacity] = pipe.data[i];
  return slots;
}
