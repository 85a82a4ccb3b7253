import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { describeErrno } from './basic.ts';
import { parseDemoOptions, wholeNumber } from './demo-options.ts';

/**
 * The producer/consumer problem three ways, each narrating what it does so the terminal
 * tells the story:
 *
 *   producer --via pipe 20 | consumer          a pipe (the default): the writer blocks when it is full
 *   producer --via mq --key 7 20 &             a message queue: msgsnd blocks when it is full
 *   consumer --via mq --key 7
 *   producer --via sem --key 9 20 &            a bounded buffer in shared memory guarded by
 *   consumer --via sem --key 9                 semaphores empty, full and mutex (OSTEP ch. 31)
 *
 * `--work T` is the CPU ticks spent making or using each item (2 for the producer, 3 for
 * the consumer, so the buffer fills and the producer visibly waits), `--slots B` the
 * bounded buffer's size. Either side may start first. The consumer removes the queue or
 * the semaphores and segment when it has seen the end.
 */

type Via = 'pipe' | 'mq' | 'sem';

interface Setup {
  via: Via;
  key: number;
  work: number;
  slots: number;
  count: number;
}

/** Message types on the queue. */
const ITEM = 1;
const DONE = 2;
/** What the producer puts in the bounded buffer after its last item. */
const END = 'done';

function parseSetup(argv: readonly string[], defaultWork: number): Setup | { error: string } {
  const o = parseDemoOptions(argv, ['via', 'key', 'work', 'slots'], []);
  if ('error' in o) return o;
  const via = o.values.via ?? 'pipe';
  if (via !== 'pipe' && via !== 'mq' && via !== 'sem') return { error: `--via takes pipe, mq or sem, not '${via}'` };
  const key = wholeNumber(o.values.key, 42, 'key', 1);
  const work = wholeNumber(o.values.work, defaultWork, 'work');
  const slots = wholeNumber(o.values.slots, 4, 'slot count', 1, 64);
  const count = wholeNumber(o.operands[0], 10, 'item count');
  for (const n of [key, work, slots, count]) if (typeof n !== 'number') return n;
  return { via, key, work, slots, count } as Setup;
}

/** producer [--via pipe|mq|sem] [--key K] [--slots B] [--work T] [N]: makes N items. */
export function* producer(ctx: ProcessContext): sys.Sys<number> {
  const o = parseSetup(ctx.argv.slice(1), 2);
  if ('error' in o) return yield* usage('producer', o.error, '[N]');
  if (o.via === 'pipe') return yield* produceToPipe(o);
  if (o.via === 'mq') return yield* produceToQueue(o);
  return yield* produceToBuffer(o);
}

/** consumer [--via pipe|mq|sem] [--key K] [--slots B] [--work T]: uses items until the end. */
export function* consumer(ctx: ProcessContext): sys.Sys<number> {
  const o = parseSetup(ctx.argv.slice(1), 3);
  if ('error' in o) return yield* usage('consumer', o.error, '');
  if (o.via === 'pipe') return yield* consumeFromPipe(o);
  if (o.via === 'mq') return yield* consumeFromQueue(o);
  return yield* consumeFromBuffer(o);
}

function* usage(who: string, error: string, operand: string): sys.Sys<number> {
  yield* sys.eprint(`${who}: ${error}\nusage: ${who} [--via pipe|mq|sem] [--key K] [--slots B] [--work T] ${operand}\n`);
  return 2;
}

function* fail(who: string, what: string, errno: number): sys.Sys<number> {
  yield* sys.eprint(`${who}: ${what}: ${describeErrno(errno)}\n`);
  return 1;
}

// ---- a pipe: items are lines on stdout; the story goes to stderr --------------------------

function* produceToPipe(o: Setup): sys.Sys<number> {
  for (let i = 1; i <= o.count; i++) {
    yield* sys.cpu(o.work);
    const r = yield* sys.write(1, `item ${i}\n`);
    if (r < 0) return yield* fail('producer', 'write', r);
    yield* sys.eprint(`producer: wrote item ${i}\n`);
  }
  yield* sys.eprint('producer: done, closing the pipe\n');
  return 0;
}

function* consumeFromPipe(o: Setup): sys.Sys<number> {
  let pending = '';
  let n = 0;
  for (;;) {
    // A little at a time, so the backlog waits in the pipe (where its view shows it), not here.
    const chunk = yield* sys.read(0, 8);
    if (typeof chunk === 'number') return yield* fail('consumer', 'read', chunk);
    if (chunk === '') break;
    pending += chunk;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      n++;
      yield* sys.print(`consumer: got ${line}\n`);
      yield* sys.cpu(o.work);
    }
  }
  yield* sys.print(`consumer: end of file after ${n} item${n === 1 ? '' : 's'}\n`);
  return 0;
}

// ---- a message queue ----------------------------------------------------------------------

