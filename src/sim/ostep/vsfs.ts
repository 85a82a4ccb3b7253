import { errnoName } from '../abi/errno.ts';
import { fsClose, fsLink, fsMkdir, fsOpen, fsStat, fsUnlink, fsWrite, mkfs } from '../fs/index.ts';
import type { FsState } from '../fs/types.ts';
import { type VsfsImage, vsfsDisk, vsfsImage } from '../fs/vsfs-image.ts';

/**
 * OSTEP's vsfs.py, answered by running the operations on our own file system set to
 * vsfs's geometry and rules (vsfsDisk), and printing it the way vsfs does (vsfsImage).
 */

type VsfsOp =
  | { op: 'mkdir' | 'creat' | 'unlink'; path: string }
  | { op: 'link'; target: string; path: string }
  | { op: 'write'; path: string; data: string };

interface VsfsInput {
  numInodes: number;
  numData: number;
  ops: VsfsOp[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPath = (p: unknown): p is string => typeof p === 'string' && p.startsWith('/');

function parseInput(input: unknown): VsfsInput | { error: string } {
  if (!isObj(input)) return { error: 'input must be an object' };
  const { numInodes, numData, ops } = input;
  if (!Number.isInteger(numInodes) || (numInodes as number) < 1) return { error: 'numInodes must be a positive integer' };
  if (!Number.isInteger(numData) || (numData as number) < 1) return { error: 'numData must be a positive integer' };
  if (!Array.isArray(ops)) return { error: 'ops must be an array' };
  for (const [i, op] of ops.entries()) {
    const ok =
      isObj(op) &&
      isPath(op.path) &&
      (((op.op === 'mkdir' || op.op === 'creat' || op.op === 'unlink') && true) ||
        (op.op === 'link' && isPath(op.target)) ||
        (op.op === 'write' && typeof op.data === 'string'));
    if (!ok) return { error: `ops[${i}] is not a vsfs operation` };
  }
  return { numInodes: numInodes as number, numData: numData as number, ops: ops as VsfsOp[] };
}

function apply(fs: FsState, op: VsfsOp): number {
  switch (op.op) {
    case 'mkdir':
      return fsMkdir(fs, '/', op.path);
    case 'creat': {
      const inum = fsOpen(fs, '/', op.path, { write: true, create: true });
      return inum < 0 ? inum : fsClose(fs, inum);
    }
    case 'unlink':
      return fsUnlink(fs, '/', op.path);
    case 'link':
      return fsLink(fs, '/', op.target, op.path);
    case 'write': {
      const inum = fsOpen(fs, '/', op.path, { write: true });
      if (inum < 0) return inum;
      const st = fsStat(fs, inum);
      const n = typeof st === 'number' ? st : fsWrite(fs, inum, st.size, op.data);
      fsClose(fs, inum);
      return Math.min(n, 0);
    }
  }
}

/** A fresh file system with vsfs's geometry, or why it cannot be made. */
function freshFs(p: VsfsInput): FsState | { error: string } {
  const disk = vsfsDisk(p.numInodes, p.numData);
  return mkfs(disk.geometry, disk.options);
}

/** The image after each op, made as it is read: valid only for a run that has been checked. */
function* statesOf(fs: FsState, ops: VsfsOp[]): Generator<VsfsImage> {
  for (const op of ops) {
    apply(fs, op);
    yield vsfsImage(fs);
  }
}

/**
 * The states are lazy (answer.ts): each is a whole image of the disk, so the answer grows
 * with ops times disk size. A first pass runs the ops without imaging, to return a
 * failing op as the whole answer and to know the final files and directories.
 */
export function solveVsfs(input: unknown): unknown {
  const parsed = parseInput(input);
  if ('error' in parsed) return parsed;
  const check = freshFs(parsed);
  if ('error' in check) return check;
  const files: string[] = [];
  const dirs: string[] = ['/'];
  for (const [i, op] of parsed.ops.entries()) {
    const r = apply(check, op);
    if (r < 0) return { error: `ops[${i}] ${op.op} ${op.path} failed with ${errnoName(r)}` };
    if (op.op === 'mkdir') dirs.push(op.path);
    else if (op.op === 'creat' || op.op === 'link') files.push(op.path);
    else if (op.op === 'unlink') files.splice(files.indexOf(op.path), 1);
  }
  const fs = freshFs(parsed) as FsState;
  return { initial: vsfsImage(fs), states: statesOf(fs, parsed.ops), files, dirs };
}
