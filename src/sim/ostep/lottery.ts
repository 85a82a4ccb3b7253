import { type LotteryState, lottery } from '../sched/lottery.ts';
import type { SchedContext } from '../sched/policy.ts';
import { writtenSequence } from './answer.ts';
import type { JsonWriter } from './json-writer.ts';

/**
 * OSTEP cpu-sched-lottery/lottery.py. Each decision is made by our lottery policy (the
 * kernel's), fed the random numbers OSTEP drew: the draw is `random % total`, and the
 * winner is the first job in order whose running ticket sum exceeds it, as the policy's
 * ticket pool answers. lottery.py's clock always advances by a whole quantum, even when
 * the winner needs less; that is its bookkeeping, kept here and not in the policy.
 */
interface LotteryInput {
  quantum: number;
  jobs: Array<{ length: number; tickets: number }>;
  randoms: number[];
}

const isCount = (v: unknown, min = 0): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;

function parse(input: unknown): LotteryInput | { error: string } {
  if (!input || typeof input !== 'object') return { error: 'input: expected an object' };
  const o = input as Record<string, unknown>;
  if (!isCount(o.quantum, 1)) return { error: 'quantum: expected an integer >= 1' };
  if (!Array.isArray(o.jobs)) return { error: 'jobs: expected an array' };
  for (const [i, j] of o.jobs.entries()) {
    const r = j as Record<string, unknown>;
    if (!r || !isCount(r.length) || !isCount(r.tickets)) return { error: `jobs[${i}]: expected {length, tickets} (integers >= 0)` };
  }
  if (!Array.isArray(o.randoms) || !o.randoms.every((x) => isCount(x))) return { error: 'randoms: expected integers >= 0' };
  return o as unknown as LotteryInput;
}

interface JobState {
  job: number;
  timeLeft: number;
  tickets: number | null;
}

/**
 * Every job's state before one decision, read as entries (lazily, answer.ts) from the live
 * state, or written straight out from the text kept up to date beside it (jobListText).
 */
interface JobList extends Iterable<JobState> {
  text: JobListText;
}

interface Decision {
  random: number;
  winningTicket: number;
  totalTickets: number;
  job: number;
  jobs: JobList | null;
  completed?: { job: number; time: number };
}

/** lottery.py shows no tickets for a job with no time left (finished, or zero-length). */
const jobState = (job: number, timeLeft: number, tickets: number): JobState => ({ job, timeLeft, tickets: timeLeft === 0 ? null : tickets });
const jobJson = (job: number, timeLeft: number, tickets: number): string =>
  `{"job":${job},"timeLeft":${timeLeft},"tickets":${timeLeft === 0 ? null : tickets}}`;

/**
 * The job list's JSON text (without its brackets) as bytes, kept up to date as jobs run:
 * a decision changes only its winner's entry, which is rewritten in place, the entries
 * after it moved along when its length changes. Every decision writes the whole list, so
 * the list is formatted once and copied from then on, not formatted at each decision.
 */
interface JobListText {
  bytes: Uint8Array;
  /** Where each job's entry starts; entry i ends (before its comma) at start[i + 1] - 1. */
  start: Int32Array;
  length: number;
}

function jobListText(left: readonly number[], tickets: readonly number[]): JobListText {
  const text = left.map((l, i) => jobJson(i, l, tickets[i])).join(',');
  const t: JobListText = { bytes: new Uint8Array(Math.max(64, 2 * text.length)), start: new Int32Array(left.length + 1), length: text.length };
  for (let i = 0; i < text.length; i++) t.bytes[i] = text.charCodeAt(i); // ASCII: numbers and fixed words
  for (let i = 0, at = 0; i < left.length; i++) {
    t.start[i] = at;
    at += jobJson(i, left[i], tickets[i]).length + 1;
    t.start[i + 1] = at;
  }
  return t;
}

/** Rewrites job i's entry. */
function setJobText(t: JobListText, i: number, timeLeft: number, tickets: number): void {
  const s = jobJson(i, timeLeft, tickets);
  const from = t.start[i];
  const delta = s.length - (t.start[i + 1] - 1 - from);
  if (delta !== 0) {
    if (t.length + delta > t.bytes.length) {
      const bigger = new Uint8Array(2 * (t.length + delta));
      bigger.set(t.bytes.subarray(0, t.length));
      t.bytes = bigger;
    }
    t.bytes.copyWithin(t.start[i + 1] - 1 + delta, t.start[i + 1] - 1, t.length);
    for (let k = i + 1; k < t.start.length; k++) t.start[k] += delta;
    t.length += delta;
  }
  for (let k = 0; k < s.length; k++) t.bytes[from + k] = s.charCodeAt(k);
}

