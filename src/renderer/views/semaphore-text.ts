import type { SemaphoreView } from '../../sim/abi/ipc.ts';

/**
 * What a semaphore's card says after its value. A lock (created with 1) is held by the
 * process that took it and has not posted it back. A counting semaphore's units are taken
 * by one process and posted by another (OSTEP 31.4), so no one holds it: its value is told
 * against the value it started with.
 */
export function semaphoreUse(s: Pick<SemaphoreView, 'initial' | 'holders'>): string {
  if (s.initial !== 1) return ` (initially ${s.initial})`;
  const held = s.holders.length ? s.holders.map((h) => `${h.pid}${h.count > 1 ? ` ×${h.count}` : ''}`).join(', ') : 'nobody';
  return ` · held by ${held}`;
}
