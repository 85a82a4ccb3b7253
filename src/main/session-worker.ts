import { setImmediate as nextTurn } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { MAX_STEP, parseCommand, type Reply } from '../shared/protocol.ts';
import { handleCommand } from './dispatch.ts';
import { Session, type SessionOptions } from './session.ts';
import type { ToWorker } from './session-host.ts';

/**
 * One Session on its own thread, so that no command, however long, delays the host's event
 * loop (HTTP, other sessions, signals). Commands arrive in order and are answered in order.
 * A long step or forward seek runs in slices of about SLICE_MS, yielding between them; a
 * command that arrives meanwhile cancels it, and its reply is the status where it stopped.
 */
const SLICE_MS = 20;

const port = parentPort;
if (!port) throw new Error('session-worker.ts runs only as a worker thread');
const session = new Session((workerData as { session?: SessionOptions } | undefined)?.session ?? {});
session.subscribe((event) => port.postMessage({ event }));

const queue: ToWorker[] = [];
let busy = false;
let cancelLong = false;

port.on('message', (msg: ToWorker) => {
  queue.push(msg);
  cancelLong = true;
  if (!busy) void drain();
});

async function drain(): Promise<void> {
  busy = true;
  for (let msg = queue.shift(); msg; msg = queue.shift()) {
    cancelLong = false;
    port?.postMessage({ id: msg.id, reply: await carryOut(msg.command) });
  }
  busy = false;
}

/** Steps and forward seeks of more than one slice run in slices; everything else at once. */
async function carryOut(raw: unknown): Promise<Reply<unknown>> {
  const parsed = parseCommand(raw);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const c = parsed.command;
  const from = session.current.tick;
  const target = c.cmd === 'step' ? from + c.n : c.cmd === 'seek' && c.tick > from ? Math.min(c.tick, from + MAX_STEP) : null;
  if (target === null) return handleCommand(session, c);
  let slice = 64;
  let reply: Reply<unknown> = { ok: true, result: session.pause() };
  while (reply.ok && session.current.tick < target) {
    const t0 = performance.now();
    reply = handleCommand(session, { cmd: 'step', n: Math.min(slice, target - session.current.tick) });
    const took = performance.now() - t0;
    slice = Math.max(1, Math.min(MAX_STEP, Math.round(took < SLICE_MS / 2 ? slice * 2 : took > SLICE_MS ? slice / 2 : slice)));
    if (session.current.tick >= target) break;
    await nextTurn();
    if (cancelLong) break;
  }
  return reply;
}
