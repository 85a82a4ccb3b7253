import { createEventQueue } from '../base/events.ts';
import { seedRng } from '../base/rng.ts';
import { type CacheParams, type CpuCache, cacheDispatch, cacheRan, createCache, ticksUntilWarm, workRate } from '../sched/cpu-cache.ts';
import { type LoopCpu, type LoopHost, type LoopRules, ready, settleInstant, step } from '../sched/loop.ts';
import { type MultiState, multi } from '../sched/multi.ts';
import { queuePids } from '../sched/pidqueue.ts';
import type { SchedContext } from '../sched/policy.ts';
import { writtenSequence } from './answer.ts';
import type { JsonWriter } from './json-writer.ts';

/**
 * OSTEP cpu-sched-multi/multi.py: jobs on several CPUs, each with a cache that a job must
 * warm before it runs fast. The run is the kernel's scheduling loop (sched/loop.ts) with
 * the `multi` policy (sched/multi.ts: a central queue or per-CPU queues, the quantum on
 * the clock, peek-and-steal) and each CPU's cache (sched/cpu-cache.ts); this file is only
 * the host: it holds the jobs' work left, runs it at the rate the cache allows, and writes
 * multi.py's trace.
 *
 * The loop moves time in whole ticks and as far as it can at once: to the next quantum
 * boundary, peek, job end, or the tick a warming job turns warm (its rate changes then).
 * A job of run time 0 still takes one tick, as in multi.py. Job i is pid i + 1.
 */
export const MULTI_RULES: LoopRules = { order: 'arrivals-first', time: 'ticks' };

/** Past this much work (ticks of run time, a zero-length job counting 1) a problem is refused, not run for hours. */
export const MULTI_MAX_WORK = 50_000_000;

export interface MultiJob {
  name: string;
  runTime: number;
  workingSet: number;
  /** CPUs it may run on; empty = any. */
  affinity: number[];
}

export interface MultiInput {
  numCpus: number;
  quantum: number;
  perCpuQueues: boolean;
  peekInterval: number;
  warmupTime: number;
  warmRate: number;
  cacheSize: number;
  jobs: MultiJob[];
  stealVictims: number[];
}

const isInt = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isNum = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isFinite(v) && v >= min;

export function parseMulti(input: unknown): MultiInput | { error: string } {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { error: 'input: expected an object' };
  const o = input as Record<string, unknown>;
  const { numCpus, quantum, perCpuQueues, peekInterval, warmupTime, warmRate, cacheSize } = o;
  if (!isInt(numCpus, 1, 1024)) return { error: `numCpus: expected an integer from 1 to 1024, got ${JSON.stringify(numCpus)}` };
  if (!isInt(quantum, 1)) return { error: `quantum: expected an integer >= 1, got ${JSON.stringify(quantum)}` };
  if (typeof perCpuQueues !== 'boolean') return { error: `perCpuQueues: expected true or false, got ${JSON.stringify(perCpuQueues)}` };
  if (!isInt(peekInterval, 0)) return { error: `peekInterval: expected an integer >= 0 (0 = never steal), got ${JSON.stringify(peekInterval)}` };
  if (!isInt(warmupTime, 0)) return { error: `warmupTime: expected an integer >= 0, got ${JSON.stringify(warmupTime)}` };
  if (!(isNum(warmRate, 0) && warmRate > 0)) return { error: `warmRate: expected a number > 0, got ${JSON.stringify(warmRate)}` };
  if (!isNum(cacheSize, 0)) return { error: `cacheSize: expected a number >= 0, got ${JSON.stringify(cacheSize)}` };
  if (!Array.isArray(o.jobs)) return { error: 'jobs: expected an array of {name, runTime, workingSet, affinity}' };
  const jobs: MultiJob[] = [];
  let work = 0;
  for (const [i, j] of o.jobs.entries()) {
    const at = `jobs[${i}]`;
    if (!j || typeof j !== 'object') return { error: `${at}: expected {name, runTime, workingSet, affinity}` };
    const { name, runTime, workingSet, affinity = [] } = j as Record<string, unknown>;
    if (typeof name !== 'string') return { error: `${at}.name: expected a string, got ${JSON.stringify(name)}` };
    if (!isNum(runTime, 0)) return { error: `${at}.runTime: expected a number >= 0, got ${JSON.stringify(runTime)}` };
    if (!isNum(workingSet, 0)) return { error: `${at}.workingSet: expected a number >= 0, got ${JSON.stringify(workingSet)}` };
    if (!Array.isArray(affinity) || !affinity.every((c) => isInt(c, 0, numCpus - 1))) {
      return { error: `${at}.affinity: expected a list of CPUs from 0 to ${numCpus - 1} ([] = any), got ${JSON.stringify(affinity)}` };
    }
    work += Math.max(1, runTime);
    jobs.push({ name, runTime, workingSet, affinity: affinity as number[] });
  }
  if (work > MULTI_MAX_WORK) return { error: `jobs: ${work} ticks of work in all, more than the ${MULTI_MAX_WORK} this simulator runs` };
  const victims = o.stealVictims ?? [];
  if (!Array.isArray(victims) || !victims.every((v) => isInt(v, 0, numCpus - 1))) {
    return { error: `stealVictims: expected a list of CPUs from 0 to ${numCpus - 1}, got ${JSON.stringify(o.stealVictims)}` };
  }
  return { numCpus, quantum, perCpuQueues, peekInterval, warmupTime, warmRate, cacheSize, jobs, stealVictims: victims as number[] };
}

