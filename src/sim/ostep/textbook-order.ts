import { createEventQueue, pushEvent } from '../base/events.ts';
import { nextInt, seedRng } from '../base/rng.ts';
import { type LoopCpu, type LoopHost, type LoopRules, ready, settleInstant, step } from '../sched/loop.ts';
import type { SchedConfig, SchedContext, SchedPolicy, SchedProcInfo } from '../sched/policy.ts';
import type { Burst } from '../sched/workload.ts';

/**
 * OSTEP's model of a scheduler, run on the kernel's scheduling loop (sched/loop.ts): one
 * CPU, no init, jobs that are only bursts of CPU and I/O, and the loop's two rules set as
 * scheduler.py, mlfq.py and lottery.py have them: at one instant arrivals (in job order)
 * come before I/O completions (in the order issued), and time is real (scheduler.py's job
 * lengths may be fractional). The policy objects are the kernel's, so the conformance
 * cases exercise the code users run, and a property test holds this to the kernel tick
 * for tick wherever the rules agree (tests/sim/sched/properties.test.ts). Job i is pid i + 1.
 */
export const TEXTBOOK_RULES: LoopRules = { order: 'arrivals-first', time: 'real' };

export interface DriverJob {
  arrival: number;
  bursts: Burst[];
  /** Scheduling attributes; `expected` defaults to the job's total CPU. */
  info?: Partial<Omit<SchedProcInfo, 'pid' | 'arrival' | 'cpuTicks'>>;
}

/**
 * The jobs as the driver reads them: by index, so a long workload can be described
 * without an object per job. `bursts` may make its answer afresh on each call.
 */
export interface DriverWorkload {
  readonly count: number;
  arrival(job: number): number;
  bursts(job: number): readonly Burst[];
  info?(job: number): DriverJob['info'];
}

/** One stretch of a job on the CPU. */
export interface Segment {
  job: number;
  start: number;
  ticks: number;
  /** The job finished at the end of it. */
  done: boolean;
  reason: string;
}

export interface DriverHooks<S> {
  /** Replaces the seeded draw (the lottery's random numbers). */
  draw?: (n: number) => number;
  onPolicyEvent?: (t: number, text: string | null) => void;
  onArrive?: (job: number, t: number) => void;
  onIoDone?: (job: number, t: number) => void;
  onIdle?: (from: number, to: number) => void;
  /** A job is about to run `ticks` from `start`; the policy state is as it was dispatched. */
  onRun?: (job: number, start: number, ticks: number, state: S) => void;
  onExit?: (job: number, t: number) => void;
  onIoStart?: (job: number, t: number, ticks: number) => void;
  onNote?: (t: number, text: string) => void;
  /** Whether decisions carry their reasons in words (default true); without, a long run keeps no text per slice. */
  explain?: boolean;
}

export interface DriverJobResult {
  arrival: number;
  firstRun: number | null;
  finish: number | null;
  cpu: number;
}

export interface DriverResult {
  segments: Segment[];
  jobs: DriverJobResult[];
}

/** Each job's figures at the end of a run, one number per job (NaN: it never ran, or never finished). */
export interface JobFigures {
  firstRun: Float64Array;
  finish: Float64Array;
  cpu: Float64Array;
}

/** A workload held as one object per job. */
export function workloadOf(jobs: readonly DriverJob[]): DriverWorkload {
  return { count: jobs.length, arrival: (i) => jobs[i].arrival, bursts: (i) => jobs[i].bursts, info: (i) => jobs[i].info };
}

/** The whole run at once: every segment, then each job's figures. */
export function drive<S>(
  policy: SchedPolicy<S>,
  cfg: SchedConfig,
  jobs: readonly DriverJob[],
  hooks: DriverHooks<S> = {},
  seed = 1,
  rules = TEXTBOOK_RULES,
): DriverResult {
  const segments: Segment[] = [];
  const run = driveSegments(policy, cfg, workloadOf(jobs), hooks, seed, rules);
  for (let step = run.next(); ; step = run.next()) {
    if (!step.done) {
      segments.push(step.value);
      continue;
    }
    const f = step.value;
    const orNull = (x: number) => (Number.isNaN(x) ? null : x);
    return { segments, jobs: jobs.map((j, i) => ({ arrival: j.arrival, firstRun: orNull(f.firstRun[i]), finish: orNull(f.finish[i]), cpu: f.cpu[i] })) };
  }
}

/**
 * The run as it happens: each segment is yielded as soon as it is decided, and the jobs'
 * figures are the return value. What is kept per job is a few numbers in typed arrays, so
 * a long run holds no object per job and a long trace can be written out without being kept.
 * `rules` are OSTEP's unless given (a test runs the same jobs under the kernel's).
 */
