import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { Branches, describeInput, describeInputs, type Line } from '../../src/main/branches.ts';
import { defaultScenario, Session } from '../../src/main/session.ts';
import { handleCommand } from '../../src/main/dispatch.ts';
import { stateHash } from '../../src/sim/base/hash.ts';
import type { KernelState } from '../../src/sim/kernel/state.ts';
import { screen } from '../../src/sim/machine/machine.ts';

const text = (s: KernelState) => screen({ state: s, rt: { programs: {}, runs: new Map() } });
const line = (endTick: number, name = 'Terminal'): Line => ({ scenario: { ...defaultScenario(), name }, inputs: [], endTick });

describe('Branches (the tree of lines)', () => {
  it('a fork keeps the line being left under its number and makes the next number current', () => {
    const b = new Branches();
    const first = line(455);
    const change = b.fork(first, 120, { kind: 'load', cause: 'loaded "ls"' });
    expect(change).toEqual({ seq: 1, kind: 'load', branch: 2, from: 1, tick: 120, fromEnd: 455, fromScenario: 'Terminal', dropped: null });
    expect(b.current).toBe(2);
    expect(b.count).toBe(2);
    const list = b.list(line(130));
    expect(list.map((x) => [x.id, x.parent, x.forkTick, x.endTick, x.current, x.cause])).toEqual([
      [1, null, 0, 455, false, 'the start'],
      [2, 1, 120, 130, true, 'loaded "ls"'],
    ]);
  });

  it('switching keeps the line being left, so either can be returned to', () => {
    const b = new Branches();
    const one = line(455);
    b.fork(one, 120, { kind: 'fork', ownFrom: 0 });
    const two = line(300);
    const r = b.switchTo(1, two);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.line.endTick).toBe(455);
    expect(r.line.scenario).toBe(one.scenario);
    expect(r.tick).toBe(455);
    expect(b.current).toBe(1);
    const back = b.switchTo(2, r.line, 200);
    expect(back.ok && back.line.endTick).toBe(300);
    expect(back.ok && back.tick).toBe(200);
    expect(b.change).toMatchObject({ kind: 'switch', branch: 2, from: 1, tick: 200 });
  });

  it('refuses an unknown branch, the current one and a tick past the end, naming what was wrong and changing nothing', () => {
    const b = new Branches();
    b.fork(line(50), 10, { kind: 'fork', ownFrom: 0 });
    expect(b.switchTo(7, line(20))).toEqual({ ok: false, error: 'no branch 7 (the branches are 1, 2)' });
    expect(b.switchTo(2, line(20))).toEqual({ ok: false, error: 'branch 2 is already the current branch' });
    expect(b.switchTo(1, line(20), 51)).toEqual({ ok: false, error: 'tick: 51 is past the end of branch 1 (it was run to tick 50)' });
    expect(b.current).toBe(2);
    expect(b.count).toBe(2);
  });

  it('keeps at most its limit of branches, letting go of the one left longest ago and saying so', () => {
    const b = new Branches(3);
    b.fork(line(10), 1, { kind: 'fork', ownFrom: 0 }); // keeps 1
    b.fork(line(10), 2, { kind: 'fork', ownFrom: 0 }); // keeps 2
    b.switchTo(1, line(10)); // keeps 3; 1 is current
    const c = b.fork(line(10), 3, { kind: 'fork', ownFrom: 0 }); // keeps 1: too many, so 2 (left longest ago) goes
    expect(c.dropped).toBe(2);
    expect(b.count).toBe(3);
    expect(b.list(line(5)).map((x) => x.id)).toEqual([1, 3, 4]);
  });

  // Any sequence of forks and switches: every line handed to the tree comes back unchanged
  // when its branch is switched to, numbers are never reused, and the count stays bounded.
  const op = fc.oneof(fc.record({ fork: fc.nat(100) }), fc.record({ switchTo: fc.integer({ min: 1, max: 12 }) }));
  test.prop([fc.array(op, { maxLength: 40 }), fc.integer({ min: 2, max: 6 })])('a line kept is the line given back, and the tree stays bounded', (ops, limit) => {
    const b = new Branches(limit);
    let here: Line = line(0);
    const given = new Map<number, Line>();
    const gone = new Set<number>();
    for (const o of ops) {
      const leaving: Line = { ...here, endTick: here.endTick + 1 };
      if ('fork' in o) {
        const from = b.current;
        const c = b.fork(leaving, Math.min(o.fork, leaving.endTick), { kind: 'fork', ownFrom: 0 });
        given.set(from, leaving);
        if (c.dropped !== null) gone.add(c.dropped);
        expect(c.branch).toBeGreaterThan(from);
        expect(given.has(c.branch)).toBe(false);
        here = { ...leaving, inputs: [] };
      } else {
        const from = b.current;
        const r = b.switchTo(o.switchTo, leaving);
        if (!r.ok) {
          expect(o.switchTo === from || !given.has(o.switchTo) || gone.has(o.switchTo)).toBe(true);
          continue;
        }
        expect(r.line).toEqual(given.get(o.switchTo));
        given.set(from, leaving);
        here = r.line;
      }
      expect(b.count).toBeLessThanOrEqual(limit);
      const ids = b.list(here).map((x) => x.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toContain(b.current);
      for (const id of gone) expect(ids).not.toContain(id);
    }
  });

  it('describes an input in a few words', () => {
    expect(describeInput({ tick: 0, kind: 'tty', data: 'echo two\n' })).toBe('typed "echo two⏎"');
    expect(describeInput({ tick: 0, kind: 'tty', data: '\u0003' })).toBe('typed "\\u0003"');
    expect(describeInput({ tick: 0, kind: 'tty', data: 'a'.repeat(40) })).toBe(`typed "${'a'.repeat(23)}…"`);
    expect(describeInput({ tick: 0, kind: 'signal', pid: 4, sig: 9 })).toBe('sent signal 9 to pid 4');
    // Keys arrive one by one; a branch is described by its first line.
    const keys = [...'ls -l\rpwd\r'].map((data, tick) => ({ tick, kind: 'tty' as const, data }));
    expect(describeInputs(keys)).toBe('typed "ls -l⏎"');
    expect(describeInputs([])).toBe('no input yet');
    // A resize of the window between two keys is not part of what was typed.
    const resized = [keys[0], { tick: 0, kind: 'winsize' as const, cols: 90, rows: 30 }, ...keys.slice(1)];
    expect(describeInputs(resized)).toBe('typed "ls -l⏎"');
    expect(describeInputs([{ tick: 0, kind: 'winsize', cols: 90, rows: 30 }])).toBe('no input yet');
  });
});

