import { enablePatches, type Patch, produceWithPatches } from 'immer';
import { describe, expect, it } from 'vitest';
import { advance, applyInput } from '../../../src/sim/kernel/kernel.ts';
import type { KernelState } from '../../../src/sim/kernel/state.ts';
import * as sys from '../../../src/sim/libc/sys.ts';
import { createMachine, type Machine, runTo, type TimedInput } from '../../../src/sim/machine/machine.ts';
import { PROGRAMS } from '../../../src/sim/machine/programs.ts';
import { ttyTranscript } from '../../../src/sim/tty/tty.ts';

enablePatches();

/** A pipeline the way a shell would build it, so a pipe is in use while the host runs. */
function* pipeline(): sys.Sys<number> {
  const fds = yield* sys.pipe();
  if (typeof fds === 'number') return 1;
  const [r, w] = fds;
  const ends = [
    { op: 'close' as const, fd: r },
    { op: 'close' as const, fd: w },
  ];
  yield* sys.spawn({ program: 'producer', argv: ['producer', '30'], fileActions: [{ op: 'dup2', fd: w, to: 1 }, ...ends] });
  yield* sys.spawn({ program: 'consumer', argv: ['consumer'], fileActions: [{ op: 'dup2', fd: r, to: 0 }, ...ends] });
  yield* sys.close(r);
  yield* sys.close(w);
  yield* sys.wait(-1);
  yield* sys.wait(-1);
  return 0;
}

const programs = { ...PROGRAMS, pipeline };
const inputs: TimedInput[] = [
  { tick: 2, kind: 'tty', data: 'pipeline\n' },
  { tick: 150, kind: 'tty', data: 'sigcatch\n' },
  { tick: 160, kind: 'tty', data: '\x03' },
  { tick: 200, kind: 'tty', data: 'philosophers 4\n' },
  { tick: 260, kind: 'tty', data: '\x03' },
  { tick: 270, kind: 'tty', data: 'producer --via sem --key 5 8 &\n' },
  { tick: 280, kind: 'tty', data: 'consumer --via sem --key 5\n' },
];
const END = 400;

describe('IPC under immer, as the host runs it', () => {
  it('a run tick by tick through drafts ends in the same state as a plain run, with small patches', () => {
    const plain = createMachine({}, programs);
    runTo(plain, END, inputs);

    const m: Machine = createMachine({}, programs);
    let state: KernelState = m.state;
    const sizes: number[] = [];
    let next = 0;
    while (state.tick < END) {
      let patches: Patch[];
      [state, patches] = produceWithPatches(state, (d) => {
        while (next < inputs.length && inputs[next].tick === d.tick) applyInput(d, m.rt, inputs[next++]);
        advance(d, m.rt, 1);
      });
      sizes.push(patches.length);
    }
    expect(JSON.parse(JSON.stringify(state))).toEqual(JSON.parse(JSON.stringify(plain.state)));
    // The story really happened: a pipe, a handler, a deadlock and a bounded buffer.
    const out = ttyTranscript(state.tty);
    expect(out).toContain('consumer: end of file after 30 items');
    expect(out).toContain('sigcatch: caught SIGINT (1)');
    expect(out).toContain('philosophers: deadlock!');
    expect(out).toContain('consumer: done after 8 items');
    // One tick changes a handful of paths, not the whole state.
    expect(Math.max(...sizes)).toBeLessThan(150);
  });
});
