import { strerror } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { getopts, has } from './args.ts';
import { finish, put, quote, readChunk, reader, tool } from './stdio.ts';

/**
 * tr: translates, deletes or squeezes bytes as they stream from standard input to
 * standard output. Sets are written as GNU tr writes them: ranges (a-z), escapes (\n,
 * \012), classes ([:upper:]), equivalence classes ([=e=]) and repeats ([x*4], [x*]).
 */

const CLASS_MEMBERS: Record<string, (c: number) => boolean> = {
  alnum: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  blank: (c) => c === 32 || c === 9,
  cntrl: (c) => c < 32 || c === 127,
  digit: (c) => c >= 48 && c <= 57,
  graph: (c) => c > 32 && c < 127,
  lower: (c) => c >= 97 && c <= 122,
  print: (c) => c >= 32 && c < 127,
  punct: (c) => c > 32 && c < 127 && !CLASS_MEMBERS.alnum(c),
  space: (c) => c === 32 || (c >= 9 && c <= 13),
  upper: (c) => c >= 65 && c <= 90,
  xdigit: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
};

const ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };

/** A set, expanded to its characters in order; `fill` marks where a [c*] repeat goes (SET2 only). */
interface ParsedSet {
  chars: number[];
  fill: { at: number; ch: number } | null;
}

/** Reads one character of a set at s[i] (an escape or a plain character). */
function charAt(s: string, i: number): { c: number; next: number } {
  if (s[i] !== '\\' || i + 1 >= s.length) return { c: s.charCodeAt(i), next: i + 1 };
  const d = s[i + 1];
  if (d in ESCAPES) return { c: ESCAPES[d], next: i + 2 };
  if (d >= '0' && d <= '7') {
    let j = i + 1;
    let v = 0;
    while (j < i + 4 && s[j] >= '0' && s[j] <= '7' && v * 8 + Number(s[j]) <= 255) v = v * 8 + Number(s[j++]);
    return { c: v, next: j };
  }
  return { c: s.charCodeAt(i + 1), next: i + 2 };
}

/** Expands a set, or returns GNU's complaint about it. */
export function parseSet(s: string, second: boolean): ParsedSet | string {
  const chars: number[] = [];
  let fill: ParsedSet['fill'] = null;
  for (let i = 0; i < s.length; ) {
    const cls = /^\[:(\w+):\]/.exec(s.slice(i));
    if (cls) {
      const member = Object.hasOwn(CLASS_MEMBERS, cls[1]) ? CLASS_MEMBERS[cls[1]] : undefined;
      if (!member) return `invalid character class ${quote(cls[1])}`;
      for (let c = 0; c < 256; c++) if (member(c)) chars.push(c);
      i += cls[0].length;
      continue;
    }
    const eq = /^\[=(.)=\]/.exec(s.slice(i));
    if (eq) {
      chars.push(eq[1].charCodeAt(0));
      i += eq[0].length;
      continue;
    }
    if (s[i] === '[' && i + 2 < s.length) {
      const c = charAt(s, i + 1);
      const rep = /^\*(\d*)\]/.exec(s.slice(c.next));
      if (rep) {
        if (!second) return `the [c*] repeat construct may not appear in string1`;
        if (rep[1] === '' || Number(rep[1]) === 0) {
          if (fill) return 'only one [c*] repeat construct may appear in string2';
          fill = { at: chars.length, ch: c.c };
        } else {
          // A count with a leading zero is octal, as in GNU tr.
          const n = rep[1].startsWith('0') ? Number.parseInt(rep[1], 8) : Number(rep[1]);
          // Beyond SET1's length a repeat changes nothing, and SET1 is at most a few thousand characters.
          for (let k = 0; k < Math.min(n, 65536); k++) chars.push(c.c);
        }
        i = c.next + rep[0].length;
        continue;
      }
    }
    const a = charAt(s, i);
    if (s[a.next] === '-' && a.next + 1 < s.length) {
      const b = charAt(s, a.next + 1);
      if (b.c < a.c) {
        return `range-endpoints of ${quote(s.slice(i, b.next))} are in reverse collating sequence order`;
      }
      for (let c = a.c; c <= b.c; c++) chars.push(c);
      i = b.next;
      continue;
    }
    chars.push(a.c);
    i = a.next;
  }
  return { chars, fill };
}

