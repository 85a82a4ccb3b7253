import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type RunningServer, startServer } from '../../src/main/server.ts';
import type { WireMessage } from '../../src/shared/protocol.ts';

let srv: RunningServer;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'glassbox-renderer-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'app.js'), 'console.log(1)');
  srv = await startServer({ rendererDir: root });
});
afterAll(() => srv.close());

function connect(origin?: string): Promise<WebSocket> {
  const ws = new WebSocket(`${srv.url.replace('http', 'ws')}ws`, origin ? { origin } : {});
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

type ReplyMessage = Extract<WireMessage, { id: number }>;

function nextReply(ws: WebSocket, id: number): Promise<ReplyMessage> {
  return new Promise((resolve) => {
    const on = (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as WireMessage;
      if ('id' in msg && msg.id === id) {
        ws.off('message', on);
        resolve(msg);
      }
    };
    ws.on('message', on);
  });
}

describe('the browser edition server', () => {
  it('serves the renderer with a strict CSP', async () => {
    const r = await fetch(srv.url);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${srv.url}app.js`)).headers.get('content-type')).toMatch(/javascript/);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['..%2f..%2fetc%2fpasswd', '%2e%2e/%2e%2e/etc/passwd', '..%5c..%5cwindows']) {
      const r = await fetch(`${srv.url}${path}`);
      expect([403, 404]).toContain(r.status);
    }
    expect((await fetch(`${srv.url}nope.js`)).status).toBe(404);
    expect((await fetch(srv.url, { method: 'POST' })).status).toBe(405);
  });

  it('speaks the protocol over a WebSocket and answers garbage with an error', async () => {
    const ws = await connect();
    const hello = nextReply(ws, 1);
    ws.send(JSON.stringify({ id: 1, command: { cmd: 'hello' } }));
    const h = await hello;
    expect(h.reply.ok).toBe(true);
    const bad = nextReply(ws, 2);
    ws.send(JSON.stringify({ id: 2, command: { cmd: 'step', n: 'lots' } }));
    const b = await bad;
    expect(b.reply).toMatchObject({ ok: false });
    const junk = nextReply(ws, -1);
    ws.send('not json at all');
    expect((await junk).reply).toMatchObject({ ok: false, error: 'message is not valid JSON' });
    ws.close();
  });

  it('refuses WebSocket connections from another site', async () => {
    await expect(connect('http://evil.example')).rejects.toThrow(/403/);
  });
});
