import { type Exact, fromInteger, type LongDouble, parseLongDouble, toExponentialC, toFixedC } from './decimal.ts';

/**
 * printf(1) as bash's builtin printf does it, as a pure function: escapes in the format,
 * the conversions %d %i %u %o %x %X %c %s %b %q %f %F %e %E %g %G and %% with flags,
 * width and precision (either may be `*`), and the format reused while arguments remain.
 * Integers are BigInts, so a negative number printed with %x wraps at 64 bits as in C.
 */

export interface Formatted {
  text: string;
  /** Messages for bad arguments or formats ("12abc: invalid number"). */
  errors: string[];
  /** A bad conversion character: output stopped there. */
  fatal: boolean;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

const isOct = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/**
 * Decodes the backslash escape at s[i] (which is the backslash). `mode` picks the dialect:
 * 'format' (printf's format: \NNN), 'b' (%b: \0NNN or \NNN, and \c), 'echo' (echo -e: only
 * \0NNN, and \c). Returns the text and the index after the escape; `stop` for \c.
 */
export function decodeEscape(s: string, i: number, mode: 'format' | 'b' | 'echo'): { text: string; next: number; stop?: boolean } {
  const c = s[i + 1];
  if (c === undefined) return { text: '\\', next: i + 1 };
  if (c in SIMPLE_ESCAPES) return { text: SIMPLE_ESCAPES[c], next: i + 2 };
  if (mode === 'format' && (c === '"' || c === "'" || c === '?')) return { text: c, next: i + 2 };
  if (c === 'c' && mode !== 'format') return { text: '', next: i + 2, stop: true };
  if (isOct(c) && !(mode === 'echo' && c !== '0')) {
    // A leading 0 in %b and echo -e introduces up to three more digits.
    let max = c === '0' && mode !== 'format' ? 4 : 3;
    let j = i + 1;
    let v = 0;
    while (max-- > 0 && isOct(s[j])) v = v * 8 + Number(s[j++]);
    return { text: String.fromCharCode(v & 0xff), next: j };
  }
  if (c === 'x' || c === 'u' || c === 'U') {
    const max = c === 'x' ? 2 : c === 'u' ? 4 : 8;
    let j = i + 2;
    while (j < i + 2 + max && isHex(s[j])) j++;
    if (j === i + 2) return { text: `\\${c}`, next: j };
    const v = Number.parseInt(s.slice(i + 2, j), 16);
    return { text: v <= 0x10ffff ? String.fromCodePoint(v) : '', next: j };
  }
  return { text: `\\${c}`, next: i + 2 };
}

/** Expands every escape in `s` (%b's argument, echo -e's words); `stop` if \c was met. */
export function expandEscapes(s: string, mode: 'b' | 'echo'): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; ) {
    if (s[i] !== '\\') {
      out += s[i++];
      continue;
    }
    const e = decodeEscape(s, i, mode);
    if (e.stop) return { text: out, stop: true };
    out += e.text;
    i = e.next;
  }
  return { text: out, stop: false };
}

/** The widest field (and the longest precision) printed: a simulator has no use for more. */
const MAX_FIELD = 4096;

interface Spec {
  flags: string;
  width: number | null;
  precision: number | null;
  conv: string;
}

