/**
 * How GNU sort compares two lines: keys (-k F[.C][OPTS][,F[.C][OPTS]]) found by field,
 * each compared as text, by number (-n, -g), folded (-f) or reversed (-r), and when every
 * key ties, the whole lines byte by byte (unless -s or -u). Pure functions: sort.ts reads
 * the lines and writes the result. Locale collation is not modelled: text compares in
 * byte order, as with LC_ALL=C.
 */

export interface KeyOptions {
  blanksStart: boolean;
  blanksEnd: boolean;
  numeric: boolean;
  general: boolean;
  fold: boolean;
  reverse: boolean;
}

export interface SortKey extends KeyOptions {
  /** Zero-origin field and character where the key starts. */
  sword: number;
  schar: number;
  /** Zero-origin field where it ends (null: the end of the line) and the character in it (0: the field's end). */
  eword: number | null;
  echar: number;
}

export interface SortSettings {
  keys: SortKey[];
  /** The field separator, or null for "blank to non-blank transitions". */
  tab: string | null;
  reverse: boolean;
  /** No last-resort comparison of whole lines (-s, and -u's notion of equal). */
  stable: boolean;
}

export const noOptions = (): KeyOptions => ({
  blanksStart: false,
  blanksEnd: false,
  numeric: false,
  general: false,
  fold: false,
  reverse: false,
});

/** Applies option letters (bfgnr) to key options; returns the first letter it does not know. */
export function applyLetters(o: KeyOptions, letters: string, where: 'start' | 'end' | 'both'): string | null {
  for (const c of letters) {
    if (c === 'b') {
      if (where !== 'end') o.blanksStart = true;
      if (where !== 'start') o.blanksEnd = true;
    } else if (c === 'n') o.numeric = true;
    else if (c === 'g') o.general = true;
    else if (c === 'f') o.fold = true;
    else if (c === 'r') o.reverse = true;
    else return c;
  }
  return null;
}

const hasOrdering = (k: KeyOptions) => k.blanksStart || k.blanksEnd || k.numeric || k.general || k.fold || k.reverse;

/** Parses a -k argument; a key with no options of its own inherits the global ones. */
export function parseKey(spec: string, global: KeyOptions): SortKey | string {
  const m = /^(\d+)(?:\.(\d+))?([a-zA-Z]*)(?:,(\d+)(?:\.(\d+))?([a-zA-Z]*))?$/.exec(spec);
  if (!m) return `invalid number at field start: invalid count at start of '${spec}'`;
  const key: SortKey = { ...noOptions(), sword: Number(m[1]) - 1, schar: 0, eword: null, echar: 0 };
  if (key.sword < 0) return `field number is zero: invalid field specification '${spec}'`;
  if (m[2] !== undefined) {
    if (Number(m[2]) === 0) return `character offset is zero: invalid field specification '${spec}'`;
    key.schar = Number(m[2]) - 1;
  }
  const bad = applyLetters(key, m[3], 'start') ?? applyLetters(key, m[6] ?? '', 'end');
  if (bad !== null) return `invalid option -- '${bad}'`;
  if (m[4] !== undefined) {
    key.eword = Number(m[4]) - 1;
    if (key.eword < 0) return `field number is zero: invalid field specification '${spec}'`;
    key.echar = Number(m[5] ?? 0);
  }
  return hasOrdering(key) ? key : { ...key, ...global };
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/** Where a key starts in the line (GNU's begfield). */
function keyStart(line: string, k: SortKey, tab: string | null): number {
  let p = 0;
  const lim = line.length;
  for (let w = k.sword; p < lim && w > 0; w--) {
    if (tab !== null) {
      while (p < lim && line[p] !== tab) p++;
      if (p < lim) p++;
    } else {
      while (p < lim && isBlank(line[p])) p++;
      while (p < lim && !isBlank(line[p])) p++;
    }
  }
  if (k.blanksStart) while (p < lim && isBlank(line[p])) p++;
  return Math.min(lim, p + k.schar);
}

/** Where a key ends (GNU's limfield). */
function keyEnd(line: string, k: SortKey, tab: string | null): number {
  const lim = line.length;
  if (k.eword === null) return lim;
  let p = 0;
  // With no character position the key runs to the end of field eword: skip past it.
  let w = k.echar === 0 ? k.eword + 1 : k.eword;
  while (p < lim && w-- > 0) {
    if (tab !== null) {
      while (p < lim && line[p] !== tab) p++;
      if (p < lim && (w > 0 || k.echar !== 0)) p++;
    } else {
      while (p < lim && isBlank(line[p])) p++;
      while (p < lim && !isBlank(line[p])) p++;
    }
  }
  if (k.echar !== 0) {
    if (k.blanksEnd) while (p < lim && isBlank(line[p])) p++;
    p = Math.min(lim, p + k.echar);
  }
  return p;
}

/** Compares leading numbers as sort -n reads them: blanks, an optional '-', digits, a fraction. */
export function compareNumeric(a: string, b: string): number {
  const parse = (s: string) => {
    const m = /^[ \t]*(-?)(\d*)(?:\.(\d*))?/.exec(s)!;
    const int = m[2].replace(/^0+/, '');
    const frac = (m[3] ?? '').replace(/0+$/, '');
    const zero = int === '' && frac === '';
    return { neg: m[1] === '-' && !zero, int, frac };
  };
  const x = parse(a);
  const y = parse(b);
  if (x.neg !== y.neg) return x.neg ? -1 : 1;
  let c = x.int.length - y.int.length || (x.int < y.int ? -1 : x.int > y.int ? 1 : 0);
  if (c === 0) c = x.frac < y.frac ? -1 : x.frac > y.frac ? 1 : 0;
  return x.neg ? -c : c;
}

/** sort -g: by floating-point value; text that is not a number sorts first. */
function compareGeneral(a: string, b: string): number {
  const v = (s: string) => {
    const m = /^[ \t]*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s);
    return m ? Number(m[0]) : Number.NEGATIVE_INFINITY;
  };
  const x = v(a);
  const y = v(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const byteCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareKeyText(a: string, b: string, k: KeyOptions): number {
  if (k.numeric) return compareNumeric(a, b);
  if (k.general) return compareGeneral(a, b);
  if (k.fold) return byteCompare(a.toUpperCase(), b.toUpperCase());
  return byteCompare(a, b);
}

/** The keys only: 0 when every key ties (what -u calls equal); with no keys, the whole lines. */
export function compareKeys(a: string, b: string, s: SortSettings): number {
  if (s.keys.length === 0) return byteCompare(a, b);
  for (const k of s.keys) {
    const ka = a.slice(keyStart(a, k, s.tab), Math.max(keyStart(a, k, s.tab), keyEnd(a, k, s.tab)));
    const kb = b.slice(keyStart(b, k, s.tab), Math.max(keyStart(b, k, s.tab), keyEnd(b, k, s.tab)));
    const c = compareKeyText(ka, kb, k);
    if (c !== 0) return k.reverse ? -c : c;
  }
  return 0;
}

/** The full comparison: the keys, then (unless stable) the whole lines, reversed by a global -r. */
export function compareLines(a: string, b: string, s: SortSettings): number {
  if (s.keys.length > 0) {
    const c = compareKeys(a, b, s);
    if (c !== 0 || s.stable) return c;
  }
  const d = byteCompare(a, b);
  return s.reverse ? -d : d;
}
