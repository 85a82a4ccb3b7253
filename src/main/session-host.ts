import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GlassboxEvent, Reply } from '../shared/protocol.ts';
import type { SessionOptions } from './session.ts';

/** Options a session on another thread can be given: plain data only (no injected clock). */
export type WorkerSessionOptions = Omit<SessionOptions, 'timers'>;

/**
 * How fast the live app (the window and the browser edition) types a scenario's scripted
 * lines at the default speed, in keys per second: a quick typist, slow enough to read.
 */
export const SCRIPT_TYPING_RATE = 12;

/**
 * A message to a session thread: open or close a session, or one command for it (answered
 * by a reply with the same id). A session opened `wire` takes its client's messages as they
 * came (`text`, the UTF-8 bytes of `{ id, command }`) and answers with the text to send
 * back, and `snapshot` asks it for its state as a snapshot event, serialised likewise;
 * while `mute`d its events are not serialised at all (its client is behind and would not
 * be sent them).
 */
export type ToWorker =
  | { open: number; options: WorkerSessionOptions; wire?: boolean }
  | { close: number }
  | { sid: number; id: number; command: unknown }
  | { sid: number; text: Uint8Array }
  | { sid: number; snapshot: true }
  | { sid: number; mute: boolean }
  | { sid: number; keptBytes: number };
/** A message from it: a reply, or an event from one of its sessions, as objects or (for a wire session) serialised. */
export type FromWorker =
  | { sid: number; id: number; reply: Reply<unknown> }
  | { sid: number; event: GlassboxEvent }
  | { sid: number; wire: WireKind; bytes: Uint8Array };
/** What a serialised message from a wire session is: a reply to its client, an event, or the snapshot asked for. */
export type WireKind = 'reply' | 'event' | 'snapshot';

/**
 * A worker thread that carries sessions. If it dies (a bug, or past its heap limit), every
 * session on it ends with the reason and nothing else is affected.
 */
export class SessionThread {
  private readonly worker: Worker;
  private readonly sessions = new Map<number, WorkerSession>();
  private nextSid = 1;
  private gone: string | null = null;
  private readonly emptyListeners = new Set<() => void>();

  constructor(readonly heapMb?: number) {
    this.worker = startWorker(heapMb);
    this.worker.on('message', (msg: FromWorker) => this.sessions.get(msg.sid)?.receive(msg));
    this.worker.on('error', (err: Error & { code?: string }) =>
      this.end(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `the session ran out of memory (a session's thread may use ${heapMb} MB) and has ended`
          : `the session stopped: ${err.message}`,
      ),
    );
    this.worker.on('exit', () => this.end('the session ended'));
  }

  /** How many sessions it carries. */
  get load(): number {
    return this.sessions.size;
  }

  get alive(): boolean {
    return this.gone === null;
  }

  /** A new session on this thread; a `wire` one talks in serialised messages (see WorkerSession's wire methods). */
  open(opts: WorkerSessionOptions = {}, wire = false): WorkerSession {
    const sid = this.nextSid++;
    const s = new WorkerSession(this, sid);
    this.sessions.set(sid, s);
    if (this.gone) s.end(this.gone);
    else this.worker.postMessage({ open: sid, options: opts, wire } satisfies ToWorker);
    return s;
  }

  /** Hears when its last session has closed. */
  onEmpty(listener: () => void): void {
    this.emptyListeners.add(listener);
  }

  /** Stops the thread at once, whatever it is doing. */
  terminate(): Promise<void> {
    this.end('the session was closed');
    return this.worker.terminate().then(() => undefined);
  }

  /** @internal WorkerSession's way to reach its thread. */
  send(msg: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (!this.gone) this.worker.postMessage(msg, transfer);
  }

  /** @internal A session has closed. */
  release(sid: number): void {
    if (!this.sessions.delete(sid)) return;
    this.send({ close: sid });
    if (this.sessions.size === 0) for (const l of this.emptyListeners) l();
  }

  private end(why: string): void {
    if (this.gone) return;
    this.gone = why;
    for (const s of this.sessions.values()) s.end(why);
    this.sessions.clear();
  }
}

/**
 * A Session on a worker thread, driven from the host's thread. Requests are answered in
 * order; events stream to subscribers. If its thread dies, waiting requests get a failure
 * and `onExit` hears of it.
 */
export class WorkerSession {
  private readonly waiting = new Map<number, (r: Reply<unknown>) => void>();
  private readonly listeners = new Set<(e: GlassboxEvent) => void>();
  private readonly exitListeners = new Set<(why: string) => void>();
  private readonly wireListeners = new Set<(kind: 'reply' | 'event', bytes: Uint8Array) => void>();
  private readonly snapshotsWaiting: ((bytes: Uint8Array | null) => void)[] = [];
  private nextId = 1;
  private gone: string | null = null;

  /** A session on a thread of its own (the desktop app's single window, tests). */
  static alone(opts: WorkerSessionOptions = {}, limits: { heapMb?: number } = {}): WorkerSession {
    const thread = new SessionThread(limits.heapMb);
    thread.onEmpty(() => void thread.terminate());
    return thread.open(opts);
  }

