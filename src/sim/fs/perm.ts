import { EACCES } from '../abi/errno.ts';
import { R_OK, W_OK, X_OK } from '../abi/fs.ts';
import { PERM_MASK } from './inode.ts';
import type { ParentRef } from './path.ts';
import type { Inode } from './types.ts';

/**
 * Permission bits, checked the way Unix checks them for a file's owner. Every file here
 * belongs to the one user there is, and that user is not root: the owner's three bits
 * (mode >> 6) decide every access and nothing bypasses them. Since chmod needs only
 * ownership, a user can always give a permission back. New files get 0666 and new
 * directories 0777, less the umask.
 */

/** The file-creation mask every process has (there is no umask(2) to change it). */
export const UMASK = 0o022;

export { R_OK, W_OK, X_OK };

/** 0 when the owner's bits allow every access in `want` (R_OK | W_OK | X_OK), else -EACCES. */
export function checkAccess(ino: Inode, want: number): number {
  return ((ino.mode >> 6) & want) === want ? 0 : -EACCES;
}

/** The permission bits a file created with `mode` gets. */
export function createMode(mode: number): number {
  return mode & PERM_MASK & ~UMASK;
}

/** Adding or removing a name in a directory needs its w and x bits. */
export function checkDirWrite(parent: ParentRef): number {
  return checkAccess(parent.dirInode, W_OK | X_OK);
}
