import { DEV_NULL, DEV_TTY } from '../abi/fs.ts';
import { decodeImage } from '../fs/image.ts';
import { DEFAULT_GEOMETRY, fsMkdir, fsMknod, fsSync, mkfs, mountFs } from '../fs/index.ts';
import type { DiskConfig, FsState } from '../fs/types.ts';

/**
 * The disk at boot: the configured image when there is one and it mounts, otherwise a
 * fresh file system with the usual top-level directories and the two device nodes the
 * shell needs (/dev/null for discarded output, /dev/tty for the terminal).
 */

const TOP_DIRS = ['/tmp', '/home', '/dev', '/bin'];

export function createDisk(cfg: DiskConfig | undefined): { fs: FsState; problem: string | null } {
  let problem: string | null = null;
  if (cfg?.image !== undefined) {
    const decoded = decodeImage(cfg.image);
    const mounted = 'device' in decoded ? mountFs(decoded.device, cfg.options) : decoded;
    if (!('error' in mounted)) return { fs: mounted, problem: null };
    problem = `the disk image could not be used (${mounted.error}); booted from a fresh disk`;
  }
  let fs = mkfs(cfg?.geometry, cfg?.options);
  if ('error' in fs) {
    problem = `the disk geometry is invalid (${fs.error}); booted from the default disk`;
    fs = mkfs(DEFAULT_GEOMETRY, cfg?.options) as FsState;
  }
  for (const dir of TOP_DIRS) fsMkdir(fs, '/', dir);
  fsMknod(fs, '/', '/dev/null', DEV_NULL);
  fsMknod(fs, '/', '/dev/tty', DEV_TTY);
  fsSync(fs);
  return { fs, problem };
}
