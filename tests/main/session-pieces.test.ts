import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { Session } from '../../src/main/session.ts';
import type { SessionStatus } from '../../src/shared/protocol.ts';
import { stateHash } from '../../src/sim/base/hash.ts';

/** Drives a piecewise command to its end with the given piece sizes (cycled), as the session's thread does. */
function drive(work: Generator<void, SessionStatus, number>, sizes: number[]): SessionStatus {
  let r = work.next(0);
  for (let i = 0; !r.done; i++) r = work.next(sizes[i % sizes.length]);
  return r.value;
}

/** Lines and keys a user might paste: commands, a half-typed line, erase, ^C, ^D. */
const pasteArb = fc
  .array(fc.constantFrom('echo hi\n', 'seq 1 5 | wc -l\n', 'cpu 7 &\n', 'cat\n', 'abc', '\x7f', '\x03', '\x04', 'ls /\n', '\n', 'sleep 3; echo later\n'), { minLength: 1, maxLength: 30 })
  .map((keys) => keys.join(''));
const sizesArb = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 });

describe('long commands in pieces reach exactly what the one-go commands reach', () => {
  test.prop([pasteArb, sizesArb, fc.integer({ min: 0, max: 30 })], { numRuns: 15 })('a paste typed in pieces', (paste, sizes, before) => {
    const whole = new Session({ hurry: false });
    const pieces = new Session({ hurry: false });
    whole.step(before);
    pieces.step(before);
    whole.ttyInput(paste);
    drive(pieces.typeInPieces(paste), sizes);
    expect(stateHash(pieces.current)).toBe(stateHash(whole.current));
    // Logged as one input, so the saved run (and every replay) is the same too.
    expect(pieces.saveScenario().json).toBe(whole.saveScenario().json);
    whole.step(50);
    pieces.step(50);
    expect(stateHash(pieces.current)).toBe(stateHash(whole.current));
  });

  test.prop([pasteArb, fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 400 }), sizesArb], { numRuns: 12 })(
    'a seek back that replays, in pieces',
    (paste, forward, back, sizes) => {
      const whole = new Session({ hurry: false, snapshotLimit: 3 });
      const pieces = new Session({ hurry: false, snapshotLimit: 3 });
      for (const s of [whole, pieces]) {
        s.ttyInput(paste);
        s.step(forward);
      }
      const target = Math.min(back, whole.current.tick);
      whole.seek(target);
      const status = drive(pieces.seekBackInPieces(target), sizes);
      expect(status.tick).toBe(target);
      expect(stateHash(pieces.current)).toBe(stateHash(whole.current));
      // And time goes on from there alike.
      whole.step(30);
      pieces.step(30);
      expect(stateHash(pieces.current)).toBe(stateHash(whole.current));
    },
  );

  test.prop([fc.integer({ min: 1, max: 200 })], { numRuns: 10 })('a seek back abandoned part way leaves the session where it was', (forward) => {
    const s = new Session({ hurry: false, snapshotLimit: 2 });
    s.ttyInput('cpu 500 &\n');
    s.step(forward + 10);
    const before = stateHash(s.current);
    const tick = s.current.tick;
    const work = s.seekBackInPieces(tick - 1); // not a kept frame: a replay of more than one piece
    work.next(0);
    expect(work.next(1).done).toBe(false);
    work.return(s.status());
    expect(s.current.tick).toBe(tick);
    expect(stateHash(s.current)).toBe(before);
    s.step(5);
    expect(s.current.tick).toBe(tick + 5);
  });
});
