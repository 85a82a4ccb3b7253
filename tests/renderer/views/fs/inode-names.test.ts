import { describe, expect, it } from 'vitest';
import { directoryTree } from '../../../../src/sim/fs/selectors.ts';
import { runShellScript } from '../../../../src/sim/machine/run-script.ts';
import { namesByInode } from '../../../../src/renderer/views/fs/inode-names.ts';

describe('the inode table names each inode', () => {
  it('by every path that leads to it: the root, a file, and both names of a hard link', () => {
    const r = runShellScript('mkdir /tmp/d; echo x > /tmp/d/a; ln /tmp/d/a /tmp/b; ls -i /tmp/d/a');
    const inum = Number(r.output.trim().split(/\s+/)[0]);
    const names = namesByInode(directoryTree(r.machine.state.fs));
    expect(names[0]).toEqual(['/']);
    expect(names[inum].sort()).toEqual(['/tmp/b', '/tmp/d/a']);
    expect(Object.values(names).flat()).toContain('/tmp/d');
  });
});
