/**
 * chmod's MODE, as GNU chmod reads it (gnulib's modechange.c): an octal number, or
 * symbolic clauses `[ugoa]*([-+=]([rwxXst]*|[ugo]))+` joined by commas. Compiling is
 * separate from applying, so a bad MODE is refused before any file is touched, and
 * applying is a pure function of the old mode (tested as such).
 */

import { permString } from '../abi/fs.ts';

export { permString };

const SUID = 0o4000;
const SGID = 0o2000;
const SVTX = 0o1000;
const RWXU = 0o700;
const RWXG = 0o070;
const RWXO = 0o007;
const ALL = 0o7777;
const R = 0o444;
const W = 0o222;
const X = 0o111;

interface Change {
  op: '=' | '+' | '-';
  /** Ordinary bits; `copy` takes them from the old mode's u, g or o; `xIfAnyX` adds x when it already has one (X). */
  flag: 'ordinary' | 'copy' | 'xIfAnyX';
  /** The bits the clause's who names (0: none given, so the umask limits it). */
  affected: number;
  value: number;
  mentioned: number;
}

export type ModeChanges = Change[];

/** The changes MODE asks for, or null when it is not a valid mode. */
export function compileMode(mode: string): ModeChanges | null {
  if (/^[0-7]+$/.test(mode)) {
    const n = Number.parseInt(mode, 8);
    if (n > ALL) return null;
    // Fewer than five digits leave a directory's set-id bits alone unless they are set.
    const mentioned = mode.length < 5 ? (n & (SUID | SGID)) | SVTX | 0o777 : ALL;
    return [{ op: '=', flag: 'ordinary', affected: ALL, value: n, mentioned }];
  }
  const out: Change[] = [];
  let p = 0;
  const at = () => mode[p] ?? '';
  for (;;) {
    let affected = 0;
    for (; 'ugoa'.includes(at()) && at() !== ''; p++) {
      const c = at();
      affected |= c === 'u' ? SUID | RWXU : c === 'g' ? SGID | RWXG : c === 'o' ? SVTX | RWXO : ALL;
    }
    if (!'=+-'.includes(at()) || at() === '') return null;
    while ('=+-'.includes(at()) && at() !== '') {
      const op = at() as Change['op'];
      p++;
      let value = 0;
      let flag: Change['flag'] = 'copy';
      const c = at();
      if (c === 'u' || c === 'g' || c === 'o') {
        value = c === 'u' ? RWXU : c === 'g' ? RWXG : RWXO;
        p++;
      } else {
        flag = 'ordinary';
        for (; 'rwxXst'.includes(at()) && at() !== ''; p++) {
          const v = at();
          if (v === 'r') value |= R;
          else if (v === 'w') value |= W;
          else if (v === 'x') value |= X;
          else if (v === 'X') flag = 'xIfAnyX';
          else if (v === 's') value |= SUID | SGID;
          else value |= SVTX;
        }
      }
      out.push({ op, flag, affected, value, mentioned: affected ? affected & value : value });
    }
    if (at() === '') return out;
    if (at() !== ',') return null;
    p++;
  }
}

/** True when some clause names no who, so the umask limits it (and chmod warns when that surprises). */
export function usesUmask(changes: ModeChanges): boolean {
  return changes.some((c) => c.affected === 0);
}

/** The mode after the changes (gnulib's mode_adjust). */
export function applyMode(oldMode: number, isDir: boolean, umask: number, changes: ModeChanges): number {
  let mode = oldMode & ALL;
  for (const c of changes) {
    const omit = (isDir ? SUID | SGID : 0) & ~c.mentioned;
    let value = c.value;
    if (c.flag === 'copy') {
      value &= mode;
      value |= (value & R ? R : 0) | (value & W ? W : 0) | (value & X ? X : 0);
    } else if (c.flag === 'xIfAnyX' && ((mode & X) !== 0 || isDir)) {
      value |= X;
    }
    value &= (c.affected ? c.affected : ~umask) & ~omit;
    if (c.op === '=') {
      const preserved = (c.affected ? ~c.affected : umask) | omit;
      mode = (mode & preserved) | value;
    } else if (c.op === '+') mode |= value;
    else mode &= ~value;
  }
  return mode & ALL;
}

