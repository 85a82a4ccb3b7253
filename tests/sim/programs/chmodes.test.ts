import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMode, compileMode, permString } from '../../../src/sim/programs/chmodes.ts';

const apply = (old: number, mode: string, isDir = false, umask = 0o022) => {
  const c = compileMode(mode);
  if (c === null) throw new Error(`invalid: ${mode}`);
  return applyMode(old, isDir, umask, c);
};

describe('chmod modes, as GNU chmod reads them', () => {
  it('octal sets exactly, symbolic adds, removes and sets per who', () => {
    expect(apply(0o644, '755')).toBe(0o755);
    expect(apply(0o644, 'u+x')).toBe(0o744);
    expect(apply(0o777, 'go-w')).toBe(0o755);
    expect(apply(0o000, 'a=r')).toBe(0o444);
    expect(apply(0o640, 'u=rwx,g=u')).toBe(0o770);
    expect(apply(0o600, 'go=u-w')).toBe(0o644);
    expect(apply(0o755, 'o=')).toBe(0o750);
    expect(apply(0o644, '4755')).toBe(0o4755);
    expect(apply(0o755, '+t')).toBe(0o1755);
    expect(apply(0o755, 'u+s,g+s')).toBe(0o6755);
  });

  it('without a who the umask (022) limits the change', () => {
    expect(apply(0o444, '+w')).toBe(0o644);
    expect(apply(0o666, '-w')).toBe(0o466);
    expect(apply(0o000, '=rx')).toBe(0o555);
    expect(apply(0o000, '+w', false, 0)).toBe(0o222);
  });

  it('X adds x only to a directory or a file that has one already', () => {
    expect(apply(0o644, 'a+X')).toBe(0o644);
    expect(apply(0o744, 'a+X')).toBe(0o755);
    expect(apply(0o644, 'a+X', true)).toBe(0o755);
  });

  it('refuses what is not a mode', () => {
    for (const bad of ['', 'xyz', 'u+q', '9', '77777', 'u', 'u+r,', ',u+x', 'ug']) expect(compileMode(bad), bad).toBeNull();
    // An operator with no permissions after it is valid, as in GNU chmod.
    expect(compileMode('a+rw-')).not.toBeNull();
  });

  it('shows the bits as ls -l does', () => {
    expect(permString(0o755)).toBe('rwxr-xr-x');
    expect(permString(0o4644)).toBe('rwSr--r--');
    expect(permString(0o1777)).toBe('rwxrwxrwt');
    expect(permString(0o2710)).toBe('rwx--s---');
  });

  const modeArb = fc.integer({ min: 0, max: 0o7777 });
  const symbolic = (m: number) => {
    const set = (shift: number) => ['r', 'w', 'x'].filter((_, i) => (m >> (shift + 2 - i)) & 1).join('');
    return `u=${set(6)},g=${set(3)},o=${set(0)}`;
  };

  test.prop([modeArb, modeArb])('a four-digit octal mode is the result, whatever the old mode', (old, m) => {
    expect(apply(old, m.toString(8).padStart(4, '0'))).toBe(m);
  });

  test.prop([modeArb, fc.integer({ min: 0, max: 0o777 })])('u=…,g=…,o=… gives the same bits as the octal number it spells', (old, m) => {
    expect(apply(old, symbolic(m)) & 0o777).toBe(m);
  });

  test.prop([modeArb, fc.constantFrom('u', 'g', 'o', 'a', 'ug', 'go'), fc.constantFrom('r', 'w', 'x', 'rw', 'rwx', 'wx')])(
    'adding then removing the same bits leaves only those bits cleared; removing is idempotent',
    (old, who, perms) => {
      const added = apply(old, `${who}+${perms}`);
      const removed = apply(added, `${who}-${perms}`);
      expect(apply(removed, `${who}-${perms}`)).toBe(removed);
      expect(removed).toBe(apply(old, `${who}-${perms}`));
      expect(added & ~old & ~0o777).toBe(0);
    },
  );
});
