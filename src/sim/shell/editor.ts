/**
 * The line editor's logic, pure: what a key does to the line being typed, and what the
 * terminal must be sent to show the change. The terminal is in raw mode while the shell
 * reads a line, so nothing appears unless the shell writes it; reading keys and writing
 * the output is lineread.ts's job.
 *
 * Output stays plain where it can (typing at the end writes just the character, Backspace
 * at the end writes `\b \b`), so a transcript of the screen reads like what the user saw.
 */

/** The line and the cursor in it (a UTF-16 index, always at a character boundary). */
export interface LineState {
  text: string;
  cursor: number;
}

export type EditAction =
  | { kind: 'edit'; next: LineState }
  | { kind: 'submit' }
  /** ^D on an empty line. */
  | { kind: 'eof' }
  /** ^C: the line is dropped. */
  | { kind: 'interrupt' }
  /** ^L: clear the screen, then draw the prompt and line again. */
  | { kind: 'redraw' }
  | { kind: 'complete' }
  | { kind: 'history'; step: -1 | 1 }
  | { kind: 'none' };

export const KEYS = {
  up: ['\x1b[A', '\x1bOA', '\x10'],
  down: ['\x1b[B', '\x1bOB', '\x0e'],
  right: ['\x1b[C', '\x1bOC', '\x06'],
  left: ['\x1b[D', '\x1bOD', '\x02'],
  home: ['\x1b[H', '\x1bOH', '\x1b[1~', '\x1b[7~', '\x01'],
  end: ['\x1b[F', '\x1bOF', '\x1b[4~', '\x1b[8~', '\x05'],
  delete: ['\x1b[3~'],
  backspace: ['\x7f', '\b'],
  enter: ['\r', '\n'],
} as const;

function is(key: string, names: readonly string[]): boolean {
  return names.includes(key);
}

export function emptyLine(): LineState {
  return { text: '', cursor: 0 };
}

/** What a key does. Any key not listed (function keys, ^Z, ^\) does nothing. */
export function keyAction(st: LineState, key: string): EditAction {
  const { text, cursor } = st;
  const edit = (t: string, c: number): EditAction => ({ kind: 'edit', next: { text: t, cursor: c } });
  if (is(key, KEYS.enter)) return { kind: 'submit' };
  if (key === '\x03') return { kind: 'interrupt' };
  if (key === '\x04') return text === '' ? { kind: 'eof' } : cursor < text.length ? edit(text.slice(0, cursor) + text.slice(after(text, cursor)), cursor) : { kind: 'none' };
  if (key === '\x0c') return { kind: 'redraw' };
  if (key === '\t') return { kind: 'complete' };
  if (is(key, KEYS.up)) return { kind: 'history', step: -1 };
  if (is(key, KEYS.down)) return { kind: 'history', step: 1 };
  if (is(key, KEYS.left)) return edit(text, before(text, cursor));
  if (is(key, KEYS.right)) return edit(text, after(text, cursor));
  if (is(key, KEYS.home)) return edit(text, 0);
  if (is(key, KEYS.end)) return edit(text, text.length);
  if (is(key, KEYS.backspace)) return cursor === 0 ? { kind: 'none' } : edit(text.slice(0, before(text, cursor)) + text.slice(cursor), before(text, cursor));
  if (is(key, KEYS.delete)) return cursor === text.length ? { kind: 'none' } : edit(text.slice(0, cursor) + text.slice(after(text, cursor)), cursor);
  if (key === '\x15') return edit(text.slice(cursor), 0); // ^U: kill back to the start
  if (key === '\x0b') return edit(text.slice(0, cursor), cursor); // ^K: kill to the end
  if (key === '\x17') {
    // ^W: the word before the cursor, and the blanks after it
    const start = text.slice(0, cursor).replace(/\S*\s*$/, '').length;
    return edit(text.slice(0, start) + text.slice(cursor), start);
  }
  if (isPrintable(key)) return edit(text.slice(0, cursor) + key + text.slice(cursor), cursor + key.length);
  return { kind: 'none' };
}

/** A key that inserts itself: one character that is not a control character (pasted text may hold several). */
function isPrintable(key: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rules out.
  return key.length > 0 && !/[\x00-\x1f\x7f]/.test(key);
}

function before(text: string, i: number): number {
  if (i <= 0) return 0;
  const low = text.charCodeAt(i - 1);
  return i >= 2 && low >= 0xdc00 && low <= 0xdfff ? i - 2 : i - 1;
}

function after(text: string, i: number): number {
  if (i >= text.length) return text.length;
  const high = text.charCodeAt(i);
  return high >= 0xd800 && high <= 0xdbff && i + 1 < text.length ? i + 2 : i + 1;
}

/** Screen columns a stretch of text takes: one per character. */
export function width(text: string): number {
  return [...text].length;
}

function left(n: number): string {
  return n <= 0 ? '' : n === 1 ? '\b' : `\x1b[${n}D`;
}

function right(n: number): string {
  return n <= 0 ? '' : `\x1b[${n}C`;
}

/**
 * What to send the terminal to turn the line as shown (`prev`, cursor where it is) into
 * `next`: back to where they first differ, the new text from there, erase what is left of
 * the old, then to the new cursor.
 */
export function render(prev: LineState, next: LineState): string {
  if (prev.text === next.text) {
    const from = width(prev.text.slice(0, prev.cursor));
    const to = width(next.text.slice(0, next.cursor));
    return to < from ? left(from - to) : right(to - from);
  }
  const atEnd = prev.cursor === prev.text.length && next.cursor === next.text.length;
  if (atEnd && next.text.startsWith(prev.text)) return next.text.slice(prev.text.length);
  if (atEnd && prev.text.startsWith(next.text)) return '\b \b'.repeat(width(prev.text) - width(next.text));
  let same = 0;
  const limit = Math.min(prev.cursor, next.text.length, prev.text.length);
  while (same < limit && prev.text[same] === next.text[same]) same++;
  // Never split a surrogate pair: the shared part ends before the pair if it ends inside one.
  const low = next.text.charCodeAt(same);
  if (same > 0 && low >= 0xdc00 && low <= 0xdfff) same--;
  let out = left(width(prev.text.slice(same, prev.cursor)));
  out += next.text.slice(same);
  if (width(next.text) < width(prev.text)) out += '\x1b[K';
  out += left(width(next.text.slice(next.cursor)));
  return out;
}

/** Draws a line from the start of the prompt's line: prompt, text, cursor placed. */
export function drawLine(prompt: string, st: LineState): string {
  return prompt + st.text + left(width(st.text.slice(st.cursor)));
}

/** A new line state showing `text` with the cursor at its end (a history entry, a completion). */
export function lineWith(text: string): LineState {
  return { text, cursor: text.length };
}
