import { describe, expect, it } from 'vitest';
import { out, run, runAll } from './harness.ts';

describe('ls', () => {
  const setup = { files: { b: '', a: 'xyz', '.hidden': '', 'd/inner': '' }, dirs: ['d'] };

  it('lists names sorted, one a line when not on a terminal, dot files only with -a or -A', () => {
    expect(out(['ls'], setup)).toBe('a\nb\nd\n');
    expect(out(['ls', '-a'], setup)).toBe('.\n..\n.hidden\na\nb\nd\n');
    expect(out(['ls', '-A'], setup)).toBe('.hidden\na\nb\nd\n');
    expect(out(['ls', '-r'], setup)).toBe('d\nb\na\n');
    expect(out(['ls', '-F'], setup)).toBe('a\nb\nd/\n');
    expect(out(['ls', '-S', 'a', 'b'], setup)).toBe('a\nb\n');
  });

  it('lists files first, then each directory under a header', () => {
    expect(out(['ls', 'd', 'a'], setup)).toBe('a\n\nd:\ninner\n');
    expect(out(['ls', '-d', 'd'], setup)).toBe('d\n');
    expect(out(['ls', '-R'], setup)).toBe('.:\na\nb\nd\n\n./d:\ninner\n');
    expect(out(['ls', '/'])).toBe('bin\ndev\nhome\ntmp\nw\n');
  });

  it('-l shows type, links, size and the modification tick; -i the inode numbers', () => {
    const lines = out(['ls', '-l'], setup).split('\n');
    expect(lines[0]).toMatch(/^total \d+$/);
    expect(lines[1]).toMatch(/^-rw-r--r-- 1 +3 +\d+ a$/);
    expect(lines[3]).toMatch(/^drwxr-xr-x 2 +\d+ +\d+ d$/);
    expect(out(['ls', '-l', '/dev/null'])).toMatch(/^crw-rw-rw- 1 0 \d+ \/dev\/null\n$/);
    const [, listing] = runAll([['ln', 'a', 'c'], ['ls', '-i', 'a', 'b', 'c']], setup);
    const ino = Object.fromEntries(listing.out.trim().split('\n').map((l) => l.trim().split(/\s+/).reverse()));
    expect(ino.a).toBe(ino.c);
    expect(ino.a).not.toBe(ino.b);
  });

  it('reports a name that does not exist with status 2, and lists the rest', () => {
    expect(run(['ls', 'nosuch', 'a'], setup)).toEqual({ out: 'a\n', err: "ls: cannot access 'nosuch': No such file or directory\n", status: 2 });
    expect(run(['ls', '-Z']).status).toBe(2);
  });
});

describe('mkdir and rmdir', () => {
  it('make directories, with their parents under -p', () => {
    const [r, , listing] = runAll([['mkdir', 'a', 'b'], ['mkdir', '-p', 'x/y/z'], ['ls', '-R']]);
    expect(r).toEqual({ out: '', err: '', status: 0 });
    expect(listing.out).toBe('.:\na\nb\nx\n\n./a:\n\n./b:\n\n./x:\ny\n\n./x/y:\nz\n\n./x/y/z:\n');
    expect(out(['mkdir', '-pv', 'p/q'])).toBe("mkdir: created directory 'p'\nmkdir: created directory 'p/q'\n");
  });

  it('report what exists, what is missing, and what is not a directory', () => {
    expect(run(['mkdir', 'a'], { dirs: ['a'] }).err).toBe("mkdir: cannot create directory 'a': File exists\n");
    expect(run(['mkdir', '-p', 'a'], { dirs: ['a'] })).toEqual({ out: '', err: '', status: 0 });
    expect(run(['mkdir', 'x/y']).err).toBe("mkdir: cannot create directory 'x/y': No such file or directory\n");
    expect(run(['mkdir', '-p', 'f/x'], { files: { f: '' } }).err).toBe("mkdir: cannot create directory 'f': Not a directory\n");
    expect(run(['mkdir'])).toEqual({ out: '', err: "mkdir: missing operand\nTry 'mkdir --help' for more information.\n", status: 1 });
  });

  it('rmdir removes only empty directories, and parents with -p', () => {
    expect(run(['rmdir', 'a'], { dirs: ['a'], files: { 'a/x': '' } }).err).toBe("rmdir: failed to remove 'a': Directory not empty\n");
    expect(run(['rmdir', 'f'], { files: { f: '' } }).err).toBe("rmdir: failed to remove 'f': Not a directory\n");
    const [r, listing] = runAll([['rmdir', '-p', 'a/b'], ['ls']], { dirs: ['a', 'a/b'] });
    expect(r.status).toBe(0);
    expect(listing.out).toBe('');
  });
});

