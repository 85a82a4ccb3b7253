import type { ProcessContext } from '../abi/program.ts';
import type * as sys from '../libc/sys.ts';
import { getopts, has, last, usageError } from './args.ts';
import { eachInput, finish, put, type Reader, readLine, tool } from './stdio.ts';

/**
 * cut: prints selected parts of each line: bytes (-b), characters (-c, the same thing
 * here, since a character is a byte) or fields (-f) split by a delimiter (-d, a tab by
 * default). Lists are GNU's: N, N-M, N-, -M, separated by commas.
 */

/** Inclusive 1-based ranges, sorted and merged. */
export type Ranges = Array<[number, number]>;

/** Parses a list such as "1,3-5,7-"; returns the ranges or GNU's complaint. */
export function parseList(list: string, fields: boolean): Ranges | string {
  const ranges: Ranges = [];
  for (const part of list.split(/[,\s]/)) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || part === '' || part === '-') {
      if (part === '-') return 'invalid range with no endpoint: -';
      return `invalid ${fields ? 'field' : 'byte or character'} range`;
    }
    const lo = m[1] === '' ? 1 : Number(m[1]);
    const hi = m[2] === '' ? lo : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
    if ((m[1] !== '' && lo === 0) || (m[3] !== '' && Number(m[3]) === 0)) {
      return fields ? 'fields are numbered from 1' : 'byte/character positions are numbered from 1';
    }
    if (hi < lo) return 'invalid decreasing range';
    ranges.push([lo, hi]);
  }
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: Ranges = [];
  for (const r of ranges) {
    const prev = merged[merged.length - 1];
    if (prev && r[0] <= prev[1] + 1) prev[1] = Math.max(prev[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

const selected = (ranges: Ranges, n: number, complement: boolean): boolean =>
  ranges.some(([lo, hi]) => n >= lo && n <= hi) !== complement;

/** The part of one line (without its newline) that cut prints; null to print nothing (-s). */
export function cutLine(
  line: string,
  ranges: Ranges,
  o: { fields: boolean; delim: string; outDelim: string; onlyDelimited: boolean; complement: boolean },
): string | null {
  if (!o.fields) {
    let out = '';
    for (let i = 0; i < line.length; i++) if (selected(ranges, i + 1, o.complement)) out += line[i];
    return out;
  }
  if (!line.includes(o.delim)) return o.onlyDelimited ? null : line;
  const parts = line.split(o.delim);
  return parts.filter((_, i) => selected(ranges, i + 1, o.complement)).join(o.outDelim);
}

/** cut -b LIST | -c LIST | -f LIST [-d DELIM] [-s] [FILE]... */
export function* cut(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'sn',
    values: 'bcfd',
    long: {
      'bytes=': 'b',
      'characters=': 'c',
      'fields=': 'f',
      'delimiter=': 'd',
      'only-delimited': 's',
      complement: 'complement',
      'output-delimiter=': 'output-delimiter',
    },
    usage: ['cut OPTION... [FILE]...'],
  });
  if (typeof a === 'number') return a;
  const kinds = ['b', 'c', 'f'].filter((k) => has(a, k));
  if (kinds.length === 0) return yield* usageError('cut', 'you must specify a list of bytes, characters, or fields');
  if (kinds.length > 1) return yield* usageError('cut', 'only one list may be specified');
  const fields = kinds[0] === 'f';
  const delim = last(a, 'd');
  if (delim !== undefined && !fields) {
    return yield* usageError('cut', 'an input delimiter may be specified only when operating on fields');
  }
  if (has(a, 's') && !fields) {
    return yield* usageError('cut', 'suppressing non-delimited lines makes sense\n\tonly when operating on fields');
  }
  if (delim !== undefined && delim.length !== 1) return yield* usageError('cut', 'the delimiter must be a single character');
  const ranges = parseList(last(a, kinds[0])!, fields);
  if (typeof ranges === 'string') return yield* usageError('cut', ranges);
  const opts = {
    fields,
    delim: delim ?? '\t',
    outDelim: last(a, 'output-delimiter') ?? delim ?? '\t',
    onlyDelimited: has(a, 's'),
    complement: has(a, 'complement'),
  };
  const t = tool('cut');
  yield* eachInput(t, a.operands, function* (r: Reader) {
    for (let raw = yield* readLine(r); raw !== null; raw = yield* readLine(r)) {
      const out = cutLine(raw.endsWith('\n') ? raw.slice(0, -1) : raw, ranges, opts);
      if (out !== null) yield* put(t.out, `${out}\n`);
    }
  });
  return yield* finish(t);
}
