import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import type { Duplex } from 'node:stream';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { MAX_MESSAGE_BYTES, type WireMessage } from '../shared/protocol.ts';
import { CSP } from './csp.ts';
import { ClientStream, type WireText } from './client-stream.ts';
import { type BudgetLimits, type BudgetMember, ServerBudget } from './server-budget.ts';
import { SCRIPT_TYPING_RATE, SessionPool, type WorkerSession, type WorkerSessionOptions } from './session-host.ts';

/**
 * The browser edition: Node's http serves the built renderer, and a WebSocket on the same
 * origin (path /ws) carries the same protocol the Electron preload carries. Each
 * connection gets its own Session, so two tabs never disturb each other.
 */
export interface ServerOptions {
  rendererDir: string;
  port?: number;
  host?: string;
  session?: () => WorkerSessionOptions;
  /** Sessions (connections) at once; default DEFAULT_MAX_SESSIONS. */
  maxSessions?: number;
  /** Host names to answer to besides localhost and the bound address (e.g. a LAN name). */
  allowedHosts?: string[];
  /** Worker threads the sessions share; default sessionThreads(). */
  threads?: number;
  /** The server's memory budget (see server-budget.ts); default SERVER_BUDGET. */
  budget?: BudgetLimits;
}

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** How many browser tabs may have a session at once; more get 503 until one closes. */
export const DEFAULT_MAX_SESSIONS = 16;
/**
 * Past frames a browser session keeps for instant stepping back: four seconds of play, and
 * at most about 8 MB of them (a busy machine's frame can cost 50 KB or more to keep: immer
 * shares the rest with the frame before). Past that the older frames are thinned to
 * keyframes, then let go; older ticks are reached by replay.
 */
const SERVER_SNAPSHOTS = 240;
const SERVER_SNAPSHOT_BYTES = 8 << 20;
/**
 * What all the sessions of a server may hold in kept frames and send queues, and the
 * resident memory past which new sessions are refused and the kept frames squeezed: five
 * sessions keep their 8 MB each, sixteen some 4 MB (see server-budget.ts).
 */
export const SERVER_BUDGET: BudgetLimits = { keptBytes: 64 << 20, keptPerSession: SERVER_SNAPSHOT_BYTES, queuedBytes: 16 << 20, rssBytes: 320 << 20 };
/** How often the server weighs its memory against the budget. */
const BUDGET_CHECK_MS = 500;
/**
 * The heap one session thread may use; past it the sessions on that thread end, with that
 * reason, and the server carries on.
 */
const SESSION_HEAP_MB = 512;
/** How long a client let go for not reading has to take its close frame before the connection is dropped. */
const STALLED_CLOSE_GRACE_MS = 2000;

/**
 * How many threads the sessions share: one per core beyond the host's own, at most four.
 * Each thread's V8 heap costs some 25 MB before it holds a session, while a busy session's
 * own data (its kept frames included) is some 15 MB, so five sessions on five threads
 * would spend most of their memory on the threads themselves. Sessions on one thread take
 * turns: a frame of play and each slice of a long command last at most about 20 ms.
 */
export function sessionThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

