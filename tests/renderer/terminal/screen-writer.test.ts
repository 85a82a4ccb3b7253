import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Mirror } from '../../../src/renderer/model/store.ts';
import { createScreenWriter } from '../../../src/renderer/terminal/screen-writer.ts';
import type { KernelState } from '../../../src/sim/kernel/state.ts';
import { createTty, ttyTranscript, ttyWrite } from '../../../src/sim/tty/tty.ts';

const RIS = '\x1bc';

/** A mirror whose state holds only a terminal: all the writer reads. */
function mirrorWith(epoch: number) {
  const tty = createTty();
  const mirror = (): Mirror => ({ state: { tty } as unknown as KernelState, status: null, epoch });
  return { tty, mirror, setEpoch: (e: number) => (epoch = e) };
}

function fakeTerm() {
  const writes: string[] = [];
  return { writes, write: (data: string | Uint8Array) => void writes.push(String(data)) };
}

/** What the screen shows after the writes: everything since the last reset. */
const shown = (writes: string[]) => {
  const all = writes.join('');
  return all.slice(all.lastIndexOf(RIS) + RIS.length);
};

describe('the screen writer', () => {
  it('writes the whole log after a reset first, then only what is new', () => {
    const { tty, mirror } = mirrorWith(1);
    const term = fakeTerm();
    const w = createScreenWriter(term);
    ttyWrite(tty, 'hello\n');
    w.sync(mirror());
    ttyWrite(tty, 'world');
    w.sync(mirror());
    expect(term.writes).toEqual([`${RIS}hello\r\n`, 'world']);
  });

  it('writes nothing when nothing new was printed, or before there is a state', () => {
    const { tty, mirror } = mirrorWith(1);
    const term = fakeTerm();
    const w = createScreenWriter(term);
    w.sync({ state: null, status: null, epoch: 0 });
    ttyWrite(tty, '$ ');
    w.sync(mirror());
    w.sync(mirror());
    expect(term.writes).toEqual([`${RIS}$ `]);
  });

  it('redraws from the log when time jumps (a new epoch)', () => {
    const { tty, mirror, setEpoch } = mirrorWith(1);
    const term = fakeTerm();
    const w = createScreenWriter(term);
    ttyWrite(tty, 'one\n');
    w.sync(mirror());
    setEpoch(2);
    w.sync(mirror());
    expect(term.writes).toEqual([`${RIS}one\r\n`, `${RIS}one\r\n`]);
  });

  test.prop([fc.array(fc.oneof(fc.string({ maxLength: 3000 }).map((s) => ({ write: s })), fc.constant({ jump: true }), fc.constant({ sync: true })), { maxLength: 40 })])(
    'the screen always ends up showing the retained log, however output, syncs and jumps interleave',
    (steps) => {
      const { tty, mirror, setEpoch } = mirrorWith(1);
      const term = fakeTerm();
      const w = createScreenWriter(term);
      let epoch = 1;
      for (const step of steps) {
        if ('write' in step) ttyWrite(tty, step.write);
        else if ('jump' in step) setEpoch(++epoch);
        else w.sync(mirror());
      }
      w.sync(mirror());
      expect(shown(term.writes)).toBe(ttyTranscript(tty));
    },
  );
});