describe('rm', () => {
  it('removes files, and trees with -r', () => {
    const [r, rr, listing] = runAll([['rm', 'f'], ['rm', '-rv', 'd'], ['ls']], { dirs: ['d', 'd/e'], files: { f: '', 'd/e/g': '' } });
    expect(r.status).toBe(0);
    expect(rr.out).toBe("removed 'd/e/g'\nremoved directory 'd/e'\nremoved directory 'd'\n");
    expect(listing.out).toBe('');
  });

  it('refuses directories without -r, and is quiet about missing files with -f', () => {
    expect(run(['rm', 'd'], { dirs: ['d'] })).toEqual({ out: '', err: "rm: cannot remove 'd': Is a directory\n", status: 1 });
    expect(run(['rm', 'nosuch']).err).toBe("rm: cannot remove 'nosuch': No such file or directory\n");
    expect(run(['rm', '-f', 'nosuch'])).toEqual({ out: '', err: '', status: 0 });
    expect(run(['rm', '-f']).status).toBe(0);
    expect(run(['rm']).err).toBe("rm: missing operand\nTry 'rm --help' for more information.\n");
    expect(run(['rm', '-r', '.']).err).toBe("rm: refusing to remove '.' or '..' directory: skipping '.'\n");
    expect(run(['rm', '-d', 'd'], { dirs: ['d'] }).status).toBe(0);
  });
});

describe('touch', () => {
  it('creates files, and moves the modification time of one that exists', () => {
    const [made, before, , , after] = runAll([['touch', 'a'], ['stat', '-c', '%s %Y', 'a'], ['sleep', '7'], ['touch', 'a', 'b'], ['stat', '-c', '%s %Y', 'a']]);
    expect(made).toEqual({ out: '', err: '', status: 0 });
    const [size, t0] = before.out.trim().split(' ').map(Number);
    const [, t1] = after.out.trim().split(' ').map(Number);
    expect(size).toBe(0);
    expect(t1).toBeGreaterThanOrEqual(t0 + 7);
  });

  it('reports a path it cannot create, and creates nothing with -c', () => {
    expect(run(['touch', 'x/y']).err).toBe("touch: cannot touch 'x/y': No such file or directory\n");
    expect(runAll([['touch', '-c', 'n'], ['ls']])[1].out).toBe('');
    expect(run(['touch']).err).toBe("touch: missing file operand\nTry 'touch --help' for more information.\n");
  });
});

