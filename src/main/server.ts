import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { MAX_SCENARIO_BYTES, type WireMessage } from '../shared/protocol.ts';
import { CSP } from './csp.ts';
import { handleCommand } from './dispatch.ts';
import { Session, type SessionOptions } from './session.ts';

/**
 * The browser edition: Node's http serves the built renderer, and a WebSocket on the same
 * origin (path /ws) carries the same protocol the Electron preload carries. Each
 * connection gets its own Session, so two tabs never disturb each other.
 */
export interface ServerOptions {
  rendererDir: string;
  port?: number;
  host?: string;
  session?: () => SessionOptions;
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

export function startServer(opts: ServerOptions): Promise<RunningServer> {
  const root = resolve(opts.rendererDir);
  if (!existsSync(join(root, 'index.html'))) {
    return Promise.reject(new Error(`no built renderer in ${root} (run "npm run build" first)`));
  }
  const server = createServer((req, res) => serveStatic(root, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_SCENARIO_BYTES + 4096 });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Only our own page may connect: another site's page in the same browser must not
    // drive the simulator (cross-site WebSocket hijacking).
    const origin = req.headers.origin;
    if (url.pathname !== '/ws' || (origin !== undefined && new URL(origin).host !== req.headers.host)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, new Session(opts.session?.() ?? {})));
  });

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      const addr = server.address() as AddressInfo;
      const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      resolvePromise({
        server,
        url: `http://${host}:${addr.port}/`,
        close: () =>
          new Promise<void>((done) => {
            for (const c of wss.clients) c.terminate();
            wss.close();
            server.close(() => done());
          }),
      });
    });
  });
}

function attach(ws: WebSocket, session: Session): void {
  const send = (msg: WireMessage) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  };
  const unsubscribe = session.subscribe((event) => send({ event }));
  ws.on('message', (data) => {
    let msg: unknown;
    try {
      msg = JSON.parse(data.toString());
    } catch {
      send({ id: -1, reply: { ok: false, error: 'message is not valid JSON' } });
      return;
    }
    const id = typeof msg === 'object' && msg !== null && Number.isInteger((msg as { id?: unknown }).id) ? (msg as { id: number }).id : -1;
    const command = typeof msg === 'object' && msg !== null ? (msg as { command?: unknown }).command : undefined;
    send({ id, reply: handleCommand(session, command) });
  });
  ws.on('close', () => {
    unsubscribe();
    session.dispose();
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
