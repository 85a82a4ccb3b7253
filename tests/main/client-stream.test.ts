import { describe, expect, it } from 'vitest';
import { ClientStream, DEFAULT_STREAM_LIMITS, type Outlet } from '../../src/main/client-stream.ts';
import type { GlassboxEvent } from '../../src/shared/protocol.ts';

const status = { tick: 1, playing: true, speed: 20, hurry: true, hurrying: false, achievedSpeed: null, maxTick: 1, scenarioName: 'x', branch: { id: 1, count: 1, change: null }, history: null, refusals: [] };
const patch = JSON.stringify({ event: { kind: 'patch', patches: [{ op: 'replace', path: ['tick'], value: 1 }], status } satisfies GlassboxEvent });
const snapshot = JSON.stringify({ event: { kind: 'snapshot', state: { tick: 99 }, status } as unknown as GlassboxEvent });

/** A socket whose client reads only when the test says so. */
function fakeOutlet() {
  const sent: string[] = [];
  const out: Outlet & { unread: number; closed: string | null; pings: Uint8Array[] } = {
    unread: 0,
    closed: null,
    pings: [],
    get bufferedAmount() {
      return this.unread;
    },
    send(text) {
      sent.push(String(text));
      this.unread += text.length;
    },
    ping(payload) {
      this.pings.push(payload);
    },
    close(code, reason) {
      this.closed = `${code} ${reason}`;
    },
  };
  return { out, sent };
}

const limits = { ...DEFAULT_STREAM_LIMITS, behindBytes: 1000, caughtUpBytes: 100, stallMs: 5000 };

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
    expect(sent.slice(before)).toEqual([snapshot]);
    expect(s.behind).toBe(false);
    s.event(patch);
    expect(sent.at(-1)).toBe(patch);
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
    s.reply(JSON.stringify({ id: 3, reply: { ok: true, result: null } }));
    expect(sent.length).toBe(before + 1);
  });

  it('a client whose socket buffers take everything but who answers no ping falls behind within seconds', () => {
    // The kernel's buffers on localhost hold megabytes: the server's own queue stays empty.
    const { out, sent } = fakeOutlet();
    let now = 0;
    const s = new ClientStream(out, async () => snapshot, () => now, limits);
    const tick = () => {
      s.event(patch);
      out.unread = 0; // handed to the kernel at once, read by nobody
      s.check();
      now += 250;
    };
    while (now < 2000) tick();
    expect(s.behind).toBe(false);
    while (!s.behind && now < 60_000) tick();
    const behindAt = now;
    expect(behindAt).toBeLessThanOrEqual(3500);
    const whenBehind = sent.length;
    while (now < behindAt + limits.stallMs - 250) tick();
    expect(sent.length).toBe(whenBehind); // coalesced: nothing more was sent
    expect(out.closed).toBeNull();
    while (now < behindAt + limits.stallMs + 500) tick();
    expect(out.closed).toMatch(/^1008 .*not reading/);
  });

  it('a client that answers its pings keeps every patch, and one that catches up gets a snapshot', async () => {
    const { out, sent } = fakeOutlet();
    let now = 0;
    const s = new ClientStream(out, async () => snapshot, () => now, limits);
    const answer = () => {
      for (const p of out.pings.splice(0)) s.pong(p);
    };
    for (; now < 10_000; now += 250) {
      s.event(patch);
      out.unread = 0;
      s.check();
      answer();
    }
    expect(s.behind).toBe(false);
    expect(sent.filter((t) => t === patch)).toHaveLength(40);
    // It stops reading for a while, then reads again.
    for (; now < 14_000; now += 250) {
      s.event(patch);
      out.unread = 0;
      s.check();
    }
    expect(s.behind).toBe(true);
    answer();
    s.check();
    await Promise.resolve();
    await Promise.resolve();
    expect(sent.at(-1)).toBe(snapshot);
    expect(s.behind).toBe(false);
    expect(out.closed).toBeNull();
  });

  it('an idle client that reads nothing is not behind: nothing was sent after its pings', () => {
    const { out } = fakeOutlet();
    let now = 0;
    const s = new ClientStream(out, async () => snapshot, () => now, limits);
    s.event(patch);
    for (; now < 60_000; now += 250) s.check();
    expect(s.behind).toBe(false);
    expect(out.closed).toBeNull();
  });

  it('a pong answers only pings up to the one it carries back, and a foreign payload answers none', () => {
    const { out } = fakeOutlet();
    let now = 0;
    const s = new ClientStream(out, async () => snapshot, () => now, limits);
    for (; now < 3000; now += 1000) {
      s.event(patch);
      s.check();
    }
    expect(out.pings).toHaveLength(3);
    s.pong(new Uint8Array([1, 2]));
    expect(s.lagMs()).toBe(3000);
    s.pong(out.pings[1]);
    expect(s.lagMs()).toBe(1000);
  });
});
