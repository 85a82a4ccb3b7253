import { describe, expect, it } from 'vitest';
import { ClientStream, type Outlet } from '../../src/main/client-stream.ts';
import type { GlassboxEvent } from '../../src/shared/protocol.ts';

const status = { tick: 1, playing: true, speed: 20, hurry: true, hurrying: false, achievedSpeed: null, maxTick: 1, scenarioName: 'x', branch: { id: 1, count: 1, change: null }, history: null, refusals: [] };
const patch: GlassboxEvent = { kind: 'patch', patches: [{ op: 'replace', path: ['tick'], value: 1 }], status };
const snapshot = { kind: 'snapshot', state: { tick: 99 }, status } as unknown as GlassboxEvent;

/** A socket whose client reads only when the test says so. */
function fakeOutlet() {
  const sent: string[] = [];
  const out: Outlet & { unread: number; closed: string | null } = {
    unread: 0,
    closed: null,
    get bufferedAmount() {
      return this.unread;
    },
    send(text) {
      sent.push(text);
      this.unread += text.length;
    },
    close(code, reason) {
      this.closed = `${code} ${reason}`;
    },
  };
  return { out, sent };
}

const limits = { behindBytes: 1000, caughtUpBytes: 100, stallMs: 5000 };

describe('the stream of events to one client', () => {
  it('sends every event while the client reads', () => {
    const { out, sent } = fakeOutlet();
    const s = new ClientStream(out, async () => snapshot, () => 0, limits);
    for (let i = 0; i < 50; i++) {
      s.event(patch);
      out.unread = 0;
    }
    expect(sent).toHaveLength(50);
  });

  it('a client that stops reading gets no more patches: the unsent bytes stay bounded', () => {
    const { out, sent } = fakeOutlet();
    const s = new ClientStream(out, async () => snapshot, () => 0, limits);
    for (let i = 0; i < 10_000; i++) s.event(patch);
    expect(s.behind).toBe(true);
    expect(out.unread).toBeLessThan(limits.behindBytes + 200);
    expect(sent.length).toBeLessThan(20);
  });

  it('once it has read, the patches it missed arrive as one snapshot of the state now', async () => {
    const { out, sent } = fakeOutlet();
    const s = new ClientStream(out, async () => snapshot, () => 0, limits);
    for (let i = 0; i < 100; i++) s.event(patch);
    const before = sent.length;
    out.unread = 0;
    s.check();
    await Promise.resolve();
    await Promise.resolve();
    expect(sent.slice(before)).toEqual([JSON.stringify({ event: snapshot })]);
    expect(s.behind).toBe(false);
    s.event(patch);
    expect(sent.at(-1)).toBe(JSON.stringify({ event: patch }));
  });

  it('a client that stays behind past the stall limit is disconnected, with a reason', () => {
    const { out } = fakeOutlet();
    let now = 0;
    const s = new ClientStream(out, async () => snapshot, () => now, limits);
    for (let i = 0; i < 100; i++) s.event(patch);
    now = 4000;
    s.check();
    expect(out.closed).toBeNull();
    now = 6000;
    s.check();
    expect(out.closed).toMatch(/^1008 .*not reading/);
  });

  it('replies are always sent, even to a client that is behind', () => {
    const { out, sent } = fakeOutlet();
    const s = new ClientStream(out, async () => snapshot, () => 0, limits);
    for (let i = 0; i < 100; i++) s.event(patch);
    const before = sent.length;
    s.reply({ id: 3, reply: { ok: true, result: null } });
    expect(sent.length).toBe(before + 1);
  });
});
