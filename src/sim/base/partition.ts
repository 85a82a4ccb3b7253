/**
 * A disk's partition table, laid out as a PC's master boot record lays out its own: four
 * 16-byte entries from byte 446 of the block (a status byte, a type byte at +4, the first
 * block at +8 and the length in blocks at +12, both 32-bit little-endian) and the
 * signature 0x55 0xAA in bytes 510 and 511. Types are MBR's: 0x83 a Linux file system,
 * 0x82 Linux swap. A block is a string of byte-valued characters, as the disk stores it.
 */
export const PART_FS = 0x83;
export const PART_SWAP = 0x82;

export interface Partition {
  type: number;
  start: number;
  blocks: number;
}

const TABLE_AT = 446;
const ENTRY = 16;
const ENTRIES = 4;
/** The table needs the whole of an MBR sector: 512 bytes. */
export const PARTITION_BLOCK_MIN = 512;

export const le32 = (n: number): string => String.fromCharCode(n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255);
export const readLe32 = (s: string, at: number): number =>
  (s.charCodeAt(at) | (s.charCodeAt(at + 1) << 8) | (s.charCodeAt(at + 2) << 16) | (s.charCodeAt(at + 3) << 24)) >>> 0;

/** A block of `blockSize` bytes holding the table of `parts` (at most four). */
export function encodePartitionTable(parts: Partition[], blockSize: number): string {
  if (parts.length > ENTRIES) throw new Error('a partition table holds at most four partitions');
  if (blockSize < PARTITION_BLOCK_MIN) throw new Error(`a partition table needs a block of at least ${PARTITION_BLOCK_MIN} bytes`);
  let table = '';
  for (let i = 0; i < ENTRIES; i++) {
    const p = parts[i];
    table += p ? `\0\0\0\0${String.fromCharCode(p.type)}\0\0\0${le32(p.start)}${le32(p.blocks)}` : '\0'.repeat(ENTRY);
  }
  return `${'\0'.repeat(TABLE_AT)}${table}\x55\xaa${'\0'.repeat(blockSize - 512)}`;
}

/** The partitions in `block`, or an error naming what is wrong with it. */
export function decodePartitionTable(block: string): Partition[] | { error: string } {
  if (block.length < PARTITION_BLOCK_MIN) return { error: `the block is ${block.length} bytes, too small for a partition table` };
  if (block.charCodeAt(510) !== 0x55 || block.charCodeAt(511) !== 0xaa) return { error: 'no partition table (the 0x55AA signature is missing)' };
  const parts: Partition[] = [];
  for (let i = 0; i < ENTRIES; i++) {
    const at = TABLE_AT + i * ENTRY;
    const type = block.charCodeAt(at + 4);
    if (type === 0) continue;
    parts.push({ type, start: readLe32(block, at + 8), blocks: readLe32(block, at + 12) });
  }
  return parts;
}
