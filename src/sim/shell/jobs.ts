import { signalDescription } from '../abi/signals.ts';
import type { WaitResult } from '../abi/syscalls.ts';

/**
 * The job table, as plain data: each job is one pipeline (or one background list) and
 * its processes. The shell learns what became of them only from wait(), and records it
 * here; the generators that call wait() are in jobctl.ts.
 */

export interface JobProc {
  pid: number;
  state: 'running' | 'stopped' | 'done';
  /** How it exited (code) or what signal ended or stopped it; null while unknown. */
  code: number | null;
  signal: number | null;
}

export interface Job {
  /** The number `%1` names. */
  id: number;
  /** The job's process group; with job control off it is the shell's own. */
  pgid: number;
  procs: JobProc[];
  /** The command line, printed back from the syntax tree. */
  text: string;
  /** Started with `&` or continued with `bg`: `jobs` then shows the `&`. */
  background: boolean;
  /** The last command of the pipeline could not start: its status (127, 126), since there is no process to wait for. */
  failedLast: number | null;
  /** The state last reported to the user, so each change is announced once. */
  reported: 'running' | 'stopped' | 'done';
  /** When it last started, stopped or was continued: the newest is the current job (`%+`). */
  touched: number;
}

export interface JobTable {
  jobs: Record<number, Job>;
  clock: number;
  /**
   * The statuses of the latest processes that ended, by pid: `wait $!` still answers after
   * the job itself has left the table, as bash remembers its background pids.
   */
  ended: Record<number, number>;
}

/** How many ended processes' statuses are remembered. */
const ENDED_KEPT = 64;

export function createJobTable(): JobTable {
  return { jobs: {}, clock: 0, ended: {} };
}

export function jobList(t: JobTable): Job[] {
  return Object.values(t.jobs).sort((a, b) => a.id - b.id);
}

/** A new job numbered one past the highest in use, as bash numbers them. */
export function addJob(t: JobTable, fields: { pgid: number; pids: number[]; text: string; background: boolean; failedLast: number | null }): Job {
  const id = jobList(t).reduce((max, j) => Math.max(max, j.id), 0) + 1;
  const job: Job = {
    id,
    pgid: fields.pgid,
    procs: fields.pids.map((pid) => ({ pid, state: 'running', code: null, signal: null })),
    text: fields.text,
    background: fields.background,
    failedLast: fields.failedLast,
    reported: 'running',
    touched: ++t.clock,
  };
  t.jobs[id] = job;
  return job;
}

export function removeJob(t: JobTable, job: Job): void {
  delete t.jobs[job.id];
}

export function touchJob(t: JobTable, job: Job): void {
  job.touched = ++t.clock;
}

/** Done when every process has ended; stopped when none runs and one is stopped. */
export function jobState(job: Job): 'running' | 'stopped' | 'done' {
  if (job.procs.some((p) => p.state === 'running')) return 'running';
  return job.procs.some((p) => p.state === 'stopped') ? 'stopped' : 'done';
}

/** A process's status as `$?` shows it: its exit code, or 128 plus the signal. */
export function procStatus(p: JobProc): number {
  return p.signal !== null ? 128 + p.signal : (p.code ?? 0);
}

/** The job's status: its last command's. */
export function jobStatus(job: Job): number {
  if (job.failedLast !== null) return job.failedLast;
  const last = job.procs[job.procs.length - 1];
  return last ? procStatus(last) : 0;
}

/** `set -o pipefail`: the status of the last command that failed, or 0 when all succeeded. */
export function pipefailStatus(job: Job): number {
  if (job.failedLast !== null) return job.failedLast;
  for (let i = job.procs.length - 1; i >= 0; i--) {
    const status = procStatus(job.procs[i]);
    if (status !== 0) return status;
  }
  return 0;
}

