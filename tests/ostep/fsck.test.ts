import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VsfsImage } from '../../src/sim/fs/vsfs-image.ts';
import { solveFsck } from '../../src/sim/ostep/fsck.ts';
import { solveVsfs } from '../../src/sim/ostep/vsfs.ts';
import { solve } from '../../src/sim/ostep/index.ts';
import { loadCases, mismatch } from './cases.ts';

describe('fsck conformance (OSTEP fsck.py)', () => {
  const cases = loadCases('fsck');
  for (const c of cases) {
    it(c.id, () => {
      // Through the registry, as the conform command calls it.
      expect(mismatch(c.expected, solve('fsck', c.input), c.tolerance ?? 0)).toBeNull();
    });
  }

  it('finds nothing wrong in every image before its corruption', () => {
    for (const c of cases) {
      const before = (c as { info?: { imageBeforeCorruption?: unknown } }).info?.imageBeforeCorruption;
      if (before === undefined) continue;
      expect(solveFsck({ image: before }), c.id).toMatchObject({ corruption: null, findings: [] });
    }
  });

  it('explains its findings in words', () => {
    const c = cases.find((k) => (k.expected as { corruption: { kind?: string } | null }).corruption?.kind === 'pointsToFreeBlock');
    const r = solveFsck(c?.input) as { findings: string[] };
    expect(r.findings.some((t) => /points to block \d+, which is free/.test(t))).toBe(true);
  });

  it('rejects malformed input with an error', () => {
    expect(solveFsck({})).toHaveProperty('error');
    expect(solveFsck({ image: { inodeBitmap: '1', inodes: [], dataBitmap: '1', data: [null] } })).toHaveProperty('error');
  });
});

/** A consistent image made by running random valid vsfs operations. */
function randomImage(seed: number): VsfsImage {
  let x = seed >>> 0 || 1;
  const rand = (n: number) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
  const files: string[] = [];
  const dirs = ['/'];
  const ops: unknown[] = [];
  const names = 'abcdefgh';
  for (let i = 0; i < 12; i++) {
    const dir = dirs[rand(dirs.length)];
    const path = `${dir === '/' ? '' : dir}/${names[rand(names.length)]}`;
    if ([...files, ...dirs].includes(path)) continue;
    const kind = rand(4);
    if (kind === 0) {
      ops.push({ op: 'mkdir', path });
      dirs.push(path);
    } else if (kind === 1 || files.length === 0) {
      ops.push({ op: 'creat', path });
      files.push(path);
    } else if (kind === 2) {
      ops.push({ op: 'link', target: files[rand(files.length)], path });
      files.push(path);
    } else {
      ops.push({ op: 'write', path: files[rand(files.length)], data: names[rand(8)] });
    }
  }
  const r = solveVsfs({ numInodes: 16, numData: 16, ops: ops.filter((o, i) => ops.findIndex((p) => JSON.stringify(p) === JSON.stringify(o)) === i) });
  const states = (r as { states?: VsfsImage[] }).states;
  if (!states) throw new Error(JSON.stringify(r));
  return states[states.length - 1] ?? (r as { initial: VsfsImage }).initial;
}