/** A decision as JSON.stringify writes it (an error, if the run stops, goes to JSON.stringify). */
function writeDecision(w: JsonWriter, d: Decision | { error: string }): void {
  if ('error' in d) {
    w.json(d);
    return;
  }
  w.raw('{"random":');
  w.num(d.random);
  w.raw(',"winningTicket":');
  w.num(d.winningTicket);
  w.raw(',"totalTickets":');
  w.num(d.totalTickets);
  w.raw(',"job":');
  w.num(d.job);
  if (d.jobs === null) w.raw(',"jobs":null');
  else {
    w.raw(',"jobs":[');
    w.bytes(d.jobs.text.bytes.subarray(0, d.jobs.text.length));
    w.byte(93);
  }
  if (d.completed) {
    w.raw(',"completed":{"job":');
    w.num(d.completed.job);
    w.raw(',"time":');
    w.num(d.completed.time);
    w.byte(125);
  }
  w.byte(125);
}

/**
 * The decisions one by one. With `withJobs` each carries every job's state before it (the
 * long part of the answer), read from the live state: the decision's outcome is applied
 * only when the next one is asked for, after the reader is done with this one (answer.ts).
 * Without, only the outcome, for the check that the run ends. A problem that cannot finish
 * yields an `{ error }` and stops.
 */
function* decisionsOf(p: LotteryInput, withJobs: boolean): Generator<Decision | { error: string }> {
  const n = p.jobs.length;
  const left = p.jobs.map((j) => j.length);
  const tickets = p.jobs.map((j) => j.tickets);
  const jobs: JobList | null = withJobs
    ? {
        text: jobListText(left, tickets),
        *[Symbol.iterator]() {
          for (let i = 0; i < n; i++) yield jobState(i, left[i], tickets[i]);
        },
      }
    : null;
  let nextRandom = 0;
  /** The last draw's random number and ticket total (random -1: no draw since the pick began). */
  let drawnRandom = -1;
  let drawnTotal = 0;
  const ctx: SchedContext = {
    now: 0,
    rng: { a: 0, b: 0, c: 0, d: 0 },
    info: (pid) => ({
      pid,
      arrival: 0,
      nice: 0,
      tickets: p.jobs[pid - 1].tickets,
      priority: 0,
      expected: p.jobs[pid - 1].length,
      cpuTicks: p.jobs[pid - 1].length - left[pid - 1],
      affinity: null,
      currency: null,
    }),
    draw: (total) => {
      const random = p.randoms[nextRandom++];
      drawnRandom = random;
      drawnTotal = total;
      return random % total;
    },
    note: () => {},
    explain: true,
    decision: null,
  };
  const s: LotteryState = lottery.init({ policy: 'lottery', quantum: p.quantum }, 1);
  for (let pid = 1; pid <= n; pid++) lottery.enqueue(s, pid, 'arrive', ctx);
  let clock = 0;
  // lottery.py makes at most one decision per tick of work (zero-length jobs can be left over).
  const budget = p.jobs.reduce((a, j) => a + j.length, 0);
  for (let done = 0, made = 0; done < n && made < budget; made++) {
    if (nextRandom >= p.randoms.length) {
      yield { error: `randoms: ran out after ${nextRandom} draws with ${n - done} jobs unfinished` };
      return;
    }
    drawnRandom = -1;
    const d = lottery.pick(s, 0, ctx);
    if (!d || drawnRandom < 0) {
      yield { error: `no tickets among the ${n - done} unfinished jobs: nothing can win` };
      return;
    }
    const pid = d.pid;
    const i = pid - 1;
    const ran = Math.min(p.quantum, left[i]);
    clock += p.quantum;
    const decision: Decision = { random: drawnRandom, winningTicket: drawnRandom % drawnTotal, totalTickets: drawnTotal, job: i, jobs };
    const finished = left[i] - ran === 0;
    if (finished) decision.completed = { job: i, time: clock };
    yield decision;
    lottery.charge(s, pid, ran, ctx);
    left[i] -= ran;
    if (jobs) setJobText(jobs.text, i, left[i], tickets[i]);
    if (finished) {
      done++;
      lottery.onExit?.(s, pid, ctx);
    } else lottery.enqueue(s, pid, 'preempt', ctx);
  }
}

/**
 * The decisions are lazy (answer.ts): each one's job list is as long as the job list, so
 * the whole answer grows with decisions times jobs. A first pass without the job lists
 * makes sure the run ends, so that an error is still the whole answer.
 */
export function solveLottery(input: unknown): unknown {
  const p = parse(input);
  if ('error' in p) return p;
  for (const d of decisionsOf(p, false)) if ('error' in d) return d;
  return { decisions: writtenSequence(decisionsOf(p, true), writeDecision) };
}
