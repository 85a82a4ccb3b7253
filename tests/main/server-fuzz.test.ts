import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPatches, enablePatches } from 'immer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type RunningServer, startServer } from '../../src/main/server.ts';
import type { WireMessage } from '../../src/shared/protocol.ts';

/**
 * What a hostile or broken client can send to the browser edition's server, over a raw TCP
 * socket where a WebSocket library would refuse to. After each, the server must still
 * answer another client.
 */
enablePatches();

let srv: RunningServer;
let port: number;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'glassbox-renderer-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  srv = await startServer({ rendererDir: root, maxSessions: 6 });
  port = Number(new URL(srv.url).port);
});
afterAll(() => srv.close());

/** A client that says hello and waits for the reply: proof the server still serves. */
async function stillServes(): Promise<void> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const reply = new Promise<WireMessage>((resolve) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as WireMessage;
      if ('id' in msg) resolve(msg);
    });
  });
  ws.send(JSON.stringify({ id: 7, command: { cmd: 'hello' } }));
  expect(await reply).toMatchObject({ id: 7, reply: { ok: true } });
  ws.close();
}

interface Raw {
  socket: Socket;
  /** Everything the server sent after the handshake. */
  received(): Buffer;
  closed: Promise<void>;
}

/** Opens a WebSocket by hand, so that any bytes at all can follow the handshake. */
function rawSocket(headers: Record<string, string> = {}): Promise<{ raw: Raw; status: string }> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let status = '';
    let after = Buffer.alloc(0);
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('error', () => {});
    socket.on('data', (d) => {
      if (status) {
        after = Buffer.concat([after, d]);
        return;
      }
      buf = Buffer.concat([buf, d]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      status = buf.subarray(0, buf.indexOf('\r\n')).toString();
      after = buf.subarray(end + 4);
      resolve({ raw: { socket, received: () => after, closed }, status });
    });
    socket.once('close', () => {
      if (!status) reject(new Error('closed before the handshake'));
    });
    const lines = {
      Host: `127.0.0.1:${port}`,
      Upgrade: 'websocket',
      Connection: 'Upgrade',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version': '13',
      ...headers,
    };
    socket.write(`GET /ws HTTP/1.1\r\n${Object.entries(lines)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}\r\n`);
  });
}

/** One frame, built by hand: any opcode, flag or length the test wants. */
function frame(opcode: number, payload: Buffer, opts: { mask?: boolean; rsv1?: boolean; fin?: boolean; claimLength?: number } = {}): Buffer {
  const mask = opts.mask ?? true;
  const len = opts.claimLength ?? payload.length;
  const head = [((opts.fin ?? true) ? 0x80 : 0) | (opts.rsv1 ? 0x40 : 0) | opcode];
  const m = mask ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (len < 126) head.push(m | len);
  else if (len < 65_536) {
    head.push(m | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(len);
  } else {
    head.push(m | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(len));
  }
  const key = Buffer.from([1, 2, 3, 4]);
  const body = mask ? Buffer.from(payload.map((b, i) => b ^ key[i % 4])) : payload;
  return Buffer.concat([Buffer.from(head), ext, mask ? key : Buffer.alloc(0), body]);
}

/** The close code and reason in the server's close frame, if it sent one. */
function closeFrame(bytes: Buffer): { code: number; reason: string } | null {
  if (bytes.length < 4 || bytes[0] !== 0x88) return null;
  const len = bytes[1] & 0x7f;
  return { code: bytes.readUInt16BE(2), reason: bytes.subarray(4, 2 + len).toString() };
}

describe('the server survives whatever a socket sends', () => {
  it.each([
    ['invalid UTF-8 in a text frame', frame(0x1, Buffer.from([0xff, 0xfe, 0xfd])), 1007],
    ['an unmasked frame from a client', frame(0x1, Buffer.from('{}'), { mask: false }), 1002],
    ['a reserved opcode', frame(0x3, Buffer.from('x')), 1002],
    ['a ping larger than 125 bytes', frame(0x9, Buffer.alloc(200, 1)), 1002],
    ['RSV1 set with no extension agreed', frame(0x1, Buffer.from('{}'), { rsv1: true }), 1002],
    ['a frame that claims 2^40 bytes', frame(0x2, Buffer.alloc(0), { claimLength: 2 ** 40 }), 1009],
  ])('%s closes that connection only, with its close code', async (_what, bytes, code) => {
    const { raw, status } = await rawSocket();
    expect(status).toMatch(/ 101 /);
    raw.socket.write(bytes);
    await raw.closed;
    expect(closeFrame(raw.received())?.code).toBe(code);
    await stillServes();
  });

  it('a message over the limit is closed with 1009 and a reason that states the limit', async () => {
    const { raw } = await rawSocket();
    raw.socket.write(frame(0x1, Buffer.alloc(0), { claimLength: 100_000_000 }));
    await raw.closed;
    expect(closeFrame(raw.received())).toEqual({ code: 1009, reason: expect.stringMatching(/too large.*\d+ MB/) });
    await stillServes();
  });

  it.each([
    ['null', '403'],
    ['http://evil.example', '403'],
    ['not a url', '403'],
    ['file://', '403'],
  ])('Origin %j is refused with %s and nothing throws', async (origin, code) => {
    const { status } = await rawSocket({ Origin: origin });
    expect(status).toContain(` ${code} `);
    await stillServes();
  });

  it.each(['evil.example', `evil.example:${0}`, '', 'localhost.evil.example'])('a WebSocket with Host %j is refused (DNS rebinding)', async (host) => {
    const { status } = await rawSocket({ Host: host });
    expect(status).toMatch(/ 4\d\d /);
    await stillServes();
  });

  it('pages are served only under a known Host name', async () => {
    const get = (host: string) =>
      new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/', headers: { Host: host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    expect(await get('evil.example')).toBe(421);
    expect(await get(`localhost:${port}`)).toBe(200);
    expect(await get(`127.0.0.1:${port}`)).toBe(200);
  });

  it('a flood of junk and commands gets answers and leaves the server serving', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    await new Promise((resolve) => ws.once('open', resolve));
    let replies = 0;
    ws.on('message', (d) => {
      if ('id' in (JSON.parse(d.toString()) as WireMessage)) replies++;
    });
    for (let i = 0; i < 500; i++) ws.send(i % 2 ? '{"id":1,"command":{"cmd":"hello","x":[[[[' : JSON.stringify({ id: i, command: { cmd: 'step', n: 1 } }));
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (replies >= 500) {
          clearInterval(t);
          resolve();
        }
      }, 20);
    });
    await stillServes();
    ws.close();
  });

  it('more sessions than the limit are refused with 503 until one closes', async () => {
    const open: WebSocket[] = [];
    let refused = '';
    for (let i = 0; i < 8 && !refused; i++) {
      const { raw, status } = await rawSocket();
      if (status.includes(' 101 ')) open.push(raw.socket as unknown as WebSocket);
      else refused = status;
    }
    expect(refused).toContain(' 503 ');
    for (const s of open) (s as unknown as Socket).destroy();
    await new Promise((r) => setTimeout(r, 100));
    await stillServes();
  });
});

