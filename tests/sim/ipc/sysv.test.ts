import { describe, expect, it } from 'vitest';
import { EAGAIN, EEXIST, EIDRM, EINVAL, ENOENT, ENOMSG, ENOSPC, ERANGE } from '../../../src/sim/abi/errno.ts';
import type { ProcessContext } from '../../../src/sim/abi/program.ts';
import { queueViews, segmentViews, semaphoreViews } from '../../../src/sim/kernel/ipc-selectors.ts';
import * as sys from '../../../src/sim/libc/sys.ts';
import { createMachine, runTo, screen, type } from '../../../src/sim/machine/machine.ts';
import { liveUserProcs, machineWith, run, start } from './helpers.ts';

describe('keys', () => {
  it('the same key opens the same object; exclusive and create:false answer EEXIST and ENOENT; key 0 is always new', () => {
    const got: number[] = [];
    const m = machineWith({
      *t() {
        got.push(yield* sys.msgget(7), yield* sys.msgget(7), yield* sys.msgget(7, { exclusive: true }), yield* sys.msgget(8, { create: false }));
        got.push(yield* sys.semget(0, 1), yield* sys.semget(0, 1));
        got.push(yield* sys.shmget(7, 4), yield* sys.shmget(7, 2), yield* sys.shmget(7, 9), yield* sys.shmget(9, 0));
        return 0;
      },
    });
    start(m, 't');
    run(m, 2);
    expect(got).toEqual([1, 1, -EEXIST, -ENOENT, 2, 3, 4, 4, -EINVAL, -EINVAL]);
  });

  it('each kind holds at most maxObjects', () => {
    const got: number[] = [];
    const m = machineWith(
      {
        *t() {
          for (let i = 0; i < 3; i++) got.push(yield* sys.semget(0, 0));
          return 0;
        },
      },
      { ipc: { maxObjects: 2 } },
    );
    start(m, 't');
    run(m, 2);
    expect(got).toEqual([1, 2, -ENOSPC]);
  });
});