describe('cp, mv and ln', () => {
  it('cp copies bytes into a new inode, into a directory, and trees with -r', () => {
    const [, , same, tree] = runAll([['cp', 'a', 'b'], ['cp', 'a', 'd'], ['sh', '-c', 'cat b d/a; ls -i a b | cut -d " " -f 1 | uniq | wc -l'], ['sh', '-c', 'cp -r d e && ls e']], {
      files: { a: 'hello\n' },
      dirs: ['d'],
    });
    expect(same.out).toBe('hello\nhello\n2\n');
    expect(tree.out).toBe('a\n');
  });

  it('cp explains what it will not do', () => {
    expect(run(['cp', 'nosuch', 'b']).err).toBe("cp: cannot stat 'nosuch': No such file or directory\n");
    expect(run(['cp', 'd', 'e'], { dirs: ['d'] }).err).toBe("cp: -r not specified; omitting directory 'd'\n");
    expect(run(['cp', 'a', 'a'], { files: { a: '' } }).err).toBe("cp: 'a' and 'a' are the same file\n");
    expect(run(['cp', '-r', 'd', 'd/sub'], { dirs: ['d', 'd/sub'] }).err).toBe("cp: cannot copy a directory, 'd', into itself, 'd/sub/d'\n");
    expect(run(['cp', 'a'], { files: { a: '' } }).err).toBe("cp: missing destination file operand after 'a'\nTry 'cp --help' for more information.\n");
    expect(run(['cp', 'a', 'b', 'c'], { files: { a: '', b: '' } }).err).toBe("cp: target 'c': No such file or directory\n");
  });

  it('mv renames without copying: the inode number stays', () => {
    const [before, , after] = runAll([['stat', '-c', '%i', 'a'], ['mv', 'a', 'd'], ['stat', '-c', '%i', 'd/a']], { files: { a: 'x' }, dirs: ['d'] });
    expect(after.out).toBe(before.out);
    expect(run(['mv', 'nosuch', 'b']).err).toBe("mv: cannot stat 'nosuch': No such file or directory\n");
    expect(run(['mv', 'd', 'd/e'], { dirs: ['d', 'd/e'] }).err).toBe("mv: cannot move 'd' to a subdirectory of itself, 'd/e/d'\n");
    expect(run(['mv', 'a', 'x/y'], { files: { a: '' } }).err).toBe("mv: cannot move 'a' to 'x/y': No such file or directory\n");
  });

  it('ln adds a name for the same inode and counts the links', () => {
    const [, links, , data] = runAll([['ln', 'a', 'b'], ['stat', '-c', '%h', 'a'], ['rm', 'a'], ['cat', 'b']], { files: { a: 'kept\n' } });
    expect(links.out).toBe('2\n');
    expect(data.out).toBe('kept\n');
  });

  it('ln refuses existing names and directories', () => {
    expect(run(['ln', 'a', 'b'], { files: { a: '', b: '' } }).err).toBe("ln: failed to create hard link 'b': File exists\n");
    expect(run(['ln', '-f', 'a', 'b'], { files: { a: '', b: '' } }).status).toBe(0);
    expect(run(['ln', 'nosuch', 'b']).err).toBe("ln: failed to access 'nosuch': No such file or directory\n");
    expect(run(['ln', 'd', 'e'], { dirs: ['d'] }).err).toBe('ln: d: hard link not allowed for directory\n');
    expect(run(['ln', '-s', 'a', 'b'], { files: { a: '', b: '' } })).toEqual({
      out: '',
      err: "ln: failed to create symbolic link 'b': File exists\n",
      status: 1,
    });
  });

  it('ln -s makes a link holding its target as text, which ls -l, stat and readlink show', () => {
    const [, long, st, rl, cat] = runAll(
      [['ln', '-s', 'a', 'b'], ['ls', '-l', 'b'], ['stat', '-c', '%F %s %N', 'b'], ['readlink', 'b'], ['cat', 'b']],
      { files: { a: 'through\n' } },
    );
    expect(long.out).toMatch(/^lrwxrwxrwx 1 1 \d+ b -> a\n$/);
    expect(st.out).toBe("symbolic link 1 'b' -> 'a'\n");
    expect(rl.out).toBe('a\n');
    expect(cat.out).toBe('through\n');
  });
});

describe('stat, df, sync and fsck', () => {
  it('stat prints the inode\'s fields, or a format', () => {
    expect(out(['stat', '-c', '%n %s %F %h', 'a', 'd', 'e'], { files: { a: 'xyz', e: '' }, dirs: ['d'] })).toMatch(
      /^a 3 regular file 1\nd \d+ directory 2\ne 0 regular empty file 1\n$/,
    );
    const full = out(['stat', 'a'], { files: { a: 'xyz' } });
    expect(full).toMatch(/^ {2}File: a\n {2}Size: 3 +\tBlocks: 1 +IO Block: \d+ +regular file\nInode: \d+ +Links: 1\n/);
    expect(full).toMatch(/\nModify: tick \d+\n/);
    expect(run(['stat', 'nosuch'])).toEqual({ out: '', err: "stat: cannot statx 'nosuch': No such file or directory\n", status: 1 });
  });

  it('df counts blocks and inodes from statfs', () => {
    const [blocks, before, , after] = runAll([['df'], ['df', '-i'], ['touch', 'x'], ['df', '-i']]);
    expect(blocks.out).toMatch(/^Filesystem 1K-blocks Used Available Use% Mounted on\nrootfs +\d+ +\d+ +\d+ +\d+% \/\n$/);
    const used = (s: string) => Number(s.split('\n')[1].trim().split(/\s+/)[2]);
    expect(used(after.out)).toBe(used(before.out) + 1);
    expect(run(['df', 'nosuch']).err).toBe('df: nosuch: No such file or directory\n');
  });

  it('sync succeeds, and fsck finds a fresh file system clean', () => {
    expect(run(['sync'])).toEqual({ out: '', err: '', status: 0 });
    expect(run(['fsck'])).toEqual({
      out: 'fsck: checking / (read-only: nothing will be changed)\n  blocks 64-194 are the swap partition and the partition table, past the file system: not checked\nfsck: clean\n',
      err: '',
      status: 0,
    });
    expect(run(['fsck', '/dev/x']).status).toBe(16);
  });
});
