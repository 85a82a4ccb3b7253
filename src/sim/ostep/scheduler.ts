import { writtenSequence } from './answer.ts';
import type { JsonWriter } from './json-writer.ts';
import { driveSegments, type JobFigures } from './textbook-order.ts';
import { fifo } from '../sched/fifo.ts';
import type { SchedPolicy } from '../sched/policy.ts';
import { roundRobin } from '../sched/rr.ts';
import { sjf } from '../sched/sjf.ts';
import type { Burst } from '../sched/workload.ts';

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
  if (!Array.isArray(jobs) || !allLengths(jobs)) return { error: 'jobs: expected an array of lengths >= 0' };
  if (policy === 'RR' && !(typeof quantum === 'number' && Number.isInteger(quantum) && quantum >= 1)) {
    return { error: `quantum: RR needs an integer >= 1, got ${JSON.stringify(quantum)}` };
  }
  return { policy, quantum: typeof quantum === 'number' ? quantum : null, jobs };
}

/** Whether every job is a length >= 0 (a loop, not every(): it runs once per job, before anything is warm). */
function allLengths(jobs: unknown[]): jobs is number[] {
  for (let i = 0; i < jobs.length; i++) {
    const j = jobs[i];
    if (!(typeof j === 'number' && Number.isFinite(j) && j >= 0)) return false;
  }
  return true;
}

export function solveScheduler(input: unknown): unknown {
  const p = parse(input);
  if ('error' in p) return p;
  const lengths = p.jobs;
  // Every job arrives at 0 with one CPU burst. The driver reads a job's bursts through and
  // is done with them before it asks for another's, so one burst, refilled at each call,
  // serves every job: no object per job, nor one per call.
  const burst: Burst = { kind: 'cpu', ticks: 0 };
  const oneBurst = [burst];
  const run = driveSegments(
    POLICY[p.policy],
    { policy: p.policy.toLowerCase(), quantum: p.quantum ?? 1, options: { tieBreak: 'fifo' } },
    {
      count: lengths.length,
      arrival: () => 0,
      bursts: (i) => {
        burst.ticks = lengths[i];
        return oneBurst;
      },
    },
    { explain: false }, // scheduler.py prints no reasons
  );
  // Waiting is the sum of the gaps before each of a job's slices (from 0, then from its last slice).
  const wait = new Float64Array(lengths.length);
  const lastEnd = new Float64Array(lengths.length);
  let figures: JobFigures | null = null;
  // Lazy (answer.ts): the trace is written as the driver makes it, slice by slice, and the
  // jobs' figures (known only at the end) are read after it, a row at a time. Each row
  // is the one object, filled in for the slice just made: a reader finishes with a row
  // before it asks for the next (answer.ts), and a long trace then makes no garbage.
  const row: SliceRow = { job: 0, start: 0, ran: 0, done: false };
  const result: { done: boolean; value: SliceRow | undefined } = { done: false, value: row };
  /** Runs the driver on by one segment, noting its gap; false once the run is over. */
  const step = (): boolean => {
    if (figures) return false;
    const next = run.next();
    if (next.done) {
      figures = next.value;
      return false;
    }
    const sg = next.value;
    wait[sg.job] += sg.start - lastEnd[sg.job];
    lastEnd[sg.job] = sg.start + sg.ticks;
    row.job = sg.job;
    row.start = sg.start;
    row.ran = sg.ticks;
    row.done = sg.done;
    return true;
  };
  const trace: Iterator<SliceRow, undefined> = {
    next: () => {
      if (!step()) {
        result.done = true;
        result.value = undefined;
      }
      return result as IteratorResult<SliceRow, undefined>;
    },
  };
  const finished = (): JobFigures => {
    while (step());
    return figures!;
  };
  // A job that never ran (a zero-length one still "runs" for 0) counts as 0.
  const response = (f: JobFigures, i: number) => (Number.isNaN(f.firstRun[i]) ? 0 : f.firstRun[i]);
  const turnaround = (f: JobFigures, i: number) => (Number.isNaN(f.finish[i]) ? 0 : f.finish[i]);
  const jobs = () =>
    writtenSequence(
      (function* () {
        const f = finished();
        const j = { job: 0, response: 0, turnaround: 0, wait: 0 }; // one row, refilled (as the trace's)
        for (let i = 0; i < lengths.length; i++) {
          j.job = i;
          j.response = response(f, i);
          j.turnaround = turnaround(f, i);
          j.wait = wait[i];
          yield j;
        }
      })(),
      writeJob,
    );
  const average = () => {
    const f = finished();
    const n = lengths.length;
    let r = 0;
    let t = 0;
    let w = 0;
    for (let i = 0; i < n; i++) {
      r += response(f, i);
      t += turnaround(f, i);
      w += wait[i];
    }
    return n ? { response: r / n, turnaround: t / n, wait: w / n } : { response: 0, turnaround: 0, wait: 0 };
  };
  return { trace: writtenSequence({ [Symbol.iterator]: () => trace }, writeSlice), jobs, average };
}

/** One slice of the trace, as the answer has it. */
interface SliceRow {
  job: number;
  start: number;
  ran: number;
  done: boolean;
}

// A trace row and a job's figures as JSON.stringify writes them (lengths may be fractional).
function writeSlice(w: JsonWriter, r: SliceRow): void {
  w.raw('{"job":');
  w.num(r.job);
  w.raw(',"start":');
  w.num(r.start);
  w.raw(',"ran":');
  w.num(r.ran);
  w.raw(r.done ? ',"done":true}' : ',"done":false}');
}

function writeJob(w: JsonWriter, j: { job: number; response: number; turnaround: number; wait: number }): void {
  w.raw('{"job":');
  w.num(j.job);
  w.raw(',"response":');
  w.num(j.response);
  w.raw(',"turnaround":');
  w.num(j.turnaround);
  w.raw(',"wait":');
  w.num(j.wait);
  w.byte(125);
}
