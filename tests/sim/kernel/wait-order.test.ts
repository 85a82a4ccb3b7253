import { describe, expect, it } from 'vitest';
import { logItems } from '../../../src/sim/base/ringlog.ts';
import * as sys from '../../../src/sim/libc/sys.ts';
import { machineWith, run, start } from '../ipc/helpers.ts';

/** Spawns sleepers of the given lengths (pids in that order), lets them all end, then reaps with `wait(want)`. */
function reapOrder(lengths: number[], want = -1): { spawned: number[]; reaped: number[] } {
  const spawned: number[] = [];
  const reaped: number[] = [];
  const m = machineWith({
    *parent() {
      for (const t of lengths) spawned.push((yield* sys.spawn({ program: 'sleep', argv: ['sleep', String(t)] })) as number);
      yield* sys.sleep(Math.max(...lengths) + 5); // every child is a zombie before the first wait
      for (let r = yield* sys.wait(want); sys.isWaitResult(r); r = yield* sys.wait(want)) reaped.push(r.pid);
      return 0;
    },
  });
  start(m, 'parent');
  run(m, Math.max(...lengths) + 50);
  return { spawned, reaped };
}

describe('wait(-1) with several zombies', () => {
  it('reaps the children in the order they exited, not in pid order', () => {
    const { spawned, reaped } = reapOrder([30, 10, 20]);
    expect(reaped).toEqual([spawned[1], spawned[2], spawned[0]]);
  });

  it('wait(0) (the caller\u2019s group) keeps the same exit order', () => {
    const { spawned, reaped } = reapOrder([25, 5, 15, 35], 0);
    expect(reaped).toEqual([spawned[1], spawned[2], spawned[0], spawned[3]]);
  });

  it('init reaps the orphans it adopts in their exit order, their parent last', () => {
    const spawned: number[] = [];
    const m = machineWith({
      *middle() {
        for (const t of [12, 4, 8]) spawned.push((yield* sys.spawn({ program: 'sleep', argv: ['sleep', String(t)] })) as number);
        yield* sys.sleep(20); // its children all end first; it exits without reaping them
        return 0;
      },
    });
    const middle = start(m, 'middle');
    run(m, 60);
    const reaped = logItems(m.state.log)
      .filter((e) => e.kind === 'reap')
      .map((e) => e.pid);
    expect(reaped).toEqual([spawned[1], spawned[2], spawned[0], middle]);
  });
});