export function startServer(opts: ServerOptions): Promise<RunningServer> {
  const root = resolve(opts.rendererDir);
  if (!existsSync(join(root, 'index.html'))) {
    return Promise.reject(new Error(`no built renderer in ${root} (run "npm run build" first)`));
  }
  const maxSessions = opts.maxSessions ?? DEFAULT_MAX_SESSIONS;
  let hosts: HostCheck = () => false;
  const sessions = new Set<WorkerSession>();
  const pool = new SessionPool(opts.threads ?? sessionThreads(), SESSION_HEAP_MB);
  const budget = new ServerBudget(opts.budget ?? SERVER_BUDGET);
  const budgetWatch = setInterval(() => budget.check(process.memoryUsage.rss()), BUDGET_CHECK_MS);
  budgetWatch.unref();
  const server = createServer((req, res) => {
    if (!hosts(req.headers.host)) return refuse(res, 421, 'unknown Host');
    // Answered by the host's own thread, which no session's work ever holds up.
    if (req.url === '/health') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...SECURITY_HEADERS }).end(JSON.stringify({ ok: true, sessions: sessions.size, memory: budget.report() }));
      return;
    }
    serveStatic(root, req, res);
  });
  // ws closes a connection whose message is larger than this with 1009 before buffering it.
  const wss = new WebSocketServer<typeof ExplainingSocket>({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, WebSocket: ExplainingSocket });
  wss.on('error', () => {}); // errors belong to single connections, reported on each socket

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refused = upgradeRefusal(req, hosts, wss.clients.size >= maxSessions);
    if (refused) {
      socket.end(`HTTP/1.1 ${refused}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const overBudget = budget.refusal(process.memoryUsage.rss());
    if (overBudget) {
      // Accepted only to be closed with the reason, which a browser shows (a refused upgrade's body it never sees).
      wss.handleUpgrade(req, socket, head, (ws) => ws.close(1013, overBudget));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session = pool.open({ snapshotLimit: SERVER_SNAPSHOTS, snapshotBytes: SERVER_SNAPSHOT_BYTES, scriptTypingRate: SCRIPT_TYPING_RATE, ...opts.session?.() }, true);
      sessions.add(session);
      session.onExit(() => sessions.delete(session));
      attach(ws, session, budget);
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      const addr = server.address() as AddressInfo;
      hosts = allowedHosts(addr.address, opts.allowedHosts ?? []);
      const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      resolvePromise({
        server,
        url: `http://${host}:${addr.port}/`,
        close: () =>
          new Promise<void>((done) => {
            clearInterval(budgetWatch);
            for (const c of wss.clients) c.terminate();
            for (const s of sessions) void s.dispose();
            void pool.close();
            wss.close();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Why ws closes a connection, in words the other side can show (ws itself sends only the code). */
const CLOSE_REASONS: ReadonlyMap<number, string> = new Map([
  [1002, 'malformed WebSocket frame'],
  [1007, 'message is not valid UTF-8'],
  [1009, `message too large (the limit is ${Math.round(MAX_MESSAGE_BYTES / 1_000_000)} MB)`],
]);

/** A WebSocket that names the reason when it closes for a protocol error. */
class ExplainingSocket extends WebSocket {
  override close(code?: number, reason?: string | Buffer): void {
    super.close(code, reason ?? (code === undefined ? undefined : CLOSE_REASONS.get(code)));
  }
}

type HostCheck = (hostHeader: string | undefined) => boolean;

/**
 * The Host names this server answers to: the localhost names, the address it is bound to,
 * and any the user named. A page on another site whose name was made to resolve to this
 * machine (DNS rebinding) still sends its own name as Host, so it is refused. An IP
 * literal cannot be rebound, so when bound to every interface any IP literal is accepted.
 */
export function allowedHosts(bound: string, extra: readonly string[]): HostCheck {
  const names = new Set(['localhost', '127.0.0.1', '::1', bound.toLowerCase(), ...extra.map((h) => h.toLowerCase())]);
  const wildcard = bound === '0.0.0.0' || bound === '::';
  return (header) => {
    if (!header) return false;
    let hostname: string;
    try {
      hostname = new URL(`http://${header}`).hostname.toLowerCase();
    } catch {
      return false;
    }
    const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    return names.has(bare) || bare.endsWith('.localhost') || (wildcard && isIP(bare) !== 0);
  };
}

/** Why a WebSocket upgrade is refused (an HTTP status line), or null to accept it. */
function upgradeRefusal(req: IncomingMessage, hosts: HostCheck, full: boolean): string | null {
  let pathname: string;
  try {
    pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return '400 Bad Request';
  }
  if (pathname !== '/ws') return '404 Not Found';
  if (!hosts(req.headers.host)) return '421 Misdirected Request';
  // Only our own page may connect: another site's page in the same browser must not drive
  // the simulator (cross-site WebSocket hijacking). A sandboxed frame sends "null".
  const origin = req.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, req.headers.host)) return '403 Forbidden';
  if (full) return '503 Service Unavailable';
  return null;
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host === host;
  } catch {
    return false;
  }
}

function refuse(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end(text);
}

function attach(ws: ExplainingSocket, session: WorkerSession, budget: ServerBudget): void {
  const outlet = {
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    send: (text: WireText) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(text, { binary: false });
    },
    ping: (payload: Uint8Array) => {
      if (ws.readyState === WebSocket.OPEN) ws.ping(payload);
    },
    // A client let go for not reading would never read the close frame either: past a
    // short grace the connection is dropped, and its session with it, rather than after
    // ws's 30-second closing handshake while the session plays on.
    close: (code: number, reason: string) => {
      ws.close(code, reason);
      setTimeout(() => ws.terminate(), STALLED_CLOSE_GRACE_MS).unref();
    },
  };
  // The session's thread parses its client's messages and serialises what goes back; this
  // thread only moves bytes between it and the socket.
  const stream = new ClientStream(outlet, () => session.snapshotText());
  // While the client is behind, its session's thread stops serialising events it would drop.
  let muted = false;
  const muteWhileBehind = () => {
    if (stream.behind !== muted) session.mute((muted = stream.behind));
  };
  const unsubscribe = session.subscribeWire((kind, bytes) => {
    if (kind === 'reply') stream.reply(bytes);
    else stream.event(bytes);
    muteWhileBehind();
  });
  const watch = setInterval(() => {
    stream.check();
    muteWhileBehind();
  }, 250);
  const member: BudgetMember = {
    setKeptBytes: (bytes) => session.setKeptBytes(bytes),
    get queued() {
      return stream.queued;
    },
    get behind() {
      return stream.behind;
    },
    coalesce: () => {
      stream.coalesce();
      muteWhileBehind();
    },
  };
  budget.join(member);
  session.onExit((why) => ws.close(1011, why));
  // A malformed frame or an oversize message fails this connection only; ws has already
  // sent the close code (1002, 1007 or 1009), so all that is left is to let go.
  ws.on('error', () => ws.terminate());
  ws.on('pong', (payload) => stream.pong(payload));
  ws.on('message', (data: Buffer, isBinary) => {
    if (isBinary) stream.reply(JSON.stringify({ id: -1, reply: { ok: false, error: 'message is not valid JSON' } } satisfies WireMessage));
    // A copy of its own, handed over to the session's thread (ws may share its buffer).
    else session.sendText(new Uint8Array(data));
  });
  ws.on('close', () => {
    budget.leave(member);
    clearInterval(watch);
    unsubscribe();
    void session.dispose();
  });
}

function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', ...SECURITY_HEADERS }).end();
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    res.writeHead(400, SECURITY_HEADERS).end('bad request');
    return;
  }
  if (pathname.endsWith('/')) pathname += 'index.html';
  const file = normalize(join(root, pathname));
  // Never serve anything outside the renderer's folder.
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403, SECURITY_HEADERS).end('forbidden');
    return;
  }
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('not found');
    return;
  }
  res.writeHead(200, {
    'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': 'no-cache',
    ...SECURITY_HEADERS,
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}
