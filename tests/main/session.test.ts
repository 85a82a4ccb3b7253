import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatches, enablePatches } from 'immer';
import { describe, expect, it } from 'vitest';
import { Session, type Timers } from '../../src/main/session.ts';
import type { GlassboxEvent } from '../../src/shared/protocol.ts';
import { stateHash } from '../../src/sim/base/hash.ts';
import type { KernelState } from '../../src/sim/kernel/state.ts';
import { screen } from '../../src/sim/machine/machine.ts';

enablePatches();

/** Timers driven by hand: `tick(ms)` moves the clock and runs due intervals. */
function manualTimers() {
  let now = 0;
  const intervals = new Set<{ ms: number; next: number; fn: () => void }>();
  const timers: Timers = {
    now: () => now,
    every: (ms, fn) => {
      const t = { ms, next: now + ms, fn };
      intervals.add(t);
      return () => intervals.delete(t);
    },
  };
  return {
    timers,
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...intervals].filter((t) => t.next <= end).sort((a, b) => a.next - b.next)[0];
        if (!due) break;
        now = due.next;
        due.next += due.ms;
        due.fn();
      }
      now = end;
    },
  };
}

/** Mirrors the event stream the way the renderer does. */
function mirror(session: Session) {
  let state: KernelState = session.current;
  const events: GlassboxEvent[] = [];
  session.subscribe((e) => {
    events.push(e);
    if (e.kind === 'snapshot') state = e.state;
    else if (e.kind === 'patch') state = applyPatches(state, e.patches);
  });
  return { get: () => state, events };
}

const text = (s: KernelState) => ({ state: s, rt: { programs: {}, runs: new Map() } });