describe('Session branches', () => {
  it('switching back to the branch that was left shows its old output again, at its end', () => {
    const session = new Session();
    session.ttyInput('echo first-future\n');
    session.step(40);
    const before = stateHash(session.current);
    session.seek(10);
    session.ttyInput('echo second\n');
    session.step(30);
    expect(text(session.current)).toContain('second\n');
    expect(text(session.current)).not.toContain('echo second\nfirst-future');
    const r = session.switchBranch(1);
    expect(r.ok).toBe(true);
    expect(session.current.tick).toBe(40);
    expect(stateHash(session.current)).toBe(before);
    expect(text(session.current)).not.toContain('second');
    expect(session.status().branch).toMatchObject({ id: 1, count: 2, change: { kind: 'switch', branch: 1, from: 2 } });
    expect(session.listBranches().branches.map((b) => [b.id, b.endTick, b.current])).toEqual([
      [1, 40, true],
      [2, 40, false],
    ]);
  });

  it('typing at the end of the recorded future makes no branch', () => {
    const session = new Session();
    session.step(5);
    session.ttyInput('echo a\n');
    session.step(5);
    session.ttyInput('echo b\n');
    expect(session.status().branch).toEqual({ id: 1, count: 1, change: null });
  });

  it("a branch made in an example keeps the scenario's processes still to come", () => {
    const session = new Session();
    const sc = { glassbox: 1, name: 'Arrivals', processes: [{ program: 'cpu', argv: ['cpu', '5'] }, { at: 30, program: 'cpu', argv: ['cpu', '5'] }] };
    expect(session.loadScenario(JSON.stringify(sc)).ok).toBe(true);
    session.step(10);
    // At the end of what ran: the later arrival is the script, not a future, so no branch.
    session.ttyInput('echo x\n');
    expect(session.status().branch.count).toBe(1);
    session.step(40);
    session.seek(5);
    session.ttyInput('echo y\n');
    expect(session.status().branch.count).toBe(2);
    expect(session.timeline.map((i) => [i.kind, i.tick])).toEqual([
      ['spawn', 0],
      ['tty', 5],
      ['spawn', 30],
    ]);
  });

  it("Compare's step through keeps the live session as a branch, one switch away", () => {
    const session = new Session();
    session.ttyInput('echo live-session\n');
    session.step(30);
    const live = stateHash(session.current);
    const r = handleCommand(session, { cmd: 'loadWorkload', workload: { format: 'scheduler', text: '-l 10,20' }, sched: { policy: 'fifo', quantum: 10 }, cpus: 1 });
    expect(r.ok).toBe(true);
    expect(session.current.tick).toBe(0);
    expect(session.status().branch).toMatchObject({ id: 2, count: 2, change: { kind: 'load', branch: 2, from: 1, tick: 0, fromEnd: 30, fromScenario: 'A shell on a fresh machine' } });
    const back = handleCommand(session, { cmd: 'switchBranch', id: 1 });
    expect(back.ok).toBe(true);
    expect(session.status().scenarioName).toBe('A shell on a fresh machine');
    expect(stateHash(session.current)).toBe(live);
    expect(text(session.current)).toContain('live-session\n');
  });

  it('reset and loading keep the line only when it holds input of its own', () => {
    const session = new Session();
    session.step(10);
    session.reset();
    expect(session.status().branch.count).toBe(1);
    session.ttyInput('echo mine\n');
    session.step(10);
    session.reset();
    expect(session.status().branch).toMatchObject({ count: 2, change: { kind: 'load', from: 1, fromEnd: 10 } });
  });

  it('the commands are validated and their errors name what was wrong', () => {
    const session = new Session();
    expect(handleCommand(session, { cmd: 'switchBranch', id: 0 })).toMatchObject({ ok: false, error: expect.stringContaining('invalid command: id:') });
    expect(handleCommand(session, { cmd: 'switchBranch', id: 1, extra: true })).toMatchObject({ ok: false, error: expect.stringContaining('extra') });
    expect(handleCommand(session, { cmd: 'switchBranch', id: 3 })).toEqual({ ok: false, error: 'no branch 3 (the branches are 1)' });
    expect(handleCommand(session, { cmd: 'branches' })).toMatchObject({ ok: true, result: { current: 1, branches: [{ id: 1, current: true }] } });
  });

  // What the student does, as data: wait some ticks, then type one of these.
  const keys = fc.constantFrom('echo a\n', 'cpu 7 &\n', 'ls /\n', 'x', '\n', 'seq 1 30 | wc -l\n', '\u0003', 'sleep 3\n', 'ps\n');
  const script = fc.array(fc.record({ wait: fc.nat(25), keys }), { maxLength: 6 });
  const play = (session: Session, steps: { wait: number; keys: string }[]) => {
    for (const s of steps) {
      if (s.wait > 0) session.step(s.wait);
      session.ttyInput(s.keys);
    }
  };

  test.prop([script, fc.nat(40), fc.double({ min: 0, max: 1, noNaN: true }), script, fc.nat(40)], { numRuns: 25 })(
    'returning to a branch replays it exactly, and so does returning to the new one',
    (first, tail1, at, second, tail2) => {
      const session = new Session();
      play(session, first);
      session.step(tail1 + 1);
      const end1 = session.current.tick;
      const hash1 = stateHash(session.current);
      const fork = Math.floor(at * (end1 - 1));
      session.seek(fork);
      play(session, [{ wait: 0, keys: 'echo fork\n' }, ...second]);
      session.step(tail2 + 1);
      const end2 = session.current.tick;
      const hash2 = stateHash(session.current);
      expect(session.status().branch).toMatchObject({ id: 2, count: 2 });

      expect(session.switchBranch(1).ok).toBe(true);
      expect(session.current.tick).toBe(end1);
      expect(stateHash(session.current)).toBe(hash1);
      // Time moves on from a re-entered branch as it did before.
      session.step(3);
      session.stepBack(3);
      expect(stateHash(session.current)).toBe(hash1);

      expect(session.switchBranch(2).ok).toBe(true);
      expect(session.current.tick).toBe(end2);
      expect(stateHash(session.current)).toBe(hash2);
    },
  );
});

