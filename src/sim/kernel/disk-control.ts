import { EINVAL } from '../abi/errno.ts';
import { type FsckReport, fsck } from '../fs/fsck.ts';
import { crashAndRemount, crashAtRandom, crashAtWrite } from '../fs/index.ts';
import type { FsState } from '../fs/types.ts';
import type { KernelState } from './state.ts';

/**
 * What the machine's owner can do to its disk from outside, as the file-system lab needs:
 * arm a crash at a chosen block write (or a random one), pull the plug and reboot, and
 * run fsck. These arrive as inputs, so they are logged with their tick and replayed.
 */
export type DiskAction =
  /** Let `afterWrites` more block writes reach the disk, then lose every later one. */
  | { action: 'arm-crash'; afterWrites: number }
  /** The same at a seeded random write among the next `within`. */
  | { action: 'arm-random-crash'; within: number }
  | { action: 'disarm' }
  /** Power off and on: processes and the cache are gone; the disk keeps what reached it. */
  | { action: 'power-cycle' }
  | { action: 'fsck'; repair: boolean };

/** The outcome of the last fsck run from outside, for the views. */
export interface FsckRun {
  tick: number;
  repair: boolean;
  /** What the run found (and, when repairing, fixed). */
  report: FsckReport;
  /** After a repair, a fresh check of the repaired disk: what the disk is now, not what it was. */
  after: FsckReport | null;
}

/** Arms, disarms or runs fsck. Power cycling is the kernel's (it reboots everything). */
export function diskControl(s: KernelState, a: Exclude<DiskAction, { action: 'power-cycle' }>): number {
  const dev = s.fs.dev;
  switch (a.action) {
    case 'arm-crash':
      if (!Number.isInteger(a.afterWrites) || a.afterWrites < 0) return -EINVAL;
      crashAtWrite(dev, dev.writes + a.afterWrites);
      return 0;
    case 'arm-random-crash':
      if (!Number.isInteger(a.within) || a.within < 1) return -EINVAL;
      crashAtRandom(dev, s.rng, a.within);
      return 0;
    case 'disarm':
      dev.crashAt = null;
      return 0;
    case 'fsck':
      s.fs.now = s.tick;
      {
        const report = fsck(s.fs, { repair: a.repair });
        s.lastFsck = { tick: s.tick, repair: a.repair, report, after: a.repair ? fsck(s.fs, { repair: false }) : null };
      }
      return 0;
  }
}

/** The disk as it is after the power comes back: mounted again, the journal replayed. */
export function disksAfterPowerLoss(fs: FsState): FsState | { error: string } {
  return crashAndRemount(fs);
}