/** One tick of multi.py's trace. */
export interface MultiRow {
  t: number;
  cpus: { job: string | null; timeLeft: number | null }[];
  /** Per CPU, the warm jobs in job order. */
  cache: string[][];
  /** The queues at the end of the tick. */
  queues: string[][];
}

export interface MultiSummary {
  finishTime: number;
  jobs: { name: string; finish: number }[];
  /** Per CPU, busy ticks and ticks run warm (faster than cold). */
  busy: number[];
  warm: number[];
  initialQueues: string[][];
}

/** What ran on a CPU during one step: the job, its work left before, and the rate. */
interface Stretch {
  pid: number;
  before: number;
  rate: number;
}

/**
 * The run: yields the trace a step at a time when `trace` is set (rows for every tick of
 * the step), and returns the summary, or the reason it cannot finish.
 */
export function* runMulti(p: MultiInput, trace: boolean): Generator<MultiRow, MultiSummary | { error: string }, undefined> {
  const n = p.jobs.length;
  const cpuCount = p.numCpus;
  const left = Float64Array.from(p.jobs, (j) => j.runTime);
  const finish = new Float64Array(n).fill(Number.NaN);
  /** The job ran its last tick in this step; the loop hears so at burstDone. */
  const ended = new Uint8Array(n);
  const busy = new Array<number>(cpuCount).fill(0);
  const warmTicks = new Array<number>(cpuCount).fill(0);
  const params: CacheParams = { size: p.cacheSize, warmupTime: p.warmupTime, warmRate: p.warmRate };
  const caches: CpuCache[] = Array.from({ length: cpuCount }, createCache);
  const ws = (pid: number) => p.jobs[pid - 1].workingSet;
  let victim = 0;
  let failure: string | null = null;
  const ctx: SchedContext = {
    now: 0,
    rng: seedRng(1),
    info: (pid) => {
      const j = p.jobs[pid - 1];
      return {
        pid,
        arrival: 0,
        nice: 0,
        tickets: 100,
        priority: 0,
        expected: j.runTime,
        cpuTicks: j.runTime - left[pid - 1],
        affinity: j.affinity.length ? j.affinity : null,
        currency: null,
        workingSet: j.workingSet,
      };
    },
    // multi.py draws each steal's victim as it runs; the input recorded them in order.
    draw: () => {
      if (victim < p.stealVictims.length) return p.stealVictims[victim++];
      failure ??= `stealVictims: the run needs more than the ${p.stealVictims.length} victims given (at tick ${ctx.now})`;
      return -1;
    },
    note: () => {},
    explain: false,
    decision: null,
  };
  const cfg = {
    policy: 'multi',
    quantum: p.quantum,
    options: { queues: p.perCpuQueues ? 'per-cpu' : 'central', peekInterval: p.peekInterval, stealRule: 'multi.py' },
  };
  const policy = multi;
  const data: MultiState = policy.init(cfg, cpuCount);
  const cpus: LoopCpu[] = Array.from({ length: cpuCount }, (_, id) => ({ id, running: null, sliceLeft: null, switchLeft: 0 }));
  const ran: (Stretch | null)[] = Array(cpuCount).fill(null);
  const names = (pids: readonly number[]) => pids.map((pid) => p.jobs[pid - 1].name);
  const queueRow = () => data.queues.map((q) => names(queuePids(q)));
  const cacheRow = () => caches.map((c) => names([...c.warm].sort((a, b) => a - b)));
  let cacheBefore: string[][] = [];
  const made: MultiRow[] = [];
  let admitted = false;
  let done = 0;

  const host: LoopHost<MultiState> = {
    rules: MULTI_RULES,
    policy,
    data,
    ctx,
    cpus,
    timers: createEventQueue(),
    fire: () => {},
    nextArrival: () => (admitted ? null : 0),
    admitArrivals: () => {
      if (admitted) return;
      admitted = true;
      for (let i = 0; i < n; i++) ready(host, i + 1, 'arrive');
    },
    start: (cpu, d) => {
      cpu.running = d.pid;
      cpu.sliceLeft = d.slice;
      cacheDispatch(caches[cpu.id], params, d.pid, ws);
    },
    beforeStep: () => {
      if (trace) cacheBefore = cacheRow();
    },
    burstLeft: (cpu) => {
      const pid = cpu.running!;
      if (ended[pid - 1]) return 0;
      const c = caches[cpu.id];
      // Every tick the job runs counts, one of run time 0 included; and the step stops
      // where the job turns warm, since its rate changes there.
      const work = Math.max(1, Math.ceil(left[pid - 1] / workRate(c, params, pid)));
      const warming = ticksUntilWarm(c, pid);
      return warming === null ? work : Math.min(work, warming);
    },
    pass: (cpu, ticks) => {
      const pid = cpu.running;
      if (pid === null) {
        ran[cpu.id] = null;
        return;
      }
      const c = caches[cpu.id];
      const rate = workRate(c, params, pid);
      const before = left[pid - 1];
      left[pid - 1] = Math.max(0, before - ticks * rate);
      busy[cpu.id] += ticks;
      if (rate > 1) warmTicks[cpu.id] += ticks;
      cacheRan(c, params, pid, ticks, ws);
      if (left[pid - 1] === 0) ended[pid - 1] = 1;
      ran[cpu.id] = { pid, before, rate };
    },
    burstDone: (cpu) => {
      const pid = cpu.running!;
      if (!ended[pid - 1]) return;
      finish[pid - 1] = ctx.now;
      done++;
      policy.onExit?.(data, pid, ctx);
      cpu.running = null;
      cpu.sliceLeft = null;
    },
    preempt: (cpu) => {
      const pid = cpu.running!;
      cpu.running = null;
      cpu.sliceLeft = null;
      ready(host, pid, 'preempt');
    },
    policyEvent: () => {},
    moveTo: (t) => {
      if (trace) {
        // The rows of the ticks just run: work left falls by the rate each tick; the caches
        // change only at the step's last tick, and the queues not at all within it.
        const from = ctx.now;
        const cacheAfter = cacheRow();
        const queues = queueRow();
        for (let tick = from; tick < t; tick++) {
          const k = tick - from + 1;
          made.push({
            t: tick,
            cpus: ran.map((r) => (r === null ? { job: null, timeLeft: null } : { job: p.jobs[r.pid - 1].name, timeLeft: k === t - from ? left[r.pid - 1] : Math.max(0, r.before - k * r.rate) })),
            cache: tick === t - 1 ? cacheAfter : cacheBefore,
            queues,
          });
        }
      }
      ctx.now = t;
    },
  };

  host.admitArrivals();
  const initialQueues = queueRow();
  while (done < n) {
    settleInstant(host);
    if (failure) return { error: failure };
    if (cpus.every((c) => c.running === null) && (data.peekInterval === 0 || !data.perCpu || data.queues.every((q) => q.size > 0))) {
      return { error: `jobs ${stuck(p, finish)} can never run: every CPU is idle and no queue holding them belongs to a CPU they may run on` };
    }
    step(host, Number.POSITIVE_INFINITY);
    if (failure) return { error: failure };
    for (const row of made) yield row;
    made.length = 0;
  }
  return {
    finishTime: ctx.now,
    jobs: p.jobs.map((j, i) => ({ name: j.name, finish: finish[i] })),
    busy,
    warm: warmTicks,
    initialQueues,
  };
}

