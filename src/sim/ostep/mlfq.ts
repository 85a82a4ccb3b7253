import { drive } from './textbook-order.ts';
import { mlfq, mlfqJob } from '../sched/mlfq.ts';
import { burstsFromLength } from '../sched/workload.ts';

/**
 * OSTEP cpu-sched-mlfq/mlfq.py. The schedule comes from our MLFQ policy (the one the kernel
 * runs, with OSTEP's rules: quanta and allotments per level, boost, -S stay, -I iobump)
 * driven in OSTEP's event order; this module only turns it into mlfq.py's event log.
 */
interface MlfqJobInput {
  start: number;
  run: number;
  ioFreq: number;
}

interface MlfqInput {
  numQueues: number;
  quantum: number[];
  allotment: number[];
  boost: number;
  ioTime: number;
  stay: boolean;
  iobump: boolean;
  jobs: MlfqJobInput[];
}

type Event =
  | { t: number; event: 'BOOST' | 'IDLE' }
  | { t: number; event: 'JOB_BEGINS' | 'IO_DONE' | 'FINISHED' | 'IO_START'; job: number }
  | { t: number; event: 'RUN'; job: number; priority: number; ticksLeft: number; allotLeft: number; timeLeft: number; runTime: number };

const isCount = (v: unknown, min = 0): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;

function parse(input: unknown): MlfqInput | { error: string } {
  if (!input || typeof input !== 'object') return { error: 'input: expected an object' };
  const o = input as Record<string, unknown>;
  if (!isCount(o.numQueues, 1)) return { error: 'numQueues: expected an integer >= 1' };
  const n = o.numQueues;
  const ok = (v: unknown, lastMin: number) =>
    Array.isArray(v) && v.length === n && v.every((x, i) => isCount(x, i === n - 1 ? lastMin : 1));
  if (!ok(o.quantum, 1)) return { error: `quantum: expected ${n} integers >= 1` };
  if (!ok(o.allotment, 0)) return { error: `allotment: expected ${n} integers >= 1 (the lowest level may be 0)` };
  if (!isCount(o.boost)) return { error: 'boost: expected an integer >= 0' };
  if (!isCount(o.ioTime)) return { error: 'ioTime: expected an integer >= 0' };
  if (typeof o.stay !== 'boolean' || typeof o.iobump !== 'boolean') return { error: 'stay, iobump: expected booleans' };
  if (!Array.isArray(o.jobs)) return { error: 'jobs: expected an array' };
  for (const [i, j] of o.jobs.entries()) {
    const r = j as Record<string, unknown>;
    if (!r || !isCount(r.start) || !isCount(r.run, 1) || !isCount(r.ioFreq)) {
      return { error: `jobs[${i}]: expected {start >= 0, run >= 1, ioFreq >= 0} (integers)` };
    }
  }
  return o as unknown as MlfqInput;
}

export function solveMlfq(input: unknown): unknown {
  const p = parse(input);
  if ('error' in p) return p;
  const trace: Event[] = [];
  const used = p.jobs.map(() => 0);
  const options = { levels: p.numQueues, quanta: p.quantum, allotments: p.allotment, boost: p.boost, stay: p.stay, iobump: p.iobump };
  const run = drive(
    mlfq,
    { policy: 'mlfq', quantum: p.quantum[0], options },
    p.jobs.map((j) => ({ arrival: j.start, bursts: burstsFromLength(j.run, j.ioFreq, p.ioTime) })),
    {
      onPolicyEvent: (t, text) => {
        if (text) trace.push({ t, event: 'BOOST' });
      },
      onArrive: (job, t) => trace.push({ t, event: 'JOB_BEGINS', job }),
      onIoDone: (job, t) => trace.push({ t, event: 'IO_DONE', job }),
      onIdle: (from, to) => {
        for (let t = from; t < to; t++) trace.push({ t, event: 'IDLE' });
      },
      onRun: (job, start, ticks, state) => {
        const j = mlfqJob(state, job + 1)!;
        const runTime = p.jobs[job].run;
        for (let k = 1; k <= ticks; k++) {
          const timeLeft = runTime - used[job] - k;
          trace.push({ t: start + k - 1, event: 'RUN', job, priority: j.prio, ticksLeft: j.ticksLeft - k, allotLeft: j.allotLeft, timeLeft, runTime });
        }
        used[job] += ticks;
      },
      onExit: (job, t) => trace.push({ t, event: 'FINISHED', job }),
      onIoStart: (job, t) => trace.push({ t, event: 'IO_START', job }),
    },
  );
  const jobs = run.jobs.map((j, i) => ({
    job: i,
    startTime: j.arrival,
    response: (j.firstRun ?? j.arrival) - j.arrival,
    turnaround: (j.finish ?? j.arrival) - j.arrival,
  }));
  const mean = (k: 'response' | 'turnaround') => (jobs.length ? jobs.reduce((a, j) => a + j[k], 0) / jobs.length : 0);
  return { trace, jobs, average: { response: mean('response'), turnaround: mean('turnaround') } };
}
