/**
 * Keyed objects (message queues, semaphores, segments) are found by key, as msgget(2) and
 * friends do. Key 0 is IPC_PRIVATE: it never matches, so each use makes a new object.
 */

export const IPC_PRIVATE = 0;

export function findByKey<T extends { key: number }>(table: Record<number, T>, key: number): T | null {
  if (key === IPC_PRIVATE) return null;
  for (const id in table) if (table[id].key === key) return table[id];
  return null;
}

export function objectCount(table: Record<number, unknown>): number {
  let n = 0;
  for (const _ in table) n++;
  return n;
}
