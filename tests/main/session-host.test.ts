import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WorkerSession } from '../../src/main/session-host.ts';
import { MAX_STEP, type ReplyTo } from '../../src/shared/protocol.ts';

describe('a session on its own thread', () => {
  it('answers commands in order and streams its events', async () => {
    const s = new WorkerSession();
    const kinds = new Set<string>();
    s.subscribe((e) => kinds.add(e.kind));
    const hello = (await s.request({ cmd: 'hello' })) as ReplyTo<'hello'>;
    expect(hello.ok && hello.result.status.tick).toBe(0);
    const stepped = (await s.request({ cmd: 'step', n: 7 })) as ReplyTo<'step'>;
    expect(stepped).toMatchObject({ ok: true, result: { tick: 7 } });
    expect(kinds.has('patch')).toBe(true);
    expect(await s.request({ cmd: 'step', n: -1 })).toMatchObject({ ok: false, error: expect.stringMatching(/n:/) });
    await s.dispose();
  }, 30_000);

  it('a long step runs in slices, and a command sent meanwhile cancels it where it stands', async () => {
    const s = new WorkerSession();
    await s.request({ cmd: 'ttyInput', data: 'yes > /dev/null & yes | cat > /dev/null &\n' });
    const long = s.request({ cmd: 'step', n: MAX_STEP }) as Promise<ReplyTo<'step'>>;
    await new Promise((r) => setTimeout(r, 500));
    const paused = (await s.request({ cmd: 'pause' })) as ReplyTo<'pause'>;
    const r = await long;
    expect(r.ok).toBe(true);
    if (r.ok && paused.ok) {
      expect(r.result.tick).toBeGreaterThan(0);
      expect(r.result.tick).toBeLessThan(MAX_STEP);
      expect(paused.result.tick).toBe(r.result.tick);
    }
    await s.dispose();
  }, 30_000);

  it('after dispose, requests get a failure instead of hanging', async () => {
    const s = new WorkerSession();
    await s.request({ cmd: 'hello' });
    await s.dispose();
    expect(await s.request({ cmd: 'hello' })).toMatchObject({ ok: false, error: expect.any(String) });
  }, 30_000);
});

describe('glassbox web', () => {
  it('leaves on SIGTERM while a session is busy with a long step', async () => {
    const root = join(import.meta.dirname, '..', '..');
    // The page itself does not matter here, so the test needs no build of the renderer.
    const page = mkdtempSync(join(tmpdir(), 'glassbox-page-'));
    writeFileSync(join(page, 'index.html'), '<!doctype html><title>Glassbox</title>');
    const server = spawn(process.execPath, [join(root, 'bin', 'glassbox.mjs'), 'web', '--port', '0', '--renderer', page], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    server.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    const started = await Promise.race([
      new Promise<string>((resolve) => server.stdout.once('data', (d) => resolve(String(d)))),
      exited.then((code) => `exited with ${code}: ${stderr}`),
    ]);
    const url = /http:\/\/[^\s]+/.exec(started)?.[0];
    expect(url, started).toBeDefined();
    const ws = new WebSocket(`${String(url).replace('http', 'ws').replace(/\/$/, '')}/ws`);
    await new Promise((resolve) => ws.once('open', resolve));
    ws.on('error', () => {});
    const replied = new Promise((resolve) => ws.once('message', resolve));
    ws.send(JSON.stringify({ id: 1, command: { cmd: 'ttyInput', data: 'yes > /dev/null &\n' } }));
    await replied;
    ws.send(JSON.stringify({ id: 2, command: { cmd: 'step', n: MAX_STEP } }));
    await new Promise((r) => setTimeout(r, 500));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    rmSync(page, { recursive: true, force: true });
  }, 30_000);
});