/** Parses an integer argument as strtoimax with base 0 does; 'c or "c is the character's code. */
function toInt(arg: string, errors: string[]): bigint {
  if (/^['"]/.test(arg)) return arg.length > 1 ? BigInt(arg.codePointAt(1) ?? 0) : 0n;
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)/.exec(arg);
  if (!m) {
    if (arg.trim() !== '') errors.push(`${arg}: invalid number`);
    return 0n;
  }
  if (m[0].length !== arg.length) errors.push(`${arg}: invalid number`);
  const digits = m[2];
  const v = /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 && digits[0] === '0' ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  return m[1] === '-' ? -v : v;
}

function toFloat(arg: string, errors: string[]): LongDouble {
  if (/^['"]/.test(arg)) return fromInteger(arg.length > 1 ? (arg.codePointAt(1) ?? 0) : 0);
  const r = parseLongDouble(arg);
  if (!r) {
    if (arg.trim() !== '') errors.push(`${arg}: invalid number`);
    return fromInteger(0);
  }
  if (r.rest !== '') errors.push(`${arg}: invalid number`);
  return r.value;
}

/** Pads to the width: left with spaces, right with '-', or with zeros after the sign. */
function pad(body: string, spec: Spec, zeroOk: boolean): string {
  const w = spec.width ?? 0;
  if (body.length >= w) return body;
  if (spec.flags.includes('-')) return body.padEnd(w);
  if (zeroOk && spec.flags.includes('0')) {
    const sign = /^([+\- ]|0[xX])/.exec(body)?.[0] ?? '';
    return sign + body.slice(sign.length).padStart(w - sign.length, '0');
  }
  return body.padStart(w);
}

function formatInt(v: bigint, spec: Spec): string {
  const c = spec.conv;
  const unsigned = c === 'u' || c === 'o' || c === 'x' || c === 'X';
  if (unsigned && v < 0n) v = BigInt.asUintN(64, v);
  const neg = v < 0n;
  let digits = (neg ? -v : v).toString(c === 'o' ? 8 : c === 'x' || c === 'X' ? 16 : 10);
  if (c === 'X') digits = digits.toUpperCase();
  if (spec.precision !== null) digits = spec.precision === 0 && v === 0n ? '' : digits.padStart(spec.precision, '0');
  if (spec.flags.includes('#')) {
    if (c === 'o' && !digits.startsWith('0')) digits = `0${digits}`;
    if ((c === 'x' || c === 'X') && v !== 0n) digits = (c === 'x' ? '0x' : '0X') + digits;
  }
  const sign = neg ? '-' : unsigned ? '' : spec.flags.includes('+') ? '+' : spec.flags.includes(' ') ? ' ' : '';
  return pad(sign + digits, spec, spec.precision === null);
}

/** C's %e body: d.ddde+XX with at least two exponent digits. */
function expForm(v: Exact, prec: number): string {
  const { mantissa, exponent } = toExponentialC(v, prec);
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

function formatFloat(v: LongDouble, spec: Spec): string {
  const c = spec.conv.toLowerCase();
  const upper = spec.conv !== c;
  const sign = v.neg ? '-' : spec.flags.includes('+') ? '+' : spec.flags.includes(' ') ? ' ' : '';
  let body: string;
  if (v.kind !== 'finite') {
    body = v.kind;
  } else if (c === 'f') {
    body = toFixedC(v, Math.min(spec.precision ?? 6, 100));
    if (spec.flags.includes('#') && !body.includes('.')) body += '.';
  } else if (c === 'e') {
    body = expForm(v, Math.min(spec.precision ?? 6, 100));
  } else {
    // %g: %e or %f by the exponent, then without trailing zeros unless '#'.
    const p = spec.precision === null ? 6 : Math.max(1, Math.min(spec.precision, 100));
    const x = toExponentialC(v, p - 1).exponent;
    body = x < -4 || x >= p ? expForm(v, p - 1) : toFixedC(v, p - 1 - x);
    if (!spec.flags.includes('#') && body.includes('.')) body = body.replace(/\.?0+(?=e|$)/, '');
  }
  if (upper) body = body.toUpperCase();
  return pad(sign + body, spec, v.kind === 'finite');
}

/** bash's %q: the argument quoted so that the shell reads it back as one word. */
function shellQuote(s: string): string {
  if (s === '') return "''";
  return s.replace(/[^\w@%+=:,./-]/g, (ch) => (ch === '\n' ? "$'\\n'" : `\\${ch}`));
}

/** Formats `args` with `format`, reusing the format while arguments remain. */
export function formatPrintf(format: string, args: readonly string[]): Formatted {
  const errors: string[] = [];
  let text = '';
  let ai = 0;
  const next = (): string | undefined => (ai < args.length ? args[ai++] : undefined);
  for (;;) {
    const before = ai;
    for (let i = 0; i < format.length; ) {
      const ch = format[i];
      if (ch === '\\') {
        const e = decodeEscape(format, i, 'format');
        text += e.text;
        i = e.next;
        continue;
      }
      if (ch !== '%') {
        text += ch;
        i++;
        continue;
      }
      const m = /^%([-+ #0']*)(\*|\d+)?(?:\.(\*|\d*))?(hh|h|ll|l|L|j|z|t)?(.?)/.exec(format.slice(i));
      if (!m) break;
      i += m[0].length;
      if (m[5] === '%') {
        text += '%';
        continue;
      }
      const star = (v: string | undefined) => (v === '*' ? Number(toInt(next() ?? '', errors)) : v === undefined ? null : Number(v || 0));
      const spec: Spec = { flags: m[1], width: star(m[2]), precision: star(m[3]), conv: m[5] };
      if (spec.width !== null && spec.width < 0) {
        spec.flags += '-';
        spec.width = -spec.width;
      }
      if (spec.precision !== null && spec.precision < 0) spec.precision = null;
      // A width or precision beyond any screen is cut short rather than allocated.
      if (spec.width !== null) spec.width = Math.min(spec.width, MAX_FIELD);
      if (spec.precision !== null) spec.precision = Math.min(spec.precision, MAX_FIELD);
      const conv = spec.conv;
      if ('diouxX'.includes(conv) && conv !== '') {
        text += formatInt(toInt(next() ?? '', errors), spec);
      } else if ('fFeEgG'.includes(conv) && conv !== '') {
        text += formatFloat(toFloat(next() ?? '', errors), spec);
      } else if (conv === 's' || conv === 'b' || conv === 'q' || conv === 'c') {
        let s = next() ?? '';
        let stop = false;
        if (conv === 'b') ({ text: s, stop } = expandEscapes(s, 'b'));
        if (conv === 'q') s = shellQuote(s);
        // An empty argument's first character is the terminating NUL, which %c prints.
        if (conv === 'c') s = s === '' ? '\0' : s.slice(0, 1);
        else if (spec.precision !== null) s = s.slice(0, spec.precision);
        text += pad(s, spec, false);
        if (stop) return { text, errors, fatal: false };
      } else {
        errors.push(conv === '' ? `\`%': missing format character` : `\`${conv}': invalid format character`);
        return { text, errors, fatal: true };
      }
    }
    if (ai >= args.length || ai === before) return { text, errors, fatal: false };
  }
}
