/**
 * A lottery's ticket pool: each pid owns a slot, in the order it first joined, holding its
 * ticket count (0 while it is not ready). A Fenwick tree over the slots, kept in plain
 * arrays, answers "whose ticket is number w?" - the first slot, in join order, whose
 * running ticket sum exceeds w, which is OSTEP's rule - in O(log n), and changes a count
 * in O(log n). A slot is kept while its pid blocks, so the pid keeps its place in line;
 * slots of exited pids are reclaimed by compacting when the arrays fill up.
 */
export interface TicketPool {
  /** Fenwick tree, 1-based: fen[i] sums the counts of slots (i - lowbit(i), i]. */
  fen: number[];
  /** Count per slot (index 0 unused). */
  count: number[];
  /** Pid per slot, or 0 for a reclaimed slot. */
  pidAt: number[];
  slotOf: Record<number, number>;
  /** Slots handed out so far; the arrays hold `cap` slots. */
  used: number;
  cap: number;
  total: number;
}

export function createTicketPool(cap = 16): TicketPool {
  return {
    fen: Array(cap + 1).fill(0),
    count: Array(cap + 1).fill(0),
    pidAt: Array(cap + 1).fill(0),
    slotOf: {},
    used: 0,
    cap,
    total: 0,
  };
}

function addAt(p: TicketPool, slot: number, delta: number): void {
  for (let i = slot; i <= p.cap; i += i & -i) p.fen[i] += delta;
  p.count[slot] += delta;
  p.total += delta;
}

/** Rebuilds the arrays with the live pids in their order, and room for as many again. */
function compact(p: TicketPool): void {
  const live: Array<[number, number]> = [];
  for (let slot = 1; slot <= p.used; slot++) if (p.pidAt[slot] !== 0) live.push([p.pidAt[slot], p.count[slot]]);
  const fresh = createTicketPool(Math.max(16, live.length * 2));
  for (const [pid, n] of live) setTickets(fresh, pid, n);
  Object.assign(p, fresh);
}

/** Sets `pid`'s count, giving it a slot at the end of the line if it has none. */
export function setTickets(p: TicketPool, pid: number, n: number): void {
  let slot = p.slotOf[pid];
  if (slot === undefined) {
    if (p.used === p.cap) compact(p);
    slot = ++p.used;
    p.slotOf[pid] = slot;
    p.pidAt[slot] = pid;
  }
  if (n !== p.count[slot]) addAt(p, slot, n - p.count[slot]);
}

export function ticketsOf(p: TicketPool, pid: number): number {
  const slot = p.slotOf[pid];
  return slot === undefined ? 0 : p.count[slot];
}

/** Gives up `pid`'s slot (it exited). */
export function releaseSlot(p: TicketPool, pid: number): void {
  const slot = p.slotOf[pid];
  if (slot === undefined) return;
  addAt(p, slot, -p.count[slot]);
  p.pidAt[slot] = 0;
  delete p.slotOf[pid];
}

/** Sum of the counts of the slots before `pid`'s. */
export function ticketsBefore(p: TicketPool, pid: number): number {
  let sum = 0;
  for (let i = p.slotOf[pid] - 1; i > 0; i -= i & -i) sum += p.fen[i];
  return sum;
}

/** The pid holding ticket number `w` (0 <= w < total), or null if w is out of range. */
export function holderOf(p: TicketPool, w: number): number | null {
  if (w < 0 || w >= p.total) return null;
  let pos = 0;
  let rest = w;
  let step = 1;
  while (step * 2 <= p.cap) step *= 2;
  for (; step > 0; step >>= 1) {
    const next = pos + step;
    if (next <= p.cap && p.fen[next] <= rest) {
      pos = next;
      rest -= p.fen[next];
    }
  }
  return p.pidAt[pos + 1] || null;
}

/** Pids with a slot, in line order, with their counts. */
export function poolEntries(p: TicketPool): Array<{ pid: number; tickets: number }> {
  const out: Array<{ pid: number; tickets: number }> = [];
  for (let slot = 1; slot <= p.used; slot++) if (p.pidAt[slot] !== 0) out.push({ pid: p.pidAt[slot], tickets: p.count[slot] });
  return out;
}
