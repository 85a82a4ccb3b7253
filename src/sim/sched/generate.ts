import { nextRange, seedRng } from '../base/rng.ts';
import { burstsFromLength, type JobSpec, type Workload } from './workload.ts';

/**
 * Random workloads from a seed: the same options and seed always give the same jobs.
 * Arrivals are spaced uniformly at random around a mean gap; lengths are uniform in a
 * range (optionally scaled so they add up to an exact total); a share of the jobs do I/O
 * every so many ticks.
 */
export interface GenerateOptions {
  seed: number;
  jobs: number;
  /** Mean ticks between arrivals (0 = everyone at tick 0). */
  meanGap?: number;
  /** CPU ticks per job, inclusive range. */
  length?: [number, number];
  /** Scale the lengths so they add up to exactly this many ticks. */
  totalCpu?: number;
  /** Share of jobs (0..1) that do I/O, how often and for how long. */
  ioShare?: number;
  ioEvery?: [number, number];
  ioTime?: [number, number];
  tickets?: [number, number];
  nice?: [number, number];
  priority?: [number, number];
}

/** The lengths scaled to add up to `total` (each at least 1), remainder spread from the front. */
function scaleTo(lengths: number[], total: number): number[] {
  const sum = lengths.reduce((a, b) => a + b, 0);
  const out = lengths.map((l) => Math.max(1, Math.floor((l * total) / sum)));
  let left = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; left !== 0 && out.length > 0; i = (i + 1) % out.length) {
    if (left > 0) {
      out[i]++;
      left--;
    } else if (out[i] > 1) {
      out[i]--;
      left++;
    }
  }
  return out;
}

export function generateWorkload(o: GenerateOptions): Workload {
  const rng = seedRng(o.seed);
  const [lo, hi] = o.length ?? [1, 100];
  const range = (r: [number, number] | undefined) => (r ? nextRange(rng, r[0], r[1]) : undefined);
  let lengths = Array.from({ length: o.jobs }, () => nextRange(rng, lo, hi));
  if (o.totalCpu !== undefined && o.jobs > 0) lengths = scaleTo(lengths, Math.max(o.jobs, o.totalCpu));
  const gap = o.meanGap ?? 0;
  let t = 0;
  const jobs: JobSpec[] = lengths.map((length, i) => {
    if (i > 0 && gap > 0) t += nextRange(rng, 0, 2 * gap);
    const doesIo = (o.ioShare ?? 0) > 0 && nextRange(rng, 0, 999) < (o.ioShare ?? 0) * 1000;
    const bursts = doesIo ? burstsFromLength(length, range(o.ioEvery ?? [5, 20])!, range(o.ioTime ?? [1, 10])!) : burstsFromLength(length, 0, 0);
    const job: JobSpec = { arrival: t, bursts };
    const tickets = range(o.tickets);
    const nice = range(o.nice);
    const priority = range(o.priority);
    if (tickets !== undefined) job.tickets = tickets;
    if (nice !== undefined) job.nice = nice;
    if (priority !== undefined) job.priority = priority;
    return job;
  });
  return { jobs };
}
