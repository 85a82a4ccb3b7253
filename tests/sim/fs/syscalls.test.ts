import { describe, expect, it } from 'vitest';
import { EBADF, EEXIST, EISDIR, EMFILE, ENOENT, ENOTDIR, ENOTEMPTY, ESPIPE } from '../../../src/sim/abi/errno.ts';
import type { Program } from '../../../src/sim/abi/program.ts';
import { fsck } from '../../../src/sim/fs/fsck.ts';
import { applyInput } from '../../../src/sim/kernel/kernel.ts';
import * as sys from '../../../src/sim/libc/sys.ts';
import { createMachine, runTo } from '../../../src/sim/machine/machine.ts';
import { PROGRAMS } from '../../../src/sim/machine/programs.ts';

/** Runs `body` as a process in a fresh machine and returns the machine once it has run. */
function run(body: Program, ticks = 200) {
  const m = createMachine({ login: null }, { ...PROGRAMS, t: body });
  applyInput(m.state, m.rt, { kind: 'spawn', request: { program: 't', argv: ['t'] } });
  runTo(m, ticks);
  return m;
}

describe('file-system syscalls through the kernel', () => {
  it('boot makes a fresh disk with /tmp, /home, /dev, /bin and the device nodes', () => {
    let names: unknown;
    let dev: unknown;
    run(function* () {
      names = yield* sys.readdir('/');
      dev = yield* sys.readdir('/dev');
      return 0;
    });
    expect((names as { name: string }[]).map((e) => e.name)).toEqual(['.', '..', 'tmp', 'home', 'dev', 'bin']);
    expect((dev as { name: string }[]).map((e) => e.name)).toEqual(['.', '..', 'null', 'tty']);
  });

  it('open, write, close, then read back what was written', () => {
    const out: unknown[] = [];
    const m = run(function* () {
      const fd = yield* sys.open('/tmp/a', { write: true, create: true });
      out.push(fd, yield* sys.write(fd, 'hello, disk'), yield* sys.close(fd));
      const rd = yield* sys.open('/tmp/a');
      out.push(yield* sys.read(rd, 5), yield* sys.read(rd, 100), yield* sys.read(rd, 100));
      out.push(yield* sys.close(rd));
      return 0;
    });
    expect(out).toEqual([3, 11, 0, 'hello', ', disk', '', 0]); // 0, 1 and 2 are the terminal
    expect(Object.values(m.state.files.table).filter((f) => f.kind === 'file')).toEqual([]);
    expect(m.state.fs.icache).toEqual({});
  });

  it('returns errnos for the usual mistakes', () => {
    const got: Record<string, unknown> = {};
    run(function* () {
      got.noent = yield* sys.open('/nope');
      got.notdirPath = yield* sys.open('/dev/null/x', { write: true, create: true });
      got.isdir = yield* sys.open('/tmp', { write: true });
      yield* sys.close(yield* sys.open('/tmp/f', { write: true, create: true }));
      got.excl = yield* sys.open('/tmp/f', { write: true, create: true, excl: true });
      got.mkdirExists = yield* sys.mkdir('/tmp');
      got.rmdirNotEmpty = yield* sys.rmdir('/tmp');
      got.rmdirFile = yield* sys.rmdir('/tmp/f');
      got.unlinkDir = yield* sys.unlink('/tmp');
      got.badFd = yield* sys.read(42, 1);
      got.seekTty = yield* sys.lseek(0, 0, 0);
      got.chdirFile = yield* sys.chdir('/tmp/f');
      got.readOnlyWrite = yield* sys.write(yield* sys.open('/tmp/f'), 'x');
      return 0;
    });
    expect(got).toEqual({
      noent: -ENOENT,
      notdirPath: -ENOTDIR,
      isdir: -EISDIR,
      excl: -EEXIST,
      mkdirExists: -EEXIST,
      rmdirNotEmpty: -ENOTEMPTY,
      rmdirFile: -ENOTDIR,
      unlinkDir: -EISDIR,
      badFd: -EBADF,
      seekTty: -ESPIPE,
      chdirFile: -ENOTDIR,
      readOnlyWrite: -EBADF,
    });
  });

  it('runs out of descriptors with EMFILE', () => {
    let last = 0;
    const m = createMachine({ login: null, limits: { maxProcs: 64, maxFds: 6, syscallsPerTick: 64 } }, {
      ...PROGRAMS,
      t: function* () {
        for (let i = 0; i < 10; i++) last = yield* sys.open('/tmp');
        return 0;
      },
    });
    applyInput(m.state, m.rt, { kind: 'spawn', request: { program: 't', argv: ['t'] } });
    runTo(m, 50);
    expect(last).toBe(-EMFILE);
  });

  it('a dup shares the offset: both descriptors point at one open-file description', () => {
    const out: unknown[] = [];
    run(function* () {
      const fd = yield* sys.open('/tmp/d', { read: true, write: true, create: true });
      yield* sys.write(fd, 'abcdef');
      const fd2 = yield* sys.dup(fd);
      out.push(yield* sys.lseek(fd, 0, 0));
      out.push(yield* sys.read(fd2, 2), yield* sys.read(fd, 2));
      out.push(yield* sys.lseek(fd2, -1, 2), yield* sys.read(fd, 10));
      return 0;
    });
    expect(out).toEqual([0, 'ab', 'cd', 5, 'f']);
  });

  it('a child started with spawn inherits the description, and appends land at the end', () => {
    let text: unknown;
    run(function* () {
      const fd = yield* sys.open('/tmp/log', { write: true, create: true, append: true });
      yield* sys.write(fd, 'parent\n');
      const pid = yield* sys.spawn({ program: 'echo', argv: ['echo', 'child'], fileActions: [{ op: 'dup2', fd, to: 1 }] });
      yield* sys.wait(pid);
      yield* sys.write(fd, 'parent again\n');
      yield* sys.close(fd);
      const rd = yield* sys.open('/tmp/log');
      text = yield* sys.readAll(rd);
      return 0;
    });
    expect(text).toBe('parent\nchild\nparent again\n');
  });

  it('an unlinked file lives until its last close', () => {
    const out: unknown[] = [];
    const m = run(function* () {
      const fd = yield* sys.open('/tmp/ghost', { read: true, write: true, create: true });
      yield* sys.write(fd, 'boo');
      out.push(yield* sys.unlink('/tmp/ghost'), yield* sys.stat('/tmp/ghost'));
      yield* sys.lseek(fd, 0, 0);
      out.push(yield* sys.read(fd, 10));
      const st = yield* sys.fstat(fd);
      out.push(typeof st === 'object' ? st.nlink : st);
      return 0; // exit closes fd: the inode is freed then
    });
    expect(out).toEqual([0, -ENOENT, 'boo', 0]);
    expect(m.state.fs.icache).toEqual({});
    expect(fsck(m.state.fs, { repair: false }).findings).toEqual([]);
  });

  it('chdir and getcwd, relative paths, rename, stat, statfs, /dev/null, sync and fsck', () => {
    const out: Record<string, unknown> = {};
    run(function* () {
      out.mkdir = yield* sys.mkdir('/home/me');
      out.chdir = yield* sys.chdir('/home/me/../me/.');
      out.cwd = yield* sys.getcwd();
      const fd = yield* sys.open('notes', { write: true, create: true });
      yield* sys.write(fd, 'x'.repeat(700));
      yield* sys.close(fd);
      out.rename = yield* sys.rename('notes', '../notes.txt');
      const st = yield* sys.stat('/home/notes.txt');
      out.size = typeof st === 'object' ? [st.type, st.size, st.nlink, st.blocks] : st;
      const nul = yield* sys.open('/dev/null', { read: true, write: true });
      out.nullWrite = yield* sys.write(nul, 'discarded');
      out.nullRead = yield* sys.read(nul, 10);
      const df = yield* sys.statfs();
      out.df = [df.blockSize, df.totalBlocks, df.freeBlocks < df.dataBlocks];
      out.sync = yield* sys.sync();
      out.fsck = yield* sys.fsck();
      return 0;
    });
    expect(out).toEqual({
      mkdir: 0,
      chdir: 0,
      cwd: '/home/me',
      rename: 0,
      size: ['file', 700, 1, 2],
      nullWrite: 9,
      nullRead: '',
      df: [512, 64, true],
      sync: 0,
      // The disk's 64 file-system blocks are followed by the swap partition (a header and 64 slots of 1 KB pages in
      // 512-byte blocks) and the partition table's block.
      fsck: { clean: true, repaired: false, findings: [], beyond: { start: 64, count: 131 } },
    });
  });

  it('boots from a saved image, and falls back to a fresh disk (with a log line) when the image is damaged', async () => {
    const { encodeImage } = await import('../../../src/sim/fs/image.ts');
    const first = run(function* () {
      const fd = yield* sys.open('/home/kept', { write: true, create: true });
      yield* sys.write(fd, 'still here');
      yield* sys.close(fd);
      yield* sys.sync();
      return 0;
    });
    const image = encodeImage(first.state.fs.dev);
    let text: unknown;
    const again = createMachine({ login: null, disk: { image } }, {
      ...PROGRAMS,
      t: function* () {
        text = yield* sys.readAll(yield* sys.open('/home/kept'));
        return 0;
      },
    });
    applyInput(again.state, again.rt, { kind: 'spawn', request: { program: 't', argv: ['t'] } });
    runTo(again, 50);
    expect(text).toBe('still here');
    const broken = createMachine({ login: null, disk: { image: image.slice(0, image.length / 2) } });
    expect(JSON.stringify(broken.state.log)).toContain('the disk image could not be used');
  });

  it('one syscall is one trace: every block the call read and wrote, under its own words', () => {
    const m = run(function* () {
      yield* sys.open('/tmp/traced', { write: true, create: true });
      yield* sys.sleep(1000);
      return 0;
    }, 20);
    const t = m.state.fs.trace;
    const l = m.state.fs.layout;
    expect(t.op).toBe('open /tmp/traced');
    const io = t.io.map((r) => `${r.kind}:${r.block}`);
    expect(io).toContain(`read:${l.data.start}`); // the root directory, to find "tmp"
    expect(io).toContain(`write:${l.inodeBitmap.start}`); // the new inode
    expect(io.some((x) => x.startsWith('write:') && Number(x.slice(6)) >= l.journal.start && Number(x.slice(6)) < l.data.start)).toBe(true);
  });
});
