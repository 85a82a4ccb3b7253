import { nextFloat, seedRng } from '../base/rng.ts';
import { type Burst, burstsFromLength, type JobSpec, type Workload } from './workload.ts';

/**
 * Workloads written the way OSTEP's homework simulators take them, so a learner can paste
 * the flag from the book: scheduler.py's `-l 100,200,300` (lengths, all arriving at 0),
 * lottery.py's `-l 8:75,4:25` (length:tickets), mlfq.py's `-l 0,200,0:10,40,5`
 * (start,run,ioFreq; I/O takes `ioTime`), and process-run.py's `-l 5:100,5:50` (N
 * instructions, each CPU with that percent chance, else an I/O - drawn from our seeded
 * generator, not Python's) or `-P c2,i,c1:c3` (exact programs). A process-run I/O is one
 * tick on the CPU to start it, `ioTime` ticks blocked, and one tick to finish it. Errors
 * name the bad token.
 */
export type OstepFlavor = 'scheduler' | 'lottery' | 'mlfq' | 'process-run';

export interface OstepInputOptions {
  /** mlfq.py's -i or process-run.py's -L (default 5, as in OSTEP). */
  ioTime?: number;
  /** Seed for process-run's random programs. */
  seed?: number;
}

const WHOLE = /^\d+$/;

function whole(token: string, what: string): number | { error: string } {
  if (!WHOLE.test(token) || !Number.isSafeInteger(Number(token))) return { error: `bad ${what} '${token}' (expected a whole number)` };
  return Number(token);
}

function fields(entry: string, sep: string, names: string[]): number[] | { error: string } {
  const parts = entry.split(sep);
  if (parts.length !== names.length) return { error: `bad job '${entry}' (expected ${names.join(sep)})` };
  const out: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const n = whole(parts[i], names[i]);
    if (typeof n !== 'number') return { error: `${n.error} in job '${entry}'` };
    out.push(n);
  }
  return out;
}

/** Adjacent CPU bursts merged: the job program runs them as one. */
function merged(bursts: Burst[]): Burst[] {
  const out: Burst[] = [];
  for (const b of bursts) {
    const last = out[out.length - 1];
    if (last && last.kind === 'cpu' && b.kind === 'cpu') last.ticks += b.ticks;
    else out.push({ ...b });
  }
  return out;
}

function processRunBursts(instrs: Array<'cpu' | 'io'>, ioTime: number): Burst[] {
  const bursts: Burst[] = [];
  for (const i of instrs) {
    if (i === 'cpu') bursts.push({ kind: 'cpu', ticks: 1 });
    else bursts.push({ kind: 'cpu', ticks: 1 }, { kind: 'io', ticks: ioTime }, { kind: 'cpu', ticks: 1 });
  }
  return merged(bursts);
}

function parseProgram(text: string): Array<'cpu' | 'io'> | { error: string } {
  const out: Array<'cpu' | 'io'> = [];
  if (text === '') return out;
  for (const token of text.split(',')) {
    if (token === 'i') out.push('io');
    else if (/^c\d+$/.test(token)) for (let k = Number(token.slice(1)); k > 0; k--) out.push('cpu');
    else return { error: `bad instruction '${token}' (expected cN or i)` };
  }
  return out;
}

/** Parses the value of an OSTEP job-list flag (a leading "-l " or "-P " is allowed). */
export function parseOstepJobs(flavor: OstepFlavor, text: string, opts: OstepInputOptions = {}): Workload | { error: string } {
  const ioTime = opts.ioTime ?? 5;
  let list = text.trim();
  const flag = /^(-[lP])\s+/.exec(list);
  if (flag) list = list.slice(flag[0].length).trim();
  if (list === '') return { error: 'empty job list' };
  const jobs: JobSpec[] = [];
  if (flavor === 'process-run' && (flag?.[1] === '-P' || /[ci]/.test(list))) {
    for (const prog of list.split(':')) {
      const instrs = parseProgram(prog);
      if ('error' in instrs) return { error: `${instrs.error} in program '${prog}'` };
      jobs.push({ arrival: 0, bursts: processRunBursts(instrs, ioTime) });
    }
    return { jobs };
  }
  const rng = seedRng(opts.seed ?? 0);
  const sep = flavor === 'mlfq' ? ':' : ',';
  for (const entry of list.split(sep)) {
    if (flavor === 'scheduler') {
      const n = whole(entry, 'job length');
      if (typeof n !== 'number') return n;
      jobs.push({ arrival: 0, bursts: [{ kind: 'cpu', ticks: n }] });
    } else if (flavor === 'lottery') {
      const f = fields(entry, ':', ['length', 'tickets']);
      if ('error' in f) return f;
      jobs.push({ arrival: 0, bursts: [{ kind: 'cpu', ticks: f[0] }], tickets: f[1] });
    } else if (flavor === 'mlfq') {
      const f = fields(entry, ',', ['start', 'run', 'ioFreq']);
      if ('error' in f) return f;
      jobs.push({ arrival: f[0], bursts: burstsFromLength(f[1], f[2], ioTime) });
    } else {
      const f = fields(entry, ':', ['instructions', 'cpuPercent']);
      if ('error' in f) return f;
      if (f[1] > 100) return { error: `bad cpuPercent '${f[1]}' in job '${entry}' (expected 0 to 100)` };
      const instrs = Array.from({ length: f[0] }, () => (nextFloat(rng) * 100 < f[1] ? 'cpu' : 'io') as 'cpu' | 'io');
      jobs.push({ arrival: 0, bursts: processRunBursts(instrs, ioTime) });
    }
  }
  return { jobs };
}
