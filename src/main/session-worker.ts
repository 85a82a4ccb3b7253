import { setImmediate as nextTurn } from 'node:timers/promises';
import { parentPort } from 'node:worker_threads';
import { MAX_STEP, parseCommand, type Reply, type SessionStatus, type WireMessage } from '../shared/protocol.ts';
import { handleCommand } from './dispatch.ts';
import { Session } from './session.ts';
import type { FromWorker, ToWorker, WireKind } from './session-host.ts';

/**
 * Sessions on a thread of their own, so that no command, however long, delays the host's
 * event loop (HTTP, signals). One thread carries several sessions: each V8 heap costs some
 * 25 MB before it holds anything, more than a busy session's own data. Each session's
 * commands arrive in order and are answered in order. A long command (a step, a seek either
 * way, a long paste) runs in slices of about SLICE_MS, yielding between them, so the other
 * sessions on the thread (and their frames of play) take turns with it; a command for the
 * same session that arrives meanwhile cancels a step or seek, and its reply is the status
 * where it stopped.
 */
const SLICE_MS = 20;

const port = parentPort;
if (!port) throw new Error('session-worker.ts runs only as a worker thread');
const post = (msg: FromWorker) => port.postMessage(msg);

/**
 * A message for a wire session's client, serialised here rather than on the host's thread
 * (which serves HTTP and every other client): the bytes are handed over to the host, not
 * copied, and the host writes them to the socket as they are.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const postText = (sid: number, wire: WireKind, msg: WireMessage): void => {
  const bytes = encoder.encode(JSON.stringify(msg));
  port.postMessage({ sid, wire, bytes } satisfies FromWorker, [bytes.buffer]);
};

/** A command waiting its turn: `wire` when its reply goes back serialised, with the client's own id. */
interface Queued {
  id: number;
  command: unknown;
  wire: boolean;
}

/** One session on this thread, with the commands it has yet to answer. */
interface Hosted {
  session: Session;
  queue: Queued[];
  busy: boolean;
  /** Set when a command arrives: a long command in progress stops at its next slice. */
  cancelLong: boolean;
  /** A wire session whose client is behind: its events would be dropped, so they are not made. */
  muted: boolean;
  unsubscribe: () => void;
}

const sessions = new Map<number, Hosted>();

