/**
 * Workloads: jobs that arrive at a tick and alternate CPU and I/O bursts, with the
 * scheduling attributes the policies read. A job runs as a process of the `job` program,
 * whose argv says the bursts (`job cpu:5 io:3 cpu:4`, or `job 100 --io-every 10
 * --io-time 5`), so the shell can start the same job by hand.
 */
export type BurstKind = 'cpu' | 'io';

export interface Burst {
  kind: BurstKind;
  ticks: number;
}

export interface JobSpec {
  /** A label for views (defaults to "job <index>"). */
  name?: string;
  /** Tick it arrives. */
  arrival: number;
  bursts: Burst[];
  nice?: number;
  priority?: number;
  tickets?: number;
  /** Lottery ticket currency. */
  currency?: string;
  /** CPUs it may run on. */
  affinity?: number[];
}

export interface Workload {
  jobs: JobSpec[];
}

export function cpuTotal(job: JobSpec): number {
  let n = 0;
  for (const b of job.bursts) if (b.kind === 'cpu') n += b.ticks;
  return n;
}

export function ioTotal(job: JobSpec): number {
  let n = 0;
  for (const b of job.bursts) if (b.kind === 'io') n += b.ticks;
  return n;
}

/**
 * `length` ticks of CPU with an I/O of `ioTime` after every `ioEvery` ticks of it (0 = no
 * I/O), as OSTEP's mlfq.py does: no I/O after the last tick, since the job is done then.
 * An I/O of 0 ticks still goes to the device (the job rejoins the ready queue at once).
 */
export function burstsFromLength(length: number, ioEvery: number, ioTime: number): Burst[] {
  if (ioEvery <= 0 || length <= ioEvery) return [{ kind: 'cpu', ticks: length }];
  const out: Burst[] = [];
  let left = length;
  while (left > ioEvery) {
    out.push({ kind: 'cpu', ticks: ioEvery }, { kind: 'io', ticks: ioTime });
    left -= ioEvery;
  }
  out.push({ kind: 'cpu', ticks: left });
  return out;
}

/** The length/io-every/io-time form a burst list has, if it has one. */
function regularForm(bursts: Burst[]): { length: number; ioEvery: number; ioTime: number } | null {
  if (bursts.length < 3 || bursts.length % 2 === 0) return null;
  const every = bursts[0].ticks;
  const io = bursts[1].ticks;
  if (every < 1 || io < 1) return null;
  let length = 0;
  for (let i = 0; i < bursts.length; i++) {
    const b = bursts[i];
    const last = i === bursts.length - 1;
    if (b.kind !== (i % 2 === 0 ? 'cpu' : 'io')) return null;
    if (i % 2 === 1 ? b.ticks !== io : last ? b.ticks < 1 || b.ticks > every : b.ticks !== every) return null;
    if (b.kind === 'cpu') length += b.ticks;
  }
  return { length, ioEvery: every, ioTime: io };
}

/** The `job` command line for a job: the compact form when the bursts are regular. */
export function jobArgv(job: JobSpec): string[] {
  const reg = regularForm(job.bursts);
  if (reg) return ['job', String(reg.length), '--io-every', String(reg.ioEvery), '--io-time', String(reg.ioTime)];
  return ['job', ...job.bursts.map((b) => `${b.kind}:${b.ticks}`)];
}

const WHOLE = /^\d+$/;

function wholeNumber(token: string, what: string): number | string {
  if (!WHOLE.test(token)) return `${what} '${token}' is not a whole number of ticks`;
  const n = Number(token);
  return Number.isSafeInteger(n) ? n : `${what} '${token}' is too large`;
}

/**
 * Parses `job`'s arguments (argv without the program name): burst tokens `cpu:N` / `io:N`,
 * or a length with `--io-every N --io-time N`. Errors name the bad token.
 */
export function parseJobArgs(args: readonly string[]): { bursts: Burst[] } | { error: string } {
  if (args.length === 0) return { error: 'expected bursts (cpu:5 io:3 cpu:4) or a length (100 --io-every 10 --io-time 5)' };
  if (WHOLE.test(args[0])) {
    const length = wholeNumber(args[0], 'length');
    if (typeof length === 'string') return { error: length };
    let every = 0;
    let time = 5;
    for (let i = 1; i < args.length; i += 2) {
      const flag = args[i];
      if (flag !== '--io-every' && flag !== '--io-time') return { error: `unknown option '${flag}' (expected --io-every or --io-time)` };
      if (args[i + 1] === undefined) return { error: `${flag} needs a number of ticks` };
      const n = wholeNumber(args[i + 1], flag);
      if (typeof n === 'string') return { error: n };
      if (flag === '--io-every') every = n;
      else time = n;
    }
    return { bursts: burstsFromLength(length, every, time) };
  }
  const bursts: Burst[] = [];
  for (const token of args) {
    const m = /^(cpu|io):(.*)$/.exec(token);
    if (!m) return { error: `bad burst '${token}' (expected cpu:N or io:N)` };
    const n = wholeNumber(m[2], `burst '${token}':`);
    if (typeof n === 'string') return { error: n };
    bursts.push({ kind: m[1] as BurstKind, ticks: n });
  }
  return { bursts };
}

/** Checks a workload's shape; returns the first problem, naming the job and field. */
export function checkWorkload(w: Workload): string | null {
  if (!w || !Array.isArray(w.jobs)) return 'jobs: expected an array';
  for (let i = 0; i < w.jobs.length; i++) {
    const j = w.jobs[i];
    const at = `jobs[${i}]`;
    if (!Number.isSafeInteger(j.arrival) || j.arrival < 0) return `${at}.arrival: expected a whole tick >= 0`;
    if (!Array.isArray(j.bursts)) return `${at}.bursts: expected an array`;
    for (let k = 0; k < j.bursts.length; k++) {
      const b = j.bursts[k];
      if (b.kind !== 'cpu' && b.kind !== 'io') return `${at}.bursts[${k}].kind: expected 'cpu' or 'io'`;
      if (!Number.isSafeInteger(b.ticks) || b.ticks < 0) return `${at}.bursts[${k}].ticks: expected a whole number >= 0`;
    }
    if (j.nice !== undefined && !(Number.isInteger(j.nice) && j.nice >= -20 && j.nice <= 19)) return `${at}.nice: expected -20..19`;
    if (j.tickets !== undefined && !(Number.isInteger(j.tickets) && j.tickets >= 0)) return `${at}.tickets: expected a whole number >= 0`;
    if (j.priority !== undefined && !Number.isInteger(j.priority)) return `${at}.priority: expected an integer`;
  }
  return null;
}
