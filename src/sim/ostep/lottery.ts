import { type LotteryState, lottery } from '../sched/lottery.ts';
import type { SchedContext } from '../sched/policy.ts';
import { textSequence } from './answer.ts';

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
 * Every job's state before one decision, read as entries (lazily, answer.ts) or written
 * straight out as the text the decision writer (decisionJson) keeps up to date.
 */
interface JobList extends Iterable<JobState> {
  text: string;
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
const jobJson = (j: JobState): string => `{"job":${j.job},"timeLeft":${j.timeLeft},"tickets":${j.tickets}}`;

function jobList(left: readonly number[], tickets: readonly number[], text: string): JobList {
  return {
    text,
    *[Symbol.iterator]() {
      for (let i = 0; i < left.length; i++) yield jobState(i, left[i], tickets[i]);
    },
  };
}

/** A decision as JSON.stringify writes it (an error, if the run stops, goes to JSON.stringify). */
function decisionJson(d: Decision | { error: string }): string {
  if ('error' in d) return JSON.stringify(d);
  const jobs = d.jobs === null ? 'null' : `[${d.jobs.text}]`;
  const done = d.completed ? `,"completed":{"job":${d.completed.job},"time":${d.completed.time}}` : '';
  return `{"random":${d.random},"winningTicket":${d.winningTicket},"totalTickets":${d.totalTickets},"job":${d.job},"jobs":${jobs}${done}}`;
}

/**
 * The decisions one by one. With `withJobs` each carries every job's state before it (the
 * long part of the answer); without, only the outcome, for the check that the run ends.
 * A problem that cannot finish yields an `{ error }` and stops.
 */
function* decisionsOf(p: LotteryInput, withJobs: boolean): Generator<Decision | { error: string }> {
  const n = p.jobs.length;
  const left = p.jobs.map((j) => j.length);
  const tickets = p.jobs.map((j) => j.tickets);
  // Each job's entry as text: only the winner's changes at a decision, so the job list
  // costs one join, not one formatting per job.
  const entries = withJobs ? left.map((l, i) => jobJson(jobState(i, l, tickets[i]))) : [];
  let nextRandom = 0;
  let drawn: { random: number; total: number } | null = null;
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
      drawn = { random, total };
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
    const jobs = withJobs ? jobList(left.slice(), tickets, entries.join(',')) : null;
    drawn = null;
    const d = lottery.pick(s, 0, ctx);
    const draw = drawn as { random: number; total: number } | null;
    if (!d || !draw) {
      yield { error: `no tickets among the ${n - done} unfinished jobs: nothing can win` };
      return;
    }
    const i = d.pid - 1;
    const ran = Math.min(p.quantum, left[i]);
    lottery.charge(s, d.pid, ran, ctx);
    left[i] -= ran;
    if (withJobs) entries[i] = jobJson(jobState(i, left[i], tickets[i]));
    clock += p.quantum;
    const decision: Decision = { random: draw.random, winningTicket: draw.random % draw.total, totalTickets: draw.total, job: i, jobs };
    if (left[i] === 0) {
      done++;
      lottery.onExit?.(s, d.pid, ctx);
      decision.completed = { job: i, time: clock };
    } else lottery.enqueue(s, d.pid, 'preempt', ctx);
    yield decision;
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
  return { decisions: textSequence(decisionsOf(p, true), decisionJson) };
}
