import { isLock, type SemaphoreView } from '../../sim/abi/ipc.ts';

/** What a semaphore's card says after its value: a lock's holder, a counting semaphore's starting value (see isLock). */
export function semaphoreUse(s: Pick<SemaphoreView, 'initial' | 'holders'>): string {
  if (!isLock(s)) return ` (initially ${s.initial})`;
  const held = s.holders.length ? s.holders.map((h) => `${h.pid}${h.count > 1 ? ` ×${h.count}` : ''}`).join(', ') : 'nobody';
  return ` · held by ${held}`;
}