export function* driveSegments<S>(
  policy: SchedPolicy<S>,
  cfg: SchedConfig,
  jobs: DriverWorkload,
  hooks: DriverHooks<S> = {},
  seed = 1,
  rules: LoopRules = TEXTBOOK_RULES,
): Generator<Segment, JobFigures, undefined> {
  const n = jobs.count;
  const rng = seedRng(seed);
  /** Index of the next burst to start, and what is left of the current CPU burst. */
  const burst = new Uint32Array(n);
  const left = new Float64Array(n);
  const fig: JobFigures = { firstRun: new Float64Array(n).fill(Number.NaN), finish: new Float64Array(n).fill(Number.NaN), cpu: new Float64Array(n) };
  const cpuTotal = (i: number) => {
    const bursts = jobs.bursts(i);
    let total = 0;
    for (let k = 0; k < bursts.length; k++) if (bursts[k].kind === 'cpu') total += bursts[k].ticks;
    return total;
  };
  const ctx: SchedContext = {
    now: 0,
    rng,
    info: (pid) => {
      const i = pid - 1;
      const info = jobs.info?.(i);
      return {
        pid,
        arrival: jobs.arrival(i),
        nice: info?.nice ?? 0,
        tickets: info?.tickets ?? 100,
        priority: info?.priority ?? 0,
        expected: info?.expected === undefined ? cpuTotal(i) : info.expected,
        cpuTicks: fig.cpu[i],
        affinity: null,
        currency: info?.currency ?? null,
      };
    },
    draw: hooks.draw ?? ((k) => nextInt(rng, k)),
    note: (text) => hooks.onNote?.(ctx.now, text),
    explain: hooks.explain ?? true,
    decision: null,
  };
  const s = policy.init(cfg, 1);
  const byArrival = arrivalOrder(jobs);
  const io = createEventQueue();
  const cpu: LoopCpu = { id: 0, running: null, sliceLeft: null, switchLeft: 0 };
  let next = 0;
  let done = 0;
  /** The dispatch's reason, which each of its segments carries. */
  let reason = '';
  /** The segments made since the last one was handed out: a zero-length exit, then the step's run. */
  const made: Segment[] = [];
  let runStart = 0;
  let runTicks = 0;
  let runReason = '';

  /** Moves a job past finished bursts: it exits, starts I/O, or has CPU left to run. */
  const settleBursts = (i: number): 'cpu' | 'io' | 'exit' => {
    const bursts = jobs.bursts(i);
    while (left[i] <= 0 && burst[i] < bursts.length) {
      const b = bursts[burst[i]++];
      if (b.kind === 'cpu') left[i] = b.ticks;
      else {
        policy.onBlock?.(s, i + 1, ctx);
        pushEvent(io, { tick: ctx.now + b.ticks, kind: 'io', pid: i + 1, token: 0 });
        hooks.onIoStart?.(i, ctx.now, b.ticks);
        return 'io';
      }
    }
    if (left[i] > 0) return 'cpu';
    fig.finish[i] = ctx.now;
    done++;
    policy.onExit?.(s, i + 1, ctx);
    hooks.onExit?.(i, ctx.now);
    return 'exit';
  };

  const host: LoopHost<S> = {
    rules,
    policy,
    data: s,
    ctx,
    cpus: [cpu],
    timers: io,
    fire: (ev) => {
      hooks.onIoDone?.(ev.pid - 1, ctx.now);
      ready(host, ev.pid, 'wake');
    },
    nextArrival: () => (next < n ? jobs.arrival(byArrival[next]) : null),
    admitArrivals: () => {
      while (next < n && jobs.arrival(byArrival[next]) <= ctx.now) {
        const i = byArrival[next++];
        hooks.onArrive?.(i, ctx.now);
        ready(host, i + 1, 'arrive');
      }
    },
    start: (c, d) => {
      const i = d.pid - 1;
      c.running = d.pid;
      c.sliceLeft = d.slice;
      reason = d.reason;
      if (Number.isNaN(fig.firstRun[i])) fig.firstRun[i] = ctx.now;
      if (left[i] > 0 || settleBursts(i) === 'cpu') return;
      // Its first burst needs no CPU: it starts an I/O at once, or (a zero-length job)
      // "runs" for 0 and is done, which OSTEP shows as a slice of length 0.
      if (!Number.isNaN(fig.finish[i])) made.push({ job: i, start: ctx.now, ticks: 0, done: true, reason });
      c.running = null;
    },
    beforeStep: () => {},
    burstLeft: (c) => left[c.running! - 1],
    pass: (c, ticks) => {
      if (c.running === null) {
        hooks.onIdle?.(ctx.now, ctx.now + ticks);
        return;
      }
      const i = c.running - 1;
      hooks.onRun?.(i, ctx.now, ticks, s);
      left[i] -= ticks;
      fig.cpu[i] += ticks;
      runStart = ctx.now;
      runTicks = ticks;
      runReason = reason;
    },
    burstDone: (c) => {
      const i = c.running! - 1;
      if (settleBursts(i) !== 'cpu') c.running = null;
    },
    preempt: (c, _why) => {
      const pid = c.running!;
      c.running = null;
      c.sliceLeft = null;
      ready(host, pid, 'preempt');
    },
    policyEvent: (text) => hooks.onPolicyEvent?.(ctx.now, text),
    moveTo: (t) => {
      ctx.now = t;
    },
  };

  while (done < n) {
    settleInstant(host);
    if (made.length > 0) {
      for (const sg of made) yield sg;
      made.length = 0;
    }
    if (done >= n) break;
    const pid = cpu.running;
    if (!step(host, Number.POSITIVE_INFINITY)) break; // nothing will ever happen again: a policy that refuses to pick
    if (pid !== null) yield { job: pid - 1, start: runStart, ticks: runTicks, done: !Number.isNaN(fig.finish[pid - 1]), reason: runReason };
  }
  return fig;
}

/** Job indices in order of arrival, ties in job order. */
function arrivalOrder(jobs: DriverWorkload): Uint32Array {
  const order = new Uint32Array(jobs.count);
  let sorted = true;
  for (let i = 0; i < jobs.count; i++) {
    order[i] = i;
    if (i > 0 && jobs.arrival(i) < jobs.arrival(i - 1)) sorted = false;
  }
  // Arrivals are often already in order (all at 0, as in scheduler.py): no sort needed then.
  return sorted ? order : order.sort((a, b) => jobs.arrival(a) - jobs.arrival(b) || a - b);
}
