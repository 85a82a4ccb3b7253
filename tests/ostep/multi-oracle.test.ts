import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solve } from '../../src/sim/ostep/index.ts';
import type { MultiInput } from '../../src/sim/ostep/multi.ts';

/**
 * multi.py's rules as the conformance README states them, one tick at a time with plain
 * arrays: no scheduling loop, no policy object, no cache module. The solver (the shared
 * loop stepping many ticks at once, the `multi` policy, sched/cpu-cache.ts) must agree
 * with it on every field of the answer, trace included.
 */
function oracle(p: MultiInput): unknown {
  const n = p.jobs.length;
  const left = p.jobs.map((j) => j.runTime);
  const finish: (number | null)[] = Array(n).fill(null);
  const anyCpu = (j: number, c: number) => p.jobs[j].affinity.length === 0 || p.jobs[j].affinity.includes(c);
  const queues: number[][] = p.perCpuQueues ? Array.from({ length: p.numCpus }, () => []) : [[]];
  if (p.perCpuQueues) {
    const unassigned = p.jobs.map((_, j) => j);
    while (unassigned.length > 0) {
      for (let c = 0; c < p.numCpus; c++) {
        const k = unassigned.findIndex((j) => anyCpu(j, c));
        if (k >= 0) queues[c].push(unassigned.splice(k, 1)[0]);
      }
    }
  } else queues[0] = p.jobs.map((_, j) => j);
  const qOf = (c: number) => queues[p.perCpuQueues ? c : 0];
  const names = (js: number[]) => js.map((j) => p.jobs[j].name);
  const initialQueues = queues.map(names);
  const running: (number | null)[] = Array(p.numCpus).fill(null);
  const warm: number[][] = Array.from({ length: p.numCpus }, () => []);
  const warming: { job: number; left: number }[][] = Array.from({ length: p.numCpus }, () => []);
  const busy = Array(p.numCpus).fill(0);
  const warmTicks = Array(p.numCpus).fill(0);
  const evict = (c: number) => {
    while (warm[c].reduce((a, j) => a + p.jobs[j].workingSet, 0) > p.cacheSize) warming[c].push({ job: warm[c].pop()!, left: p.warmupTime });
  };
  const trace: unknown[] = [];
  let victim = 0;
  let done = 0;
  for (let t = 0; done < n; t++) {
    if (t > 20_000) return { error: 'stuck' };
    if (t > 0 && t % p.quantum === 0) {
      for (let c = 0; c < p.numCpus; c++) {
        if (running[c] === null) continue;
        qOf(c).push(running[c]!);
        running[c] = null;
      }
    }
    if (p.perCpuQueues && p.peekInterval > 0 && t > 0 && t % p.peekInterval === 0) {
      for (let c = 0; c < p.numCpus; c++) {
        if (queues[c].length > 0) continue;
        if (victim >= p.stealVictims.length) return { error: 'out of victims' };
        const v = p.stealVictims[victim++];
        const k = queues[v].findIndex((j) => p.jobs[j].affinity.length === 0 || p.jobs[j].runTime === c || p.jobs[j].workingSet === c);
        if (k >= 0) queues[c].push(queues[v].splice(k, 1)[0]);
      }
    }
    for (let c = 0; c < p.numCpus; c++) {
      if (running[c] !== null) continue;
      const q = qOf(c);
      const k = q.findIndex((j) => anyCpu(j, c));
      if (k < 0) continue;
      const j = q.splice(k, 1)[0];
      running[c] = j;
      if (!warm[c].includes(j) && !warming[c].some((w) => w.job === j)) {
        if (p.warmupTime === 0) {
          warm[c].unshift(j);
          evict(c);
        } else warming[c].push({ job: j, left: p.warmupTime });
      }
    }
    const cpus: { job: string | null; timeLeft: number | null }[] = [];
    for (let c = 0; c < p.numCpus; c++) {
      const j = running[c];
      if (j === null) {
        cpus.push({ job: null, timeLeft: null });
        continue;
      }
      const rate = warm[c].includes(j) ? p.warmRate : 1;
      left[j] = Math.max(0, left[j] - rate);
      busy[c]++;
      if (rate > 1) warmTicks[c]++;
      const w = warming[c].findIndex((x) => x.job === j);
      if (w >= 0 && --warming[c][w].left <= 0) {
        warming[c].splice(w, 1);
        warm[c].unshift(j);
        evict(c);
      }
      cpus.push({ job: p.jobs[j].name, timeLeft: left[j] });
      if (left[j] === 0) {
        finish[j] = t + 1;
        done++;
        running[c] = null;
      }
    }
    trace.push({ t, cpus, cache: warm.map((w) => names([...w].sort((a, b) => a - b))), queues: queues.map(names) });
  }
  const finishTime = trace.length;
  const pct = (x: number) => (finishTime > 0 ? (100 * x) / finishTime : 0);
  return {
    finishTime,
    jobs: p.jobs.map((j, i) => ({ name: j.name, finish: finish[i] })),
    cpus: busy.map((b, c) => ({ utilization: pct(b), warm: pct(warmTicks[c]) })),
    initialQueues,
    trace,
  };
}

