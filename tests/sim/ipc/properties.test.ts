import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProcessContext } from '../../../src/sim/abi/program.ts';
import { SIGKILL, SIGUSR1 } from '../../../src/sim/abi/signals.ts';
import { channelObject } from '../../../src/sim/ipc/channels.ts';
import { findCycles, semWaitEdges } from '../../../src/sim/ipc/deadlock.ts';
import { createPipe, pipePut, pipeTake } from '../../../src/sim/ipc/pipe.ts';
import type { KernelState } from '../../../src/sim/kernel/state.ts';
import * as sys from '../../../src/sim/libc/sys.ts';
import { machineWith, run, signal, start } from './helpers.ts';

describe('pipe properties', () => {
  it('the ring buffer gives back exactly what was put in, in order, whatever the sizes', () => {
    const op = fc.oneof(fc.string({ maxLength: 20 }).map((s) => ({ put: s })), fc.nat(20).map((n) => ({ take: n })));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.array(op, { maxLength: 60 }), (cap, ops) => {
        const p = createPipe(1, cap, 1, 0);
        let accepted = '';
        let out = '';
        for (const o of ops) {
          if ('put' in o) accepted += o.put.slice(0, pipePut(p, o.put));
          else out += pipeTake(p, o.take);
          expect(p.data.length).toBeLessThanOrEqual(cap);
        }
        out += pipeTake(p, cap);
        expect(out).toBe(accepted);
        expect(p.writeTotal - p.readTotal).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('bytes out = bytes in, in order, for any write sizes, read sizes, capacity and interleaving', () => {
    const scenario = fc.record({
      capacity: fc.integer({ min: 1, max: 40 }),
      atomic: fc.integer({ min: 1, max: 40 }),
      cpus: fc.integer({ min: 1, max: 2 }),
      quantum: fc.integer({ min: 1, max: 5 }),
      writes: fc.array(fc.record({ text: fc.string({ minLength: 0, maxLength: 60 }), gap: fc.nat(3) }), { maxLength: 25 }),
      reads: fc.array(fc.record({ count: fc.integer({ min: 1, max: 50 }), gap: fc.nat(3) }), { minLength: 1, maxLength: 10 }),
    });
    fc.assert(
      fc.property(scenario, (sc) => {
        const results: number[] = [];
        let received = '';
        const m = machineWith(
          {
            *writer(ctx: ProcessContext) {
              const fd = Number(ctx.argv[1]);
              for (const w of sc.writes) {
                if (w.gap) yield* sys.cpu(w.gap);
                results.push(yield* sys.write(fd, w.text));
              }
              return 0;
            },
            *reader(ctx: ProcessContext) {
              const fd = Number(ctx.argv[1]);
              for (let i = 0; ; i++) {
                const r = sc.reads[i % sc.reads.length];
                if (r.gap) yield* sys.sleep(r.gap);
                const chunk = yield* sys.read(fd, r.count);
                if (typeof chunk === 'number') throw new Error(`read failed: ${chunk}`);
                if (chunk === '') return 0;
                if (chunk.length > r.count) throw new Error('read more than asked');
                received += chunk;
              }
            },
            *plumber() {
              const fds = yield* sys.pipe();
              if (typeof fds === 'number') return 1;
              const [r, w] = fds;
              yield* sys.spawn({ program: 'writer', argv: ['writer', String(w)], fileActions: [{ op: 'close', fd: r }] });
              yield* sys.spawn({ program: 'reader', argv: ['reader', String(r)], fileActions: [{ op: 'close', fd: w }] });
              yield* sys.close(r);
              yield* sys.close(w);
              yield* sys.wait(-1);
              yield* sys.wait(-1);
              return 0;
            },
          },
          { cpus: sc.cpus, sched: { policy: 'rr', quantum: sc.quantum }, ipc: { pipeCapacity: sc.capacity, pipeAtomic: sc.atomic } },
        );
        start(m, 'plumber');
        run(m, 20_000);
        expect(received).toBe(sc.writes.map((w) => w.text).join(''));
        expect(results).toEqual(sc.writes.map((w) => w.text.length));
        expect(m.state.ipc.pipes).toEqual({});
      }),
      { numRuns: 80 },
    );
  });
});

/** One step of a random IPC script; keys are few so that processes meet on the same objects. */
type Step =
  | { op: 'semwait' | 'sempost' | 'msgsnd' | 'msgrcv'; key: number }
  | { op: 'rm'; kind: 'mq' | 'sem'; key: number }
  | { op: 'piperead' | 'pipewrite' | 'pipeclose' }
  /** Takes semaphores 1 and 2 in the order given, holding the first a while: the way to a deadlock. */
  | { op: 'lockpair'; first: number }
  | { op: 'sleep' | 'cpu'; ticks: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constantFrom('semwait' as const, 'sempost' as const, 'msgsnd' as const, 'msgrcv' as const), key: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ op: fc.constant('rm' as const), kind: fc.constantFrom('mq' as const, 'sem' as const), key: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ op: fc.constantFrom('piperead' as const, 'pipewrite' as const, 'pipeclose' as const) }),
  fc.record({ op: fc.constant('lockpair' as const), first: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ op: fc.constantFrom('sleep' as const, 'cpu' as const), ticks: fc.integer({ min: 1, max: 4 }) }),
);

/** Runs a script; fds 3 and 4 are a pipe's ends, shared by every worker. */
function* worker(script: Step[]): sys.Sys<number> {
  yield* sys.sigaction(SIGUSR1, function* () {
    yield* sys.cpu(1);
  });
  for (const st of script) {
    switch (st.op) {
      case 'semwait':
        yield* sys.semwait(yield* sys.semget(st.key, 1));
        break;
      case 'sempost':
        yield* sys.sempost(yield* sys.semget(st.key, 1));
        break;
      case 'msgsnd':
        yield* sys.msgsnd(yield* sys.msgget(st.key, { capacity: 2 }), 1, 'm');
        break;
      case 'msgrcv':
        yield* sys.msgrcv(yield* sys.msgget(st.key, { capacity: 2 }));
        break;
      case 'rm': {
        const id = st.kind === 'mq' ? yield* sys.msgget(st.key, { create: false }) : yield* sys.semget(st.key, 0, { create: false });
        if (id > 0) yield* sys.ipcrm(st.kind, id);
        break;
      }
      case 'lockpair': {
        const a = yield* sys.semget(st.first, 1);
        const b = yield* sys.semget(3 - st.first, 1);
        yield* sys.semwait(a);
        yield* sys.sleep(2);
        yield* sys.semwait(b);
        yield* sys.sempost(b);
        yield* sys.sempost(a);
        break;
      }
      case 'piperead':
        yield* sys.read(3, 5);
        break;
      case 'pipewrite':
        yield* sys.write(4, 'abcdefg');
        break;
      case 'pipeclose':
        yield* sys.close(3);
        yield* sys.close(4);
        break;
      case 'sleep':
        yield* sys.sleep(st.ticks);
        break;
      case 'cpu':
        yield* sys.cpu(st.ticks);
        break;
    }
  }
  return 0;
}

/** Every sleeper on an IPC channel sleeps on an object that exists, and the wait channels agree with the processes. */
function checkSleepers(s: KernelState): void {
  for (const p of Object.values(s.procs)) {
    if (p.wchan === null) continue;
    expect(s.waiters[p.wchan]?.[p.pid]).toBe(true);
    const obj = channelObject(p.wchan);
    if (!obj) continue;
    const table = obj.kind === 'pipe' ? s.ipc.pipes : obj.kind === 'mq' ? s.ipc.queues : s.ipc.sems;
    expect(table[obj.id], `pid ${p.pid} sleeps on ${p.wchan}`).toBeDefined();
  }
  for (const [chan, q] of Object.entries(s.waiters)) for (const pid of Object.keys(q)) expect(s.procs[Number(pid)]?.wchan).toBe(chan);
  expect(s.ipc.deadlocks).toEqual(findCycles(semWaitEdges(s.ipc.sems, s.waiters)));
}

describe('IPC invariants under random scripts', () => {
  it('no process is ever left asleep on an IPC object that no longer exists, and the deadlock list stays true', () => {
    const scenario = fc.record({
      scripts: fc.array(fc.array(step, { maxLength: 12 }), { minLength: 2, maxLength: 5 }),
      signals: fc.array(fc.record({ at: fc.integer({ min: 1, max: 80 }), who: fc.nat(4), sig: fc.constantFrom(SIGUSR1, SIGKILL) }), { maxLength: 4 }),
      quantum: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(
      fc.property(scenario, (sc) => {
        const m = machineWith(
          {
            *worker(ctx: ProcessContext) {
              return yield* worker(sc.scripts[Number(ctx.argv[1])]);
            },
            *plumber() {
              const fds = yield* sys.pipe(); // on fds 3 and 4, which every worker inherits
              if (typeof fds === 'number') return 1;
              for (let i = 0; i < sc.scripts.length; i++) yield* sys.spawn({ program: 'worker', argv: ['worker', String(i)] });
              yield* sys.close(fds[0]);
              yield* sys.close(fds[1]);
              for (let i = 0; i < sc.scripts.length; i++) yield* sys.wait(-1);
              return 0;
            },
          },
          { sched: { policy: 'rr', quantum: sc.quantum }, ipc: { pipeCapacity: 8 } },
        );
        const plumber = start(m, 'plumber');
        const signals = [...sc.signals].sort((a, b) => a.at - b.at);
        for (let t = 1; t <= 120; t++) {
          run(m, 1);
          for (const sg of signals) {
            const target = m.state.procs[plumber + 1 + (sg.who % sc.scripts.length)];
            if (sg.at === t && target && target.state !== 'zombie') signal(m, target.pid, sg.sig);
          }
          checkSleepers(m.state);
        }
        // Whatever is still asleep is asleep on something real; removing everything wakes it all.
        for (const id of Object.keys(m.state.ipc.sems)) delete m.state.ipc.sems[Number(id)];
        checkSleepersAfterRemoval(m.state);
      }),
      { numRuns: 120 },
    );
  });
});

/** Removing state by hand (not through ipcrm) would strand sleepers: the check above must be able to see that. */
function checkSleepersAfterRemoval(s: KernelState): void {
  const stranded = Object.values(s.procs).filter((p) => p.wchan !== null && channelObject(p.wchan)?.kind === 'sem');
  if (stranded.length > 0) expect(() => checkSleepers(s)).toThrow();
}
