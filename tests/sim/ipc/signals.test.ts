import { describe, expect, it } from 'vitest';
import { EINTR, EINVAL, EPIPE } from '../../../src/sim/abi/errno.ts';
import type { ProcessContext } from '../../../src/sim/abi/program.ts';
import { SIGCHLD, SIGCONT, SIGINT, SIGKILL, SIGPIPE, SIGSTOP, SIGTERM, SIGUSR1, SIGUSR2 } from '../../../src/sim/abi/signals.ts';
import { logItems } from '../../../src/sim/base/ringlog.ts';
import { processSignals, signalEvents } from '../../../src/sim/kernel/ipc-selectors.ts';
import * as sys from '../../../src/sim/libc/sys.ts';
import { createMachine, runTo, screen, type } from '../../../src/sim/machine/machine.ts';
import { machineWith, run, signal, start } from './helpers.ts';

/** A handler that notes that it ran (at the tick it ran, which the test does not look at). */
function noting(list: unknown[], item: unknown) {
  return function* (): sys.Sys<void> {
    yield* sys.uptime();
    list.push(item);
  };
}

/** Runs until tick `t` exactly. */
const until = (m: ReturnType<typeof machineWith>, t: number) => runTo(m, t);

describe('signal handlers', () => {
  it('a handler runs on top of the program at the next tick, and the program resumes where it was', () => {
    const trace: string[] = [];
    const m = machineWith({
      *t() {
        yield* sys.sigaction(SIGUSR1, function* (sig) {
          trace.push(`handler for ${sig} at ${yield* sys.uptime()}`);
          yield* sys.cpu(2);
        });
        for (let i = 0; i < 3; i++) {
          const r = yield* sys.cpu(10);
          trace.push(`step ${i} returned ${r} at ${yield* sys.uptime()}`);
        }
        return 0;
      },
    });
    const pid = start(m, 't');
    until(m, 5);
    expect(m.state.procs[pid].burstLeft).toBe(5);
    signal(m, pid, SIGUSR1);
    run(m, 60);
    // Signalled at 5, mid-burst: one more tick, the handler's 2 ticks, then the burst's last 4.
    expect(trace).toEqual(['handler for 10 at 6', 'step 0 returned 0 at 12', 'step 1 returned 0 at 22', 'step 2 returned 0 at 32']);
    expect(logItems(m.state.exited).find((e) => e.pid === pid)).toMatchObject({ exitCode: 0, cpu: 32 });
  });

  it('a syscall asleep when a caught signal arrives fails with EINTR, after the handler has run', () => {
    const got: unknown[] = [];
    const m = machineWith({
      *t() {
        yield* sys.sigaction(SIGUSR1, noting(got, 'handler'));
        const fds = yield* sys.pipe();
        if (typeof fds === 'number') return 1;
        got.push(yield* sys.read(fds[0], 10)); // nobody will write: asleep until interrupted
        got.push(yield* sys.sleep(100));
        got.push(yield* sys.pause());
        return 0;
      },
    });
    const pid = start(m, 't');
    for (const t of [5, 10, 15]) {
      until(m, t);
      signal(m, pid, SIGUSR1);
    }
    run(m, 5);
    expect(got).toEqual(['handler', -EINTR, 'handler', -EINTR, 'handler', -EINTR]);
  });

  it('with restart (SA_RESTART) the interrupted syscall runs again after the handler', () => {
    const got: unknown[] = [];
    const m = machineWith({
      *t() {
        yield* sys.sigaction(
          SIGUSR1,
          noting(got, 'handler'),
          { restart: true },
        );
        const fds = yield* sys.pipe();
        if (typeof fds === 'number') return 1;
        yield* sys.spawn({ program: 'late', argv: ['late', String(fds[1])] });
        got.push(yield* sys.read(fds[0], 10));
        return 0;
      },
      *late(ctx: ProcessContext) {
        yield* sys.sleep(20);
        yield* sys.write(Number(ctx.argv[1]), 'data');
        return 0;
      },
    });
    const pid = start(m, 't');
    until(m, 5);
    signal(m, pid, SIGUSR1);
    run(m, 30);
    expect(got).toEqual(['handler', 'data']);
  });

  it('a blocked signal stays pending, and is delivered the moment it is unblocked', () => {
    const got: unknown[] = [];
    const m = machineWith({
      *t() {
        yield* sys.sigaction(SIGUSR1, noting(got, 'handler'));
        got.push(yield* sys.sigprocmask('block', sys.sigmask(SIGUSR1)));
        got.push(yield* sys.sleep(10)); // the signal arrives meanwhile, and does not interrupt it
        got.push(yield* sys.sigpending());
        got.push('unblocking');
        got.push(yield* sys.sigprocmask('unblock', sys.sigmask(SIGUSR1)));
        got.push('after');
        return 0;
      },
    });
    const pid = start(m, 't');
    until(m, 5);
    signal(m, pid, SIGUSR1);
    expect(m.state.procs[pid].sig.pending).toBe(1 << SIGUSR1);
    expect(processSignals(m.state).find((r) => r.pid === pid)).toMatchObject({ pending: ['SIGUSR1'], blocked: ['SIGUSR1'], caught: ['SIGUSR1'] });
    run(m, 20);
    expect(got).toEqual([0, 0, 1 << SIGUSR1, 'unblocking', 'handler', 1 << SIGUSR1, 'after']);
    const log = signalEvents(m.state).filter((e) => e.to === pid);
    expect(log.map((e) => [e.name, e.outcome, e.released])).toEqual([
      ['SIGUSR1', 'pending', false],
      ['SIGUSR1', 'caught', true],
    ]);
  });

  it('a blocked signal with a default action takes it when unblocked', () => {
    const got: unknown[] = [];
    const m = machineWith({
      *t() {
        yield* sys.sigprocmask('block', sys.sigmask(SIGTERM));
        yield* sys.sleep(10);
        got.push('still alive');
        yield* sys.sigprocmask('setmask', 0);
        got.push('not reached');
        return 0;
      },
    });
    const pid = start(m, 't');
    until(m, 5);
    signal(m, pid, SIGTERM);
    run(m, 10);
    expect(got).toEqual(['still alive']);
    expect(logItems(m.state.exited).find((e) => e.pid === pid)?.signal).toBe(SIGTERM);
  });

  it('the signal being handled is blocked during its handler; another signal nests on top', () => {
    const trace: string[] = [];
    const m = machineWith({
      *t() {
        yield* sys.sigaction(SIGUSR1, function* () {
          trace.push('usr1 begins');
          yield* sys.cpu(10);
          trace.push('usr1 ends');
        });
        yield* sys.sigaction(SIGUSR2, function* () {
          trace.push('usr2 begins');
          yield* sys.cpu(3);
          trace.push('usr2 ends');
        });
        yield* sys.cpu(40);
        trace.push('main done');
        return 0;
      },
    });
    const pid = start(m, 't');
    until(m, 5);
    signal(m, pid, SIGUSR1); // its handler runs from tick 6 to 16
    until(m, 8);
    signal(m, pid, SIGUSR1); // held pending: SIGUSR1 is blocked while its handler runs
    signal(m, pid, SIGUSR2); // runs at tick 9, on top of the SIGUSR1 handler
    until(m, 10);
    expect(m.state.procs[pid].sig.frames.map((f) => f.sig)).toEqual([SIGUSR1, SIGUSR2]);
    expect(processSignals(m.state).find((r) => r.pid === pid)?.handling).toEqual(['SIGUSR1', 'SIGUSR2']);
    run(m, 100);
    expect(trace).toEqual(['usr1 begins', 'usr2 begins', 'usr2 ends', 'usr1 ends', 'usr1 begins', 'usr1 ends', 'main done']);
    expect(logItems(m.state.exited).find((e) => e.pid === pid)?.cpu).toBe(40 + 10 + 3 + 10);
  });

  it('a handler may end the process; its handlers and frames are forgotten', () => {
    const m = machineWith({
      *t() {
        yield* sys.sigaction(SIGINT, function* () {
          yield* sys.exit(7);
        });
        yield* sys.cpu(100);
        return 0;
      },
    });
    const pid = start(m, 't');
    until(m, 5);
    signal(m, pid, SIGINT);
    run(m, 5);
    expect(logItems(m.state.exited).find((e) => e.pid === pid)).toMatchObject({ exitCode: 7, signal: null });
    expect(m.rt.signals?.handlers.has(pid)).toBe(false);
    expect(m.rt.signals?.interrupted.has(pid)).toBe(false);
  });

  it('a caught SIGPIPE runs its handler, and the write fails with EPIPE', () => {
    const got: unknown[] = [];
    const m = machineWith({
      *t() {
        yield* sys.sigaction(SIGPIPE, noting(got, 'handler'));
        const fds = yield* sys.pipe();
        if (typeof fds === 'number') return 1;
        yield* sys.close(fds[0]);
        got.push(yield* sys.write(fds[1], 'x'));
        return 0;
      },
    });
    start(m, 't');
    run(m, 5);
    expect(got).toEqual(['handler', -EPIPE]);
  });

  it('SIGKILL and SIGSTOP can be neither caught, ignored nor blocked', () => {
    const got: unknown[] = [];
    const m = machineWith({
      *t() {
        got.push(yield* sys.sigaction(SIGKILL, function* () {}));
        got.push(yield* sys.sigaction(SIGSTOP, 'ignore'));
        yield* sys.sigprocmask('setmask', ~0);
        got.push(yield* sys.sigprocmask('block', 0));
        yield* sys.sleep(100);
        return 0;
      },
    });
    const pid = start(m, 't');
    until(m, 5);
    signal(m, pid, SIGSTOP);
    expect(m.state.procs[pid].state).toBe('stopped');
    signal(m, pid, SIGCONT); // continues it even though blocked; the signal itself stays pending
    expect(m.state.procs[pid].state).toBe('blocked');
    signal(m, pid, SIGKILL);
    run(m, 5);
    const all = ~0 & ~1;
    expect(got).toEqual([-EINVAL, -EINVAL, all & ~(1 << SIGKILL) & ~(1 << SIGSTOP)]);
    expect(logItems(m.state.exited).find((e) => e.pid === pid)?.signal).toBe(SIGKILL);
    expect(signalEvents(m.state).filter((e) => e.to === pid).map((e) => e.outcome)).toEqual(['stopped', 'pending', 'terminated']);
  });

  it('sigaction still takes "ignore" and "default"', () => {
    const m = machineWith({
      *t() {
        yield* sys.sigaction(SIGINT, 'ignore');
        yield* sys.sleep(10);
        yield* sys.sigaction(SIGINT, 'default');
        yield* sys.sleep(100);
        return 0;
      },
    });
    const pid = start(m, 't');
    until(m, 5);
    signal(m, pid, SIGINT);
    expect(m.state.procs[pid].state).toBe('blocked');
    until(m, 15);
    signal(m, pid, SIGINT);
    expect(logItems(m.state.exited).find((e) => e.pid === pid)?.signal).toBe(SIGINT);
    expect(signalEvents(m.state).filter((e) => e.to === pid).map((e) => e.outcome)).toEqual(['ignored', 'terminated']);
  });

  it('the log names the sending process', () => {
    const m = machineWith({
      *target() {
        yield* sys.sigaction(SIGUSR2, function* () {});
        yield* sys.sleep(50);
        return 0;
      },
      *sender(ctx: ProcessContext) {
        yield* sys.sleep(2);
        yield* sys.kill(Number(ctx.argv[1]), SIGUSR2);
        return 0;
      },
    });
    const target = start(m, 'target');
    const sender = start(m, 'sender', ['sender', String(target)]);
    run(m, 5);
    expect(signalEvents(m.state)).toContainEqual({ tick: 2, sig: SIGUSR2, name: 'SIGUSR2', from: sender, to: target, outcome: 'caught', released: false });
  });
});

