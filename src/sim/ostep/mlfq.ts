import { writtenSequence } from './answer.ts';
import type { JsonWriter } from './json-writer.ts';
import { driveSegments, type JobFigures } from './textbook-order.ts';
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
  /** The events since the trace was last read: the hooks write here as the driver runs. */
  const fresh: Event[] = [];
  const used = new Float64Array(p.jobs.length);
  const options = { levels: p.numQueues, quanta: p.quantum, allotments: p.allotment, boost: p.boost, stay: p.stay, iobump: p.iobump };
  const run = driveSegments(
    mlfq,
    { policy: 'mlfq', quantum: p.quantum[0], options },
    { count: p.jobs.length, arrival: (i) => p.jobs[i].start, bursts: (i) => burstsFromLength(p.jobs[i].run, p.jobs[i].ioFreq, p.ioTime) },
    {
      onPolicyEvent: (t, text) => {
        if (text) fresh.push({ t, event: 'BOOST' });
      },
      onArrive: (job, t) => fresh.push({ t, event: 'JOB_BEGINS', job }),
      onIoDone: (job, t) => fresh.push({ t, event: 'IO_DONE', job }),
      onIdle: (from, to) => {
        for (let t = from; t < to; t++) fresh.push({ t, event: 'IDLE' });
      },
      onRun: (job, start, ticks, state) => {
        const j = mlfqJob(state, job + 1)!;
        const runTime = p.jobs[job].run;
        for (let k = 1; k <= ticks; k++) {
          const timeLeft = runTime - used[job] - k;
          fresh.push({ t: start + k - 1, event: 'RUN', job, priority: j.prio, ticksLeft: j.ticksLeft - k, allotLeft: j.allotLeft, timeLeft, runTime });
        }
        used[job] += ticks;
      },
      onExit: (job, t) => fresh.push({ t, event: 'FINISHED', job }),
      onIoStart: (job, t) => fresh.push({ t, event: 'IO_START', job }),
    },
  );
  let figures: JobFigures | null = null;
  // Lazy (answer.ts): the log is written as the driver makes it, a segment's events at a
  // time, and the jobs' figures (known only at the end) are read after it.
  const trace = (function* () {
    for (;;) {
      const next = run.next();
      yield* fresh;
      fresh.length = 0;
      if (next.done) {
        figures = next.value;
        return;
      }
    }
  })();
  const finished = (): JobFigures => {
    while (!figures) trace.next();
    return figures;
  };
  const response = (f: JobFigures, i: number) => (Number.isNaN(f.firstRun[i]) ? 0 : f.firstRun[i] - p.jobs[i].start);
  const turnaround = (f: JobFigures, i: number) => (Number.isNaN(f.finish[i]) ? 0 : f.finish[i] - p.jobs[i].start);
  const jobs = function* () {
    const f = finished();
    for (let i = 0; i < p.jobs.length; i++) yield { job: i, startTime: p.jobs[i].start, response: response(f, i), turnaround: turnaround(f, i) };
  };
  const average = () => {
    const f = finished();
    const n = p.jobs.length;
    let r = 0;
    let t = 0;
    for (let i = 0; i < n; i++) {
      r += response(f, i);
      t += turnaround(f, i);
    }
    return n ? { response: r / n, turnaround: t / n } : { response: 0, turnaround: 0 };
  };
  return { trace: writtenSequence(trace, writeEvent), jobs, average };
}

/** An event as JSON.stringify writes it: its members in the order the hooks above make them. */
function writeEvent(w: JsonWriter, e: Event): void {
  w.raw('{"t":');
  w.num(e.t);
  w.raw(',"event":"');
  w.raw(e.event);
  w.byte(34);
  if ('job' in e) {
    w.raw(',"job":');
    w.num(e.job);
  }
  if (e.event === 'RUN') {
    w.raw(',"priority":');
    w.num(e.priority);
    w.raw(',"ticksLeft":');
    w.num(e.ticksLeft);
    w.raw(',"allotLeft":');
    w.num(e.allotLeft);
    w.raw(',"timeLeft":');
    w.num(e.timeLeft);
    w.raw(',"runTime":');
    w.num(e.runTime);
  }
  w.byte(125);
}
