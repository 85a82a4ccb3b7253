import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GlassboxEvent, Reply } from '../shared/protocol.ts';
import type { SessionOptions } from './session.ts';

/** A message to the session's thread: one command, answered by a reply with the same id. */
export type ToWorker = { id: number; command: unknown };
/** A message from it: a reply, or an event from the session. */
export type FromWorker = { id: number; reply: Reply<unknown> } | { event: GlassboxEvent };

/** Options a session on another thread can be given: plain data only (no injected clock). */
export type WorkerSessionOptions = Omit<SessionOptions, 'timers'>;

/**
 * A Session on its own worker thread, driven from the host's thread. Requests are answered
 * in order; events stream to subscribers. If the thread dies (a bug, or out of memory),
 * waiting requests get a failure and `onExit` hears of it; nothing else is affected.
 */
export class WorkerSession {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (r: Reply<unknown>) => void>();
  private readonly listeners = new Set<(e: GlassboxEvent) => void>();
  private readonly exitListeners = new Set<(why: string) => void>();
  private nextId = 1;
  private gone: string | null = null;

  constructor(opts: WorkerSessionOptions = {}, limits: { heapMb?: number } = {}) {
    this.worker = startWorker(opts, limits.heapMb);
    this.worker.on('message', (msg: FromWorker) => {
      if ('event' in msg) {
        for (const l of this.listeners) l(msg.event);
      } else {
        this.waiting.get(msg.id)?.(msg.reply);
        this.waiting.delete(msg.id);
      }
    });
    this.worker.on('error', (err) => this.end(`the session stopped: ${err.message}`));
    this.worker.on('exit', () => this.end('the session ended'));
  }

  /** Sends an untrusted command; the session's thread validates it. */
  request(command: unknown): Promise<Reply<unknown>> {
    if (this.gone) return Promise.resolve({ ok: false, error: this.gone });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ id, command } satisfies ToWorker);
    });
  }

  subscribe(listener: (e: GlassboxEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onExit(listener: (why: string) => void): void {
    this.exitListeners.add(listener);
  }

  /** Stops the thread at once, whatever it is doing. */
  dispose(): Promise<void> {
    this.end('the session was closed');
    return this.worker.terminate().then(() => undefined);
  }

  private end(why: string): void {
    if (this.gone) return;
    this.gone = why;
    for (const resolve of this.waiting.values()) resolve({ ok: false, error: why });
    this.waiting.clear();
    for (const l of this.exitListeners) l(why);
    this.listeners.clear();
  }
}

/**
 * The worker's entry: the built session-worker beside this code (session-worker.js in the
 * desktop app's bundle, .mjs in the command's), or, running from the sources (the tests,
 * an edited checkout), the TypeScript itself, loaded through tsx as the command does.
 */
function startWorker(opts: WorkerSessionOptions, heapMb: number | undefined): Worker {
  const workerData = { session: opts };
  const resourceLimits = heapMb === undefined ? undefined : { maxOldGenerationSizeMb: heapMb };
  for (const name of ['./session-worker.js', './session-worker.mjs']) {
    const built = new URL(name, import.meta.url);
    if (existsSync(fileURLToPath(built))) return new Worker(built, { workerData, resourceLimits });
  }
  const source = new URL('./session-worker.ts', import.meta.url).href;
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}
