/**
 * Bracket expressions (`[abc]`, `[^a-z]`, `[[:digit:]]`), read once for every matcher that
 * has them: grep's and sed's regular expressions (`regex`, POSIX) and the shell's patterns
 * (`glob`, fnmatch). Each matcher turns the members into its own form (a test per
 * character, a JavaScript class); what a bracket contains and where it ends is decided
 * here alone. The two dialects differ as the standards do:
 *
 * | | regex | glob |
 * |---|---|---|
 * | negation | `^` | `!` or `^` |
 * | backslash | a member like any other | makes the next character plain |
 * | no closing `]` | error | not a bracket (the `[` is plain) |
 * | unknown `[:class:]` | error | matches nothing |
 * | range written backwards (`z-a`) | error | matches nothing |
 * | `[=x=]`, `[.x.]` | an element | plain characters |
 * | a character | one UTF-16 unit | one code point |
 *
 * In both, a `]` right after the opening (and its negation) is a member, and a `-` first
 * or last is a member.
 */

/** The POSIX classes in the C locale (ASCII, the simulator's only locale), as JavaScript class members. */
export const CHAR_CLASSES: Readonly<Record<string, string>> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: '0-9A-Za-z',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\t\\n\\v\\f\\r ',
  blank: '\\t ',
  punct: '!-\\/:-@\\[-`{-~',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
  xdigit: '0-9A-Fa-f',
};

export type BracketDialect = 'regex' | 'glob';

export type BracketItem =
  | { kind: 'char'; ch: string }
  /** lo <= hi (a range written backwards is an error or left out). */
  | { kind: 'range'; lo: string; hi: string }
  /** A name in CHAR_CLASSES. */
  | { kind: 'class'; name: string }
  /** `[=x=]` or `[.x.]`: the text between the marks (regex only). */
  | { kind: 'element'; text: string };

export interface Bracket {
  negate: boolean;
  items: BracketItem[];
  /** The index just after the closing `]`. */
  end: number;
}

/** GNU's words for what is wrong with a bracket in a regular expression. */
export const UNMATCHED_BRACKET = 'Unmatched [, [^, [:, [., or [=';

/**
 * The bracket expression whose `[` is at p[i]. A regex bracket that cannot be read is an
 * error naming why; a glob bracket that does not close is null (the `[` is then a plain
 * character).
 */
export function scanBracket(p: string, i: number, dialect: BracketDialect): Bracket | { error: string } | null {
  const glob = dialect === 'glob';
  const unclosed = glob ? null : { error: UNMATCHED_BRACKET };
  let j = i + 1;
  const negate = p[j] === '^' || (glob && p[j] === '!');
  if (negate) j++;
  const items: BracketItem[] = [];
  for (let first = true; ; first = false) {
    if (j >= p.length) return unclosed;
    if (p[j] === ']' && !first) break;
    const mark = p[j + 1];
    if (p[j] === '[' && (mark === ':' || (!glob && (mark === '=' || mark === '.')))) {
      const close = p.indexOf(`${mark}]`, j + 2);
      if (close < 0 && !glob) return unclosed;
      if (close >= 0) {
        const text = p.slice(j + 2, close);
        if (mark !== ':') items.push({ kind: 'element', text });
        else if (Object.hasOwn(CHAR_CLASSES, text)) items.push({ kind: 'class', name: text });
        else if (!glob) return { error: 'Invalid character class name' };
        j = close + 2;
        continue;
      }
    }
    const low = readMember(p, j, glob);
    j = low.end;
    if (p[j] === '-' && j + 1 < p.length && p[j + 1] !== ']') {
      const high = readMember(p, j + 1, glob);
      j = high.end;
      if (codeOf(high.ch) >= codeOf(low.ch)) items.push({ kind: 'range', lo: low.ch, hi: high.ch });
      else if (!glob) return { error: 'Invalid range end' };
    } else {
      items.push({ kind: 'char', ch: low.ch });
    }
  }
  return { negate, items, end: j + 1 };
}

/** One member character at i: in a glob a backslash makes the next one plain (a trailing one is itself). */
function readMember(p: string, i: number, glob: boolean): { ch: string; end: number } {
  if (!glob) return { ch: p[i], end: i + 1 };
  const at = p[i] === '\\' && i + 1 < p.length ? i + 1 : i;
  const ch = String.fromCodePoint(p.codePointAt(at)!);
  return { ch, end: at + ch.length };
}

function codeOf(ch: string): number {
  return ch.codePointAt(0)!;
}
