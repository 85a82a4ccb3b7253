import { EINVAL, ENAMETOOLONG, ENOENT } from '../abi/errno.ts';
import { isBytes, padTo } from './bytes.ts';
import { beginTrace, bwrite } from './cache.ts';
import { dirLookup, dirRemove } from './dir.ts';
import { bmap, readInode, writeInode } from './inode.ts';
import { opCredits } from './layout.ts';
import { createAt, reclaim, runOp } from './ops-common.ts';
import { PATH_MAX, readLinkTarget, resolveNoFollow, resolveParent } from './path.ts';
import { checkDirWrite } from './perm.ts';
import type { FsState } from './types.ts';

/**
 * Symbolic links: an inode of type symlink whose data is a path. Creating one never looks
 * at the target (a link may dangle, or name itself); following happens in path lookup
 * (path.ts), which gives up with ELOOP after SYMLOOP_MAX links.
 */

/** symlink(2): `path` becomes a link holding `target`. The target and the link go in one transaction. */
export function fsSymlink(fs: FsState, cwd: string, target: string, path: string): number {
  if (typeof target !== 'string' || target.length === 0) return -ENOENT;
  if (target.length > PATH_MAX) return -ENAMETOOLONG;
  if (!isBytes(target) || target.includes('\0')) return -EINVAL;
  return runOp(fs, `symlink ${target} ${path}`, opCredits(fs.layout) + Math.ceil(PATH_MAX / fs.layout.blockSize), 0, () => {
    const parent = resolveParent(fs, cwd, path);
    if (typeof parent === 'number') return parent;
    const denied = checkDirWrite(parent);
    if (denied < 0 && parent.name !== null && dirLookup(fs, parent.dirInode, parent.name) < 0) return denied;
    const inum = createAt(fs, parent, 'symlink');
    if (inum < 0) return inum;
    const ino = readInode(fs, inum);
    const bs = fs.layout.blockSize;
    for (let pos = 0; pos < target.length; pos += bs) {
      const b = bmap(fs, ino, pos / bs, true, true);
      if (b < 0) {
        // The disk filled up part-way: take the half-made link back out.
        dirRemove(fs, parent.dirInode, parent.name as string);
        writeInode(fs, parent.dir, parent.dirInode);
        reclaim(fs, inum, ino);
        return b;
      }
      bwrite(fs, b, padTo(target.slice(pos, pos + bs), bs), true);
    }
    ino.size = target.length;
    writeInode(fs, inum, ino);
    return 0;
  });
}

/** readlink(2): the target a link holds; EINVAL when the path is not a link. */
export function fsReadlink(fs: FsState, cwd: string, path: string): string | number {
  beginTrace(fs, `readlink ${path}`);
  const inum = resolveNoFollow(fs, cwd, path);
  if (inum < 0) return inum;
  const ino = readInode(fs, inum);
  if (ino.type !== 'symlink') return -EINVAL;
  return readLinkTarget(fs, ino);
}

/** The inode a path names without following a link in its last name (for lstat). */
export function fsLookupNoFollow(fs: FsState, cwd: string, path: string): number {
  beginTrace(fs, `lookup ${path}`);
  return resolveNoFollow(fs, cwd, path);
}
