import { describe, expect, it } from 'vitest';
import { EBADF, EMFILE, EPIPE, ESPIPE } from '../../../src/sim/abi/errno.ts';
import type { ProcessContext } from '../../../src/sim/abi/program.ts';
import { SIGPIPE } from '../../../src/sim/abi/signals.ts';
import { logItems } from '../../../src/sim/base/ringlog.ts';
import { createPipe, pipePut, pipeTake, ringSlots } from '../../../src/sim/ipc/pipe.ts';
import { pipeViews } from '../../../src/sim/kernel/ipc-selectors.ts';
import * as sys from '../../../src/sim/libc/sys.ts';
import { createMachine, runTo, screen, type } from '../../../src/sim/machine/machine.ts';
import { liveUserProcs, machineWith, run, start } from './helpers.ts';

/** Makes a pipe or fails the test. */
function* pipeOrThrow(): sys.Sys<[number, number]> {
  const fds = yield* sys.pipe();
  if (typeof fds === 'number') throw new Error(`pipe failed: ${fds}`);
  return fds;
}

describe('the ring buffer', () => {
  it('takes what fits, gives bytes back oldest first, and wraps around its slots', () => {
    const p = createPipe(1, 4, 1, 0);
    expect(pipePut(p, 'abcdef')).toBe(4);
    expect(pipeTake(p, 3)).toBe('abc');
    expect(pipePut(p, 'xyz')).toBe(3);
    expect(p.data).toBe('dxyz');
    // The oldest byte sits at slot readTotal % capacity = 3; the rest wrap to slots 0..2.
    expect(ringSlots(p)).toEqual(['x', 'y', 'z', 'd']);
    expect(pipeTake(p, 10)).toBe('dxyz');
    expect(pipeTake(p, 10)).toBe('');
    expect([p.readTotal, p.writeTotal]).toEqual([7, 7]);
  });
});

