/**
 * A bounded, append-only log kept as a record keyed by sequence number rather than an
 * array: appending adds one key and trimming deletes one, so an immer patch stays O(1)
 * however long the log has grown.
 */
export interface RingLog<T> {
  items: Record<number, T>;
  /** Sequence number of the oldest retained item. */
  first: number;
  /** Sequence number the next item will get. */
  next: number;
  /** How many items are retained at most. */
  cap: number;
}

export function createRingLog<T>(cap: number): RingLog<T> {
  return { items: {}, first: 0, next: 0, cap };
}

export function appendLog<T>(log: RingLog<T>, item: T): number {
  const seq = log.next;
  log.items[seq] = item;
  log.next = seq + 1;
  while (log.next - log.first > log.cap) {
    delete log.items[log.first];
    log.first++;
  }
  return seq;
}

export function lastLogItem<T>(log: RingLog<T>): T | undefined {
  return log.next > log.first ? log.items[log.next - 1] : undefined;
}

/** The retained items, oldest first. */
export function logItems<T>(log: RingLog<T>): T[] {
  const out: T[] = [];
  for (let i = log.first; i < log.next; i++) out.push(log.items[i]);
  return out;
}
