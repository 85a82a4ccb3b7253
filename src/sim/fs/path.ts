import { EACCES, EINVAL, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR } from '../abi/errno.ts';
import { zeros } from './bytes.ts';
import { bread } from './cache.ts';
import { dirLookup } from './dir.ts';
import { bmap, readInode } from './inode.ts';
import { checkAccess, X_OK } from './perm.ts';
import { NAME_MAX, ROOT_INUM } from './layout.ts';
import type { FsState, Inode } from './types.ts';

/**
 * Path resolution (namei). A relative path is taken from the caller's working directory,
 * given as an absolute path. "." and ".." are real directory entries, so ".." is
 * resolved by reading it, just as the kernel would.
 */

export const PATH_MAX = 1024;

export interface ParsedPath {
  absolute: boolean;
  parts: string[];
  /** A trailing "/" asks for a directory. */
  wantDir: boolean;
}

/** Splits a path into names, or a negative errno for an empty, too long or malformed path. */
export function parsePath(path: string): ParsedPath | number {
  if (typeof path !== 'string' || path.length === 0) return -ENOENT;
  if (path.length > PATH_MAX) return -ENAMETOOLONG;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '') continue;
    if (part.length > NAME_MAX) return -ENAMETOOLONG;
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i);
      if (c === 0 || c > 0xff) return -EINVAL;
    }
    parts.push(part);
  }
  return { absolute: path.startsWith('/'), parts, wantDir: path.endsWith('/') && parts.length > 0 };
}

/** The names of a path joined onto the working directory (cwd is absolute). */
function fullParts(cwd: string, p: ParsedPath): string[] | number {
  if (p.absolute) return p.parts;
  const base = parsePath(cwd.startsWith('/') ? cwd : `/${cwd}`);
  if (typeof base === 'number') return base;
  return [...base.parts, ...p.parts];
}

/** Symbolic links followed in one lookup before it fails with ELOOP (Linux's limit). */
export const SYMLOOP_MAX = 40;

/** The target a symbolic link's inode holds (its data, `size` bytes). */
export function readLinkTarget(fs: FsState, ino: Inode): string {
  const bs = fs.layout.blockSize;
  let out = '';
  for (let pos = 0; pos < ino.size; pos += bs) {
    const b = bmap(fs, ino, pos / bs, false, true);
    out += b > 0 ? bread(fs, b).slice(0, Math.min(bs, ino.size - pos)) : zeros(Math.min(bs, ino.size - pos));
  }
  return out;
}

/** Where a lookup ended: the directory holding the last name, that name, and its inode (or -ENOENT when only the last name is missing). */
export interface Lookup {
  dir: number;
  name: string | null;
  inum: number;
}

/**
 * namei: walks `parts` from the root, following symbolic links met on the way (and the
 * last name's too when `followLast`). A link's target is read from its inode; an absolute
 * one restarts at the root, a relative one is taken from the directory holding the link,
 * and its names are walked before the rest of the path. More than SYMLOOP_MAX links in one
 * lookup is a loop (ELOOP), as it is on Linux.
 */
function walk(fs: FsState, parts: string[], followLast: boolean): Lookup | number {
  const pending = [...parts].reverse();
  let cur = ROOT_INUM;
  // The inode of `cur`, carried from the step that found it: each name's inode is read
  // once, to see whether it is a link, and is then the directory the next name is looked
  // up in.
  let curIno = readInode(fs, cur);
  let atDir = ROOT_INUM;
  let atName: string | null = null;
  let follows = 0;
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (curIno.type !== 'dir') return -ENOTDIR;
    // Looking a name up in a directory is searching it: its x bit must be set.
    if (checkAccess(curIno, X_OK) < 0) return -EACCES;
    const next = dirLookup(fs, curIno, name);
    const last = pending.length === 0;
    if (next < 0) return last ? { dir: cur, name, inum: next } : next;
    const nextIno = readInode(fs, next);
    if (nextIno.type === 'symlink' && (!last || followLast)) {
      if (++follows > SYMLOOP_MAX) return -ELOOP;
      const target = parsePath(readLinkTarget(fs, nextIno));
      if (typeof target === 'number') return target;
      for (let i = target.parts.length - 1; i >= 0; i--) pending.push(target.parts[i]);
      if (target.absolute) {
        cur = ROOT_INUM;
        curIno = readInode(fs, cur);
        atDir = ROOT_INUM;
        atName = null;
      }
      continue;
    }
    atDir = cur;
    atName = name;
    cur = next;
    curIno = nextIno;
  }
  return { dir: atDir, name: atName, inum: cur };
}

/** Looks a path up: where it ends, with the last name followed if it is a link and `followLast` (or the path ends in "/"). */
export function lookupPath(fs: FsState, cwd: string, path: string, followLast: boolean): (Lookup & { wantDir: boolean }) | number {
  const p = parsePath(path);
  if (typeof p === 'number') return p;
  const parts = fullParts(cwd, p);
  if (typeof parts === 'number') return parts;
  const at = walk(fs, parts, followLast || p.wantDir);
  return typeof at === 'number' ? at : { dir: at.dir, name: at.name, inum: at.inum, wantDir: p.wantDir };
}

/** The inode a path names, following every link, or a negative errno (ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG). */
export function resolve(fs: FsState, cwd: string, path: string): number {
  return resolveAs(fs, cwd, path, true);
}

/** The inode a path names; a link as the last name is not followed (lstat, readlink). */
export function resolveNoFollow(fs: FsState, cwd: string, path: string): number {
  return resolveAs(fs, cwd, path, false);
}

function resolveAs(fs: FsState, cwd: string, path: string, followLast: boolean): number {
  const at = lookupPath(fs, cwd, path, followLast);
  if (typeof at === 'number') return at;
  if (at.inum >= 0 && at.wantDir && readInode(fs, at.inum).type !== 'dir') return -ENOTDIR;
  return at.inum;
}

export interface ParentRef {
  dir: number;
  dirInode: Inode;
  /** The last name, or null when the path is the root itself. */
  name: string | null;
  wantDir: boolean;
}

/**
 * The directory that holds a path's last name, and that name. The last name is not
 * followed unless `followLast` (open with O_CREAT through a dangling link creates the
 * file the link names, as on Linux).
 */
export function resolveParent(fs: FsState, cwd: string, path: string, followLast = false): ParentRef | number {
  const at = lookupPath(fs, cwd, path, followLast);
  if (typeof at === 'number') return at;
  if (at.name === null) return { dir: ROOT_INUM, dirInode: readInode(fs, ROOT_INUM), name: null, wantDir: true };
  const dirInode = readInode(fs, at.dir);
  if (dirInode.type !== 'dir') return -ENOTDIR;
  return { dir: at.dir, dirInode, name: at.name, wantDir: at.wantDir };
}

/** The canonical absolute form of a path (for chdir): "." and ".." folded by name. */
export function normalizePath(cwd: string, path: string): string | number {
  const p = parsePath(path);
  if (typeof p === 'number') return p;
  const parts = fullParts(cwd, p);
  if (typeof parts === 'number') return parts;
  const out: string[] = [];
  for (const name of parts) {
    if (name === '.') continue;
    if (name === '..') out.pop();
    else out.push(name);
  }
  return `/${out.join('/')}`;
}
