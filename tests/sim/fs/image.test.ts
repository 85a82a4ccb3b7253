import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fsClose, fsLookup, fsMkdir, fsOpen, fsRead, fsSync, fsWrite, mountFs } from '../../../src/sim/fs/index.ts';
import { fsck } from '../../../src/sim/fs/fsck.ts';
import { decodeImage, encodeImage, fromBase64, toBase64 } from '../../../src/sim/fs/image.ts';
import { makeFs } from './helpers.ts';

function savedDisk() {
  const fs = makeFs();
  fsMkdir(fs, '/', '/docs');
  const inum = fsOpen(fs, '/', '/docs/readme', { write: true, create: true });
  fsWrite(fs, inum, 0, 'bytes \u0000\u00ff survive');
  fsClose(fs, inum);
  fsSync(fs);
  return fs;
}

describe('disk images', () => {
  it('save and load give back the same disk, which mounts and reads', () => {
    const fs = savedDisk();
    const text = encodeImage(fs.dev);
    expect(text.startsWith('GLASSBOX-DISK 1 blockSize=512 blocks=64 ')).toBe(true);
    const back = decodeImage(text);
    if (!('device' in back)) throw new Error(back.error);
    expect(back.device.blocks).toEqual(fs.dev.blocks);
    const m = mountFs(back.device);
    if ('error' in m) throw new Error(m.error);
    expect(fsRead(m, fsLookup(m, '/', '/docs/readme'), 0, 100)).toBe('bytes \u0000\u00ff survive');
  });

  it('a truncated image is reported, not thrown', () => {
    const text = encodeImage(savedDisk().dev);
    const cut = text.slice(0, Math.floor(text.length / 2));
    expect(decodeImage(cut)).toEqual({ error: expect.stringMatching(/^the image is truncated: the header promises \d+ blocks, the file holds \d+$/) });
    expect(decodeImage('')).toEqual({ error: 'this is not a Glassbox disk image (no GLASSBOX-DISK header)' });
    expect(decodeImage('GLASSBOX-DISK 2 blockSize=512 blocks=64 stored=0 crc32=00000000\nEND\n')).toEqual({ error: expect.stringContaining('version 2') });
    expect(decodeImage('GLASSBOX-DISK 1 garbage')).toEqual({ error: 'the image header is damaged' });
  });

  it('a corrupted image fails its checksum; the salvaged blocks can be offered to fsck', () => {
    const fs = savedDisk();
    const lines = encodeImage(fs.dev).split('\n');
    // Damage the inode bitmap's line: clear every bit.
    const bitmapLine = lines.findIndex((l) => l.startsWith(`${fs.layout.inodeBitmap.start} `));
    lines[bitmapLine] = `${fs.layout.inodeBitmap.start} ${toBase64('\0'.repeat(512))}`;
    const r = decodeImage(lines.join('\n'));
    expect('error' in r && r.error).toContain('checksum does not match');
    if (!('salvage' in r) || !r.salvage) throw new Error('no salvage');
    const m = mountFs(r.salvage, { journal: 'none' });
    if ('error' in m) throw new Error(m.error);
    const repaired = fsck(m, { repair: true });
    expect(repaired.findings.map((f) => f.kind)).toEqual(['inode-bitmap', 'inode-bitmap', 'inode-bitmap']);
    expect(fsck(m, { repair: false }).clean).toBe(true);
  });

  it('a malformed block line is named', () => {
    const lines = encodeImage(savedDisk().dev).split('\n');
    lines[2] = '5 not*base64';
    expect(decodeImage(lines.join('\n'))).toEqual({ error: 'image line 3 is not a valid block record' });
  });

  test.prop([fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 300 })])(
    'base64 round-trips any bytes',
    (bytes) => {
      expect(fromBase64(toBase64(bytes))).toBe(bytes);
    },
  );
});