describe('fsck names every kind of single corruption it is given', () => {
  const kinds = ['dataBitmapFlip', 'inodeBitmapFlip', 'refCountChanged', 'orphanInode', 'pointsToFreeBlock', 'typeChanged', 'dirEntryBadInode', 'dirEntryRenamed'];
  test.prop([fc.integer({ min: 1, max: 1 << 30 }), fc.constantFrom(...kinds), fc.integer({ min: 0, max: 1000 })], { numRuns: 300 })(
    'diagnosis equals the injected corruption',
    (seed, kind, pick) => {
      const img: VsfsImage = JSON.parse(JSON.stringify(randomImage(seed)));
      const used = img.inodes.flatMap((ino, i) => (ino ? [i] : []));
      const free = img.inodes.flatMap((ino, i) => (ino ? [] : [i]));
      const freeBlocks = img.data.flatMap((b, i) => (b ? [] : [i]));
      const dirsIn = used.filter((i) => img.inodes[i]?.type === 'd');
      let expected: unknown;
      switch (kind) {
        case 'dataBitmapFlip': {
          const bit = pick % img.data.length;
          img.dataBitmap = img.dataBitmap.slice(0, bit) + (img.dataBitmap[bit] === '1' ? '0' : '1') + img.dataBitmap.slice(bit + 1);
          expected = { kind, bit };
          break;
        }
        case 'inodeBitmapFlip': {
          const bit = pick % img.inodes.length;
          img.inodeBitmap = img.inodeBitmap.slice(0, bit) + (img.inodeBitmap[bit] === '1' ? '0' : '1') + img.inodeBitmap.slice(bit + 1);
          expected = { kind, bit };
          break;
        }
        case 'refCountChanged': {
          const inode = used[pick % used.length];
          const delta = pick % 2 ? 1 : -1;
          img.inodes[inode]!.refs += delta;
          expected = { kind, inode, delta };
          break;
        }
        case 'orphanInode': {
          if (free.length === 0) return;
          const inode = free[pick % free.length];
          img.inodes[inode] = { type: pick % 2 ? 'f' : 'd', addr: -1, refs: 1 };
          expected = { kind, inode };
          break;
        }
        case 'pointsToFreeBlock': {
          if (freeBlocks.length === 0) return;
          const inode = used[pick % used.length];
          const block = freeBlocks[pick % freeBlocks.length];
          img.inodes[inode]!.addr = block;
          expected = { kind, inode, block };
          break;
        }
        case 'typeChanged': {
          const inode = used[pick % used.length];
          const from = img.inodes[inode]!.type;
          const to = from === 'd' ? 'f' : 'd';
          img.inodes[inode]!.type = to;
          expected = { kind, inode, from, to };
          break;
        }
        case 'dirEntryBadInode': {
          if (free.length === 0) return;
          const dirInode = dirsIn[pick % dirsIn.length];
          const block = img.data[img.inodes[dirInode]!.addr] as { entries: [string, number][] };
          const idx = pick % block.entries.length;
          const [name, oldInode] = block.entries[idx];
          const newInode = free[pick % free.length];
          block.entries[idx] = [name, newInode];
          expected = { kind, dirInode, name, oldInode, newInode };
          break;
        }
        case 'dirEntryRenamed': {
          const dirInode = dirsIn[pick % dirsIn.length];
          const block = img.data[img.inodes[dirInode]!.addr] as { entries: [string, number][] };
          const idx = pick % 2;
          const [oldName, inode] = block.entries[idx];
          const newName = 'xyz'[pick % 3];
          block.entries[idx] = [newName, inode];
          expected = { kind, dirInode, oldName, newName, inode };
          break;
        }
      }
      expect((solveFsck({ image: img }) as { corruption: unknown }).corruption).toEqual(expected);
    },
  );
});

describe('the solvers never throw', () => {
  test.prop([fc.anything()])('any input at all gets an answer or an error', (input) => {
    expect(() => solveFsck(input)).not.toThrow();
    expect(() => solveVsfs(input)).not.toThrow();
    expect(() => solveFsck({ image: input })).not.toThrow();
  });

  const inodeArb = fc.option(fc.record({ type: fc.constantFrom('d', 'f'), addr: fc.integer({ min: -2, max: 10 }), refs: fc.integer({ min: -1, max: 5 }) }));
  const blockArb = fc.option(
    fc.oneof(
      fc.record({ type: fc.constant('d'), entries: fc.array(fc.tuple(fc.constantFrom('.', '..', 'a', 'b'), fc.integer({ min: -1, max: 12 })), { maxLength: 5 }) }),
      fc.record({ type: fc.constant('f'), data: fc.string({ maxLength: 2 }) }),
    ),
  );
  test.prop([fc.array(inodeArb, { minLength: 1, maxLength: 8 }), fc.array(blockArb, { minLength: 1, maxLength: 8 }), fc.integer()])(
    'any well-formed but inconsistent image gets a diagnosis',
    (inodes, data, bits) => {
      const bitmap = (n: number, salt: number) => Array.from({ length: n }, (_, i) => ((bits >> ((i + salt) % 31)) & 1 ? '1' : '0')).join('');
      const r = solveFsck({ image: { inodeBitmap: bitmap(inodes.length, 0), inodes, dataBitmap: bitmap(data.length, 7), data } });
      expect(r).toHaveProperty('corruption');
    },
  );
});
