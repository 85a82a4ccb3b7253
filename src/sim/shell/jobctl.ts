import { EINTR } from '../abi/errno.ts';
import { SIGCONT, SIGHUP, SIGINT, SIGPIPE, signalDescription } from '../abi/signals.ts';
import * as sys from '../libc/sys.ts';
import { formatJob, type Job, jobList, jobState, jobStatus, markContinued, pipefailStatus, recordWait, removeJob } from './jobs.ts';
import type { Shell } from './state.ts';

/**
 * Job control through syscalls: waiting for the foreground job with `untraced` (so a
 * stopped job hands the terminal back), reaping background jobs without blocking, the
 * notices a shell prints before its prompt, and continuing a job with SIGCONT.
 */

/**
 * Waits until the job has finished or stopped. It waits for the job's own processes only
 * (its process group, or without job control each of its pids in turn), so the kernel
 * sees whom the shell waits for (a lottery scheduler lends them the shell's tickets);
 * background jobs that end meanwhile are reaped before the next prompt.
 */
export function* waitForJob(sh: Shell, job: Job): sys.Sys<'ended' | 'interrupted'> {
  while (jobState(job) === 'running') {
    const target = sh.monitor ? -job.pgid : (job.procs.find((p) => p.state === 'running')?.pid ?? -1);
    const r = yield* sys.wait(target, { untraced: true });
    // A caught signal (^C during the wait builtin) ends the wait, not the job.
    if (r === -EINTR) return 'interrupted';
    if (!sys.isWaitResult(r)) {
      // No children left to wait for (ECHILD): nothing the table thinks runs can still be running.
      for (const p of job.procs) if (p.state === 'running') p.state = 'done';
      break;
    }
    recordWait(sh.jobs, r);
  }
  return 'ended';
}

/** Collects every child that has changed state, without blocking. */
export function* reapChildren(sh: Shell): sys.Sys<void> {
  for (;;) {
    const r = yield* sys.wait(-1, { nohang: true, untraced: true, continued: true });
    if (!sys.isWaitResult(r)) return;
    recordWait(sh.jobs, r);
  }
}

/**
 * Runs a job in the foreground: the terminal goes to its process group (with job control),
 * the shell waits, then takes the terminal back. A stopped job stays in the table and is
 * announced; a finished one leaves it. Returns the job's status for `$?`.
 */
export function* foreground(sh: Shell, job: Job): sys.Sys<number> {
  if (sh.monitor) yield* sys.tcsetpgrp(job.pgid);
  yield* waitForJob(sh, job);
  if (sh.monitor) yield* sys.tcsetpgrp(sh.pgid);
  if (jobState(job) === 'stopped') {
    job.reported = 'stopped';
    // The terminal echoed ^Z and a line end already, so the notice starts a line of its own.
    yield* sys.eprint(`${formatJob(sh.jobs, job)}\n`);
    const stopped = job.procs.find((p) => p.state === 'stopped');
    return 128 + (stopped?.signal ?? 0);
  }
  removeJob(sh.jobs, job);
  const last = job.procs[job.procs.length - 1];
  // A job ^C ended stops the loop or list that started it too, as in bash.
  if (last?.signal === SIGINT && sh.interactive) sh.interrupted = true;
  // A job ^C interrupted needs no word: the terminal already showed ^C and moved to a new line.
  if (last?.signal != null && last.signal !== SIGINT && last.signal !== SIGPIPE) {
    yield* sys.eprint(`${signalDescription(last.signal)}\n`);
  }
  return sh.options.pipefail ? pipefailStatus(job) : jobStatus(job);
}

/** Continues a stopped job (or a running one, harmlessly) with SIGCONT to its whole group. */
export function* continueJob(sh: Shell, job: Job, background: boolean): sys.Sys<void> {
  markContinued(sh.jobs, job, background);
  yield* signalJob(sh, job, SIGCONT);
}

/** Sends a signal to a job: its process group with job control, else each of its live processes. Returns 0 or a negative errno. */
export function* signalJob(sh: Shell, job: Job, sig: number): sys.Sys<number> {
  if (sh.monitor) return yield* sys.kill(-job.pgid, sig);
  let result = 0;
  for (const p of job.procs) if (p.state !== 'done') result = Math.min(result, yield* sys.kill(p.pid, sig));
  return result;
}

/**
 * The notices before a prompt: each job that finished or stopped since the last one is
 * announced once (`[1]+  Done  sleep 5`), and finished jobs leave the table. A shell that
 * is not interactive drops finished jobs silently, as bash does.
 */
export function* notifyJobs(sh: Shell): sys.Sys<void> {
  yield* reapChildren(sh);
  let text = '';
  for (const job of jobList(sh.jobs)) {
    const state = jobState(job);
    if (state === job.reported && state !== 'done') continue;
    if (sh.interactive) text += `${formatJob(sh.jobs, job)}\n`;
    job.reported = state;
    if (state === 'done') removeJob(sh.jobs, job);
  }
  if (text) yield* sys.eprint(text);
}

/**
 * On leaving: stopped jobs would otherwise sleep forever, since this kernel does not wake
 * orphaned process groups itself; they get SIGHUP then SIGCONT, as POSIX asks for them.
 */
export function* hangUpStopped(sh: Shell): sys.Sys<void> {
  for (const job of jobList(sh.jobs)) {
    if (jobState(job) !== 'stopped') continue;
    yield* signalJob(sh, job, SIGHUP);
    yield* signalJob(sh, job, SIGCONT);
  }
}
