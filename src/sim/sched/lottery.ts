import { readOptions } from './options.ts';
import { decide, type ReadyQueue, type SchedConfig, type SchedContext, type SchedPolicy } from './policy.ts';
import {
  createTicketPool,
  holderOf,
  poolEntries,
  releaseSlot,
  setTickets,
  type TicketPool,
  ticketsBefore,
  ticketsOf,
} from './ticketpool.ts';

/**
 * Lottery scheduling (Waldspurger and Weihl; OSTEP cpu-sched-lottery). Each dispatch
 * draws a winning ticket from the tickets of the ready processes; the winner is the first
 * process, in the order processes first joined, whose running ticket sum exceeds it.
 *
 * Ticket currencies: a process may hold its tickets in a named currency (a user's, say).
 * A currency listed in `options.currencies` is worth that many base tickets however many
 * tickets its processes issue, so one user cannot win more by starting more processes.
 * With more than one currency in play the draw has two stages (first a currency, by
 * worth, then a process within it), which gives each process its share of its currency's
 * worth exactly. With one currency it is a single draw, as in OSTEP.
 *
 * Ticket transfer (`transfer: true`): a process that blocks waiting for others - a
 * parent in wait(), like a client waiting for its server - lends them its tickets, split
 * evenly, so the work it waits for runs sooner. The loan ends when the lender is ready to
 * run again; tickets lent to a process that exits are simply gone until then.
 */
export interface LotteryState {
  quantum: number;
  /** Worth in base tickets of each named currency; unlisted ones are worth what they issue. */
  worth: Record<string, number>;
  /** One pool per currency ('' = the base currency), and the order they first appeared. */
  pools: Record<string, TicketPool>;
  currencies: string[];
  /** Every process the policy knows, by pid (one record: one lookup per scheduling call). */
  clients: Record<number, LotteryClient>;
  waiting: number;
  /** Whether waiting processes lend their tickets (options.transfer). */
  transfer: boolean;
}

export interface LotteryClient {
  currency: string;
  /** Its own tickets, as last read. */
  own: number;
  ready: boolean;
  /** Tickets lent to it by processes waiting for it. */
  borrowed: number;
  /** Its own tickets lent out while it waits, or null. */
  lent: Array<{ to: number; tickets: number }> | null;
}

function readLotteryOptions(cfg: SchedConfig) {
  const r = readOptions(cfg);
  return { worth: r.intRecord('currencies', 0, 1_000_000_000), transfer: r.bool('transfer', false), errors: r.errors };
}

function poolFor(s: LotteryState, currency: string): TicketPool {
  let p = s.pools[currency];
  if (!p) {
    p = createTicketPool();
    s.pools[currency] = p;
    s.currencies.push(currency);
  }
  return p;
}

/** Tickets a process holds in the draw now: its own (unless lent out) plus any borrowed. */
function stake(c: LotteryClient): number {
  return (c.lent ? 0 : c.own) + c.borrowed;
}

function refresh(s: LotteryState, pid: number): void {
  const c = s.clients[pid];
  if (c) setTickets(s.pools[c.currency], pid, c.ready ? stake(c) : 0);
}

/** What one currency is worth in base tickets while some of its processes are ready. */
function worthOf(s: LotteryState, c: string): number {
  const p = s.pools[c];
  if (p.total <= 0) return 0;
  return c !== '' && c in s.worth ? s.worth[c] : p.total;
}

const currencyName = (c: string) => (c === '' ? 'base currency' : `currency ${c}`);

/** Draws a winner; null when no ready process holds a ticket. */
function draw(s: LotteryState, ctx: SchedContext): { pid: number; why: string } | null {
  let c = '';
  let active = 0;
  for (const name of s.currencies) {
    if (s.pools[name].total <= 0) continue;
    if (active++ === 0) c = name;
  }
  if (active === 0) return null;
  let stage = '';
  if (active > 1) {
    const active = s.currencies.filter((name) => worthOf(s, name) > 0);
    let total = 0;
    for (const a of active) total += worthOf(s, a);
    const w = ctx.draw(total);
    let acc = 0;
    for (const a of active) {
      acc += worthOf(s, a);
      if (w < acc) {
        c = a;
        break;
      }
    }
    stage = `drew ${w} of ${total} base tickets: ${currencyName(c)} (worth ${worthOf(s, c)}); then `;
  }
  const pool = s.pools[c];
  const w = ctx.draw(pool.total);
  const pid = holderOf(pool, w)!;
  if (!ctx.explain) return { pid, why: '' };
  const from = ticketsBefore(pool, pid);
  const held = ticketsOf(pool, pid);
  const range = held === 1 ? `ticket ${from}` : `tickets ${from}-${from + held - 1}`;
  return { pid, why: `${stage}drew ticket ${w} of ${pool.total}; pid ${pid} holds ${range}` };
}

