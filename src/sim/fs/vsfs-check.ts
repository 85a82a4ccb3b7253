import type { VsfsImage } from './vsfs-image.ts';

/**
 * fsck for a vsfs image: the consistency checks of OSTEP's chapter on crash consistency,
 * run on the picture vsfs prints. Each finding says what is wrong in words and carries the
 * numbers a repair (or a diagnosis) needs.
 *
 *   - every directory entry names an inode that is in use;
 *   - each directory starts with "." naming itself and ".." naming its parent;
 *   - an inode in use that nothing names and whose bitmap bit is clear is an orphan;
 *   - an inode's block holds what its type says (a directory block for a directory),
 *     a directory has a block, and no inode points at an empty, unallocated block;
 *   - the inode bitmap matches the inodes in use, the data bitmap the blocks they use;
 *   - each inode's link count equals the directory entries that name it.
 */

export type VsfsFinding =
  | { kind: 'entry-names-free-inode'; dir: number; name: string; inum: number; text: string }
  | { kind: 'dot-entry-renamed'; dir: number; expected: '.' | '..'; name: string; inum: number; text: string }
  | { kind: 'orphan-inode'; inode: number; text: string }
  | { kind: 'points-to-free-block'; inode: number; block: number; text: string }
  | { kind: 'type-mismatch'; inode: number; inodeType: 'd' | 'f'; contentType: 'd' | 'f'; text: string }
  | { kind: 'inode-bitmap'; inode: number; bit: boolean; inUse: boolean; text: string }
  | { kind: 'data-bitmap'; block: number; bit: boolean; inUse: boolean; text: string }
  | { kind: 'link-count'; inode: number; refs: number; found: number; text: string };

const label = (t: 'd' | 'f') => (t === 'd' ? 'directory' : 'file');

export function checkVsfsImage(img: VsfsImage): VsfsFinding[] {
  const out: VsfsFinding[] = [];
  const nInodes = img.inodes.length;
  const nData = img.data.length;
  const inUse = (i: number) => i >= 0 && i < nInodes && img.inodes[i] !== null;
  const blockOf = (i: number) => {
    const ino = img.inodes[i];
    return ino && ino.addr >= 0 && ino.addr < nData ? img.data[ino.addr] : null;
  };

  // Directory entries, counted from every directory block an inode in use points at.
  const seen: number[] = new Array(nInodes).fill(0);
  for (let d = 0; d < nInodes; d++) {
    const block = blockOf(d);
    if (block?.type !== 'd') continue;
    block.entries.forEach(([name, inum], slot) => {
      if (!inUse(inum)) {
        out.push({ kind: 'entry-names-free-inode', dir: d, name, inum, text: `directory ${d}: entry "${name}" names inode ${inum}, which is not in use` });
      } else {
        seen[inum]++;
      }
      const expected = slot === 0 ? '.' : slot === 1 ? '..' : null;
      if (expected && name !== expected) {
        out.push({ kind: 'dot-entry-renamed', dir: d, expected, name, inum, text: `directory ${d}: entry ${slot} should be "${expected}" but is called "${name}"` });
      }
    });
  }

  for (let i = 0; i < nInodes; i++) {
    const ino = img.inodes[i];
    const bit = img.inodeBitmap[i] === '1';
    if (ino && !bit && seen[i] === 0) {
      out.push({ kind: 'orphan-inode', inode: i, text: `inode ${i} (${label(ino.type)}) is in use, but no directory names it and its bitmap bit is clear` });
    }
  }
  for (let i = 0; i < nInodes; i++) {
    const ino = img.inodes[i];
    if (!ino || ino.addr < 0 || ino.addr >= nData) continue;
    if (img.data[ino.addr] === null) {
      out.push({ kind: 'points-to-free-block', inode: i, block: ino.addr, text: `inode ${i} points to block ${ino.addr}, which is free and empty` });
    }
  }
  for (let i = 0; i < nInodes; i++) {
    const ino = img.inodes[i];
    if (!ino) continue;
    const block = blockOf(i);
    if (ino.type === 'd' && ino.addr === -1 && (img.inodeBitmap[i] === '1' || seen[i] > 0)) {
      out.push({ kind: 'type-mismatch', inode: i, inodeType: 'd', contentType: 'f', text: `inode ${i} is a directory with no block: it must be an empty file` });
    } else if (block && block.type !== ino.type) {
      out.push({
        kind: 'type-mismatch',
        inode: i,
        inodeType: ino.type,
        contentType: block.type,
        text: `inode ${i} says ${label(ino.type)}, but its block ${ino.addr} holds ${label(block.type)} contents`,
      });
    }
  }
  for (let i = 0; i < nInodes; i++) {
    const bit = img.inodeBitmap[i] === '1';
    if (bit !== inUse(i)) {
      out.push({ kind: 'inode-bitmap', inode: i, bit, inUse: inUse(i), text: `inode bitmap bit ${i} is ${bit ? 'set' : 'clear'} but inode ${i} is ${inUse(i) ? 'in use' : 'free'}` });
    }
  }
  const used: boolean[] = new Array(nData).fill(false);
  for (const ino of img.inodes) if (ino && ino.addr >= 0 && ino.addr < nData) used[ino.addr] = true;
  for (let b = 0; b < nData; b++) {
    const bit = img.dataBitmap[b] === '1';
    if (bit !== used[b]) {
      out.push({ kind: 'data-bitmap', block: b, bit, inUse: used[b], text: `data bitmap bit ${b} is ${bit ? 'set' : 'clear'} but block ${b} is ${used[b] ? 'in use' : 'not used by any inode'}` });
    }
  }
  for (let i = 0; i < nInodes; i++) {
    const ino = img.inodes[i];
    if (ino && ino.refs !== seen[i]) {
      out.push({ kind: 'link-count', inode: i, refs: ino.refs, found: seen[i], text: `inode ${i} has link count ${ino.refs}, but ${seen[i]} directory entries name it` });
    }
  }
  return out;
}