describe('message queues', () => {
  it('a sender blocks on a full queue and wakes when a receiver takes a message', () => {
    const got: unknown[] = [];
    const m = machineWith(
      {
        *sender() {
          const q = yield* sys.msgget(5);
          for (let i = 1; i <= 3; i++) {
            got.push([`sent ${i}`, yield* sys.msgsnd(q, 1, `m${i}`), yield* sys.uptime()]);
          }
          return 0;
        },
        *receiver() {
          yield* sys.sleep(10);
          const q = yield* sys.msgget(5);
          const r = yield* sys.msgrcv(q);
          got.push(['got', r]);
          return 0;
        },
      },
      { ipc: { mqCapacity: 2 } },
    );
    const sender = start(m, 'sender');
    start(m, 'receiver');
    run(m, 5);
    expect(m.state.procs[sender].wchan).toBe('mq:1:send');
    expect(queueViews(m.state)[0]).toMatchObject({ count: 2, capacity: 2, blockedSenders: [sender] });
    run(m, 10);
    expect(got).toEqual([['sent 1', 0, 0], ['sent 2', 0, 0], ['got', { type: 1, text: 'm1', from: sender }], ['sent 3', 0, 10]]);
  });

  it('a receiver blocks until a message of its type arrives; 0 takes any, a negative type the lowest up to it', () => {
    const got: unknown[] = [];
    const m = machineWith({
      *picky() {
        const q = yield* sys.msgget(5);
        const r = yield* sys.msgrcv(q, 3);
        got.push(['picky', typeof r === 'object' ? r.text : r, yield* sys.uptime()]);
        return 0;
      },
      *sender() {
        const q = yield* sys.msgget(5);
        yield* sys.sleep(5);
        yield* sys.msgsnd(q, 2, 'two');
        yield* sys.msgsnd(q, 1, 'one');
        yield* sys.sleep(5);
        yield* sys.msgsnd(q, 3, 'three');
        return 0;
      },
    });
    const picky = start(m, 'picky');
    start(m, 'sender');
    run(m, 7);
    expect(m.state.procs[picky].state).toBe('blocked'); // types 2 and 1 are not what it wants
    expect(queueViews(m.state)[0]).toMatchObject({ count: 2, blockedReceivers: [{ pid: picky, type: 3 }] });
    run(m, 10);
    expect(got).toEqual([['picky', 'three', 10]]);
    const rest: unknown[] = [];
    const m2 = machineWith({
      *t() {
        const q = yield* sys.msgget(1);
        for (const [type, text] of [[4, 'four'], [2, 'two'], [3, 'three']] as const) yield* sys.msgsnd(q, type, text);
        const a = yield* sys.msgrcv(q, -3);
        const b = yield* sys.msgrcv(q, 0);
        rest.push(a, b, yield* sys.msgrcv(q, 9, { nowait: true }));
        return 0;
      },
    });
    start(m2, 't');
    run(m2, 2);
    expect(rest).toEqual([expect.objectContaining({ text: 'two' }), expect.objectContaining({ text: 'four' }), -ENOMSG]);
  });

  it('nowait answers EAGAIN on a full queue, and a removed queue wakes its sleepers with EIDRM', () => {
    const got: unknown[] = [];
    const m = machineWith(
      {
        *a() {
          const q = yield* sys.msgget(5);
          got.push(yield* sys.msgsnd(q, 1, 'x'));
          got.push(yield* sys.msgsnd(q, 1, 'y', { nowait: true }));
          got.push(['a', yield* sys.msgsnd(q, 1, 'z')]);
          return 0;
        },
        *b() {
          const q = yield* sys.msgget(6);
          got.push(['b', yield* sys.msgrcv(q)]);
          return 0;
        },
        *remover() {
          yield* sys.sleep(5);
          got.push(yield* sys.ipcrm('mq', 1), yield* sys.ipcrm('mq', 2), yield* sys.ipcrm('mq', 2));
          return 0;
        },
      },
      { ipc: { mqCapacity: 1 } },
    );
    start(m, 'a');
    start(m, 'b');
    start(m, 'remover');
    run(m, 10);
    expect(got).toEqual([0, -EAGAIN, 0, 0, -EINVAL, ['a', -EIDRM], ['b', -EIDRM]]);
    expect(m.state.ipc.queues).toEqual({});
    expect(liveUserProcs(m)).toEqual([]);
  });

  it('producer and consumer over a message queue pass every item, and the queue is removed at the end', () => {
    const m = createMachine();
    runTo(m, 2);
    type(m, 'producer --via mq --key 7 9 &\n');
    runTo(m, 8);
    type(m, 'consumer --via mq --key 7\n');
    runTo(m, 200);
    const out = screen(m);
    const received = [...out.matchAll(/consumer: received (item \d+)/g)].map((x) => x[1]);
    expect(received).toEqual(Array.from({ length: 9 }, (_, i) => `item ${i + 1}`));
    expect(out).toContain('consumer: done after 9 items; removed queue');
    expect(m.state.ipc.queues).toEqual({});
  });
});

