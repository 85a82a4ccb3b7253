import { strerror } from '../abi/errno.ts';
import { parseSignal, SIGINT, SIGTERM, signalList, signalName } from '../abi/signals.ts';
import * as sys from '../libc/sys.ts';
import type { Builtin } from './builtins.ts';
import { continueJob, foreground, notifyJobs, reapChildren, signalJob, waitForJob } from './jobctl.ts';
import { findJob, formatJob, type Job, jobList, jobMark, jobOfPid, jobState, jobStatus, removeJob } from './jobs.ts';
import type { Shell } from './state.ts';

/** The job-control builtins: jobs, fg, bg, wait and kill (which takes `%n` as well as pids). */

function* fail(sh: Shell, cmd: string, message: string, status = 1): sys.Sys<number> {
  yield* sys.eprint(`${sh.name}: ${cmd}: ${message}\n`);
  return status;
}

/** The job a spec names (the current one when there is none), or an error already printed. */
function* pickJob(sh: Shell, cmd: string, spec: string | undefined): sys.Sys<Job | null> {
  const job = findJob(sh.jobs, spec ?? '%+');
  if (typeof job !== 'string') return job;
  yield* fail(sh, cmd, `${spec ?? 'current'}: ${job}`);
  return null;
}

/** jobs [-l|-p]: every job and its state; the finished ones are reported this once and dropped. */
function* jobs(sh: Shell, argv: string[]): sys.Sys<number> {
  yield* reapChildren(sh);
  const long = argv.includes('-l');
  const pidsOnly = argv.includes('-p');
  let text = '';
  for (const job of jobList(sh.jobs)) {
    if (pidsOnly) text += `${job.procs[0]?.pid ?? job.pgid}\n`;
    else text += `${formatJob(sh.jobs, job, long)}\n`;
  }
  yield* sys.print(text);
  for (const job of jobList(sh.jobs)) {
    job.reported = jobState(job);
    if (job.reported === 'done') removeJob(sh.jobs, job);
  }
  return 0;
}

/** fg [%n]: the job continues with the terminal, and the shell waits for it. */
function* fg(sh: Shell, argv: string[]): sys.Sys<number> {
  if (!sh.monitor) return yield* fail(sh, 'fg', 'no job control');
  yield* reapChildren(sh);
  const job = yield* pickJob(sh, 'fg', argv[1]);
  if (!job) return 1;
  if (jobState(job) === 'done') {
    yield* notifyJobs(sh);
    return yield* fail(sh, 'fg', 'job has terminated');
  }
  yield* sys.print(`${job.text}\n`);
  yield* continueJob(sh, job, false);
  return yield* foreground(sh, job);
}

/** bg [%n...]: stopped jobs continue in the background. */
function* bg(sh: Shell, argv: string[]): sys.Sys<number> {
  if (!sh.monitor) return yield* fail(sh, 'bg', 'no job control');
  yield* reapChildren(sh);
  let status = 0;
  for (const spec of argv.length > 1 ? argv.slice(1) : [undefined]) {
    const job = yield* pickJob(sh, 'bg', spec);
    if (!job) {
      status = 1;
      continue;
    }
    if (jobState(job) === 'running') {
      yield* fail(sh, 'bg', `job ${job.id} already in background`, 0);
      continue;
    }
    yield* continueJob(sh, job, true);
    yield* sys.print(`[${job.id}]${jobMark(sh.jobs, job)} ${job.text} &\n`);
  }
  return status;
}

/**
 * wait [pid|%n...]: blocks until the named jobs (all of them, without arguments) have
 * finished; the status is the last one's. Jobs waited for leave the table unannounced.
 * At the terminal ^C ends the wait (status 130) and leaves the jobs running: the shell
 * catches SIGINT for as long as it waits, instead of ignoring it.
 */
function* wait(sh: Shell, argv: string[]): sys.Sys<number> {
  if (sh.interactive) yield* sys.sigaction(SIGINT, interrupted, { restart: false });
  const status = yield* waitFor(sh, argv.slice(1));
  if (sh.interactive) yield* sys.sigaction(SIGINT, 'ignore');
  return status;
}

/** Catching the signal is all it takes: the wait it interrupts then fails with EINTR. */
function* interrupted(): sys.Sys<void> {}

