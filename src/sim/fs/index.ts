/**
 * The file system's public face: mkfs and mount, the operations, recovery, fsck, images
 * and the view selectors. The kernel, the OSTEP solvers and the tests import from here.
 */
export * from './types.ts';
export { withTrace } from './cache.ts';
export { crashAtRandom, crashAtWrite, createDevice, surviving } from './device.ts';
export { DEFAULT_GEOMETRY, mkfs } from './mkfs.ts';
export { crashAndRemount, DEFAULT_FS_OPTIONS, mountFs } from './mount.ts';
export { NAME_MAX, ROOT_INUM, computeLayout, regionOf } from './layout.ts';
export { fsAccess, fsChmod, fsClose, fsCreate, fsPermission, fsLookup, fsMknod, fsOpen, fsRead, fsStat, fsTruncate, fsWrite, SEEK_CUR, SEEK_END, SEEK_SET, seekTarget } from './file-ops.ts';
export { fsLink, fsMkdir, fsReaddir, fsRename, fsRmdir, fsStatfs, fsSync, fsUnlink } from './dir-ops.ts';
export { normalizePath } from './path.ts';
export { fsLookupNoFollow, fsReadlink, fsSymlink } from './symlink-ops.ts';
export { SYMLOOP_MAX } from './path.ts';
export { UMASK } from './perm.ts';