describe('saved scenarios carry the branches of the same run', () => {
  it('a saved session loads back with its branches, and each replays as it did', () => {
    const session = new Session();
    session.ttyInput('echo kept\n');
    session.step(30);
    const kept = stateHash(session.current);
    session.seek(8);
    session.ttyInput('echo now\n');
    session.step(12);
    const now = stateHash(session.current);
    const saved = session.saveScenario();
    expect(saved.branches).toEqual({ saved: 1, leftOut: 0 });
    const file = JSON.parse(saved.json);
    expect(file.branches).toEqual([{ fork: 0, until: 30, note: 'the start', processes: [], inputs: [{ at: 0, tty: 'echo kept\n' }] }]);
    expect(file.until).toBe(20);

    const again = new Session();
    expect(again.loadScenario(saved.json).ok).toBe(true);
    again.seek(20);
    expect(stateHash(again.current)).toBe(now);
    const list = again.listBranches().branches;
    expect(list.map((b) => [b.id, b.forkTick, b.endTick, b.cause, b.current])).toEqual([
      [1, 0, 20, 'the start', true],
      [2, 0, 30, 'the start', false],
    ]);
    expect(again.switchBranch(2).ok).toBe(true);
    expect(stateHash(again.current)).toBe(kept);
    expect(text(again.current)).toContain('kept\n');
  });

  it("a branch of another scenario is left out of the file, and the answer says so", () => {
    const session = new Session();
    session.ttyInput('echo live\n');
    session.step(5);
    handleCommand(session, { cmd: 'loadWorkload', workload: { format: 'scheduler', text: '-l 10' }, sched: { policy: 'fifo', quantum: 10 }, cpus: 1 });
    const saved = session.saveScenario();
    expect(saved.branches).toEqual({ saved: 0, leftOut: 1 });
    expect(JSON.parse(saved.json).branches).toBeUndefined();
  });

  it('a bad branch in a file is refused with the field named', () => {
    const session = new Session();
    const r = session.loadScenario(JSON.stringify({ glassbox: 1, branches: [{ fork: 10, until: 5, inputs: [] }] }));
    expect(r).toEqual({ ok: false, errors: [{ field: 'branches[0].until', message: 'must not be before fork' }] });
    const extra = session.loadScenario(JSON.stringify({ glassbox: 1, branches: [{ fork: 0, until: 5, parent: 2 }] }));
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.errors[0].field).toBe('branches[0]');
    expect(session.status().branch.count).toBe(1);
  });
});