function* waitFor(sh: Shell, specs: string[]): sys.Sys<number> {
  if (specs.length === 0) {
    for (const job of jobList(sh.jobs)) {
      if (jobState(job) === 'running' && (yield* waitForJob(sh, job)) === 'interrupted') return 128 + SIGINT;
      if (jobState(job) === 'done') removeJob(sh.jobs, job);
    }
    // Children outside any job (none are expected) are collected too.
    yield* reapChildren(sh);
    return 0;
  }
  let status = 0;
  for (const spec of specs) {
    const job = spec.startsWith('%') ? findJob(sh.jobs, spec) : /^[0-9]+$/.test(spec) ? jobOfPid(sh.jobs, Number(spec)) : null;
    if (job === null && Object.hasOwn(sh.jobs.ended, spec)) {
      status = sh.jobs.ended[Number(spec)];
      continue;
    }
    if (job === null || typeof job === 'string') {
      const why = typeof job === 'string' ? `${spec}: ${job}` : /^[0-9]+$/.test(spec) ? `pid ${spec} is not a child of this shell` : `\`${spec}': not a pid or valid job spec`;
      status = yield* fail(sh, 'wait', why, 127);
      continue;
    }
    if ((yield* waitForJob(sh, job)) === 'interrupted') return 128 + SIGINT;
    const proc = job.procs.find((p) => String(p.pid) === spec);
    const state = jobState(job);
    status = state === 'stopped' ? 128 + (job.procs.find((p) => p.state === 'stopped')?.signal ?? 0) : proc ? procStatusOf(proc) : jobStatus(job);
    if (state === 'done') removeJob(sh.jobs, job);
  }
  return status;
}

function procStatusOf(p: Job['procs'][number]): number {
  return p.signal !== null ? 128 + p.signal : (p.code ?? 0);
}

/** kill [-s SIG | -SIG | -n N] pid|%n... and kill -l. */
function* kill(sh: Shell, argv: string[]): sys.Sys<number> {
  let sig = SIGTERM;
  let i = 1;
  const first = argv[1];
  if (first === '-l' || first === '-L') return yield* listSignals(sh, argv.slice(2));
  if (first === '-s' || first === '-n') {
    const parsed = parseSignal(argv[2] ?? '');
    if (parsed === null) return yield* fail(sh, 'kill', `${argv[2] ?? ''}: invalid signal specification`);
    sig = parsed;
    i = 3;
  } else if (first?.startsWith('-') && first !== '--' && first.length > 1) {
    const parsed = parseSignal(first.slice(1));
    if (parsed === null) return yield* fail(sh, 'kill', `${first.slice(1)}: invalid signal specification`);
    sig = parsed;
    i = 2;
  }
  if (argv[i] === '--') i++;
  const targets = argv.slice(i);
  if (targets.length === 0) return yield* fail(sh, 'kill', 'usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]', 2);
  let status = 0;
  for (const target of targets) {
    if (target.startsWith('%')) {
      const job = findJob(sh.jobs, target);
      if (typeof job === 'string') {
        status = yield* fail(sh, 'kill', `${target}: ${job}`);
        continue;
      }
      const r = yield* signalJob(sh, job, sig);
      if (r < 0) status = yield* fail(sh, 'kill', `${target}: ${strerror(r)}`);
    } else if (/^-?[0-9]+$/.test(target)) {
      const r = yield* sys.kill(Number(target), sig);
      if (r < 0) status = yield* fail(sh, 'kill', `(${target}) - ${strerror(r)}`);
    } else {
      status = yield* fail(sh, 'kill', `${target}: arguments must be process or job IDs`);
    }
  }
  return status;
}

function* listSignals(sh: Shell, args: string[]): sys.Sys<number> {
  if (args.length === 0) {
    yield* sys.print(`${signalList().map(([n, name]) => `${String(n).padStart(2)}) ${name}`).join('\n')}\n`);
    return 0;
  }
  let status = 0;
  for (const arg of args) {
    // `kill -l 130` names the signal behind an exit status, as `kill -l $?` is used.
    const n = /^[0-9]+$/.test(arg) ? Number(arg) & 0x7f : parseSignal(arg);
    if (n === null || n === 0 || (/^[0-9]+$/.test(arg) && parseSignal(String(n)) === null)) {
      status = yield* fail(sh, 'kill', `${arg}: invalid signal specification`);
    } else {
      yield* sys.print(/^[0-9]+$/.test(arg) ? `${signalName(n).slice(3)}\n` : `${n}\n`);
    }
  }
  return status;
}

export const JOB_BUILTINS: Record<string, Builtin> = { jobs, fg, bg, wait, kill };