describe('pipes between processes', () => {
  it('a reader gets the data, then end of file once the only writer has closed', () => {
    const got: unknown[] = [];
    const m = machineWith({
      *t() {
        const [r, w] = yield* pipeOrThrow();
        got.push(yield* sys.write(w, 'hello'));
        yield* sys.close(w);
        got.push(yield* sys.read(r, 3), yield* sys.read(r, 10), yield* sys.read(r, 10));
        return 0;
      },
    });
    start(m, 't');
    run(m, 5);
    expect(got).toEqual([5, 'hel', 'lo', '']);
    expect(m.state.ipc.pipes).toEqual({}); // both ends closed at exit: the pipe is gone
  });

  it('a reader of an empty pipe sleeps until a writer writes, and sees EOF only when every writer has closed', () => {
    const got: unknown[] = [];
    const m = machineWith({
      *parent() {
        const [r, w] = yield* pipeOrThrow();
        // The child inherits the write end; the parent keeps its own copy a while longer.
        yield* sys.spawn({ program: 'child', argv: ['child', String(w)], fileActions: [{ op: 'close', fd: r }] });
        got.push(yield* sys.read(r, 100)); // blocks until the child writes at tick ~10
        got.push(['at', yield* sys.uptime()]);
        yield* sys.sleep(20);
        yield* sys.close(w);
        got.push(yield* sys.read(r, 100)); // the child has exited; this was the last writer
        return 0;
      },
      *child(ctx: ProcessContext) {
        yield* sys.sleep(10);
        yield* sys.write(Number(ctx.argv[1]), 'ping');
        return 0;
      },
    });
    const pid = start(m, 'parent');
    run(m, 5);
    expect(m.state.procs[pid].state).toBe('blocked');
    expect(m.state.procs[pid].wchan).toBe('pipe:1:read');
    expect(pipeViews(m.state)[0].blockedReaders).toEqual([pid]);
    run(m, 40);
    expect(got).toEqual(['ping', ['at', 10], '']);
  });

  it('a writer whose readers have all gone gets SIGPIPE, which kills it by default', () => {
    const m = machineWith({
      *t() {
        const [r, w] = yield* pipeOrThrow();
        yield* sys.close(r);
        yield* sys.write(w, 'anyone there?');
        yield* sys.print('not reached\n');
        return 0;
      },
    });
    const pid = start(m, 't');
    run(m, 5);
    const exit = logItems(m.state.exited).find((e) => e.pid === pid);
    expect(exit?.signal).toBe(SIGPIPE);
    expect(screen(m)).not.toContain('not reached');
    expect(logItems(m.state.ipc.signalLog)).toContainEqual(expect.objectContaining({ sig: SIGPIPE, to: pid, from: null, outcome: 'terminated' }));
  });

  it('with SIGPIPE ignored the write fails with EPIPE instead', () => {
    const got: number[] = [];
    const m = machineWith({
      *t() {
        yield* sys.sigaction(SIGPIPE, 'ignore');
        const [r, w] = yield* pipeOrThrow();
        yield* sys.close(r);
        got.push(yield* sys.write(w, 'x'));
        return 0;
      },
    });
    start(m, 't');
    run(m, 5);
    expect(got).toEqual([-EPIPE]);
  });

  it('a writer to a full pipe sleeps, and wakes to finish when a reader drains it', () => {
    const got: unknown[] = [];
    const m = machineWith(
      {
        *writer() {
          const [r, w] = yield* pipeOrThrow();
          yield* sys.spawn({ program: 'reader', argv: ['reader', String(r)], fileActions: [{ op: 'close', fd: w }] });
          yield* sys.close(r);
          got.push(yield* sys.write(w, '12345678')); // fills the 8-byte pipe
          got.push(yield* sys.write(w, 'abcd')); // blocks: no room
          got.push(['done at', yield* sys.uptime()]);
          return 0;
        },
        *reader(ctx: ProcessContext) {
          yield* sys.sleep(10);
          got.push(yield* sys.read(Number(ctx.argv[1]), 6));
          yield* sys.sleep(10); // keeps the read end open while the writer finishes
          return 0;
        },
      },
      { ipc: { pipeCapacity: 8 } },
    );
    const pid = start(m, 'writer');
    run(m, 5);
    expect(m.state.procs[pid].wchan).toBe('pipe:1:write');
    expect(pipeViews(m.state)[0]).toMatchObject({ used: 8, fill: 1, blockedWriters: [{ pid, left: 4 }] });
    run(m, 20);
    expect(got).toEqual([8, '123456', 4, ['done at', 10]]);
  });

  it('a write longer than the pipe goes in piece by piece, and returns the whole count', () => {
    const got: unknown[] = [];
    const text = 'abcdefghijklmnopqrstuvwxyz';
    const m = machineWith(
      {
        *writer() {
          const [r, w] = yield* pipeOrThrow();
          yield* sys.spawn({ program: 'reader', argv: ['reader', String(r)], fileActions: [{ op: 'close', fd: w }] });
          yield* sys.close(r);
          got.push(yield* sys.write(w, text));
          return 0;
        },
        *reader(ctx: ProcessContext) {
          yield* sys.sleep(5);
          let all = '';
          for (let chunk = yield* sys.read(Number(ctx.argv[1]), 7); chunk !== ''; chunk = yield* sys.read(Number(ctx.argv[1]), 7)) {
            if (typeof chunk === 'number') throw new Error(`read failed: ${chunk}`);
            all += chunk;
            yield* sys.sleep(1);
          }
          got.push(all);
          return 0;
        },
      },
      { ipc: { pipeCapacity: 10, pipeAtomic: 4 } },
    );
    const pid = start(m, 'writer');
    run(m, 3);
    // What fitted went in; the writer sleeps with the rest, and its syscall remembers how far it got.
    expect(m.state.ipc.pipes[1].data).toBe('abcdefghij');
    expect(m.state.procs[pid].syscall).toMatchObject({ op: 'write', sent: 10 });
    run(m, 40);
    expect(got).toEqual([text.length, text]);
  });

  it('a write of at most PIPE_BUF bytes is never split: it waits until all of it fits', () => {
    const m = machineWith(
      {
        *t() {
          const [, w] = yield* pipeOrThrow();
          yield* sys.write(w, '123456');
          yield* sys.write(w, 'abc'); // 3 <= PIPE_BUF but only 2 bytes free
          return 0;
        },
      },
      { ipc: { pipeCapacity: 8, pipeAtomic: 4 } },
    );
    const pid = start(m, 't');
    run(m, 3);
    expect(m.state.ipc.pipes[1].data).toBe('123456');
    expect(m.state.procs[pid].syscall).toMatchObject({ op: 'write', data: 'abc', sent: 0 });
  });

  it('a writer asleep with part of its data written gets that count back when the readers go', () => {
    const got: unknown[] = [];
    const m = machineWith(
      {
        *writer() {
          yield* sys.sigaction(SIGPIPE, 'ignore');
          const [r, w] = yield* pipeOrThrow();
          yield* sys.spawn({ program: 'quitter', argv: ['quitter'], fileActions: [{ op: 'close', fd: w }] });
          yield* sys.close(r);
          got.push(yield* sys.write(w, 'x'.repeat(20)));
          return 0;
        },
        *quitter() {
          yield* sys.sleep(5); // holds the read end (fd 3), never reads, then exits
          return 0;
        },
      },
      { ipc: { pipeCapacity: 8 } },
    );
    start(m, 'writer');
    run(m, 10);
    expect(got).toEqual([8]);
  });

  it('answers EBADF for the wrong end, ESPIPE for a seek, and EMFILE when fds run out', () => {
    const got: number[] = [];
    const m = machineWith(
      {
        *t() {
          const [r, w] = yield* pipeOrThrow();
          got.push((yield* sys.read(w, 1)) as number, yield* sys.write(r, 'x'), yield* sys.lseek(r, 0));
          for (let fd = 5; fd < 8; fd++) yield* sys.dup2(0, fd);
          got.push((yield* sys.pipe()) as number); // fds 0..7 are taken, the limit is 8
          return 0;
        },
      },
      { limits: { maxProcs: 64, maxFds: 8, syscallsPerTick: 64 } },
    );
    start(m, 't');
    run(m, 3);
    expect(got).toEqual([-EBADF, -EBADF, -ESPIPE, -EMFILE]);
    expect(m.state.ipc.pipes).toEqual({});
  });

  it('a pipeline of three processes built with spawn file actions passes every line through, in order', () => {
    const collected: string[] = [];
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i}`);
    const m = machineWith(
      {
        *gen() {
          for (const l of lines) yield* sys.write(1, `${l}\n`);
          return 0;
        },
        *upper() {
          for (let chunk = yield* sys.read(0, 13); chunk !== ''; chunk = yield* sys.read(0, 13)) {
            if (typeof chunk === 'number') return 1;
            yield* sys.cpu(1);
            yield* sys.write(1, chunk.toUpperCase());
          }
          return 0;
        },
        *collect() {
          const all = yield* sys.readAll(0, 5);
          if (typeof all === 'string') collected.push(...all.split('\n').filter(Boolean));
          return 0;
        },
        *shell() {
          // gen | upper | collect, as a shell builds it: each child's ends dup2'd onto 0 and 1.
          const [r1, w1] = yield* pipeOrThrow();
          const [r2, w2] = yield* pipeOrThrow();
          const closeAll = [r1, w1, r2, w2].map((fd) => ({ op: 'close' as const, fd }));
          yield* sys.spawn({ program: 'gen', argv: ['gen'], fileActions: [{ op: 'dup2', fd: w1, to: 1 }, ...closeAll] });
          yield* sys.spawn({ program: 'upper', argv: ['upper'], fileActions: [{ op: 'dup2', fd: r1, to: 0 }, { op: 'dup2', fd: w2, to: 1 }, ...closeAll] });
          yield* sys.spawn({ program: 'collect', argv: ['collect'], fileActions: [{ op: 'dup2', fd: r2, to: 0 }, ...closeAll] });
          for (const fd of [r1, w1, r2, w2]) yield* sys.close(fd);
          for (let i = 0; i < 3; i++) yield* sys.wait(-1);
          return 0;
        },
      },
      { ipc: { pipeCapacity: 16 } },
    );
    start(m, 'shell');
    run(m, 2);
    const views = pipeViews(m.state);
    expect(views.map((v) => [v.readers, v.writers])).toEqual([
      [[4], [3]], // pipe 1: upper (pid 4) reads what gen (pid 3) writes
      [[5], [4]], // pipe 2: collect (pid 5) reads what upper writes
    ]);
    run(m, 2000);
    expect(collected).toEqual(lines.map((l) => l.toUpperCase()));
    expect(m.state.ipc.pipes).toEqual({});
    expect(liveUserProcs(m)).toEqual([]);
  });

  it('producer --via pipe | consumer tells the story on the terminal, and the producer waits on the full pipe', () => {
    const m = machineWith({
      *shell() {
        const [r, w] = yield* pipeOrThrow();
        yield* sys.spawn({ program: 'producer', argv: ['producer', '--via', 'pipe', '30'], fileActions: [{ op: 'dup2', fd: w, to: 1 }, { op: 'close', fd: r }, { op: 'close', fd: w }] });
        yield* sys.spawn({ program: 'consumer', argv: ['consumer'], fileActions: [{ op: 'dup2', fd: r, to: 0 }, { op: 'close', fd: r }, { op: 'close', fd: w }] });
        yield* sys.close(r);
        yield* sys.close(w);
        yield* sys.wait(-1);
        yield* sys.wait(-1);
        return 0;
      },
    });
    start(m, 'shell');
    let fullest = 0;
    let writerWaited = false;
    for (let t = 1; t < 300; t++) {
      run(m, 1);
      for (const v of pipeViews(m.state)) {
        fullest = Math.max(fullest, v.used);
        writerWaited ||= v.blockedWriters.length > 0;
      }
    }
    // With the default 64-byte pipe the slower consumer lets it fill, and the producer blocks.
    expect(fullest).toBeGreaterThan(56);
    expect(writerWaited).toBe(true);
    const out = screen(m);
    for (let i = 1; i <= 30; i++) {
      expect(out).toContain(`producer: wrote item ${i}\n`);
      expect(out).toContain(`consumer: got item ${i}\n`);
    }
    expect(out).toContain('producer: done, closing the pipe\n');
    expect(out.trimEnd().endsWith('consumer: end of file after 30 items')).toBe(true);
  });

  it('typed at the shell, producer --via pipe 20 | consumer passes all twenty items', () => {
    const m = createMachine();
    runTo(m, 2);
    type(m, 'producer --via pipe 20 | consumer\n');
    runTo(m, 300);
    const got = [...screen(m).matchAll(/consumer: got (item \d+)/g)].map((x) => x[1]);
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => `item ${i + 1}`));
    expect(screen(m)).toContain('consumer: end of file after 20 items');
    expect(m.state.ipc.pipes).toEqual({});
  });
});