function* trUsage(message: string, detail?: string): sys.Sys<number> {
  yield* sys.eprint(`tr: ${message}\n${detail ? `${detail}\n` : ''}Try 'tr --help' for more information.\n`);
  return 1;
}

/** tr [-cdst] SET1 [SET2] */
export function* tr(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'cCdst',
    long: { complement: 'c', delete: 'd', 'squeeze-repeats': 's', 'truncate-set1': 't' },
    usage: ['tr [OPTION]... STRING1 [STRING2]'],
  });
  if (typeof a === 'number') return a;
  const del = has(a, 'd');
  const squeeze = has(a, 's');
  const ops = a.operands;
  const translating = !del && ops.length === 2;
  if (ops.length === 0) return yield* trUsage('missing operand');
  if (ops.length > 2) return yield* trUsage(`extra operand ${quote(ops[2])}`);
  if (!del && !squeeze && ops.length === 1) {
    return yield* trUsage(`missing operand after ${quote(ops[0])}`, 'Two strings must be given when translating.');
  }
  if (del && squeeze && ops.length === 1) {
    return yield* trUsage(`missing operand after ${quote(ops[0])}`, 'Two strings must be given when both deleting and squeezing repeats.');
  }
  if (del && !squeeze && ops.length === 2) {
    return yield* trUsage(`extra operand ${quote(ops[1])}`, 'Only one string may be given when deleting without squeezing repeats.');
  }
  const s1 = parseSet(ops[0], false);
  const s2 = ops.length === 2 ? parseSet(ops[1], translating) : { chars: [], fill: null };
  for (const s of [s1, s2]) {
    if (typeof s === 'string') {
      yield* sys.eprint(`tr: ${s}\n`);
      return 1;
    }
  }
  let set1 = (s1 as ParsedSet).chars;
  if (has(a, 'c') || has(a, 'C')) {
    const inSet = new Set(set1);
    set1 = [];
    for (let c = 0; c < 256; c++) if (!inSet.has(c)) set1.push(c);
  }
  const p2 = s2 as ParsedSet;
  let set2 = p2.chars;
  if (p2.fill) {
    const n = Math.max(0, set1.length - set2.length);
    set2 = [...set2.slice(0, p2.fill.at), ...Array<number>(n).fill(p2.fill.ch), ...set2.slice(p2.fill.at)];
  }
  const map: Array<number | null> = Array.from({ length: 256 }, (_, i) => i);
  if (translating) {
    if (set2.length === 0 && !has(a, 't')) {
      yield* sys.eprint('tr: when not truncating set1, string2 must be non-empty\n');
      return 1;
    }
    if (has(a, 't')) set1 = set1.slice(0, set2.length);
    // A shorter SET2 is padded with its last character.
    set1.forEach((c, i) => {
      map[c] = set2[Math.min(i, set2.length - 1)];
    });
  }
  if (del) for (const c of set1) map[c] = null;
  const squeezeSet = new Set(squeeze ? (translating || del ? set2 : set1) : []);
  const t = tool('tr');
  const r = reader(0, t.out);
  let prev = -1;
  for (let chunk = yield* readChunk(r); chunk !== ''; chunk = yield* readChunk(r)) {
    let out = '';
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      const m = code < 256 ? map[code] : code;
      if (m === null) continue;
      if (m === prev && squeezeSet.has(m)) continue;
      prev = m;
      out += String.fromCharCode(m);
    }
    yield* put(t.out, out);
  }
  if (r.err !== 0) {
    yield* sys.eprint(`tr: read error: ${strerror(r.err)}\n`);
    t.status = 1;
  }
  return yield* finish(t);
}
