import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { SessionPool, SessionThread, WorkerSession } from '../../src/main/session-host.ts';
import { MAX_STEP, type ReplyTo } from '../../src/shared/protocol.ts';

describe('a session on its own thread', () => {
  it('a wire session takes its client\'s messages as bytes and answers with the text to send', async () => {
    const thread = new SessionThread();
    const s = thread.open({}, true);
    const got: { kind: string; msg: Record<string, unknown> }[] = [];
    const reply = (id: number) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const off = s.subscribeWire((kind, bytes) => {
          const msg = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
          got.push({ kind, msg });
          if (kind === 'reply' && msg.id === id) {
            off();
            resolve(msg);
          }
        });
      });
    const enc = (text: string) => new TextEncoder().encode(text);
    let r = reply(5);
    s.sendText(enc(JSON.stringify({ id: 5, command: { cmd: 'step', n: 3 } })));
    expect(await r).toMatchObject({ id: 5, reply: { ok: true, result: { tick: 3 } } });
    expect(got.some((g) => g.kind === 'event' && (g.msg.event as { kind: string }).kind === 'patch')).toBe(true);
    r = reply(-1);
    s.sendText(enc('{not json'));
    expect(await r).toMatchObject({ id: -1, reply: { ok: false, error: 'message is not valid JSON' } });
    r = reply(6);
    s.sendText(enc(JSON.stringify({ id: 6, command: { cmd: 'step', n: -1 } })));
    expect(await r).toMatchObject({ id: 6, reply: { ok: false } });
    const snap = JSON.parse(new TextDecoder().decode((await s.snapshotText()) ?? new Uint8Array())) as { event: { kind: string; state: { tick: number } } };
    expect(snap.event).toMatchObject({ kind: 'snapshot', state: { tick: 3 } });
    await thread.terminate();
    expect(await s.snapshotText()).toBeNull();
  }, 30_000);

  it('answers commands in order and streams its events', async () => {
    const s = WorkerSession.alone();
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
    const s = WorkerSession.alone();
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

  it('a seek back that must replay runs in slices, and a command sent meanwhile cancels it where the session was', async () => {
    const s = WorkerSession.alone({ snapshotLimit: 2 });
    await s.request({ cmd: 'ttyInput', data: 'yes > /dev/null & yes | cat > /dev/null &\n' });
    // About a second of work forward, so the replay back takes a while too.
    const forward = s.request({ cmd: 'step', n: MAX_STEP });
    await new Promise((r) => setTimeout(r, 1000));
    const reached = (await s.request({ cmd: 'pause' })) as ReplyTo<'pause'>;
    await forward;
    const tick = reached.ok ? reached.result.tick : 0;
    expect(tick).toBeGreaterThan(100);
    // The replay needs more than one slice (the first is 64 ticks); the next command reaches
    // the session's thread while that slice runs.
    const back = s.request({ cmd: 'seek', tick: Math.floor(tick / 2) }) as Promise<ReplyTo<'seek'>>;
    const overtaking = (await s.request({ cmd: 'hello' })) as ReplyTo<'hello'>;
    const r = await back;
    expect(r.ok && r.result.tick).toBe(tick);
    expect(overtaking.ok && overtaking.result.status.tick).toBe(tick);
    // Left alone, the same seek gets there.
    expect(await s.request({ cmd: 'seek', tick: Math.floor(tick / 2) })).toMatchObject({ ok: true, result: { tick: Math.floor(tick / 2) } });
    await s.dispose();
  }, 60_000);

  it('a 64 KB paste is typed in slices, all of it, before the commands sent after it', async () => {
    const s = WorkerSession.alone();
    const lines = Array.from({ length: 4000 }, (_, i) => `: ${String(i).padStart(10, '0')}\n`).join('');
    const paste = `${lines.slice(0, 65_536 - 12)}echo done\n`;
    const events: number[] = [];
    s.subscribe((e) => {
      if (e.kind === 'patch') events.push(e.patches.length);
    });
    const typed = s.request({ cmd: 'ttyInput', data: paste }) as Promise<ReplyTo<'ttyInput'>>;
    const after = (await s.request({ cmd: 'hello' })) as ReplyTo<'hello'>;
    expect((await typed).ok).toBe(true);
    // Typed in more than one piece, each its own frame of patches.
    expect(events.length).toBeGreaterThan(1);
    // The command after the paste saw all of it typed: the last line has reached the shell.
    expect(after.ok && after.result.state.tty.line).toBe('');
    const saved = (await s.request({ cmd: 'saveScenario' })) as ReplyTo<'saveScenario'>;
    expect(saved.ok && JSON.parse(saved.result.json).inputs).toEqual([{ at: 0, tty: paste }]);
    await s.dispose();
  }, 60_000);

  it('after dispose, requests get a failure instead of hanging', async () => {
    const s = WorkerSession.alone();
    await s.request({ cmd: 'hello' });
    await s.dispose();
    expect(await s.request({ cmd: 'hello' })).toMatchObject({ ok: false, error: expect.any(String) });
  }, 30_000);
});

describe('sessions sharing a thread', () => {
  it('each keeps its own machine, and a long step in one neither delays nor is cancelled by the other', async () => {
    const pool = new SessionPool(1);
    const a = pool.open();
    const b = pool.open();
    await a.request({ cmd: 'ttyInput', data: 'yes > /dev/null & yes | cat > /dev/null &\n' });
    let aDone = false;
    const long = (a.request({ cmd: 'step', n: MAX_STEP }) as Promise<ReplyTo<'step'>>).then((r) => {
      aDone = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 300));
    const stepped = (await b.request({ cmd: 'step', n: 5 })) as ReplyTo<'step'>;
    expect(stepped).toMatchObject({ ok: true, result: { tick: 5 } });
    expect(aDone).toBe(false);
    const paused = (await a.request({ cmd: 'pause' })) as ReplyTo<'pause'>;
    const r = await long;
    expect(r.ok && paused.ok && r.result.tick === paused.result.tick && r.result.tick > 5).toBe(true);
    // Closing one leaves the other running on the same thread.
    await a.dispose();
    expect(await b.request({ cmd: 'step', n: 2 })).toMatchObject({ ok: true, result: { tick: 7 } });
    await pool.close();
  }, 30_000);

  it('a thread that stops ends every session on it with the reason, and new sessions go to a fresh thread', async () => {
    const thread = new SessionThread();
    const a = thread.open();
    const b = thread.open();
    const reasons: string[] = [];
    a.onExit((why) => reasons.push(why));
    b.onExit((why) => reasons.push(why));
    await a.request({ cmd: 'hello' });
    await thread.terminate();
    expect(reasons).toEqual(['the session was closed', 'the session was closed']);
    expect(await b.request({ cmd: 'hello' })).toMatchObject({ ok: false, error: 'the session was closed' });
    const pool = new SessionPool(1);
    const c = pool.open();
    await c.dispose();
    const d = pool.open();
    expect(await d.request({ cmd: 'step', n: 1 })).toMatchObject({ ok: true, result: { tick: 1 } });
    await pool.close();
  }, 30_000);
});

describe('glassbox web', () => {
  it('leaves on SIGTERM while a session is busy with a long step', async () => {
    const root = join(import.meta.dirname, '..', '..');
    // The page itself does not matter here, so the test needs no build of the renderer.
    const page = mkdtempSync(join(tmpdir(), 'glassbox-page-'));
    writeFileSync(join(page, 'index.html'), '<!doctype html><title>Glassbox</title>');
    const server = spawn(process.execPath, [join(root, 'bin', 'glassbox.cjs'), 'web', '--port', '0', '--renderer', page], {
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
