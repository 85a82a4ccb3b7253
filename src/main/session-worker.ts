import { setImmediate as nextTurn } from 'node:timers/promises';
import { parentPort } from 'node:worker_threads';
import { MAX_STEP, parseCommand, type Reply } from '../shared/protocol.ts';
import { handleCommand } from './dispatch.ts';
import { Session } from './session.ts';
import type { FromWorker, ToWorker } from './session-host.ts';

/**
 * Sessions on a thread of their own, so that no command, however long, delays the host's
 * event loop (HTTP, signals). One thread carries several sessions: each V8 heap costs some
 * 25 MB before it holds anything, more than a busy session's own data. Each session's
 * commands arrive in order and are answered in order. A long step or forward seek runs in
 * slices of about SLICE_MS, yielding between them, so the other sessions on the thread (and
 * their frames of play) take turns with it; a command for the same session that arrives
 * meanwhile cancels it, and its reply is the status where it stopped.
 */
const SLICE_MS = 20;

const port = parentPort;
if (!port) throw new Error('session-worker.ts runs only as a worker thread');
const post = (msg: FromWorker) => port.postMessage(msg);

/** One session on this thread, with the commands it has yet to answer. */
interface Hosted {
  session: Session;
  queue: { id: number; command: unknown }[];
  busy: boolean;
  /** Set when a command arrives: a long command in progress stops at its next slice. */
  cancelLong: boolean;
  unsubscribe: () => void;
}

const sessions = new Map<number, Hosted>();

port.on('message', (msg: ToWorker) => {
  if ('open' in msg) {
    const session = new Session(msg.options);
    const unsubscribe = session.subscribe((event) => post({ sid: msg.open, event }));
    sessions.set(msg.open, { session, queue: [], busy: false, cancelLong: false, unsubscribe });
    return;
  }
  if ('close' in msg) {
    const h = sessions.get(msg.close);
    sessions.delete(msg.close);
    if (h) {
      h.cancelLong = true;
      h.unsubscribe();
      h.session.dispose();
    }
    return;
  }
  const h = sessions.get(msg.sid);
  if (!h) {
    post({ sid: msg.sid, id: msg.id, reply: { ok: false, error: 'the session was closed' } });
    return;
  }
  h.queue.push({ id: msg.id, command: msg.command });
  h.cancelLong = true;
  if (!h.busy) void drain(msg.sid, h);
});

async function drain(sid: number, h: Hosted): Promise<void> {
  h.busy = true;
  for (let msg = h.queue.shift(); msg; msg = h.queue.shift()) {
    h.cancelLong = false;
    const reply = await carryOut(h, msg.command);
    if (sessions.get(sid) !== h) return; // closed meanwhile: nobody is waiting
    post({ sid, id: msg.id, reply });
  }
  h.busy = false;
}

/** Steps and forward seeks of more than one slice run in slices; everything else at once. */
async function carryOut(h: Hosted, raw: unknown): Promise<Reply<unknown>> {
  const session = h.session;
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
    if (h.cancelLong) break;
  }
  return reply;
}