function stuck(p: MultiInput, finish: Float64Array): string {
  return p.jobs
    .filter((_, i) => Number.isNaN(finish[i]))
    .map((j) => j.name)
    .join(', ');
}

/** Per cent of the run's length, or 0 for a run of no length. */
const percent = (ticks: number, of: number) => (of > 0 ? (100 * ticks) / of : 0);

export function solveMulti(input: unknown): unknown {
  const p = parseMulti(input);
  if ('error' in p) return p;
  // A first run without the trace settles the answer and any error before a row is
  // written; the trace then comes from a second run, a step at a time as it is read.
  const run = runMulti(p, false);
  let r = run.next();
  while (!r.done) r = run.next();
  const summary = r.value;
  if ('error' in summary) return summary;
  return {
    finishTime: summary.finishTime,
    jobs: summary.jobs,
    cpus: summary.busy.map((b, c) => ({ utilization: percent(b, summary.finishTime), warm: percent(summary.warm[c], summary.finishTime) })),
    initialQueues: summary.initialQueues,
    trace: writtenSequence(
      (function* () {
        yield* runMulti(p, true);
      })(),
      writeRow,
    ),
  };
}

function writeNames(w: JsonWriter, names: readonly string[]): void {
  w.byte(91);
  for (let i = 0; i < names.length; i++) {
    if (i > 0) w.byte(44);
    w.str(names[i]);
  }
  w.byte(93);
}

// A trace row as JSON.stringify writes it.
function writeRow(w: JsonWriter, r: MultiRow): void {
  w.raw('{"t":');
  w.num(r.t);
  w.raw(',"cpus":[');
  for (let i = 0; i < r.cpus.length; i++) {
    if (i > 0) w.byte(44);
    const c = r.cpus[i];
    if (c.job === null) w.raw('{"job":null,"timeLeft":null}');
    else {
      w.raw('{"job":');
      w.str(c.job);
      w.raw(',"timeLeft":');
      w.numOrNull(c.timeLeft);
      w.byte(125);
    }
  }
  w.raw('],"cache":[');
  for (let i = 0; i < r.cache.length; i++) {
    if (i > 0) w.byte(44);
    writeNames(w, r.cache[i]);
  }
  w.raw('],"queues":[');
  for (let i = 0; i < r.queues.length; i++) {
    if (i > 0) w.byte(44);
    writeNames(w, r.queues[i]);
  }
  w.raw(']}');
}