describe('SIGCHLD', () => {
  it('a parent that reaps in its SIGCHLD handler leaves no zombies behind', () => {
    const got: number[] = [];
    const m = machineWith({
      *parent() {
        let reaped = 0;
        yield* sys.sigaction(SIGCHLD, function* () {
          for (let r = yield* sys.wait(-1, { nohang: true }); sys.isWaitResult(r); r = yield* sys.wait(-1, { nohang: true })) reaped++;
        });
        for (let i = 1; i <= 5; i++) yield* sys.spawn({ program: 'sleep', argv: ['sleep', String(3 * i)] });
        while (reaped < 5) got.push(yield* sys.pause());
        got.push(reaped);
        yield* sys.sleep(100); // stays alive: its children must not linger as zombies
        return 0;
      },
    });
    const pid = start(m, 'parent');
    run(m, 30);
    expect(got.at(-1)).toBe(5);
    expect(got.slice(0, -1).every((r) => r === -EINTR)).toBe(true);
    expect(Object.values(m.state.procs).filter((p) => p.state === 'zombie')).toEqual([]);
    expect(m.state.procs[pid].zombies).toEqual({});
    expect(Object.keys(m.state.procs[pid].children)).toEqual([]);
    const chld = signalEvents(m.state).filter((e) => e.sig === SIGCHLD && e.to === pid);
    expect(chld.length).toBe(5);
    expect(chld.every((e) => e.outcome === 'caught' && e.from !== null)).toBe(true);
  });

  it('by default SIGCHLD is ignored, and logged as such', () => {
    const m = machineWith({
      *parent() {
        yield* sys.spawn({ program: 'true', argv: ['true'] });
        yield* sys.wait(-1);
        return 0;
      },
    });
    const pid = start(m, 'parent');
    run(m, 5);
    expect(signalEvents(m.state)).toContainEqual(expect.objectContaining({ sig: SIGCHLD, to: pid, from: pid + 1, outcome: 'ignored' }));
  });
});

describe('signals at the terminal', () => {
  it('sigcatch catches ^C twice and carries on counting; the third ends it', () => {
    const m = createMachine();
    runTo(m, 2);
    type(m, 'sigcatch\n');
    runTo(m, 12);
    type(m, '\x03');
    runTo(m, 22);
    type(m, '\x03');
    runTo(m, 70);
    const out = screen(m);
    expect(out).toContain('sigcatch: catching SIGINT; counting to 10\n');
    expect(out).toContain('sigcatch: caught SIGINT (1); the handler runs on top of the count\n');
    expect(out).toContain('sigcatch: caught SIGINT (2)');
    expect(out).toContain('sigcatch: 10\n');
    type(m, 'sigcatch --sleep\n');
    runTo(m, 80);
    for (let i = 0; i < 3; i++) {
      type(m, '\x03');
      runTo(m, 82 + 2 * i);
    }
    runTo(m, 100);
    expect(screen(m)).toContain('was cut short (EINTR)');
    expect(screen(m)).toContain('sigcatch: caught SIGINT (3)');
    expect(Object.values(m.state.procs).some((p) => p.name === 'sigcatch')).toBe(false);
  });
});
