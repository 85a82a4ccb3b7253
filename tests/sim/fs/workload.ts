import fc from 'fast-check';
import {
  fsClose,
  fsLink,
  fsLookup,
  fsMkdir,
  fsOpen,
  fsRead,
  fsReaddir,
  fsRename,
  fsRmdir,
  fsStat,
  fsSymlink,
  fsSync,
  fsTruncate,
  fsUnlink,
  fsWrite,
  type FsState,
} from '../../../src/sim/fs/index.ts';

/** File-system workloads as data, for the property and crash tests. */
export type WorkOp =
  | { op: 'mkdir' | 'rmdir' | 'unlink'; path: string }
  | { op: 'write'; path: string; offset: number; data: string }
  | { op: 'truncate'; path: string; size: number }
  | { op: 'link' | 'rename'; from: string; to: string }
  | { op: 'symlink'; target: string; path: string }
  | { op: 'sync' };

const DIRS = ['/', '/a', '/b', '/a/c'];
const NAMES = ['x', 'y', 'z', 'a', 'c'];

export const pathArb = fc
  .tuple(fc.constantFrom(...DIRS), fc.constantFrom(...NAMES))
  .map(([d, n]) => (d === '/' ? `/${n}` : `${d}/${n}`));

// Offset + length stays below 8 blocks of 512 bytes, so each write is a single transaction.
const dataArb = fc.tuple(fc.constantFrom('a', 'Z', '\0', 'é', 'q'), fc.integer({ min: 1, max: 1000 })).map(([c, n]) => c.repeat(n));

/** What a symbolic link may hold: an absolute path, a relative one, or a name that dangles. */
const targetArb = fc.oneof(pathArb, fc.constantFrom(...NAMES), fc.constantFrom('../x', '../a/c', 'nowhere', '/a/c/../x', '.'));

export const opArb: fc.Arbitrary<WorkOp> = fc.oneof(
  { weight: 2, arbitrary: pathArb.map((path) => ({ op: 'mkdir' as const, path })) },
  { weight: 1, arbitrary: pathArb.map((path) => ({ op: 'rmdir' as const, path })) },
  { weight: 2, arbitrary: pathArb.map((path) => ({ op: 'unlink' as const, path })) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('write' as const), path: pathArb, offset: fc.integer({ min: 0, max: 3000 }), data: dataArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), path: pathArb, size: fc.integer({ min: 0, max: 3000 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('link' as const), from: pathArb, to: pathArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('rename' as const), from: pathArb, to: pathArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('symlink' as const), target: targetArb, path: pathArb }) },
  { weight: 1, arbitrary: fc.constant({ op: 'sync' as const }) },
);

/**
 * Runs one operation the way a program would (write = open, create, write, close).
 * `step` is called after each file-system call, so a test can watch every transaction.
 */
export function applyOp(fs: FsState, o: WorkOp, step: () => void = () => {}): number {
  const r = applyCalls(fs, o, step);
  step();
  return r;
}

function applyCalls(fs: FsState, o: WorkOp, step: () => void): number {
  switch (o.op) {
    case 'mkdir':
      return fsMkdir(fs, '/', o.path);
    case 'rmdir':
      return fsRmdir(fs, '/', o.path);
    case 'unlink':
      return fsUnlink(fs, '/', o.path);
    case 'link':
      return fsLink(fs, '/', o.from, o.to);
    case 'symlink':
      return fsSymlink(fs, '/', o.target, o.path);
    case 'sync':
      return fsSync(fs);
    case 'rename':
      return fsRename(fs, '/', o.from, o.to);
    case 'truncate': {
      const inum = fsLookup(fs, '/', o.path);
      return inum < 0 ? inum : fsTruncate(fs, inum, o.size);
    }
    case 'write': {
      const inum = fsOpen(fs, '/', o.path, { write: true, create: true });
      if (inum < 0) return inum;
      step();
      const n = fsWrite(fs, inum, o.offset, o.data);
      step();
      fsClose(fs, inum);
      return n;
    }
  }
}

export interface NodeView {
  type: string;
  size: number;
  nlink: number;
  ino: number;
  content?: string;
}

/** Every path in the tree with what stat says (and file contents when asked). */
export function snapshot(fs: FsState, withContent: boolean): Record<string, NodeView> {
  const out: Record<string, NodeView> = {};
  const visit = (path: string, inum: number) => {
    const st = fsStat(fs, inum);
    if (typeof st === 'number') throw new Error(`stat ${path}: ${st}`);
    const node: NodeView = { type: st.type, size: st.size, nlink: st.nlink, ino: inum };
    if (withContent && st.type === 'file') node.content = fsRead(fs, inum, 0, st.size) as string;
    out[path] = node;
    if (st.type !== 'dir') return;
    const entries = fsReaddir(fs, inum);
    if (typeof entries === 'number') throw new Error(`readdir ${path}: ${entries}`);
    for (const e of entries) {
      if (e.name === '.' || e.name === '..') continue;
      visit(path === '/' ? `/${e.name}` : `${path}/${e.name}`, e.inum);
    }
  };
  visit('/', 0);
  return out;
}

const PRELUDE: WorkOp[] = [
  { op: 'mkdir', path: '/a' },
  { op: 'mkdir', path: '/b' },
  { op: 'mkdir', path: '/a/c' },
];

/** A workload: the usual directories, then random operations (many fail, as a user's would). */
export const workloadArb = (min = 15, max = 60): fc.Arbitrary<WorkOp[]> =>
  fc.array(opArb, { minLength: min, maxLength: max }).map((ops) => [...PRELUDE, ...ops]);
