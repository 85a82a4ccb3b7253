import { getBit } from './bitmap.ts';
import { dirList } from './dir.ts';
import { readInode } from './inode.ts';
import { peekBlock } from './selectors.ts';
import type { FsGeometry, FsOptions, FsState } from './types.ts';

/**
 * OSTEP's vsfs picture of a file system: two bitmaps as strings of 0/1, the inode table
 * (type, the one block address, the link count) and every data block decoded (directory
 * entries, or a file's bytes). This module renders our disk in that shape, and checks
 * that a value someone hands us has it.
 */

/**
 * A disk set to vsfs's geometry and rules: `numInodes` inodes, exactly `numData` data
 * blocks, no journal, lowest-free allocation (which this file system always uses) and
 * directory entries appended in order. A 1 KiB block holds 32 entries, vsfs's limit for a
 * directory. Usable as a scenario's disk, and by the OSTEP solver.
 */
export function vsfsDisk(numInodes: number, numData: number): { geometry: FsGeometry; options: Partial<FsOptions> } {
  return {
    geometry: { blockSize: 1024, inodes: numInodes, dataBlocks: numData, journalBlocks: 0 },
    options: { journal: 'none', dirInsert: 'append', cacheBlocks: 64 },
  };
}

export interface VsfsInode {
  type: 'd' | 'f';
  addr: number;
  refs: number;
}

export type VsfsBlock = { type: 'd'; entries: [string, number][] } | { type: 'f'; data: string };

export interface VsfsImage {
  inodeBitmap: string;
  inodes: (VsfsInode | null)[];
  dataBitmap: string;
  data: (VsfsBlock | null)[];
}

function bits(fs: FsState, region: FsState['layout']['data'], n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += getBit(fs, region, i) ? '1' : '0';
  return out;
}

/**
 * The disk as vsfs would print it. A block's meaning comes from the inode that points at
 * it (the disk itself has no types), and its bytes are cut at the file's size.
 */
export function vsfsImage(fs: FsState): VsfsImage {
  const l = fs.layout;
  const inodes: (VsfsInode | null)[] = [];
  const data: (VsfsBlock | null)[] = new Array(l.data.count).fill(null);
  for (let inum = 0; inum < l.inodes; inum++) {
    const ino = readInode(fs, inum);
    if (ino.type !== 'file' && ino.type !== 'dir') {
      inodes.push(null);
      continue;
    }
    const first = ino.direct[0];
    inodes.push({ type: ino.type === 'dir' ? 'd' : 'f', addr: first === 0 ? -1 : first - l.data.start, refs: ino.nlink });
    ino.direct.forEach((b, fbn) => {
      const i = b - l.data.start;
      if (b === 0 || i < 0 || i >= l.data.count) return;
      if (ino.type === 'dir') {
        data[i] = { type: 'd', entries: fbn === 0 ? dirList(fs, ino).map((e) => [e.name, e.inum]) : [] };
      } else {
        const start = fbn * l.blockSize;
        const block = peekBlock(fs, b);
        data[i] = { type: 'f', data: block.slice(0, Math.max(0, Math.min(l.blockSize, ino.size - start))) };
      }
    });
  }
  return { inodeBitmap: bits(fs, l.inodeBitmap, l.inodes), inodes, dataBitmap: bits(fs, l.dataBitmap, l.data.count), data };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks that a value is a vsfs image (shape only, not consistency); returns it typed or what is wrong. */
export function parseVsfsImage(v: unknown): VsfsImage | { error: string } {
  if (!isObj(v)) return { error: 'image must be an object' };
  const { inodeBitmap, inodes, dataBitmap, data } = v;
  if (typeof inodeBitmap !== 'string' || !/^[01]+$/.test(inodeBitmap)) return { error: 'image.inodeBitmap must be a string of 0s and 1s' };
  if (typeof dataBitmap !== 'string' || !/^[01]+$/.test(dataBitmap)) return { error: 'image.dataBitmap must be a string of 0s and 1s' };
  if (!Array.isArray(inodes) || inodes.length !== inodeBitmap.length) return { error: 'image.inodes must be an array as long as the inode bitmap' };
  if (!Array.isArray(data) || data.length !== dataBitmap.length) return { error: 'image.data must be an array as long as the data bitmap' };
  for (const [i, ino] of inodes.entries()) {
    if (ino === null) continue;
    if (!isObj(ino) || (ino.type !== 'd' && ino.type !== 'f') || !Number.isInteger(ino.addr) || !Number.isInteger(ino.refs)) {
      return { error: `image.inodes[${i}] must be null or {type:"d"|"f", addr, refs}` };
    }
  }
  for (const [i, b] of data.entries()) {
    if (b === null) continue;
    const okDir =
      isObj(b) &&
      b.type === 'd' &&
      Array.isArray(b.entries) &&
      b.entries.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && Number.isInteger(e[1]));
    const okFile = isObj(b) && b.type === 'f' && typeof b.data === 'string';
    if (!okDir && !okFile) return { error: `image.data[${i}] must be null, {type:"d", entries:[[name, inum]]} or {type:"f", data}` };
  }
  return v as unknown as VsfsImage;
}
