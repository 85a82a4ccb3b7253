import { type DriverJobResult, driveSegments } from './textbook-order.ts';
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
  const run = driveSegments(
    POLICY[p.policy],
    { policy: p.policy.toLowerCase(), quantum: p.quantum ?? 1, options: { tieBreak: 'fifo' } },
    p.jobs.map((len) => ({ arrival: 0, bursts: [{ kind: 'cpu' as const, ticks: len }] })),
    { explain: false }, // scheduler.py prints no reasons
  );
  // Waiting is the sum of the gaps before each of a job's slices (from 0, then from its last slice).
  const wait = p.jobs.map(() => 0);
  const lastEnd = p.jobs.map(() => 0);
  let results: DriverJobResult[] | null = null;
  /** Runs the driver on by one segment, noting its gap; null once the run is over. */
  const step = (): { job: number; start: number; ran: number; done: boolean } | null => {
    if (results) return null;
    const next = run.next();
    if (next.done) {
      results = next.value;
      return null;
    }
    const sg = next.value;
    wait[sg.job] += sg.start - lastEnd[sg.job];
    lastEnd[sg.job] = sg.start + sg.ticks;
    return { job: sg.job, start: sg.start, ran: sg.ticks, done: sg.done };
  };
  // Lazy (answer.ts): the trace is written as the driver makes it, slice by slice, and the
  // jobs' figures (known only at the end) are read after it.
  const trace = (function* () {
    for (let row = step(); row; row = step()) yield row;
  })();
  const finished = (): DriverJobResult[] => {
    while (step());
    return results!;
  };
  const jobs = () => finished().map((j, i) => ({ job: i, response: j.firstRun ?? 0, turnaround: j.finish ?? 0, wait: wait[i] }));
  const mean = (k: 'response' | 'turnaround' | 'wait') => {
    const all = jobs();
    return all.length ? all.reduce((a, j) => a + j[k], 0) / all.length : 0;
  };
  const average = () => ({ response: mean('response'), turnaround: mean('turnaround'), wait: mean('wait') });
  return { trace, jobs, average };
}
