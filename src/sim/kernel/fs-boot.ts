import { DEV_NULL, DEV_TTY } from '../abi/fs.ts';
import { decodeImage } from '../fs/image.ts';
import { DEFAULT_GEOMETRY, fsClose, fsMkdir, fsMknod, fsOpen, fsStatfs, fsSync, fsWrite, mkfs, mountFs } from '../fs/index.ts';
import type { DiskConfig, FsState } from '../fs/types.ts';

/**
 * The disk at boot: the configured image when there is one and it mounts, otherwise a
 * fresh file system with the usual top-level directories and the two device nodes the
 * shell needs (/dev/null for discarded output, /dev/tty for the terminal), and /bin holding
 * one small file per installed program, whose content names it, so `ls /bin` lists what
 * the shell can run. Programs live in the kernel, not on the disk: the file is the name a
 * user finds, not code that exec loads.
 */

const TOP_DIRS = ['/tmp', '/home', '/dev', '/bin'];

export function createDisk(cfg: DiskConfig | undefined, programs: readonly string[] = []): { fs: FsState; problem: string | null } {
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
  installPrograms(fs, programs);
  fsSync(fs);
  return { fs, problem };
}

/**
 * Fills /bin when the programs take at most half of the free inodes and data blocks (one
 * of each per program). The teaching scenarios' small disks (32 inodes) would be filled by
 * them and leave nothing for the lesson, so they keep /bin empty.
 */
function installPrograms(fs: FsState, programs: readonly string[]): void {
  const free = fsStatfs(fs);
  if (programs.length === 0 || programs.length * 2 > Math.min(free.freeInodes, free.freeBlocks)) return;
  for (const name of [...programs].sort()) {
    // Executable, as a program's file is: rwxr-xr-x.
    const inum = fsOpen(fs, '/', `/bin/${name}`, { write: true, create: true, truncate: true, mode: 0o777 });
    if (inum < 0) return;
    fsWrite(fs, inum, 0, `${name}: a program built into the kernel; type its name to run it\n`);
    fsClose(fs, inum);
  }
}
