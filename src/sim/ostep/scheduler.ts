import { drive } from './textbook-order.ts';
import { fifo } from '../sched/fifo.ts';
import type { SchedPolicy } from '../sched/policy.ts';
import { roundRobin } from '../sched/rr.ts';
import { sjf } from '../sched/sjf.ts';

/**
 * OSTEP cpu-sched/scheduler.py: FIFO, SJF and RR over jobs that all arrive at time 0.
 * The answer comes from running our own FIFO, SJF and round-robin policies (the ones the
 * kernel uses) through the textbook-order driver; job lengths may be fractional there.
 */
export interface SchedulerInput {
  policy: 'FIFO' | 'SJF' | 'RR';
  quantum: number | null;
  jobs: number[];
}

const POLICY: Record<SchedulerInput['policy'], SchedPolicy<never>> = {
  FIFO: fifo as SchedPolicy<never>,
  SJF: sjf as SchedPolicy<never>,
  RR: roundRobin as SchedPolicy<never>,
};

function parse(input: unknown): SchedulerInput | { error: string } {
  if (!input || typeof input !== 'object') return { error: 'input: expected an object' };
  const { policy, quantum, jobs } = input as Record<string, unknown>;
  if (policy !== 'FIFO' && policy !== 'SJF' && policy !== 'RR') return { error: `policy: expected FIFO, SJF or RR, got ${JSON.stringify(policy)}` };
  if (!Array.isArray(jobs) || !jobs.every((j) => typeof j === 'number' && Number.isFinite(j) && j >= 0)) {
    return { error: 'jobs: expected an array of lengths >= 0' };
  }
  if (policy === 'RR' && !(typeof quantum === 'number' && Number.isInteger(quantum) && quantum >= 1)) {
    return { error: `quantum: RR needs an integer >= 1, got ${JSON.stringify(quantum)}` };
  }
  return { policy, quantum: typeof quantum === 'number' ? quantum : null, jobs };
}

export function solveScheduler(input: unknown): unknown {
  const p = parse(input);
  if ('error' in p) return p;
  const run = drive(
    POLICY[p.policy],
    { policy: p.policy.toLowerCase(), quantum: p.quantum ?? 1, options: { tieBreak: 'fifo' } },
    p.jobs.map((len) => ({ arrival: 0, bursts: [{ kind: 'cpu' as const, ticks: len }] })),
    { explain: false }, // scheduler.py prints no reasons
  );
  // Lazy (answer.ts): a trace row is made only as it is written.
  const trace = (function* () {
    for (const sg of run.segments) yield { job: sg.job, start: sg.start, ran: sg.ticks, done: sg.done };
  })();
  // Waiting is the sum of the gaps before each of a job's slices (from 0, then from its last slice).
  const wait = p.jobs.map(() => 0);
  const lastEnd = p.jobs.map(() => 0);
  for (const sg of run.segments) {
    wait[sg.job] += sg.start - lastEnd[sg.job];
    lastEnd[sg.job] = sg.start + sg.ticks;
  }
  const jobs = run.jobs.map((j, i) => ({ job: i, response: j.firstRun ?? 0, turnaround: j.finish ?? 0, wait: wait[i] }));
  const mean = (k: 'response' | 'turnaround' | 'wait') => (jobs.length ? jobs.reduce((a, j) => a + j[k], 0) / jobs.length : 0);
  return { trace, jobs, average: { response: mean('response'), turnaround: mean('turnaround'), wait: mean('wait') } };
}
