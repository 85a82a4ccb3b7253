import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stateHash } from '../../../src/sim/base/hash.ts';
import { logItems } from '../../../src/sim/base/ringlog.ts';
import { advance } from '../../../src/sim/kernel/kernel.ts';
import { createMachine, runTo, type TimedInput } from '../../../src/sim/machine/machine.ts';

const command = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((n) => `cpu ${n}`),
  fc.integer({ min: 0, max: 40 }).map((n) => `cpu ${n} &`),
  fc.integer({ min: 0, max: 30 }).map((n) => `sleep ${n} &`),
  fc.constantFrom('ps', 'echo hi', 'true', 'false', 'nosuch', '\x03', '\x1a', '\x04'),
);

/** A random session: commands typed into the shell and jobs started from outside. */
const workload = fc
  .array(
    fc.oneof(
      fc.record({ tick: fc.integer({ min: 0, max: 300 }), kind: fc.constant('tty' as const), data: command.map((c) => (c.length === 1 ? c : `${c}\n`)) }),
      fc.record({
        tick: fc.integer({ min: 0, max: 300 }),
        kind: fc.constant('spawn' as const),
        request: fc.integer({ min: 1, max: 60 }).map((n) => ({ program: 'cpu', argv: ['cpu', String(n)] })),
      }),
      fc.record({ tick: fc.integer({ min: 0, max: 300 }), kind: fc.constant('signal' as const), pid: fc.integer({ min: 1, max: 12 }), sig: fc.constantFrom(2, 9, 15, 19, 18) }),
    ),
    { maxLength: 25 },
  )
  .map((xs) => [...xs].sort((a, b) => a.tick - b.tick) as TimedInput[]);

const config = fc.record({
  seed: fc.integer({ min: 0, max: 1000 }),
  cpus: fc.integer({ min: 1, max: 3 }),
  quantum: fc.integer({ min: 1, max: 8 }),
});

function run(cfg: { seed: number; cpus: number; quantum: number }, inputs: TimedInput[], until: number) {
  const m = createMachine({ seed: cfg.seed, cpus: cfg.cpus, sched: { policy: 'rr', quantum: cfg.quantum } });
  const cursor = runTo(m, until, inputs);
  return Object.assign(m, { cursor });
}

describe('kernel invariants', () => {
  it('no process is lost: every pid ever created is in the table or in the exit records', () => {
    fc.assert(
      fc.property(config, workload, (cfg, inputs) => {
        const m = run(cfg, inputs, 600);
        const known = new Set([...Object.keys(m.state.procs).map(Number), ...logItems(m.state.exited).map((e) => e.pid)]);
        for (let pid = 1; pid < m.state.nextPid; pid++) expect(known.has(pid)).toBe(true);
        expect(m.state.procCount).toBe(Object.keys(m.state.procs).length); // the process limit's O(1) count
        for (const p of Object.values(m.state.procs)) {
          if (p.pid !== 1) expect(m.state.procs[p.ppid]).toBeDefined(); // orphans were adopted
          if (p.state === 'running') expect(m.state.cpus[p.cpu!].running).toBe(p.pid);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('the clock never goes backwards, and Gantt slices never overlap on a CPU', () => {
    fc.assert(
      fc.property(config, workload, fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 20 }), (cfg, inputs, steps) => {
        const m = run(cfg, inputs, 0);
        let last = m.state.tick;
        let cursor = m.cursor;
        for (const n of steps) {
          cursor = runTo(m, m.state.tick + n, inputs, cursor);
          expect(m.state.tick).toBeGreaterThanOrEqual(last);
          last = m.state.tick;
        }
        const byCpu = new Map<number, number>();
        // Runs and switches on one CPU never overlap; I/O and waits belong to processes and may.
        for (const sl of logItems(m.state.trace).filter((x) => x.kind !== 'io' && x.kind !== 'wait')) {
          expect(sl.end).toBeGreaterThan(sl.start);
          expect(sl.start).toBeGreaterThanOrEqual(byCpu.get(sl.cpu) ?? 0);
          byCpu.set(sl.cpu, sl.end);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('the same seed and inputs give the same state, however the run is cut into steps', () => {
    fc.assert(
      fc.property(config, workload, fc.array(fc.integer({ min: 1, max: 90 }), { minLength: 1, maxLength: 10 }), (cfg, inputs, cuts) => {
        const until = 400;
        const whole = run(cfg, inputs, until);
        const pieces = run(cfg, inputs, 0);
        let cursor = pieces.cursor;
        for (const c of cuts) cursor = runTo(pieces, Math.min(until, pieces.state.tick + c), inputs, cursor);
        runTo(pieces, until, inputs, cursor);
        expect(stateHash(pieces.state)).toBe(stateHash(whole.state));
      }),
      { numRuns: 60 },
    );
  });

  it('every tick a CPU was busy is charged to exactly one process', () => {
    fc.assert(
      fc.property(config, workload, (cfg, inputs) => {
        const m = run(cfg, inputs, 500);
        const busy = m.state.cpus.reduce((a, c) => a + c.busyTicks, 0);
        const charged =
          Object.values(m.state.procs).reduce((a, p) => a + (p.state === 'zombie' ? 0 : p.acct.cpu), 0) + logItems(m.state.exited).reduce((a, e) => a + e.cpu, 0);
        expect(charged).toBe(busy);
        expect(busy + m.state.stats.idleTicks).toBe(m.state.tick * m.state.cpus.length);
      }),
      { numRuns: 60 },
    );
  });

  it('random bytes typed at the terminal never crash the kernel', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 12 }), (chunks) => {
        const m = createMachine();
        chunks.forEach((data, i) => {
          runTo(m, i * 3);
          runTo(m, i * 3, [{ tick: i * 3, kind: 'tty', data }]);
        });
        advance(m.state, m.rt, 50);
        expect(m.state.procs[1].state).not.toBe('zombie');
      }),
      { numRuns: 100 },
    );
  });
});