describe('Session', () => {
  it('patches replayed onto the first snapshot equal the last snapshot', () => {
    const clock = manualTimers();
    const session = new Session({ timers: clock.timers, speed: 200 });
    const m = mirror(session);
    session.play();
    clock.advance(100);
    session.ttyInput('cpu 50 &\n');
    clock.advance(200);
    session.ttyInput('echo hi\nps\n');
    clock.advance(500);
    session.step(7);
    expect(m.events.filter((e) => e.kind === 'patch').length).toBeGreaterThan(10);
    expect(m.get()).toEqual(session.current);
    expect(stateHash(m.get())).toBe(stateHash(session.current));
  });

  it('runs a typed command fast while it works in the foreground, and at the chosen speed otherwise', () => {
    const clock = manualTimers();
    const session = new Session({ timers: clock.timers, speed: 20 });
    session.play();
    clock.advance(200);
    expect(screen(text(session.current))).toContain('$ ');
    session.ttyInput('seq 1 1000 | grep 7 | wc -l\n');
    let hurried = false;
    for (let ms = 0; ms < 1500; ms += 50) {
      clock.advance(50);
      hurried ||= session.status().hurrying;
    }
    // About 245 ticks of work: well within two seconds at the hurried pace, 12 s at 20 ticks/s.
    expect(hurried).toBe(true);
    expect(screen(text(session.current))).toMatch(/\n\s*271\r?\n/);
    expect(session.status().hurrying).toBe(false);
    const idle = session.current.tick;
    clock.advance(1000);
    expect(session.current.tick - idle).toBeLessThanOrEqual(21); // back to 20 ticks/s at the prompt

    session.setSpeed(20, false);
    session.ttyInput('seq 1 1000 | grep 7 | wc -l\n');
    expect(session.status().hurrying).toBe(false);
    const t0 = session.current.tick;
    clock.advance(1000);
    expect(session.current.tick - t0).toBeLessThanOrEqual(21);
  });

  describe("a scenario's scripted typing", () => {
    const scripted = {
      glassbox: 1,
      name: 'scripted',
      seed: 3,
      inputs: [
        { at: 5, tty: 'seq 1 200 | grep 7 | wc -l\n' },
        { at: 60, tty: 'echo done\n' },
      ],
      until: 120,
    };
    /** The screen's last line, where the shell's prompt and what is being typed show. */
    const lastLine = (s: KernelState) => screen(text(s)).split('\n').at(-1) ?? '';

    it('is typed a few keys at a time in play, time standing still, and every tick ends as it does typed at once', () => {
      const clock = manualTimers();
      const paced = new Session({ timers: clock.timers, scriptTypingRate: 12 });
      expect(paced.loadScenario(scripted).ok).toBe(true);
      const seen: string[] = [];
      paced.play();
      while (paced.current.tick < 120) {
        clock.advance(50);
        if (paced.current.tick === 5) seen.push(lastLine(paced.current));
      }
      // At tick 5 the command appeared a key or so at a time, over about two seconds.
      expect(seen.length).toBeGreaterThan(30);
      expect(seen).toContain('$ seq 1 2');
      expect(seen).toContain('$ seq 1 200 | grep');
      paced.pause();
      const at = paced.current.tick;

      const instant = new Session({ timers: manualTimers().timers });
      instant.loadScenario(scripted);
      instant.step(at);
      expect(stateHash(paced.current)).toBe(stateHash(instant.current));
      expect(screen(text(paced.current))).toMatch(/wc -l\n\s*38\n\$ echo done\ndone\n/);
    });

    it('a line longer than the shell echoes in one tick never stands still half typed, and every tick is as typed at once', () => {
      // The shell echoes each key itself, with a few syscalls a key: a long line uses up a
      // tick's syscalls (limits.syscallsPerTick) about twenty keys in.
      const line = 'echo the quick brown fox jumps over the lazy dog, then over the lazy cat too';
      const long = { glassbox: 1, name: 'long line', seed: 3, inputs: [{ at: 2, tty: `${line}\n` }], until: 60 };
      const clock = manualTimers();
      const paced = new Session({ timers: clock.timers, scriptTypingRate: 12 });
      paced.loadScenario(long);
      paced.play();
      let last = '';
      let since = 0;
      let longest = 0;
      let frames = 0;
      for (let ms = 0; ms < 20_000 && !screen(text(paced.current)).includes(`${line}\n`); ms += 16) {
        clock.advance(16);
        const now = lastLine(paced.current);
        if (now !== last) {
          last = now;
          since = ms;
        } else if (now.startsWith('$ e')) longest = Math.max(longest, ms - since);
        if (now.startsWith('$ e')) frames++;
      }
      expect(screen(text(paced.current))).toContain(`${line}\n`);
      expect(frames, 'frames the line was seen being typed').toBeGreaterThan(20);
      expect(longest, 'ms the half-typed line stood still at most').toBeLessThan(400);
      const at = paced.current.tick;
      paced.pause();
      const instant = new Session({ timers: manualTimers().timers });
      instant.loadScenario(long);
      instant.step(paced.current.tick);
      expect(paced.current.tick).toBe(at);
      expect(stateHash(paced.current)).toBe(stateHash(instant.current));
    });

    it('a pause halfway through a line types the rest at once, so the state is the one a replay reaches', () => {
      const clock = manualTimers();
      const session = new Session({ timers: clock.timers, scriptTypingRate: 12 });
      session.loadScenario(scripted);
      session.play();
      while (session.current.tick < 5 || !lastLine(session.current).startsWith('$ seq')) clock.advance(50);
      session.pause();
      expect(session.current.tick).toBe(5);
      const fresh = new Session({ timers: manualTimers().timers });
      fresh.loadScenario(scripted);
      fresh.step(5);
      expect(stateHash(session.current)).toBe(stateHash(fresh.current));
      // Stepping back and forth over it is instant and the same.
      session.stepBack(3);
      session.step(3);
      expect(stateHash(session.current)).toBe(stateHash(fresh.current));
    });

    it('is not hurried: a scripted command works at the chosen speed, while one the user types is', () => {
      const clock = manualTimers();
      const session = new Session({ timers: clock.timers, speed: 20 });
      session.loadScenario(scripted);
      session.play();
      clock.advance(400); // past tick 5, where the pipeline starts
      expect(session.current.tick).toBeGreaterThanOrEqual(5);
      let hurried = false;
      for (let i = 0; i < 20; i++) {
        clock.advance(50);
        hurried ||= session.status().hurrying;
      }
      expect(hurried).toBe(false);
      expect(session.current.tick).toBeLessThanOrEqual(30);
    });
  });

  it('reports the speed it reaches when the host cannot run as fast as asked', () => {
    let now = 0;
    const timers: Timers = { now: () => (now += 3), every: () => () => {} }; // every call to the clock costs 3 ms
    const session = new Session({ timers, speed: 1_000_000, frameMs: 16 });
    session.ttyInput('cpu 100000000 &\n');
    session.play();
    for (let i = 0; i < 6; i++) session.frame();
    const s = session.status();
    expect(s.achievedSpeed).not.toBeNull();
    expect(s.achievedSpeed!).toBeLessThan(s.speed);
  });

  it('streams at most one patch event per frame, however fast it runs', () => {
    const clock = manualTimers();
    const session = new Session({ timers: clock.timers, speed: 100_000, frameMs: 16 });
    const m = mirror(session);
    session.ttyInput('cpu 100000000 &\n');
    const before = m.events.length;
    session.play();
    clock.advance(1000);
    const patches = m.events.slice(before).filter((e) => e.kind === 'patch').length;
    expect(patches).toBeLessThanOrEqual(Math.ceil(1000 / 16) + 1);
    expect(session.current.tick).toBeGreaterThan(90_000);
  });

  it('step back then forward returns identical state', () => {
    const session = new Session();
    session.ttyInput('cpu 30 &\n');
    session.step(5);
    session.ttyInput('cpu 20\n');
    session.step(40);
    const at45 = session.current;
    session.stepBack(10);
    expect(session.current.tick).toBe(35);
    session.step(10);
    expect(session.current.tick).toBe(45);
    expect(session.current).toEqual(at45);
  });

  it('a past tick re-entered by replay equals the snapshot kept for it', () => {
    const session = new Session({ snapshotLimit: 10_000 });
    session.ttyInput('cpu 25 &\n');
    for (let i = 0; i < 30; i++) session.step(1);
    const snapshots: KernelState[] = [];
    session.seek(12);
    snapshots.push(session.current);
    // Typing at tick 12 forces the runtime to be rebuilt by replay from tick 0.
    session.ttyInput('');
    expect(session.current.tick).toBe(12);
    expect(stateHash(session.current)).toBe(stateHash(snapshots[0]));
  });

  it('input typed in the past starts a branch and keeps the old future as one', () => {
    const session = new Session();
    session.ttyInput('echo one\n');
    session.step(20);
    session.seek(5);
    session.ttyInput('echo two\n');
    session.step(20);
    const out = screen(text(session.current));
    expect(out).toContain('two\n');
    expect(session.timeline.map((i) => i.tick)).toEqual([0, 5]);
    expect(session.status().maxTick).toBe(25);
    expect(session.status().branch).toMatchObject({ id: 2, count: 2, change: { kind: 'fork', branch: 2, from: 1, tick: 5, fromEnd: 20 } });
    const { branches } = session.listBranches();
    expect(branches.map((b) => [b.id, b.forkTick, b.endTick, b.current])).toEqual([
      [1, 0, 20, false],
      [2, 5, 25, true],
    ]);
    expect(branches[1].cause).toBe('typed "echo two⏎"');
  });

  it('stepping forward again after stepping back replays the inputs that were logged', () => {
    const session = new Session();
    session.step(3);
    session.ttyInput('echo later\n');
    session.step(10);
    const done = session.current;
    session.seek(0);
    expect(screen(text(session.current))).not.toContain('later');
    session.seek(13);
    expect(screen(text(session.current))).toContain('later\n');
    expect(session.current).toEqual(done);
  });

  it('loads a scenario, rejects a bad one without changing anything, and saves one that reproduces the run', () => {
    const session = new Session();
    const bad = session.loadScenario('{"glassbox":1,"kernel":{"sched":{"policy":"nope"}}}');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0].field).toBe('kernel.sched.policy');
    expect(session.status().scenarioName).toBe('A shell on a fresh machine');

    const ok = session.loadScenario(
      JSON.stringify({ glassbox: 1, name: 'Two jobs', kernel: { login: null }, processes: [{ program: 'cpu', argv: ['cpu', '8'] }, { at: 3, program: 'cpu', argv: ['cpu', '5'] }] }),
    );
    expect(ok.ok).toBe(true);
    session.step(4);
    session.ttyInput('x');
    session.step(20);
    const saved = session.saveScenario();
    const again = new Session();
    expect(again.loadScenario(saved.json).ok).toBe(true);
    again.seek(session.current.tick);
    expect(stateHash(again.current)).toBe(stateHash(session.current));
  });

  it('loading a scenario says how many of its processes the process limit turned away, in the words glassbox run uses', () => {
    const session = new Session();
    const processes = Array.from({ length: 80 }, () => ({ program: 'cpu', argv: ['cpu', '5'] }));
    const r = session.loadScenario(JSON.stringify({ glassbox: 1, name: 'Too many', kernel: { login: null, limits: { maxProcs: 64 } }, processes }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const started = Object.keys(session.current.procs).length;
    expect(started).toBe(64);
    expect(r.warnings).toEqual([`${80 - (64 - 1)} of the scenario's processes not started: the process limit (kernel.limits.maxProcs) is 64`]);
    const fits = session.loadScenario(JSON.stringify({ glassbox: 1, kernel: { login: null }, processes: processes.slice(0, 3) }));
    expect(fits.ok && fits.warnings).toEqual([]);
  });

  it('says when processes the scenario starts later are turned away by the process limit, once the machine reaches them', () => {
    const session = new Session();
    const early = Array.from({ length: 10 }, () => ({ program: 'cpu', argv: ['cpu', '100000'] }));
    const late = Array.from({ length: 70 }, () => ({ program: 'cpu', argv: ['cpu', '5'], at: 50 }));
    const r = session.loadScenario(JSON.stringify({ glassbox: 1, name: 'Later', kernel: { login: null, limits: { maxProcs: 64 } }, processes: [...early, ...late] }));
    expect(r.ok && r.warnings).toEqual([]);
    expect(session.status().refusals).toEqual([]);
    session.step(49);
    expect(session.status().refusals).toEqual([]);
    session.step(5);
    const notice = `${80 - (64 - 1)} of the scenario's processes not started at tick 50: the process limit (kernel.limits.maxProcs) is 64`;
    expect(session.status().refusals).toEqual([notice]);
    // A step back and forward again (a replay) says it once, not twice.
    session.seek(10);
    session.seek(60);
    expect(session.status().refusals).toEqual([notice]);
    // Typing before tick 50 starts a new line, whose future is not yet known.
    session.seek(20);
    session.ttyInput('x');
    expect(session.status().refusals).toEqual([]);
  });

  it('reset returns to tick 0 of the scenario', () => {
    const session = new Session();
    session.ttyInput('echo a\n');
    session.step(10);
    session.reset();
    expect(session.current.tick).toBe(0);
    expect(session.timeline).toEqual([]);
    expect(screen(text(session.current))).not.toContain('echo a');
  });

  it('a jump far into the future is capped, so one request cannot keep the host busy', () => {
    const session = new Session();
    session.seek(1e12);
    expect(session.current.tick).toBe(10_000_000);
  });

  it('re-runs the same session under another scheduler, replaying what was typed, back to the same tick', () => {
    const session = new Session();
    session.ttyInput('cpu 40 &\n');
    session.step(2);
    session.ttyInput('cpu 10\n');
    session.step(30);
    const rrSwitches = session.current.stats.contextSwitches;
    const r = session.reconfigure({ policy: 'fifo', quantum: 4 }, 1);
    expect(r.ok).toBe(true);
    expect(session.current.tick).toBe(32);
    expect(session.current.sched.policy).toBe('fifo');
    expect(session.timeline.map((i) => i.tick)).toEqual([0, 2]);
    // FIFO lets the 40-tick job run on: even the shell, woken by the typing, still waits at
    // tick 32, so the 10-tick job has not been started (the convoy effect).
    expect(Object.values(session.current.procs).find((p) => p.name === 'sh')?.state).toBe('ready');
    expect(Object.values(session.current.procs).some((p) => p.argv.join(' ') === 'cpu 10')).toBe(false);
    expect(session.current.stats.contextSwitches).toBeLessThan(rrSwitches);
    expect(session.reconfigure({ policy: 'nope', quantum: 1 }, 1)).toMatchObject({ ok: false });
  });

  it("a viewer follows a re-run under another scheduler: the replay's patches come after the new line's first snapshot", () => {
    const session = new Session();
    session.loadScenario(readFileSync(join(import.meta.dirname, '..', '..', 'resources', 'scenarios', '10-multiprocessor.json'), 'utf8'));
    const m = mirror(session);
    session.step(20);
    // Per-CPU round robin and multi keep their queues in different shapes: a patch of one applied to the other does not resolve.
    expect(session.reconfigure({ policy: 'multi', quantum: 5 }, 2)).toMatchObject({ ok: true });
    const sent = m.events.slice(m.events.findIndex((e) => e.kind === 'snapshot'));
    expect(sent.some((e) => e.kind === 'patch')).toBe(true);
    // Replaying what came after the re-run's first snapshot, as a viewer does, gives the session's state.
    let state = (sent[0] as { state: KernelState }).state;
    for (const e of sent.slice(1)) if (e.kind === 'patch') state = applyPatches(state, e.patches);
    expect(state.sched.policy).toBe('multi');
    expect(stateHash(state)).toBe(stateHash(session.current));
    expect(stateHash(m.get())).toBe(stateHash(session.current));
  });

  it('a frame of play stops when its time budget is spent, instead of making the host lag', () => {
    // A clock that moves 5 ms every time it is read: the work looks slow.
    let now = 0;
    let tick: (() => void) | null = null;
    const timers: Timers = {
      now: () => (now += 5),
      every: (_ms, fn) => {
        tick = fn;
        return () => {};
      },
    };
    const session = new Session({ timers, speed: 1_000_000, frameMs: 16 });
    session.ttyInput('cpu 100000000 &\n');
    session.play();
    const before = session.current.tick;
    now += 16;
    tick!();
    const ran = session.current.tick - before;
    expect(ran).toBeGreaterThan(0);
    expect(ran).toBeLessThan(16_000); // what one frame at this speed asks for
  });
});