describe('semaphores and shared memory', () => {
  it('a wait at 0 blocks until a post; the holder is who waited', () => {
    const got: unknown[] = [];
    const m = machineWith({
      *waiter() {
        const s = yield* sys.semget(3, 0);
        got.push(['waiter', yield* sys.semwait(s), yield* sys.uptime()]);
        yield* sys.sleep(100);
        return 0;
      },
      *poster() {
        const s = yield* sys.semget(3, 0);
        yield* sys.sleep(8);
        got.push(['poster', yield* sys.sempost(s)]);
        return 0;
      },
    });
    const waiter = start(m, 'waiter');
    start(m, 'poster');
    run(m, 4);
    expect(semaphoreViews(m.state)).toEqual([{ id: 1, key: 3, value: 0, initial: 0, holders: [], waiters: [waiter] }]);
    run(m, 6);
    expect(got).toEqual([['poster', 0], ['waiter', 0, 8]]);
    expect(semaphoreViews(m.state)).toEqual([{ id: 1, key: 3, value: 0, initial: 0, holders: [{ pid: waiter, count: 1 }], waiters: [] }]);
  });

  it('nowait answers EAGAIN at 0, a post beyond the largest value ERANGE, a removed semaphore EIDRM to its sleepers', () => {
    const got: unknown[] = [];
    const m = machineWith(
      {
        *t() {
          const s = yield* sys.semget(1, 0);
          got.push(yield* sys.semwait(s, { nowait: true }));
          const full = yield* sys.semget(2, 3);
          got.push(yield* sys.sempost(full));
          yield* sys.spawn({ program: 'sleeper', argv: ['sleeper', String(s)] });
          yield* sys.sleep(3);
          got.push(yield* sys.ipcrm('sem', s));
          yield* sys.wait(-1);
          return 0;
        },
        *sleeper(ctx: ProcessContext) {
          got.push(['sleeper', yield* sys.semwait(Number(ctx.argv[1]))]);
          return 0;
        },
      },
      { ipc: { semMax: 3 } },
    );
    start(m, 't');
    run(m, 10);
    expect(got).toEqual([-EAGAIN, -ERANGE, 0, ['sleeper', -EIDRM]]);
  });

  it('shared memory is one set of slots for every process that opens it', () => {
    const got: unknown[] = [];
    const m = machineWith({
      *writer() {
        const id = yield* sys.shmget(11, 3);
        yield* sys.shmwrite(id, 2, 'hello');
        got.push(yield* sys.shmwrite(id, 3, 'out of range'), yield* sys.shmread(id, -1));
        return 0;
      },
      *reader() {
        yield* sys.sleep(2);
        const id = yield* sys.shmget(11, 0);
        got.push(yield* sys.shmread(id, 2), yield* sys.shmread(id, 0));
        return 0;
      },
    });
    const writer = start(m, 'writer');
    start(m, 'reader');
    run(m, 5);
    expect(got).toEqual([-EINVAL, -EINVAL, 'hello', '']);
    expect(segmentViews(m.state)).toEqual([{ id: 1, key: 11, size: 3, slots: ['', '', 'hello'], lastWriters: [null, null, writer] }]);
  });

  it('producer and consumer over a bounded buffer: every item in order, the producer waits when it is full, nothing is left behind', () => {
    const m = createMachine();
    runTo(m, 2);
    type(m, 'producer --via sem --key 9 --slots 3 --work 1 12 &\n');
    runTo(m, 30);
    // The consumer has not started: the buffer is full and the producer sleeps on "empty".
    const [empty] = semaphoreViews(m.state);
    expect(empty).toMatchObject({ key: 9, value: 0, initial: 3 });
    expect(empty.waiters.length).toBe(1);
    expect(segmentViews(m.state)[0].slots.slice(0, 3)).toEqual(['item 1', 'item 2', 'item 3']);
    type(m, 'consumer --via sem --key 9 --slots 3\n');
    runTo(m, 300);
    const taken = [...screen(m).matchAll(/consumer: took (item \d+) from slot (\d)/g)];
    expect(taken.map((x) => x[1])).toEqual(Array.from({ length: 12 }, (_, i) => `item ${i + 1}`));
    expect(taken.map((x) => Number(x[2]))).toEqual(Array.from({ length: 12 }, (_, i) => i % 3));
    expect(m.state.ipc.sems).toEqual({});
    expect(m.state.ipc.segments).toEqual({});
  });

  it('ipcs lists the objects with their sleepers, and ipcrm removes them', () => {
    const m = createMachine();
    runTo(m, 2);
    type(m, 'producer --via sem --key 9 --slots 2 --work 0 5 &\n');
    runTo(m, 10);
    type(m, 'ipcs\n');
    runTo(m, 12);
    const out = screen(m);
    expect(out).toContain('------ Semaphores ------');
    // "empty" (started at 2, the slots) is at 0 and waited on by the producer for a third slot;
    // a counting semaphore has no holders. "mutex" (started at 1) is a lock, held by nobody now.
    expect(out).toContain('  KEY    ID  VALUE   INIT  HOLDERS  WAITERS\n');
    expect(out).toMatch(/\n {4}9 {5}2 {6}0 {6}2 {2}n\/a {6}\d+\n/);
    expect(out).toMatch(/\n {3}\d+ {5}4 {6}1 {6}1 {2}- {8}-\n/);
    expect(out).toContain('"item 1" "item 2" "0" ""');
    type(m, 'ipcrm -s 2 -m 1 -q 99\n');
    runTo(m, 20);
    expect(screen(m)).toContain('ipcrm: -q 99: Invalid argument (EINVAL)');
    expect(screen(m)).toContain('producer: semwait: Identifier removed (EIDRM)');
    expect(Object.keys(m.state.ipc.sems).map(Number)).toEqual([3, 4]);
    expect(m.state.ipc.segments).toEqual({});
  });
});
