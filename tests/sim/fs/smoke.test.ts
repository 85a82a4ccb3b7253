import { it, expect } from 'vitest';
import * as F from '../../../src/sim/fs/index.ts';
it('smoke', () => {
  const fs = F.mkfs() as F.FsState;
  expect('error' in fs).toBe(false);
  expect(F.fsMkdir(fs, '/', '/tmp')).toBe(0);
  const fd = F.fsOpen(fs, '/', '/tmp/a', { write: true, create: true });
  expect(fd).toBeGreaterThan(0);
  expect(F.fsWrite(fs, fd, 0, 'hello world'.repeat(100))).toBe(1100);
  expect(F.fsRead(fs, fd, 0, 11)).toBe('hello world');
  F.fsClose(fs, fd);
  console.log(F.fsReaddir(fs, 0), F.fsStatfs(fs), fs.journal.commits, fs.journal.head, fs.dev.writes);
  F.fsSync(fs);
  const m = F.mountFs(F.surviving(fs.dev)) as F.FsState;
  const i = F.fsLookup(m, '/', '/tmp/a');
  expect(F.fsRead(m, i, 0, 1100)).toBe('hello world'.repeat(100));
});
