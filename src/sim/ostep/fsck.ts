import { checkVsfsImage, type VsfsFinding } from '../fs/vsfs-check.ts';
import { parseVsfsImage, type VsfsImage } from '../fs/vsfs-image.ts';

/**
 * OSTEP's fsck.py: a vsfs image with at most one corruption in it; name the corruption.
 * The answer comes from running the consistency checks (../fs/vsfs-check.ts) and reading
 * their findings the way a person would. One corruption leaves a pattern of findings, and
 * the most specific finding explains the others: an entry that names a free inode also
 * leaves the old inode one link short; a pointer to a free block also leaves the bitmap
 * disagreeing twice; so the findings are weighed from the most specific down.
 */

type Corruption =
  | { kind: 'dataBitmapFlip'; bit: number }
  | { kind: 'inodeBitmapFlip'; bit: number }
  | { kind: 'refCountChanged'; inode: number; delta: number }
  | { kind: 'orphanInode'; inode: number }
  | { kind: 'pointsToFreeBlock'; inode: number; block: number }
  | { kind: 'typeChanged'; inode: number; from: 'd' | 'f'; to: 'd' | 'f' }
  | { kind: 'dirEntryBadInode'; dirInode: number; name: string; oldInode: number; newInode: number }
  | { kind: 'dirEntryRenamed'; dirInode: number; oldName: string; newName: string; inode: number };

function first<K extends VsfsFinding['kind']>(fs: VsfsFinding[], kind: K): Extract<VsfsFinding, { kind: K }> | undefined {
  return fs.find((f) => f.kind === kind) as Extract<VsfsFinding, { kind: K }> | undefined;
}

/** The inode an entry named before it was pointed at a free inode: the one left a link short. */
function formerTarget(img: VsfsImage, findings: VsfsFinding[], dir: number, name: string): number {
  const short = findings.filter((f) => f.kind === 'link-count' && f.refs - f.found === 1);
  if (short.length === 1 && short[0].kind === 'link-count') return short[0].inode;
  if (name === '.') return dir;
  // ".." named the directory that lists this one under an ordinary name.
  for (const [d, ino] of img.inodes.entries()) {
    const block = ino && ino.type === 'd' && ino.addr >= 0 ? img.data[ino.addr] : null;
    if (block?.type === 'd' && block.entries.some(([n, i]) => i === dir && n !== '.' && n !== '..')) return d;
  }
  return -1;
}

export function diagnose(img: VsfsImage, findings: VsfsFinding[]): Corruption | null {
  const bad = first(findings, 'entry-names-free-inode');
  if (bad) {
    return { kind: 'dirEntryBadInode', dirInode: bad.dir, name: bad.name, oldInode: formerTarget(img, findings, bad.dir, bad.name), newInode: bad.inum };
  }
  const renamed = first(findings, 'dot-entry-renamed');
  if (renamed) return { kind: 'dirEntryRenamed', dirInode: renamed.dir, oldName: renamed.expected, newName: renamed.name, inode: renamed.inum };
  const orphan = first(findings, 'orphan-inode');
  if (orphan) return { kind: 'orphanInode', inode: orphan.inode };
  const dangling = first(findings, 'points-to-free-block');
  if (dangling) return { kind: 'pointsToFreeBlock', inode: dangling.inode, block: dangling.block };
  const retyped = first(findings, 'type-mismatch');
  if (retyped) return { kind: 'typeChanged', inode: retyped.inode, from: retyped.contentType, to: retyped.inodeType };
  const ibit = first(findings, 'inode-bitmap');
  if (ibit) return { kind: 'inodeBitmapFlip', bit: ibit.inode };
  const dbit = first(findings, 'data-bitmap');
  if (dbit) return { kind: 'dataBitmapFlip', bit: dbit.block };
  const links = first(findings, 'link-count');
  if (links) return { kind: 'refCountChanged', inode: links.inode, delta: links.refs - links.found };
  return null;
}

export function solveFsck(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || !('image' in input)) return { error: 'input must be an object with an image' };
  const img = parseVsfsImage((input as { image: unknown }).image);
  if ('error' in img) return img;
  const findings = checkVsfsImage(img);
  return { corruption: diagnose(img, findings), findings: findings.map((f) => f.text) };
}
