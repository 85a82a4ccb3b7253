import { describe, expect, it } from 'vitest';
import type { ProcessContext } from '../../../src/sim/abi/program.ts';
import { fsLookup } from '../../../src/sim/fs/index.ts';
import { applyInput } from '../../../src/sim/kernel/kernel.ts';
import * as sys from '../../../src/sim/libc/sys.ts';
import { createMachine, runTo, screen } from '../../../src/sim/machine/machine.ts';
import { PROGRAMS } from '../../../src/sim/machine/programs.ts';

/** Creates /tmp/<name> holding "hello", then syncs. */
function* writer(ctx: ProcessContext): sys.Sys<number> {
  const fd = yield* sys.open(`/tmp/${ctx.argv[1]}`, { write: true, create: true });
  if (fd < 0) return 1;
  yield* sys.write(fd, 'hello');
  yield* sys.close(fd);
  yield* sys.sync();
  return 0;
}

const programs = { ...PROGRAMS, writer };

function machine() {
  return createMachine({ login: { program: 'sh', argv: ['sh'] }, disk: { options: { journal: 'ordered' } } }, programs);
}

describe('the disk controls', () => {
  it('a power cycle keeps what reached the disk, replays the journal and boots again', () => {
    const m = machine();
    applyInput(m.state, m.rt, { kind: 'spawn', request: { program: 'writer', argv: ['writer', 'kept'] } });
    runTo(m, 10);
    expect(fsLookup(m.state.fs, '/', '/tmp/kept')).toBeGreaterThan(0);
    applyInput(m.state, m.rt, { kind: 'disk', action: { action: 'power-cycle' } });
    expect(m.state.tick).toBe(10);
    expect(fsLookup(m.state.fs, '/', '/tmp/kept')).toBeGreaterThan(0);
    expect(screen(m)).toContain('[power cycled at tick 10');
    runTo(m, 15);
    expect(Object.values(m.state.procs).map((p) => p.name)).toEqual(['init', 'sh']);
  });

  it('a crash armed before a write loses that write and all after it; fsck then finds the disk consistent', () => {
    const m = machine();
    applyInput(m.state, m.rt, { kind: 'disk', action: { action: 'arm-crash', afterWrites: 0 } });
    applyInput(m.state, m.rt, { kind: 'spawn', request: { program: 'writer', argv: ['writer', 'lost'] } });
    runTo(m, 10);
    expect(m.state.fs.dev.crashed).toBe(true);
    applyInput(m.state, m.rt, { kind: 'disk', action: { action: 'power-cycle' } });
    expect(fsLookup(m.state.fs, '/', '/tmp/lost')).toBeLessThan(0);
    applyInput(m.state, m.rt, { kind: 'disk', action: { action: 'fsck', repair: false } });
    expect(m.state.lastFsck?.report.clean).toBe(true);
  });

  it('rejects a negative crash point', () => {
    const m = machine();
    expect(applyInput(m.state, m.rt, { kind: 'disk', action: { action: 'arm-crash', afterWrites: -1 } })).toBeLessThan(0);
    expect(m.state.fs.dev.crashAt).toBeNull();
  });
});
