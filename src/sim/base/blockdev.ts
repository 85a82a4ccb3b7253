/**
 * A block device as its users see it: numbered blocks of one size, read and written
 * whole. The pager's swap area is written against this interface, so whatever stands
 * between it and the platter (a partition of the simulated disk today; a disk scheduler
 * or a RAID array later) only has to offer the same two calls.
 */
export interface BlockDevice {
  readonly blockSize: number;
  readonly blockCount: number;
  /** The block's bytes, `blockSize` of them; a block never written reads as zeros. */
  read(block: number): string;
  write(block: number, data: string): void;
}

/** A device whose blocks live in a plain record (a RAM disk): what the pager uses on a machine without a disk. */
export function recordDevice(blocks: Record<number, string>, blockSize: number, blockCount: number): BlockDevice {
  return {
    blockSize,
    blockCount,
    read: (block) => blocks[block] ?? '\0'.repeat(blockSize),
    write: (block, data) => {
      if (/^\0*$/.test(data)) delete blocks[block];
      else blocks[block] = data;
    },
  };
}
