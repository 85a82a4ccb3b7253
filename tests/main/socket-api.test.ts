import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServer } from '../../src/main/server.ts';
import { closeReason, createSocketApi, MAX_CLOSE_REASON } from '../../src/renderer/api.ts';
import type { GlassboxEvent } from '../../src/shared/protocol.ts';

describe("the browser edition's WebSocket client", () => {
  it('queues requests until the socket opens, matches replies, streams events, and reports a lost connection', async () => {
    const root = mkdtempSync(join(tmpdir(), 'glassbox-renderer-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    const srv = await startServer({ rendererDir: root });
    (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
    const api = createSocketApi(`${srv.url.replace('http', 'ws')}ws`);
    const events: GlassboxEvent[] = [];
    api.subscribe((e) => events.push(e));
    let lost = false;
    api.onDisconnect?.(() => {
      lost = true;
    });
    // Sent before the socket is open: queued, not dropped.
    const [hello, step] = await Promise.all([api.request({ cmd: 'hello' }), api.request({ cmd: 'step', n: 3 })]);
    expect(hello.ok).toBe(true);
    expect(step).toMatchObject({ ok: true, result: { tick: 3 } });
    await expect.poll(() => events.some((e) => e.kind === 'patch')).toBe(true);
    await srv.close();
    await expect.poll(() => lost).toBe(true);
    expect(await api.request({ cmd: 'hello' })).toEqual({ ok: false, error: 'not connected to the simulator' });
  });

  it("passes on the server's reason for letting the page go, to the page and to the requests waiting", async () => {
    const root = mkdtempSync(join(tmpdir(), 'glassbox-renderer-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    // A memory limit every process is over: the session is turned away with 1013 and the reason.
    const tight = await startServer({ rendererDir: root, budget: { keptBytes: 64 << 20, keptPerSession: 8 << 20, queuedBytes: 16 << 20, rssBytes: 1 << 20 } });
    try {
      (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
      const api = createSocketApi(`${tight.url.replace('http', 'ws')}ws`);
      const reasons: string[] = [];
      api.onDisconnect?.((reason) => reasons.push(reason));
      const reply = await api.request({ cmd: 'hello' });
      await expect.poll(() => reasons.length).toBe(1);
      expect(reasons[0]).toMatch(/memory limit \(1 MB\)/);
      expect(reply).toEqual({ ok: false, error: `connection to the simulator closed: ${reasons[0]}` });
    } finally {
      await tight.close();
    }
  }, 30_000);
});

describe("the server's close reason as the page shows it", () => {
  it('keeps a plain reason as it is and gives nothing for none', () => {
    expect(closeReason('the client is not reading its messages')).toBe('the client is not reading its messages');
    expect(closeReason('')).toBe('');
    expect(closeReason(undefined)).toBe('');
  });

  it('turns control characters and runs of space into single spaces', () => {
    expect(closeReason('over\u0000the\r\n\u001b[31mlimit\u2028 now  ')).toBe('over the [31mlimit now');
  });

  it('cuts an over-long reason with an ellipsis', () => {
    const long = closeReason('x'.repeat(500));
    expect(long).toHaveLength(MAX_CLOSE_REASON);
    expect(long.endsWith('…')).toBe(true);
  });
});
