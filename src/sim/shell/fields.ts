/**
 * Field splitting, as POSIX describes it (XCU 2.6.5), over a word whose characters are
 * marked by where they came from. Only characters produced by an unquoted expansion can
 * split a word; literal text and anything quoted never do.
 *
 * With IFS unset the separators are space, tab and newline; with IFS empty nothing splits.
 * Runs of IFS white space separate fields and are dropped at either end; every other IFS
 * character ends a field by itself (so `a::b` with IFS=`:` is `a`, ``, `b`), taking the
 * IFS white space around it along.
 */

export const DEFAULT_IFS = ' \t\n';

/** One field: its text with quotes removed, and the same text as a glob pattern. */
export interface Field {
  text: string;
  /** The text with every quoted `*`, `?`, `[`, `]` and `\` escaped, so only unquoted ones act as pattern characters. */
  pattern: string;
}

/**
 * Where splitting stands: no field open yet ('start'), inside a field ('field'), or just
 * past white space that ended one ('after-white', where a `:`-like separator joins that
 * white space rather than making an empty field).
 */
type SplitState = 'start' | 'field' | 'after-white';

export interface Splitter {
  white: string;
  other: string;
  fields: Field[];
  current: Field;
  state: SplitState;
}

export function createSplitter(ifs: string | undefined): Splitter {
  const chars = ifs ?? DEFAULT_IFS;
  const white = [...chars].filter((c) => c === ' ' || c === '\t' || c === '\n').join('');
  const other = [...chars].filter((c) => !white.includes(c)).join('');
  return { white, other, fields: [], current: { text: '', pattern: '' }, state: 'start' };
}

/**
 * Where text comes from decides how it acts in a pattern: quoted text matches only
 * itself; unquoted literal text keeps its `*`, `?` and `[` as pattern characters, but a
 * backslash in it is just a backslash (the lexer leaves none there; a hand-built tree
 * might); text from an unquoted expansion goes in as it is, backslashes and all.
 */
export type TextSource = 'quoted' | 'literal' | 'expansion';

/**
 * Text that does not split. Even empty quoted text opens a field, which is how `""`
 * becomes one empty argument while an empty `$x` becomes none.
 */
export function addText(s: Splitter, text: string, source: TextSource): void {
  s.state = 'field';
  s.current.text += text;
  s.current.pattern += source === 'quoted' ? escapePattern(text) : source === 'literal' ? text.replace(/\\/g, '\\\\') : text;
}

/** Text from an unquoted expansion: its IFS characters separate fields, and the rest may glob. */
export function addSplittable(s: Splitter, text: string): void {
  for (const ch of text) {
    if (s.white.includes(ch)) {
      if (s.state === 'field') endField(s, 'after-white');
    } else if (s.other.includes(ch)) {
      if (s.state === 'after-white') s.state = 'start';
      else endField(s, 'start');
    } else {
      addText(s, ch, 'expansion');
    }
  }
}

/** Ends the open field, if any: between positional parameters, each of which is a field of its own. */
export function breakField(s: Splitter): void {
  if (s.state === 'field') endField(s, 'start');
  else s.state = 'start';
}

export function finishFields(s: Splitter): Field[] {
  if (s.state === 'field') endField(s, 'start');
  return s.fields;
}

/** Closes the open field (an empty one too, when a separator like `:` ends it) and moves on. */
function endField(s: Splitter, next: SplitState): void {
  s.fields.push(s.current);
  s.current = { text: '', pattern: '' };
  s.state = next;
}

/** Makes quoted text match only itself when it becomes part of a glob pattern. */
export function escapePattern(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