port.on('message', (msg: ToWorker) => {
  if ('open' in msg) {
    const sid = msg.open;
    const session = new Session(msg.options);
    const h: Hosted = { session, queue: [], busy: false, cancelLong: false, muted: false, unsubscribe: () => {} };
    h.unsubscribe = msg.wire ? session.subscribe((event) => h.muted || postText(sid, 'event', { event })) : session.subscribe((event) => post({ sid, event }));
    sessions.set(sid, h);
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
  if ('keptBytes' in msg) {
    h?.session.setSnapshotBytes(msg.keptBytes);
    return;
  }
  if ('mute' in msg) {
    if (h) h.muted = msg.mute;
    return;
  }
  if ('snapshot' in msg) {
    // Answered at once, between two slices of whatever the session is doing. The client is
    // caught up by it, so every event after it is sent: none may be missed in between.
    if (h) h.muted = false;
    if (h) postText(msg.sid, 'snapshot', { event: { kind: 'snapshot', state: h.session.current, status: h.session.status() } });
    return;
  }
  const queued = 'text' in msg ? fromClient(msg.sid, msg.text) : { id: msg.id, command: msg.command, wire: false };
  if (!queued) return;
  if (!h) {
    answer(msg.sid, queued, { ok: false, error: 'the session was closed' });
    return;
  }
  h.queue.push(queued);
  h.cancelLong = true;
  if (!h.busy) void drain(msg.sid, h);
});

/** A client's message as it came: its id and command, or (answered here) a failure when it is not JSON. */
function fromClient(sid: number, text: Uint8Array): Queued | null {
  let msg: unknown;
  try {
    msg = JSON.parse(decoder.decode(text));
  } catch {
    postText(sid, 'reply', { id: -1, reply: { ok: false, error: 'message is not valid JSON' } });
    return null;
  }
  const id = typeof msg === 'object' && msg !== null && Number.isInteger((msg as { id?: unknown }).id) ? (msg as { id: number }).id : -1;
  const command = typeof msg === 'object' && msg !== null ? (msg as { command?: unknown }).command : undefined;
  return { id, command, wire: true };
}

function answer(sid: number, q: Queued, reply: Reply<unknown>): void {
  if (q.wire) postText(sid, 'reply', { id: q.id, reply });
  else post({ sid, id: q.id, reply });
}

async function drain(sid: number, h: Hosted): Promise<void> {
  h.busy = true;
  for (let msg = h.queue.shift(); msg; msg = h.queue.shift()) {
    h.cancelLong = false;
    const reply = await carryOut(h, msg.command);
    if (sessions.get(sid) !== h) return; // closed meanwhile: nobody is waiting
    answer(sid, msg, reply);
  }
  h.busy = false;
}

/**
 * Long commands run in slices: steps and seeks either way (cancelled by the session's next
 * command: the reply is the status where it stopped), and a long paste (not cancelled: what
 * was typed is all typed, and the commands after it wait). Everything else runs at once.
 */
async function carryOut(h: Hosted, raw: unknown): Promise<Reply<unknown>> {
  const session = h.session;
  const parsed = parseCommand(raw);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const c = parsed.command;
  const from = session.current.tick;
  try {
    if (c.cmd === 'ttyInput' && c.data.length > PASTE_PIECE) return await inSlices(h, session.typeInPieces(c.data), PASTE_PIECE, false);
    const back = c.cmd === 'seek' && c.tick < from ? c.tick : c.cmd === 'stepBack' ? Math.max(0, from - c.n) : null;
    if (back !== null) return await inSlices(h, session.seekBackInPieces(back), 64, true);
  } catch (err) {
    return { ok: false, error: `internal error: ${err instanceof Error ? err.message : String(err)}` };
  }
  const target = c.cmd === 'step' ? from + c.n : c.cmd === 'seek' && c.tick > from ? Math.min(c.tick, from + MAX_STEP) : null;
  if (target === null) return handleCommand(session, c);
  let slice = 64;
  let reply: Reply<unknown> = { ok: true, result: session.pause() };
  while (reply.ok && session.current.tick < target) {
    const t0 = performance.now();
    reply = handleCommand(session, { cmd: 'step', n: Math.min(slice, target - session.current.tick) });
    slice = nextSlice(slice, performance.now() - t0);
    if (session.current.tick >= target) break;
    await nextTurn();
    if (h.cancelLong) break;
  }
  return reply;
}

/** Characters of a paste typed in one piece at first; a shorter paste is typed at once. */
const PASTE_PIECE = 512;

/** The next slice's size: doubled while a slice takes under half of SLICE_MS, halved past it. */
function nextSlice(size: number, tookMs: number): number {
  return Math.max(1, Math.min(MAX_STEP, Math.round(tookMs < SLICE_MS / 2 ? size * 2 : tookMs > SLICE_MS ? size / 2 : size)));
}

/** Drives a session's work in pieces (see Session.typeInPieces), yielding the thread between them. */
async function inSlices(h: Hosted, work: Generator<void, SessionStatus, number>, first: number, cancellable: boolean): Promise<Reply<unknown>> {
  let size = first;
  let r = work.next(0); // up to the first piece, which has not run yet
  while (!r.done) {
    const t0 = performance.now();
    r = work.next(size);
    if (r.done) break;
    size = nextSlice(size, performance.now() - t0);
    await nextTurn();
    if (cancellable && h.cancelLong) {
      work.return(h.session.status());
      break;
    }
  }
  return { ok: true, result: r.done ? r.value : h.session.status() };
}
