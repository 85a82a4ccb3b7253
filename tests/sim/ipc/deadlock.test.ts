import { describe, expect, it } from 'vitest';
import { SIGKILL } from '../../../src/sim/abi/signals.ts';
import { logItems } from '../../../src/sim/base/ringlog.ts';
import { findCycles, type WaitEdge } from '../../../src/sim/ipc/deadlock.ts';
import { deadlockView } from '../../../src/sim/kernel/ipc-selectors.ts';
import * as sys from '../../../src/sim/libc/sys.ts';
import { createMachine, runTo, screen, type } from '../../../src/sim/machine/machine.ts';
import { machineWith, run, signal, start } from './helpers.ts';

const edges = (...pairs: Array<[number, number]>): WaitEdge[] => pairs.map(([from, to], i) => ({ from, to, sem: i + 1 }));

describe('finding cycles in a wait-for graph', () => {
  it('finds none in a graph without one', () => {
    expect(findCycles([])).toEqual([]);
    expect(findCycles(edges([1, 2], [2, 3], [1, 3]))).toEqual([]);
  });

  it('finds each cycle once, from its smallest pid, ignoring the processes that merely wait on it', () => {
    expect(findCycles(edges([5, 3], [3, 4], [4, 5], [9, 3]))).toEqual([[3, 4, 5]]);
    expect(findCycles(edges([7, 8], [8, 7], [2, 1], [1, 2], [6, 1]))).toEqual([
      [1, 2],
      [7, 8],
    ]);
  });

  it('reports the shortest way round a component with more than one cycle', () => {
    // 1 -> 2 -> 3 -> 1 and 1 -> 4 -> 1 form one component; the way round through 1 is 1 -> 4.
    expect(findCycles(edges([1, 2], [2, 3], [3, 1], [1, 4], [4, 1]))).toEqual([[1, 4]]);
  });

  it('handles a long chain without recursion', () => {
    const n = 20_000;
    const chain = Array.from({ length: n }, (_, i): [number, number] => [i + 1, ((i + 1) % n) + 1]);
    const [cycle] = findCycles(edges(...chain));
    expect(cycle.length).toBe(n);
    expect(cycle.slice(0, 3)).toEqual([1, 2, 3]);
  });
});

describe('deadlock detection in the kernel', () => {
  it('two processes that take two semaphores in opposite orders deadlock, and the kernel logs the cycle once', () => {
    const m = machineWith({
      *ab(ctx) {
        const [first, second] = ctx.argv[1] === 'ab' ? [1, 2] : [2, 1];
        const a = yield* sys.semget(first, 1);
        yield* sys.semwait(a);
        yield* sys.sleep(2);
        const b = yield* sys.semget(second, 1);
        yield* sys.semwait(b);
        return 0;
      },
    });
    const p = start(m, 'ab', ['ab', 'ab']);
    const q = start(m, 'ab', ['ab', 'ba']);
    run(m, 10);
    expect(m.state.ipc.deadlocks).toEqual([[p, q]]);
    const view = deadlockView(m.state);
    expect(view.cycles).toEqual([
      {
        pids: [p, q],
        edges: [
          { from: p, to: q, sem: 2 },
          { from: q, to: p, sem: 1 },
        ],
      },
    ]);
    const logged = logItems(m.state.log).filter((e) => e.text.startsWith('deadlock:'));
    expect(logged.map((e) => e.text)).toEqual([`deadlock: pid ${p} waits for pid ${q} (sem 2), pid ${q} waits for pid ${p} (sem 1)`]);
    // Killing one side breaks the cycle. What it held is not given back (there is no
    // SEM_UNDO), so the other still waits, but on a semaphore nobody holds: no cycle.
    signal(m, q, SIGKILL);
    run(m, 5);
    expect(m.state.ipc.deadlocks).toEqual([]);
    expect(m.state.procs[p].wchan).toBe('sem:2');
    expect(deadlockView(m.state).edges).toEqual([]);
  });

  it('philosophers who all take the left fork first deadlock, and the cycle is every one of them', () => {
    const m = createMachine();
    runTo(m, 2);
    type(m, 'philosophers 5\n');
    runTo(m, 40);
    const kids = Object.values(m.state.procs)
      .filter((p) => p.name === 'philosophers' && p.argv.includes('--seat'))
      .map((p) => p.pid);
    expect(kids.length).toBe(5);
    expect(m.state.ipc.deadlocks).toEqual([kids]);
    expect(deadlockView(m.state).cycles[0].edges.map((e) => e.sem)).toEqual([2, 3, 4, 5, 1]);
    // The host's long reports are broken between words at the terminal's width.
    const flat = () => screen(m).replace(/\s+/g, ' ');
    expect(screen(m).split('\n').every((line) => line.length <= 80)).toBe(true);
    expect(flat()).toContain(`philosophers: deadlock! philosopher 0 waits for philosopher 1`);
    // A fork is named by its semaphore's number, as ipcs and the IPC view name it.
    expect(flat()).toContain('5 forks (1, 2, 3, 4, 5: each fork is the semaphore of that number)');
    expect(screen(m)).toContain('philosopher 0 picks up fork 1, reaches for fork 2');
    expect(screen(m)).toContain('philosopher 4 picks up fork 5, reaches for fork 1');
    const named = [...screen(m).matchAll(/fork (\d+)/g)].map((f) => Number(f[1]));
    expect(new Set(named)).toEqual(new Set(Object.keys(m.state.ipc.sems).map(Number)));
    expect(flat()).toContain(`(pids ${[...kids, kids[0]].join(' -> ')})`);
    // ^C ends the table; the host's SIGINT handler clears the forks away.
    type(m, '\x03');
    runTo(m, 50);
    expect(flat()).toContain('philosophers: interrupted; the forks are cleared away');
    expect(m.state.ipc.sems).toEqual({});
    expect(m.state.ipc.deadlocks).toEqual([]);
  });

  it('philosophers who take the lower-numbered fork first never deadlock, and all eat', () => {
    const m = createMachine();
    runTo(m, 2);
    type(m, 'philosophers 5 --ordered --rounds 3\n');
    for (let t = 3; t < 400; t++) {
      runTo(m, t);
      expect(m.state.ipc.deadlocks).toEqual([]);
    }
    const out = screen(m);
    for (let i = 0; i < 5; i++) expect(out).toContain(`philosopher ${i} is full`);
    // Philosopher 4 sits between forks 5 and 1, and takes the lower-numbered one first.
    expect(out).toContain('philosopher 4 picks up fork 1, reaches for fork 5');
    expect(out).toContain('philosophers: everyone has eaten');
    expect(out).not.toContain('deadlock');
    expect(m.state.ipc.sems).toEqual({});
  });
});