/** Records what wait() said about a child; returns its job, or null for a child no job knows. */
export function recordWait(t: JobTable, r: WaitResult): Job | null {
  for (const job of Object.values(t.jobs)) {
    const p = job.procs.find((q) => q.pid === r.pid);
    if (!p) continue;
    if (r.stopped) {
      p.state = 'stopped';
      p.signal = r.signal;
      touchJob(t, job);
    } else if (r.continued) {
      // Someone else (kill -CONT) continued it: the job is running again.
      if (p.state === 'stopped') p.state = 'running';
      p.signal = null;
      if (jobState(job) === 'running') job.reported = 'running';
    } else {
      p.state = 'done';
      p.code = r.code;
      p.signal = r.signal;
      rememberEnded(t, p);
    }
    return job;
  }
  return null;
}

function rememberEnded(t: JobTable, p: JobProc): void {
  t.ended[p.pid] = procStatus(p);
  const pids = Object.keys(t.ended);
  // Pids only grow, and integer keys iterate in ascending order: the first is the oldest.
  if (pids.length > ENDED_KEPT) delete t.ended[Number(pids[0])];
}

/** Marks every stopped process of the job running again (it was sent SIGCONT). */
export function markContinued(t: JobTable, job: Job, background: boolean): void {
  for (const p of job.procs) {
    if (p.state === 'stopped') {
      p.state = 'running';
      p.signal = null;
    }
  }
  job.background = background;
  job.reported = 'running';
  touchJob(t, job);
}

/**
 * The current job (`%+`, `%%`) and the previous one (`%-`): the most recently touched,
 * stopped jobs before running ones, as bash chooses them.
 */
export function currentJobs(t: JobTable): { current: Job | null; previous: Job | null } {
  const order = jobList(t).sort((a, b) => {
    const sa = jobState(a) === 'stopped' ? 1 : 0;
    const sb = jobState(b) === 'stopped' ? 1 : 0;
    return sb - sa || b.touched - a.touched;
  });
  return { current: order[0] ?? null, previous: order[1] ?? null };
}

export function jobMark(t: JobTable, job: Job): '+' | '-' | ' ' {
  const { current, previous } = currentJobs(t);
  return job === current ? '+' : job === previous ? '-' : ' ';
}

/** `Running`, `Stopped`, `Done`, `Exit 1`, `Terminated`, `Killed`, ... */
export function describeJob(job: Job): string {
  const state = jobState(job);
  if (state === 'running') return 'Running';
  if (state === 'stopped') return 'Stopped';
  const last = job.procs[job.procs.length - 1];
  if (job.failedLast === null && last?.signal !== null && last !== undefined) return signalDescription(last.signal);
  const status = jobStatus(job);
  return status === 0 ? 'Done' : `Exit ${status}`;
}

/** One line as `jobs` and the notices print it: `[1]+  Running                 sleep 9 &`. */
export function formatJob(t: JobTable, job: Job, withPid = false): string {
  const state = jobState(job);
  const text = state === 'running' && job.background ? `${job.text} &` : job.text;
  const pid = withPid ? ` ${job.procs[0]?.pid ?? job.pgid}` : ' ';
  return `[${job.id}]${jobMark(t, job)}${pid} ${describeJob(job).padEnd(22)}  ${text}`;
}

/**
 * A job named the way `fg`, `bg`, `kill`, `wait` and `jobs` accept: `%n`, `%%`, `%+`, `%-`,
 * `%name` (the job whose command starts so) or `%?text` (the job whose command contains it).
 */
export function findJob(t: JobTable, spec: string): Job | string {
  const { current, previous } = currentJobs(t);
  const body = spec.startsWith('%') ? spec.slice(1) : spec;
  if (body === '' || body === '%' || body === '+') return current ?? 'no current job';
  if (body === '-') return previous ?? 'no previous job';
  if (/^[0-9]+$/.test(body)) return t.jobs[Number(body)] ?? 'no such job';
  const contains = body.startsWith('?');
  const needle = contains ? body.slice(1) : body;
  const matches = jobList(t).filter((j) => (contains ? j.text.includes(needle) : j.text.startsWith(needle)));
  if (matches.length > 1) return 'ambiguous job spec';
  return matches[0] ?? 'no such job';
}

/** The job a process belongs to, or null. */
export function jobOfPid(t: JobTable, pid: number): Job | null {
  return Object.values(t.jobs).find((j) => j.procs.some((p) => p.pid === pid)) ?? null;
}