const problem: fc.Arbitrary<MultiInput> = fc.integer({ min: 1, max: 4 }).chain((numCpus) =>
  fc.record({
    numCpus: fc.constant(numCpus),
    quantum: fc.integer({ min: 1, max: 8 }),
    perCpuQueues: fc.boolean(),
    peekInterval: fc.integer({ min: 0, max: 12 }),
    warmupTime: fc.integer({ min: 0, max: 6 }),
    warmRate: fc.integer({ min: 1, max: 4 }),
    cacheSize: fc.integer({ min: 0, max: 200 }),
    jobs: fc.array(
      fc.record({
        name: fc.string({ minLength: 1, maxLength: 3 }),
        runTime: fc.integer({ min: 0, max: 40 }),
        workingSet: fc.integer({ min: 0, max: 150 }),
        affinity: fc.oneof(fc.constant([] as number[]), fc.uniqueArray(fc.integer({ min: 0, max: numCpus - 1 }), { minLength: 1, maxLength: numCpus })),
      }),
      { maxLength: 7 },
    ),
    stealVictims: fc.array(fc.integer({ min: 0, max: numCpus - 1 }), { minLength: 400, maxLength: 400 }),
  }),
);

describe('the multi solver against multi.py rules read directly', () => {
  it('agrees on every field of the answer, trace included, on random small problems', () => {
    fc.assert(
      fc.property(problem, (p) => {
        const want = oracle(p);
        const got = solve('multi', p) as Record<string, unknown>;
        // A run that cannot finish is an error for both (the solver says why; the model only that it stopped).
        if ('error' in (want as object)) expect(got).toHaveProperty('error');
        else expect(got).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });
});

describe('the multi solver on bad input', () => {
  const ok: MultiInput = {
    numCpus: 2,
    quantum: 10,
    perCpuQueues: false,
    peekInterval: 0,
    warmupTime: 10,
    warmRate: 2,
    cacheSize: 100,
    jobs: [{ name: 'a', runTime: 10, workingSet: 50, affinity: [] }],
    stealVictims: [],
  };
  const err = (input: unknown) => (solve('multi', input) as { error?: string }).error;

  it('names the field that is wrong', () => {
    expect(err(null)).toContain('input: expected an object');
    expect(err({ ...ok, numCpus: 0 })).toContain('numCpus: expected an integer from 1 to 1024');
    expect(err({ ...ok, quantum: 0.5 })).toContain('quantum: expected an integer >= 1');
    expect(err({ ...ok, perCpuQueues: 'yes' })).toContain('perCpuQueues: expected true or false');
    expect(err({ ...ok, warmRate: 0 })).toContain('warmRate: expected a number > 0');
    expect(err({ ...ok, jobs: [{ name: 'a', runTime: -1, workingSet: 0, affinity: [] }] })).toContain('jobs[0].runTime');
    expect(err({ ...ok, jobs: [{ name: 'a', runTime: 1, workingSet: 0, affinity: [2] }] })).toContain('jobs[0].affinity: expected a list of CPUs from 0 to 1');
    expect(err({ ...ok, stealVictims: [5] })).toContain('stealVictims: expected a list of CPUs from 0 to 1');
    expect(err({ ...ok, jobs: [{ name: 'a', runTime: 1e9, workingSet: 0, affinity: [] }] })).toContain('more than the');
  });

  it('says when the recorded steal victims run out rather than inventing more', () => {
    const p = { ...ok, perCpuQueues: true, peekInterval: 5, jobs: [{ name: 'a', runTime: 30, workingSet: 0, affinity: [] }], stealVictims: [0] };
    expect(err(p)).toContain('stealVictims: the run needs more than the 1 victims given (at tick 5)');
  });

  it('refuses a problem whose jobs can never run rather than running forever', () => {
    // c may run only on cpu 1, but multi.py's test lets cpu 0 steal it (its working set, 0, is
    // cpu 0's number); there it waits for good, while cpu 1 peeks at an empty queue.
    const p = {
      ...ok,
      perCpuQueues: true,
      peekInterval: 2,
      jobs: [
        { name: 'a', runTime: 1, workingSet: 0, affinity: [0] },
        { name: 'b', runTime: 3, workingSet: 0, affinity: [1] },
        { name: 'c', runTime: 9, workingSet: 0, affinity: [1] },
      ],
      stealVictims: [1, 1, 1, 1, 1, 1, 1, 1],
    };
    expect(err(p)).toContain('stealVictims: the run needs more than the 8 victims given');
  });
});