describe('the host thread is never held up by a session', () => {
  /** Milliseconds until GET /health answers. */
  async function health(): Promise<number> {
    const t0 = performance.now();
    const r = await fetch(`http://127.0.0.1:${port}/health`);
    expect(r.status).toBe(200);
    await r.json();
    return performance.now() - t0;
  }

  it('answers /health quickly while sessions run long commands at full speed', async () => {
    const busy: WebSocket[] = [];
    for (let i = 0; i < 3; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      await new Promise((resolve) => ws.once('open', resolve));
      ws.on('message', () => {});
      // A CPU-bound job and a long step: seconds of kernel work on the session's thread.
      ws.send(JSON.stringify({ id: 1, command: { cmd: 'ttyInput', data: 'yes > /dev/null & yes | cat > /dev/null &\n' } }));
      ws.send(JSON.stringify({ id: 2, command: { cmd: 'step', n: 5_000_000 } }));
      busy.push(ws);
    }
    await new Promise((r) => setTimeout(r, 2500));
    const times: number[] = [];
    for (let i = 0; i < 10; i++) times.push(await health());
    times.sort((a, b) => a - b);
    // Were the kernel on the host's thread, each answer would wait seconds behind the steps.
    // (The 50 ms figure is measured by `npm run soak`; a shared test machine cannot promise it.)
    expect(times[5]).toBeLessThan(1000);
    await stillServes();
    for (const ws of busy) ws.close();
  }, 30_000);

  it('a client that never reads while its session plays does not pile up output on the host thread', async () => {
    // What a client does not read would queue on the host thread, which serves every
    // session. The session's own machine lives on a worker thread whose heap is capped by
    // its resource limits, so the process's RSS (which counts that worker) is not the
    // measure here: the host thread's heap and buffers are.
    const hostBytes = (): number => {
      const m = process.memoryUsage();
      return m.heapUsed + m.external + m.arrayBuffers;
    };
    const { raw } = await rawSocket();
    const hello = JSON.stringify({ id: 1, command: { cmd: 'ttyInput', data: 'yes\n' } });
    raw.socket.write(frame(0x1, Buffer.from(hello)));
    raw.socket.write(frame(0x1, Buffer.from(JSON.stringify({ id: 2, command: { cmd: 'setSpeed', ticksPerSecond: 1_000_000 } }))));
    raw.socket.write(frame(0x1, Buffer.from(JSON.stringify({ id: 3, command: { cmd: 'play' } }))));
    raw.socket.pause(); // never read again
    const before = hostBytes();
    await new Promise((r) => setTimeout(r, 4000));
    const grown = hostBytes() - before;
    expect(grown).toBeLessThan(64 * 1024 * 1024);
    await stillServes();
    raw.socket.destroy();
  }, 30_000);

  it('a client that stops reading is let go within seconds, though the kernel buffers what it does not read', async () => {
    const sessionsNow = async (): Promise<number> => ((await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { sessions: number }).sessions;
    // The sessions of the tests before have closed (or are closing): wait until they are gone.
    const settle = performance.now();
    while ((await sessionsNow()) > 0 && performance.now() - settle < 10_000) await new Promise((r) => setTimeout(r, 100));
    const before = await sessionsNow();
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    ws.on('error', () => {});
    await new Promise((resolve) => ws.once('open', resolve));
    let received = 0;
    const replies = new Map<number, () => void>();
    ws.on('message', (data) => {
      received++;
      const msg = JSON.parse(data.toString()) as WireMessage;
      if ('id' in msg) replies.get(msg.id)?.();
    });
    const ask = (id: number, command: unknown) =>
      new Promise<void>((resolve) => {
        replies.set(id, resolve);
        ws.send(JSON.stringify({ id, command }));
      });
    await ask(1, { cmd: 'ttyInput', data: 'yes\n' });
    await ask(2, { cmd: 'setSpeed', ticksPerSecond: 1_000_000 });
    await ask(3, { cmd: 'play' });
    // While it reads (and so answers pings) it is kept, and sent its patches.
    await new Promise((r) => setTimeout(r, 3500));
    expect(await sessionsNow()).toBe(before + 1);
    expect(received).toBeGreaterThan(10);
    ws.pause(); // reads nothing more, pongs included
    const t0 = performance.now();
    while ((await sessionsNow()) > before && performance.now() - t0 < 40_000) await new Promise((r) => setTimeout(r, 250));
    const tookMs = performance.now() - t0;
    // Pinged every second, behind once a ping waits 2 s, let go 5 s later, dropped 2 s after its close frame.
    expect(await sessionsNow()).toBe(before);
    expect(tookMs).toBeLessThan(15_000);
    ws.terminate();
  }, 60_000);

  it('a client that falls behind and reads again is caught up by a snapshot, and its mirror matches the session exactly', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    ws.on('error', () => {});
    await new Promise((resolve) => ws.once('open', resolve));
    let mirror: unknown = null;
    let snapshots = 0;
    const replies = new Map<number, (r: unknown) => void>();
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as WireMessage;
      if ('id' in msg) replies.get(msg.id)?.(msg.reply);
      else if (msg.event.kind === 'snapshot') {
        mirror = msg.event.state;
        snapshots++;
      } else if (msg.event.kind === 'patch') mirror = applyPatches(mirror as object, msg.event.patches);
    });
    let nextId = 1;
    const ask = (command: unknown) =>
      new Promise<{ ok: boolean; result?: { state: unknown } }>((resolve) => {
        const id = nextId++;
        replies.set(id, resolve as (r: unknown) => void);
        ws.send(JSON.stringify({ id, command }));
      });
    const hello = await ask({ cmd: 'hello' });
    mirror = hello.result?.state;
    await ask({ cmd: 'ttyInput', data: 'yes | cat\n' });
    await ask({ cmd: 'setSpeed', ticksPerSecond: 100_000 });
    await ask({ cmd: 'play' });
    await new Promise((r) => setTimeout(r, 1500));
    ws.pause();
    await new Promise((r) => setTimeout(r, 4000)); // behind (a ping waits 2 s), not yet let go
    ws.resume();
    const t0 = performance.now();
    while (snapshots === 0 && performance.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 100));
    // At least one: on a loaded machine, reading the backlog can itself leave a ping waiting
    // 2 s, and a client behind twice is caught up twice. The mirror below is what must hold.
    expect(snapshots).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 1000)); // patches flow again after the snapshot
    await ask({ cmd: 'pause' });
    const now = await ask({ cmd: 'hello' });
    expect(mirror).toEqual(now.result?.state);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  }, 60_000);
});

describe("the server's memory budget", () => {
  it('past its memory limit a new session is refused with the reason, closed before any session starts', async () => {
    const root = mkdtempSync(join(tmpdir(), 'glassbox-renderer-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
    const tight = await startServer({ rendererDir: root, budget: { keptBytes: 64 << 20, keptPerSession: 8 << 20, queuedBytes: 16 << 20, rssBytes: 1 << 20 } });
    try {
      const ws = new WebSocket(`${tight.url.replace('http', 'ws')}ws`);
      const closed = await new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
      expect(closed.code).toBe(1013);
      expect(closed.reason).toMatch(/memory limit \(1 MB\)/);
      const health = (await (await fetch(`${tight.url}health`)).json()) as { sessions: number; memory: { rssMb: number } };
      expect(health.sessions).toBe(0);
    } finally {
      await tight.close();
    }
  }, 30_000);
});
