/**
 * A bounded, append-only log kept in pages of LOG_PAGE items, keyed by page number. An
 * append touches one page and a trim deletes a whole page once it falls behind `first`, so
 * an immer step copies one short page and a record of `cap / LOG_PAGE` keys, never the whole
 * log. That matters twice over: each step's patch stays O(1), and each kept snapshot of the
 * state shares all but the newest page with the one before (a flat record of 4,000 keys
 * cost some 0.3 MB per snapshot, copied on every frame).
 */
export interface RingLog<T> {
  /** Page p holds the items numbered p*LOG_PAGE to p*LOG_PAGE+LOG_PAGE-1. */
  pages: Record<number, T[]>;
  /** Sequence number of the oldest retained item. */
  first: number;
  /** Sequence number the next item will get. */
  next: number;
  /** How many items are retained at most. */
  cap: number;
}

/** Items per page: small enough to copy on every append, large enough to keep the page record short. */
export const LOG_PAGE = 64;

export function createRingLog<T>(cap: number): RingLog<T> {
  return { pages: sparseRecord(), first: 0, next: 0, cap };
}

/**
 * An empty record, already kept the way V8 keeps a sparse one (as a hash table). Pages are
 * deleted from the front as the log wraps, and after some dozens V8 turns the record from
 * an array-like store into a hash table: every compiled function that appends to a log
 * (the kernel's log is written at every spawn, exit and reap) was then thrown away in the
 * middle of a run and compiled again. Made sparse at once, by an index far beyond any page
 * written and deleted, the record never changes form. It is as empty as `{}`.
 */
function sparseRecord<T>(): Record<number, T> {
  const r: Record<number, T | null> = {};
  r[FAR_INDEX] = null;
  delete r[FAR_INDEX];
  return r as Record<number, T>;
}

const FAR_INDEX = 2 ** 30;

export function appendLog<T>(log: RingLog<T>, item: T): number {
  const seq = log.next;
  const page = Math.floor(seq / LOG_PAGE);
  if (seq % LOG_PAGE === 0) log.pages[page] = [item];
  else log.pages[page].push(item);
  log.next = seq + 1;
  if (log.next - log.first > log.cap) {
    const before = Math.floor(log.first / LOG_PAGE);
    log.first = log.next - log.cap;
    // Items below `first` in its own page stay until the whole page is behind it.
    for (let p = before; p < Math.floor(log.first / LOG_PAGE); p++) delete log.pages[p];
  }
  return seq;
}

/** The item numbered `seq`, or undefined if it is not retained. */
export function logItem<T>(log: RingLog<T>, seq: number): T | undefined {
  if (seq < log.first || seq >= log.next) return undefined;
  return log.pages[Math.floor(seq / LOG_PAGE)][seq % LOG_PAGE];
}

/** Replaces the retained item numbered `seq` (for items that are values, like strings). */
export function setLogItem<T>(log: RingLog<T>, seq: number, item: T): void {
  if (seq < log.first || seq >= log.next) return;
  log.pages[Math.floor(seq / LOG_PAGE)][seq % LOG_PAGE] = item;
}

export function lastLogItem<T>(log: RingLog<T>): T | undefined {
  return logItem(log, log.next - 1);
}

/** The retained items, oldest first. */
export function logItems<T>(log: RingLog<T>): T[] {
  const out: T[] = [];
  for (let i = log.first; i < log.next; i++) out.push(log.pages[Math.floor(i / LOG_PAGE)][i % LOG_PAGE]);
  return out;
}
