import { describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/main/dispatch.ts';
import type { ReplyTo } from '../../src/shared/protocol.ts';
import { Session } from '../../src/main/session.ts';
import { fsLookup } from '../../src/sim/fs/index.ts';
import { screen } from '../../src/sim/machine/machine.ts';

const text = (s: Session) => screen({ state: s.current, rt: { programs: {}, runs: new Map() } });
/** Looks a path up in a copy of the session's (frozen) file system: a lookup records a trace. */
const exists = (s: Session, path: string) => fsLookup(JSON.parse(JSON.stringify(s.current.fs)), '/', path) > 0;

function withFile(): Session {
  const s = new Session();
  s.step(3);
  s.ttyInput('echo kept > /home/kept.txt; sync\n');
  s.step(30);
  return s;
}

describe('disk images', () => {
  it('a saved image boots a fresh machine with the same files', () => {
    const a = withFile();
    expect(exists(a, '/home/kept.txt')).toBe(true);
    const img = a.saveDiskImage();
    expect(img.name).toMatch(/\.disk$/);
    const b = new Session();
    const r = b.loadDiskImage(img.text, 'saved');
    expect(r).toMatchObject({ ok: true, problem: null });
    expect(b.current.tick).toBe(0);
    expect(exists(b, '/home/kept.txt')).toBe(true);
    b.ttyInput('');
    b.step(30);
    b.ttyInput('cat /home/kept.txt\n');
    b.step(30);
    expect(text(b)).toContain('kept\n');
  });

  it('a truncated or foreign image is refused and nothing changes', () => {
    const s = withFile();
    const before = s.current;
    const img = s.saveDiskImage().text;
    const cut = s.loadDiskImage(img.slice(0, img.length / 2), 'cut');
    expect(cut).toMatchObject({ ok: false });
    if (!cut.ok) expect(cut.error).toMatch(/^cut: the image is truncated/);
    expect(s.loadDiskImage('hello\n', 'foreign')).toEqual({ ok: false, error: 'foreign: this is not a Glassbox disk image (no GLASSBOX-DISK header)' });
    expect(s.current).toBe(before);
  });

  it('an image whose checksum fails is booted with a warning that offers fsck', () => {
    const s = withFile();
    const img = s.saveDiskImage().text;
    // Flip one base64 character in the last block record: the blocks still decode, the checksum does not match.
    const lines = img.split('\n');
    const i = lines.length - 3;
    lines[i] = lines[i].replace(/ (.)/, (_m, c: string) => ` ${c === 'A' ? 'B' : 'A'}`);
    const r = s.loadDiskImage(lines.join('\n'), 'damaged');
    expect(r).toMatchObject({ ok: true });
    if (r.ok) expect(r.problem).toMatch(/checksum does not match/);
  });

  it('the protocol validates and carries both commands', () => {
    const s = new Session();
    const saved = handleCommand(s, { cmd: 'saveDiskImage' }) as ReplyTo<'saveDiskImage'>;
    expect(saved.ok).toBe(true);
    expect(handleCommand(s, { cmd: 'loadDiskImage', text: 5, name: 'x' })).toMatchObject({ ok: false });
    if (saved.ok) expect(handleCommand(s, { cmd: 'loadDiskImage', text: saved.result.text, name: 'x' })).toMatchObject({ ok: true, result: { problem: null } });
  });
});