  constructor(
    private readonly thread: SessionThread,
    private readonly sid: number,
  ) {}

  /** Sends an untrusted command; the session's thread validates it. */
  request(command: unknown): Promise<Reply<unknown>> {
    if (this.gone) return Promise.resolve({ ok: false, error: this.gone });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.thread.send({ sid: this.sid, id, command });
    });
  }

  subscribe(listener: (e: GlassboxEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A wire session's client message, as it came (UTF-8 JSON `{ id, command }`): parsed,
   * validated and answered on the session's thread, so the host's thread never parses or
   * serialises a message. The bytes are handed over, not copied: `text` is unusable after.
   */
  sendText(text: Uint8Array): void {
    if (!this.gone) this.thread.send({ sid: this.sid, text }, [text.buffer as ArrayBuffer]);
  }

  /** Hears a wire session's replies and events, already serialised (`{ id, reply }` and `{ event }`). */
  subscribeWire(listener: (kind: 'reply' | 'event', bytes: Uint8Array) => void): () => void {
    this.wireListeners.add(listener);
    return () => this.wireListeners.delete(listener);
  }

  /** Sets how many bytes the session's kept frames may hold (the server's budget shares them out). */
  setKeptBytes(bytes: number): void {
    this.thread.send({ sid: this.sid, keptBytes: bytes });
  }

  /** Stops (or resumes) a wire session's events: replies and snapshots still come. */
  mute(muted: boolean): void {
    this.thread.send({ sid: this.sid, mute: muted });
  }

  /** A wire session's state now, as a serialised snapshot event (null once the session is gone); its events resume after it. */
  snapshotText(): Promise<Uint8Array | null> {
    if (this.gone) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.snapshotsWaiting.push(resolve);
      this.thread.send({ sid: this.sid, snapshot: true });
    });
  }

  onExit(listener: (why: string) => void): void {
    this.exitListeners.add(listener);
  }

  /** Closes the session, whatever it is doing; its thread carries on with the others. */
  dispose(): Promise<void> {
    this.end('the session was closed');
    this.thread.release(this.sid);
    return Promise.resolve();
  }

  /** @internal A message for this session from its thread. */
  receive(msg: FromWorker): void {
    if ('wire' in msg) {
      if (msg.wire === 'snapshot') this.snapshotsWaiting.shift()?.(msg.bytes);
      else for (const l of this.wireListeners) l(msg.wire, msg.bytes);
    } else if ('event' in msg) {
      for (const l of this.listeners) l(msg.event);
    } else {
      this.waiting.get(msg.id)?.(msg.reply);
      this.waiting.delete(msg.id);
    }
  }

  /** @internal */
  end(why: string): void {
    if (this.gone) return;
    this.gone = why;
    for (const resolve of this.waiting.values()) resolve({ ok: false, error: why });
    this.waiting.clear();
    for (const resolve of this.snapshotsWaiting.splice(0)) resolve(null);
    for (const l of this.exitListeners) l(why);
    this.listeners.clear();
    this.wireListeners.clear();
  }
}

/**
 * Session threads shared by many sessions: a new session goes to the thread that carries
 * the fewest, and a new thread starts only while there are fewer than `threads`. A thread
 * left with no sessions stops, giving its memory back.
 */
export class SessionPool {
  private readonly threads = new Set<SessionThread>();

  constructor(
    private readonly size: number,
    private readonly heapMb?: number,
  ) {}

  open(opts: WorkerSessionOptions = {}, wire = false): WorkerSession {
    let best: SessionThread | null = null;
    for (const t of this.threads) {
      if (!t.alive) this.threads.delete(t);
      else if (!best || t.load < best.load) best = t;
    }
    if (!best || (best.load > 0 && this.threads.size < this.size)) {
      const t = new SessionThread(this.heapMb);
      t.onEmpty(() => {
        this.threads.delete(t);
        void t.terminate();
      });
      this.threads.add(t);
      best = t;
    }
    return best.open(opts, wire);
  }

  /** Stops every thread. */
  close(): Promise<void> {
    const all = [...this.threads].map((t) => t.terminate());
    this.threads.clear();
    return Promise.all(all).then(() => undefined);
  }
}

/**
 * The worker's entry: the built session-worker beside this code (session-worker.js in the
 * desktop app's bundle, .mjs in the command's), or, running from the sources (the tests,
 * an edited checkout), the TypeScript itself, loaded through tsx as the command does.
 */
function startWorker(heapMb: number | undefined): Worker {
  const resourceLimits = heapMb === undefined ? undefined : { maxOldGenerationSizeMb: heapMb };
  for (const name of ['./session-worker.js', './session-worker.mjs']) {
    const built = new URL(name, import.meta.url);
    if (existsSync(fileURLToPath(built))) return new Worker(built, { resourceLimits });
  }
  const source = new URL('./session-worker.ts', import.meta.url).href;
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { eval: true, resourceLimits });
}
