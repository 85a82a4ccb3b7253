import { EINVAL, ENAMETOOLONG, ENOENT, ENOTDIR } from '../abi/errno.ts';
import { dirLookup } from './dir.ts';
import { readInode } from './inode.ts';
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

/** Walks `parts` from the root; returns the inode number or a negative errno. */
function walk(fs: FsState, parts: string[]): number {
  let inum = ROOT_INUM;
  for (const name of parts) {
    const ino = readInode(fs, inum);
    if (ino.type !== 'dir') return -ENOTDIR;
    const next = dirLookup(fs, ino, name);
    if (next < 0) return next;
    inum = next;
  }
  return inum;
}

/** The inode a path names, or a negative errno (ENOENT, ENOTDIR, ENAMETOOLONG). */
export function resolve(fs: FsState, cwd: string, path: string): number {
  const p = parsePath(path);
  if (typeof p === 'number') return p;
  const parts = fullParts(cwd, p);
  if (typeof parts === 'number') return parts;
  const inum = walk(fs, parts);
  if (inum >= 0 && p.wantDir && readInode(fs, inum).type !== 'dir') return -ENOTDIR;
  return inum;
}

export interface ParentRef {
  dir: number;
  dirInode: Inode;
  /** The last name, or null when the path is the root itself. */
  name: string | null;
  wantDir: boolean;
}

/** The directory that holds a path's last name, and that name. */
export function resolveParent(fs: FsState, cwd: string, path: string): ParentRef | number {
  const p = parsePath(path);
  if (typeof p === 'number') return p;
  const parts = fullParts(cwd, p);
  if (typeof parts === 'number') return parts;
  if (parts.length === 0) return { dir: ROOT_INUM, dirInode: readInode(fs, ROOT_INUM), name: null, wantDir: true };
  const dir = walk(fs, parts.slice(0, -1));
  if (dir < 0) return dir;
  const dirInode = readInode(fs, dir);
  if (dirInode.type !== 'dir') return -ENOTDIR;
  return { dir, dirInode, name: parts[parts.length - 1], wantDir: p.wantDir };
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
