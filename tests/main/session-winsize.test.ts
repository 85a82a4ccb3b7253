import { describe, expect, it } from 'vitest';
import { Session } from '../../src/main/session.ts';
import { parseCommand } from '../../src/shared/protocol.ts';
import { stateHash } from '../../src/sim/base/hash.ts';
import { screen } from '../../src/sim/machine/machine.ts';

const shown = (s: Session) => screen({ state: s.current, rt: null as never });

describe('the window size as a timeline input', () => {
  it('is logged at its tick, and a saved session replays the resize at the same tick', () => {
    const a = new Session();
    a.step(10);
    a.resizeTty(100, 30);
    expect(a.timeline.at(-1)).toEqual({ tick: 10, kind: 'winsize', cols: 100, rows: 30 });
    a.ttyInput('stty size\n');
    a.step(50);
    expect(shown(a)).toContain('30 100\n');
    // The same size again is no news, and logs nothing.
    a.resizeTty(100, 30);
    expect(a.timeline.filter((i) => i.kind === 'winsize')).toHaveLength(1);

    const saved = JSON.parse(a.saveScenario().json);
    expect(saved.inputs).toContainEqual({ at: 10, winsize: { cols: 100, rows: 30 } });
    const b = new Session();
    expect(b.loadScenario(JSON.stringify(saved)).ok).toBe(true);
    b.seek(60);
    expect(stateHash(b.current)).toBe(stateHash(a.current));
  });

  it('does not rewrite the recorded future: while the past is shown it waits for the present', () => {
    const s = new Session();
    s.ttyInput('echo one\n');
    s.step(40);
    s.stepBack(20);
    s.resizeTty(90, 20);
    expect(s.current.tty.cols).toBe(80);
    expect(s.timeline.some((i) => i.kind === 'winsize')).toBe(false);
    s.seek(40);
    s.step(1);
    expect(s.current.tty.cols).toBe(90);
    expect(s.timeline.filter((i) => i.kind === 'winsize').map((i) => i.tick)).toEqual([40]);
    expect(shown(s)).toContain('one\n');
    expect(s.status().branch.count).toBe(1);
  });

  it('keeps the window size across a load, and the command validates its arguments', () => {
    const s = new Session();
    s.resizeTty(120, 40);
    s.step(5);
    s.reset();
    expect([s.current.tty.cols, s.current.tty.rows]).toEqual([120, 40]);
    // Sizing the window is not the user's input: replacing the line keeps no branch of it.
    expect(s.status().branch.count).toBe(1);
    expect(parseCommand({ cmd: 'resizeTty', cols: 0, rows: 10 })).toMatchObject({ ok: false, error: expect.stringContaining('cols') });
    expect(parseCommand({ cmd: 'resizeTty', cols: 80.5, rows: 10 }).ok).toBe(false);
    expect(parseCommand({ cmd: 'resizeTty', cols: 80, rows: 24, extra: 1 }).ok).toBe(false);
    expect(parseCommand({ cmd: 'resizeTty', cols: 80, rows: 24 }).ok).toBe(true);
  });
});
