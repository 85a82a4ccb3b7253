import { describe, expect, it } from 'vitest';
import type { ProcessContext } from '../../../src/sim/abi/program.ts';
import { logItems } from '../../../src/sim/base/ringlog.ts';
import { splice } from '../../../src/sim/fs/bytes.ts';
import { fsLookup, mountFs, surviving } from '../../../src/sim/fs/index.ts';
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

  it('a disk that cannot be mounted after a power cycle is replaced by a fresh one, and the log says why', () => {
    const m = machine();
    runTo(m, 5);
    m.state.fs.dev.blocks[0] = 'x'.repeat(m.state.fs.dev.blockSize); // the superblock
    applyInput(m.state, m.rt, { kind: 'disk', action: { action: 'power-cycle' } });
    expect(screen(m)).toContain('[power cycled at tick 5: fresh disk]');
    const log = logItems(m.state.log).map((l) => l.text);
    expect(log).toContainEqual(expect.stringContaining('the disk could not be mounted after the power cycle'));
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

  it('a repair records the disk as it is afterwards, not only what it found', () => {
    const m = createMachine({ login: { program: 'sh', argv: ['sh'] }, disk: { options: { journal: 'none' } } }, programs);
    runTo(m, 5);
    // Mark a data block in use that no inode owns, on the platter, and mount that disk.
    const dev = surviving(m.state.fs.dev);
    const bitmap = m.state.fs.layout.dataBitmap.start;
    const last = m.state.fs.layout.data.count - 1;
    const old = dev.blocks[bitmap] ?? '\0'.repeat(512);
    dev.blocks[bitmap] = splice(old, last >> 3, String.fromCharCode(old.charCodeAt(last >> 3) | (1 << (last & 7))));
    const damaged = mountFs(dev, { journal: 'none' });
    if ('error' in damaged) throw new Error(damaged.error);
    m.state.fs = damaged;
    applyInput(m.state, m.rt, { kind: 'disk', action: { action: 'fsck', repair: false } });
    expect(m.state.lastFsck?.report.clean).toBe(false);
    expect(m.state.lastFsck?.after).toBeNull();
    applyInput(m.state, m.rt, { kind: 'disk', action: { action: 'fsck', repair: true } });
    expect(m.state.lastFsck?.report.findings.length).toBeGreaterThan(0);
    expect(m.state.lastFsck?.after).toMatchObject({ findings: [], clean: true, repaired: false });
    expect(m.state.lastFsck?.after?.beyond.count).toBeGreaterThan(0);
  });

  it('a power cycle of a disk without a journal says there is none to replay', () => {
    const m = createMachine({ login: { program: 'sh', argv: ['sh'] }, disk: { options: { journal: 'none' } } }, programs);
    runTo(m, 5);
    applyInput(m.state, m.rt, { kind: 'disk', action: { action: 'power-cycle' } });
    expect(screen(m)).toContain('[power cycled at tick 5: no journal to replay]');
    expect(screen(m)).not.toContain('journal replayed');
  });

  it("breaks the power-cycle notice between words at the terminal's width", () => {
    const m = createMachine({ login: { program: 'sh', argv: ['sh'] }, disk: { options: { journal: 'none' } } }, programs);
    runTo(m, 5);
    expect(applyInput(m.state, m.rt, { kind: 'winsize', cols: 20, rows: 24 })).toBe(0);
    applyInput(m.state, m.rt, { kind: 'disk', action: { action: 'power-cycle' } });
    const out = screen(m).replaceAll('\r', '');
    const start = out.lastIndexOf('[power cycled');
    const notice = out.slice(start, out.indexOf(']', start) + 1).split('\n');
    expect(notice.length).toBeGreaterThan(1);
    for (const line of notice) expect(line.length).toBeLessThanOrEqual(20);
    expect(notice.join(' ')).toBe('[power cycled at tick 5: no journal to replay]');
  });

  it('rejects a negative crash point', () => {
    const m = machine();
    expect(applyInput(m.state, m.rt, { kind: 'disk', action: { action: 'arm-crash', afterWrites: -1 } })).toBeLessThan(0);
    expect(m.state.fs.dev.crashAt).toBeNull();
  });
});
