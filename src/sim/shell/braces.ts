import type { Word, WordPart } from './ast.ts';

/**
 * Brace expansion, bash's first expansion: `a{b,c}d` is `abd acd`, `{1..3}` is `1 2 3`,
 * `{a..e..2}` is `a c e`, and braces nest. Only unquoted braces and commas count, so
 * `"{a,b}"` and `\{a,b}` stay as written, and `{a}` (no comma, no range) is just text.
 *
 * The word is read as a row of units: each unquoted literal character is a unit of its
 * own, and every other part (a quote, a parameter) is one opaque unit carried along whole.
 */

type Unit = { ch: string } | { part: WordPart };

/** At most this many words from one word, so `{1..999999999}` cannot exhaust the host. */
export const MAX_BRACE_WORDS = 100_000;

export function braceExpand(word: Word): Word[] {
  if (!word.parts.some((p) => p.kind === 'literal' && p.text.includes('{'))) return [word];
  const units: Unit[] = word.parts.flatMap((part): Unit[] => (part.kind === 'literal' ? [...part.text].map((ch) => ({ ch })) : [{ part }]));
  return expandUnits(units).map(toWord);
}

function isChar(u: Unit | undefined, ch: string): boolean {
  return u !== undefined && 'ch' in u && u.ch === ch;
}

function expandUnits(units: Unit[]): Unit[][] {
  for (let open = 0; open < units.length; open++) {
    if (!isChar(units[open], '{')) continue;
    const found = findClose(units, open);
    if (!found) continue;
    const { close, commas } = found;
    const inner = units.slice(open + 1, close);
    let alternatives: Unit[][] | null = null;
    if (commas.length > 0) {
      alternatives = [];
      let start = open + 1;
      for (const comma of [...commas, close]) {
        alternatives.push(units.slice(start, comma));
        start = comma + 1;
      }
    } else {
      const seq = sequence(inner);
      if (seq) alternatives = seq.map((text) => [...text].map((ch) => ({ ch })));
    }
    if (!alternatives) continue;
    const prefix = units.slice(0, open);
    const suffixes = expandUnits(units.slice(close + 1));
    const out: Unit[][] = [];
    for (const alt of alternatives) {
      for (const middle of expandUnits(alt)) {
        for (const suffix of suffixes) {
          if (out.length >= MAX_BRACE_WORDS) return out;
          out.push([...prefix, ...middle, ...suffix]);
        }
      }
    }
    return out;
  }
  return [units];
}

/** The `}` matching the `{` at `open`, and the top-level commas between them; null if none closes it. */
function findClose(units: Unit[], open: number): { close: number; commas: number[] } | null {
  let depth = 0;
  const commas: number[] = [];
  for (let i = open + 1; i < units.length; i++) {
    if (isChar(units[i], '{')) depth++;
    else if (isChar(units[i], '}')) {
      if (depth === 0) return { close: i, commas };
      depth--;
    } else if (isChar(units[i], ',') && depth === 0) commas.push(i);
  }
  return null;
}

/** `{1..5}`, `{05..10}`, `{a..e}`, `{10..1..3}`: the words of a sequence, or null when it is not one. */
function sequence(inner: Unit[]): string[] | null {
  if (!inner.every((u) => 'ch' in u)) return null;
  const text = inner.map((u) => ('ch' in u ? u.ch : '')).join('');
  const m = /^(-?[0-9]+|[A-Za-z])\.\.(-?[0-9]+|[A-Za-z])(?:\.\.(-?[0-9]+))?$/.exec(text);
  if (!m) return null;
  const [, from, to, stepText] = m;
  const step = Math.abs(Number(stepText ?? '1')) || 1;
  const numeric = /[0-9]/.test(from) && /[0-9]/.test(to);
  if (!numeric && (/[0-9]/.test(from) || /[0-9]/.test(to))) return null;
  const a = numeric ? Number(from) : from.charCodeAt(0);
  const b = numeric ? Number(to) : to.charCodeAt(0);
  if (Math.abs(b - a) / step > MAX_BRACE_WORDS) return null;
  const width = numeric && (/^-?0[0-9]/.test(from) || /^-?0[0-9]/.test(to)) ? Math.max(from.length, to.length) : 0;
  const out: string[] = [];
  for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? step : -step) {
    if (!numeric) out.push(String.fromCharCode(v));
    else out.push(width > 0 ? (v < 0 ? `-${String(-v).padStart(width - 1, '0')}` : String(v).padStart(width, '0')) : String(v));
  }
  return out;
}

function toWord(units: Unit[]): Word {
  const parts: WordPart[] = [];
  for (const u of units) {
    if ('part' in u) {
      parts.push(u.part);
      continue;
    }
    const last = parts[parts.length - 1];
    if (last?.kind === 'literal') last.text += u.ch;
    else parts.push({ kind: 'literal', text: u.ch });
  }
  // `{,}` can leave nothing at all: the word is then empty, and expands to no field.
  return { parts };
}
