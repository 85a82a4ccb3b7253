import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServer } from '../../src/main/server.ts';
import { createSocketApi } from '../../src/renderer/api.ts';
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
});
