import { createEventQueue, peekEvent, popEvent, pushEvent } from '../base/events.ts';
import { nextInt, seedRng } from '../base/rng.ts';
import type { Decision, SchedConfig, SchedContext, SchedPolicy, SchedProcInfo } from '../sched/policy.ts';
import type { Burst } from '../sched/workload.ts';

/**
 * OSTEP's model of a scheduler, which is not the kernel's: one CPU, no init, fractional
 * times (scheduler.py has them), and the textbook's order of events at each instant: first
 * the policy's own event (an MLFQ boost), then arrivals (in job order), then I/O
 * completions (in the order issued), then a dispatch if the CPU is idle. The kernel
 * completes I/O before it admits arrivals, so the two differ there by design. It makes the
 * same calls on the policy that the kernel makes (enqueue, pick, charge, shouldPreempt,
 * onBlock, onExit), so the conformance cases exercise the policy code users run, and a
 * property test holds it to the kernel tick for tick wherever the models agree
 * (tests/sim/sched/properties.test.ts). Job i is pid i + 1.
 */
export interface DriverJob {
  arrival: number;
  bursts: Burst[];
  /** Scheduling attributes; `expected` defaults to the job's total CPU. */
  info?: Partial<Omit<SchedProcInfo, 'pid' | 'arrival' | 'cpuTicks'>>;
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

interface JobRun {
  burst: number;
  left: number;
  cpu: number;
  firstRun: number | null;
  finish: number | null;
}

/** The whole run at once: every segment, then each job's figures. */
export function drive<S>(policy: SchedPolicy<S>, cfg: SchedConfig, jobs: readonly DriverJob[], hooks: DriverHooks<S> = {}, seed = 1): DriverResult {
  const segments: Segment[] = [];
  const run = driveSegments(policy, cfg, jobs, hooks, seed);
  for (let step = run.next(); ; step = run.next()) {
    if (step.done) return { segments, jobs: step.value };
    segments.push(step.value);
  }
}

/**
 * The run as it happens: each segment is yielded as soon as it is decided, and the jobs'
 * figures are the return value, so a long trace can be written out without being kept.
 */
export function* driveSegments<S>(
  policy: SchedPolicy<S>,
  cfg: SchedConfig,
  jobs: readonly DriverJob[],
  hooks: DriverHooks<S> = {},
  seed = 1,
): Generator<Segment, DriverJobResult[], undefined> {
  const rng = seedRng(seed);
  const runs: JobRun[] = jobs.map(() => ({ burst: 0, left: 0, cpu: 0, firstRun: null, finish: null }));
  const ctx: SchedContext = {
    now: 0,
    rng,
    info: (pid) => {
      const j = jobs[pid - 1];
      const total = j.bursts.reduce((a, b) => a + (b.kind === 'cpu' ? b.ticks : 0), 0);
      return {
        pid,
        arrival: j.arrival,
        nice: j.info?.nice ?? 0,
        tickets: j.info?.tickets ?? 100,
        priority: j.info?.priority ?? 0,
        expected: j.info?.expected === undefined ? total : j.info.expected,
        cpuTicks: runs[pid - 1].cpu,
        affinity: null,
        currency: j.info?.currency ?? null,
      };
    },
    draw: hooks.draw ?? ((n) => nextInt(rng, n)),
    note: (text) => hooks.onNote?.(ctx.now, text),
    explain: hooks.explain ?? true,
  };
  const s = policy.init(cfg, 1);
  const byArrival = jobs.map((_, i) => i).sort((a, b) => jobs[a].arrival - jobs[b].arrival || a - b);
  const io = createEventQueue();
  let next = 0;
  let done = 0;
  let running: { pid: number; sliceLeft: number | null; reason: string } | null = null;

  const preemptIfWanted = () => {
    if (!running || !policy.shouldPreempt) return;
    if (policy.shouldPreempt(s, running.pid, 0, ctx)) {
      policy.enqueue(s, running.pid, 'preempt', ctx);
      running = null;
    }
  };
  const ready = (pid: number, why: 'arrive' | 'wake') => {
    policy.enqueue(s, pid, why, ctx);
    preemptIfWanted();
  };
  /** Moves a job past finished bursts: it exits, starts I/O, or has CPU left to run. */
  const settleBursts = (i: number): 'cpu' | 'io' | 'exit' => {
    const r = runs[i];
    const bursts = jobs[i].bursts;
    while (r.left <= 0 && r.burst < bursts.length) {
      const b = bursts[r.burst++];
      if (b.kind === 'cpu') r.left = b.ticks;
      else {
        policy.onBlock?.(s, i + 1, ctx);
        pushEvent(io, { tick: ctx.now + b.ticks, kind: 'io', pid: i + 1, token: 0 });
        hooks.onIoStart?.(i, ctx.now, b.ticks);
        return 'io';
      }
    }
    if (r.left > 0) return 'cpu';
    r.finish = ctx.now;
    done++;
    policy.onExit?.(s, i + 1, ctx);
    hooks.onExit?.(i, ctx.now);
    return 'exit';
  };

  while (done < jobs.length) {
    if (policy.nextEvent && policy.onEvent) {
      const t = policy.nextEvent(s, ctx);
      if (t !== null && t <= ctx.now) {
        const text = policy.onEvent(s, ctx);
        hooks.onPolicyEvent?.(ctx.now, text);
        preemptIfWanted();
      }
    }
    while (next < byArrival.length && jobs[byArrival[next]].arrival <= ctx.now) {
      const i = byArrival[next++];
      hooks.onArrive?.(i, ctx.now);
      ready(i + 1, 'arrive');
    }
    for (let ev = peekEvent(io); ev && ev.tick <= ctx.now; ev = peekEvent(io)) {
      popEvent(io);
      hooks.onIoDone?.(ev.pid - 1, ctx.now);
      ready(ev.pid, 'wake');
    }
    if (!running) {
      const d: Decision | null = policy.pick(s, 0, ctx);
      if (d) {
        running = { pid: d.pid, sliceLeft: d.slice, reason: d.reason };
        const r = runs[d.pid - 1];
        r.firstRun ??= ctx.now;
      }
    }
    const until = nextInstant(policy, s, ctx, jobs, byArrival, next, io);
    if (!running) {
      if (until === null) break; // nothing will ever happen again: a policy that refuses to pick
      hooks.onIdle?.(ctx.now, until);
      ctx.now = until;
      continue;
    }
    const cur = running;
    const i = cur.pid - 1;
    const r = runs[i];
    if (r.left <= 0 && settleBursts(i) !== 'cpu') {
      // Its first burst needs no CPU: it starts an I/O at once, or (a zero-length job)
      // "runs" for 0 and is done, which OSTEP shows as a slice of length 0.
      if (r.finish !== null) yield { job: i, start: ctx.now, ticks: 0, done: true, reason: cur.reason };
      running = null;
      continue;
    }
    let d = r.left;
    if (cur.sliceLeft !== null) d = Math.min(d, cur.sliceLeft);
    if (until !== null) d = Math.min(d, until - ctx.now);
    hooks.onRun?.(i, ctx.now, d, s);
    const start = ctx.now;
    policy.charge(s, cur.pid, d, ctx);
    r.left -= d;
    r.cpu += d;
    if (cur.sliceLeft !== null) cur.sliceLeft -= d;
    ctx.now += d;
    const after = r.left <= 0 ? settleBursts(i) : 'cpu';
    yield { job: i, start, ticks: d, done: after === 'exit', reason: cur.reason };
    if (after !== 'cpu') running = null;
    else if (cur.sliceLeft !== null && cur.sliceLeft <= 0) {
      policy.enqueue(s, cur.pid, 'preempt', ctx);
      running = null;
    }
  }
  return runs.map((r, i) => ({ arrival: jobs[i].arrival, firstRun: r.firstRun, finish: r.finish, cpu: r.cpu }));
}

/** The next instant after now at which an arrival, an I/O completion or a policy event falls. */
function nextInstant<S>(
  policy: SchedPolicy<S>,
  s: S,
  ctx: SchedContext,
  jobs: readonly DriverJob[],
  byArrival: number[],
  next: number,
  io: ReturnType<typeof createEventQueue>,
): number | null {
  let t: number | null = next < byArrival.length ? jobs[byArrival[next]].arrival : null;
  const ev = peekEvent(io);
  if (ev && (t === null || ev.tick < t)) t = ev.tick;
  const pe = policy.nextEvent?.(s, ctx) ?? null;
  if (pe !== null && pe > ctx.now && (t === null || pe < t)) t = pe;
  return t;
}
