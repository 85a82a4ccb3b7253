import type { ShmSegment } from './types.ts';

/** A shared-memory segment as pure operations: slots of text, read and written by index. */

export function createSegment(id: number, key: number, size: number, creator: number, tick: number): ShmSegment {
  const slots: Record<number, string> = {};
  for (let i = 0; i < size; i++) slots[i] = '';
  return { id, key, size, slots, writers: {}, creator, created: tick };
}

export function slotInRange(seg: ShmSegment, slot: number): boolean {
  return Number.isInteger(slot) && slot >= 0 && slot < seg.size;
}

export function segmentValues(seg: ShmSegment): string[] {
  const out: string[] = [];
  for (let i = 0; i < seg.size; i++) out.push(seg.slots[i]);
  return out;
}