function* produceToQueue(o: Setup): sys.Sys<number> {
  const q = yield* sys.msgget(o.key);
  if (q < 0) return yield* fail('producer', 'msgget', q);
  for (let i = 1; i <= o.count; i++) {
    yield* sys.cpu(o.work);
    const r = yield* sys.msgsnd(q, ITEM, `item ${i}`);
    if (r < 0) return yield* fail('producer', 'msgsnd', r);
    yield* sys.print(`producer: sent item ${i} to queue ${q}\n`);
  }
  const r = yield* sys.msgsnd(q, DONE, 'done');
  if (r < 0) return yield* fail('producer', 'msgsnd', r);
  yield* sys.print('producer: done\n');
  return 0;
}

function* consumeFromQueue(o: Setup): sys.Sys<number> {
  const q = yield* sys.msgget(o.key);
  if (q < 0) return yield* fail('consumer', 'msgget', q);
  let n = 0;
  for (;;) {
    const m = yield* sys.msgrcv(q, 0);
    if (typeof m === 'number') return yield* fail('consumer', 'msgrcv', m);
    if (m.type === DONE) break;
    n++;
    yield* sys.print(`consumer: received ${m.text} from pid ${m.from}\n`);
    yield* sys.cpu(o.work);
  }
  yield* sys.ipcrm('mq', q);
  yield* sys.print(`consumer: done after ${n} item${n === 1 ? '' : 's'}; removed queue ${q}\n`);
  return 0;
}

// ---- a bounded buffer in shared memory, with semaphores ------------------------------------

/** Slots 0..B-1 hold items; slot B is where the next item goes, slot B+1 where the next is taken. */
interface BoundedBuffer {
  shm: number;
  empty: number;
  full: number;
  mutex: number;
  slots: number;
}

/** Opens (or, whichever side comes first, creates) the buffer and its three semaphores. */
function* openBuffer(o: Setup, who: string): sys.Sys<BoundedBuffer | number> {
  const shm = yield* sys.shmget(o.key, o.slots + 2);
  if (shm < 0) return yield* fail(who, 'shmget', shm);
  const empty = yield* sys.semget(o.key, o.slots);
  const full = yield* sys.semget(o.key + 1, 0);
  const mutex = yield* sys.semget(o.key + 2, 1);
  for (const id of [empty, full, mutex]) if (id < 0) return yield* fail(who, 'semget', id);
  return { shm, empty, full, mutex, slots: o.slots };
}

/** Puts an item in the next free slot (waiting for one); returns the slot, or a negative errno. */
function* put(b: BoundedBuffer, item: string): sys.Sys<number> {
  const r = yield* sys.semwait(b.empty);
  if (r < 0) return r;
  const m = yield* sys.semwait(b.mutex);
  if (m < 0) return m;
  const slot = Number(yield* sys.shmread(b.shm, b.slots)) || 0;
  yield* sys.shmwrite(b.shm, slot, item);
  yield* sys.shmwrite(b.shm, b.slots, String((slot + 1) % b.slots));
  yield* sys.sempost(b.mutex);
  yield* sys.sempost(b.full);
  return slot;
}

/** Takes the oldest item (waiting for one); returns it and its slot, or a negative errno. */
function* take(b: BoundedBuffer): sys.Sys<{ item: string; slot: number } | number> {
  const r = yield* sys.semwait(b.full);
  if (r < 0) return r;
  const m = yield* sys.semwait(b.mutex);
  if (m < 0) return m;
  const slot = Number(yield* sys.shmread(b.shm, b.slots + 1)) || 0;
  const item = yield* sys.shmread(b.shm, slot);
  yield* sys.shmwrite(b.shm, slot, '');
  yield* sys.shmwrite(b.shm, b.slots + 1, String((slot + 1) % b.slots));
  yield* sys.sempost(b.mutex);
  yield* sys.sempost(b.empty);
  return { item: typeof item === 'string' ? item : '', slot };
}

function* produceToBuffer(o: Setup): sys.Sys<number> {
  const b = yield* openBuffer(o, 'producer');
  if (typeof b === 'number') return b;
  for (let i = 1; i <= o.count; i++) {
    yield* sys.cpu(o.work);
    const slot = yield* put(b, `item ${i}`);
    if (slot < 0) return yield* fail('producer', 'semwait', slot);
    yield* sys.print(`producer: put item ${i} in slot ${slot}\n`);
  }
  const slot = yield* put(b, END);
  if (slot < 0) return yield* fail('producer', 'semwait', slot);
  yield* sys.print('producer: done\n');
  return 0;
}

function* consumeFromBuffer(o: Setup): sys.Sys<number> {
  const b = yield* openBuffer(o, 'consumer');
  if (typeof b === 'number') return b;
  let n = 0;
  for (;;) {
    const got = yield* take(b);
    if (typeof got === 'number') return yield* fail('consumer', 'semwait', got);
    if (got.item === END) break;
    n++;
    yield* sys.print(`consumer: took ${got.item} from slot ${got.slot}\n`);
    yield* sys.cpu(o.work);
  }
  for (const id of [b.empty, b.full, b.mutex]) yield* sys.ipcrm('sem', id);
  yield* sys.ipcrm('shm', b.shm);
  yield* sys.print(`consumer: done after ${n} item${n === 1 ? '' : 's'}; removed the buffer and its semaphores\n`);
  return 0;
}
