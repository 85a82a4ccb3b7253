import { describe, expect, it } from 'vitest';
import { Session } from '../../src/main/session.ts';
import { screen } from '../../src/sim/machine/machine.ts';

const shown = (s: Session) => screen({ state: s.current, rt: null as never });

/** A playing session whose clock moves only when the test says. */
function busySession() {
  let now = 0;
  const s = new Session({ timers: { now: () => now, every: () => () => {} }, speed: 100_000 });
  s.play();
  for (let i = 0; i < 5; i++) {
    s.ttyInput('cpu 100000000 &\r');
    now += 16;
    s.frame();
  }
  return { s, later: (ms: number) => (now += ms) };
}

describe('a keystroke while the machine plays', () => {
  it('is answered within the same command: the owed ticks run at once and stop at the echo', () => {
    const { s, later } = busySession();
    const before = s.current.tick;
    later(8);
    s.ttyInput('x');
    // The echo is on the screen as the command returns, without waiting for a frame; the
    // frame stopped there, well short of the 800 ticks 8 ms at 100,000 ticks/s would allow.
    expect(shown(s).endsWith('$ x')).toBe(true);
    expect(s.current.tick - before).toBeGreaterThan(0);
    expect(s.current.tick - before).toBeLessThan(800);
    // The ticks it did not run are not lost: the next frame runs them.
    const t = s.current.tick;
    later(16);
    s.frame();
    expect(s.current.tick - t).toBeGreaterThanOrEqual(1600);
  });

  it('never runs ahead of the speed, and runs nothing while paused', () => {
    const { s, later } = busySession();
    s.setSpeed(20);
    later(16);
    s.frame();
    const t = s.current.tick;
    s.ttyInput('y');
    expect(s.current.tick).toBe(t); // no time has passed, so no tick is owed
    s.pause();
    later(1000);
    s.ttyInput('z');
    expect(s.current.tick).toBe(t);
  });
});