/** Lends all of `from`'s own tickets, split evenly, to `targets` until `from` is ready again. */
export function lendTickets(s: LotteryState, from: number, targets: readonly number[]): string | null {
  const lender = s.clients[from];
  const to = targets.filter((pid) => pid !== from && s.clients[pid]);
  if (!lender || lender.lent || to.length === 0) return null;
  const total = lender.own;
  const loans = to.map((pid, i) => ({ to: pid, tickets: Math.floor(total / to.length) + (i < total % to.length ? 1 : 0) }));
  lender.lent = loans;
  for (const loan of loans) {
    s.clients[loan.to].borrowed += loan.tickets;
    refresh(s, loan.to);
  }
  refresh(s, from);
  return `pid ${from} lent its ${total} tickets to ${loans.map((l) => `pid ${l.to} (${l.tickets})`).join(', ')} while it waits`;
}

function repay(s: LotteryState, c: LotteryClient): void {
  const loans = c.lent;
  if (!loans) return;
  c.lent = null;
  for (const loan of loans) {
    const borrower = s.clients[loan.to];
    if (!borrower) continue; // it has exited
    borrower.borrowed = Math.max(0, borrower.borrowed - loan.tickets);
    refresh(s, loan.to);
  }
}

function unready(s: LotteryState, pid: number): void {
  const c = s.clients[pid];
  if (!c?.ready) return;
  c.ready = false;
  s.waiting--;
  refresh(s, pid);
}

export const lottery: SchedPolicy<LotteryState> = {
  name: 'lottery',
  label: 'Lottery (proportional share)',
  tieBreak: () => 'none needed: the winning ticket decides; tickets are numbered in the order processes first joined',
  check: (cfg) => readLotteryOptions(cfg).errors,
  init: (cfg) => ({
    quantum: Math.max(1, Math.floor(cfg.quantum)),
    worth: readLotteryOptions(cfg).worth,
    pools: {},
    currencies: [],
    clients: {},
    waiting: 0,
    transfer: readLotteryOptions(cfg).transfer,
  }),
  enqueue: (s, pid, _why, ctx) => {
    const info = ctx.info(pid);
    const currency = info.currency ?? '';
    let c = s.clients[pid];
    if (!c) c = s.clients[pid] = { currency, own: 0, ready: false, borrowed: 0, lent: null };
    else if (c.currency !== currency) {
      releaseSlot(s.pools[c.currency], pid);
      c.currency = currency;
    }
    poolFor(s, currency);
    c.own = Math.max(0, Math.floor(info.tickets));
    repay(s, c);
    if (!c.ready) {
      c.ready = true;
      s.waiting++;
    }
    refresh(s, pid);
  },
  remove: (s, pid) => unready(s, pid),
  pick: (s, _cpu, ctx) => {
    if (s.waiting === 0) return null;
    let won = draw(s, ctx);
    if (!won) {
      // Nobody ready holds a ticket: run the lowest ready pid rather than leave the CPU idle.
      let first = Number.POSITIVE_INFINITY;
      for (const key in s.clients) if (s.clients[key].ready) first = Math.min(first, Number(key));
      won = { pid: first, why: 'no ready process holds a ticket; took the lowest pid' };
    }
    unready(s, won.pid);
    return decide(ctx, won.pid, s.quantum, ctx.explain ? `chose pid ${won.pid}: ${won.why}; quantum ${s.quantum}` : '');
  },
  charge: () => {},
  sliceEnd: (s) => `quantum of ${s.quantum} used up; next draw`,
  onExit: (s, pid) => {
    const c = s.clients[pid];
    if (!c) return;
    unready(s, pid);
    repay(s, c);
    releaseSlot(s.pools[c.currency], pid);
    delete s.clients[pid];
  },
  lend: (s, from, targets) => (s.transfer ? lendTickets(s, from, targets) : null),
  readyCount: (s) => s.waiting,
  readyQueues: (s) => {
    const out: ReadyQueue[] = [];
    for (const c of s.currencies) {
      const entries = poolEntries(s.pools[c]).filter((e) => s.clients[e.pid]?.ready);
      if (entries.length === 0 && c !== '') continue;
      const notes: Record<number, string> = {};
      for (const e of entries) {
        const borrowed = s.clients[e.pid].borrowed;
        notes[e.pid] = `${e.tickets} tickets${borrowed ? ` (${borrowed} borrowed)` : ''}`;
      }
      const name = s.currencies.length > 1 ? `${currencyName(c)} (worth ${worthOf(s, c)})` : 'ready (tickets)';
      out.push({ name, pids: entries.map((e) => e.pid), notes });
    }
    return out;
  },
};
