import { nextInt, type RngState } from '../base/rng.ts';
import { zeros } from './bytes.ts';
import type { DeviceState } from './types.ts';

/**
 * A block device: numbered blocks of a fixed size, read and written whole. Writes complete
 * in the order they are issued, so a crash loses a suffix of them: the write numbered
 * `crashAt` and everything after it never reach the platter. That is the crash model the
 * journal is built for and the crash tests exercise.
 */

export function createDevice(blockSize: number, blockCount: number): DeviceState {
  return { blockSize, blockCount, blocks: {}, reads: 0, writes: 0, crashAt: null, crashed: false };
}

export function devRead(dev: DeviceState, block: number): string {
  dev.reads++;
  return dev.blocks[block] ?? zeros(dev.blockSize);
}

/** Writes one block; returns false when the write was lost to a crash. */
export function devWrite(dev: DeviceState, block: number, data: string): boolean {
  const n = dev.writes++;
  if (dev.crashAt !== null && n >= dev.crashAt) dev.crashed = true;
  if (dev.crashed) return false;
  if (data === zeros(dev.blockSize)) delete dev.blocks[block];
  else dev.blocks[block] = data;
  return true;
}

/** Arms a crash at the given write number (counting every write since the device was made). */
export function crashAtWrite(dev: DeviceState, write: number): void {
  dev.crashAt = write;
}

/** Arms a crash at one of the next `window` writes, chosen with the seeded generator. */
export function crashAtRandom(dev: DeviceState, rng: RngState, window: number): number {
  const at = dev.writes + nextInt(rng, Math.max(1, Math.floor(window)));
  crashAtWrite(dev, at);
  return at;
}

/** The disk as it stands after a crash (or at any time): a copy with no crash armed, ready to mount. */
export function surviving(dev: DeviceState): DeviceState {
  return { ...dev, blocks: { ...dev.blocks }, crashAt: null, crashed: false };
}
