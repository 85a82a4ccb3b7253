/**
 * The command history: every line the user entered, oldest first, numbered from 1 as
 * `history` shows them. A line the same as the one before it is kept once (bash's
 * ignoredups), and the list is bounded so a long session cannot grow it without end.
 */
export interface History {
  entries: string[];
  /** The number of the first entry kept (entries dropped off the front keep their numbers). */
  first: number;
}

export const HISTORY_MAX = 500;

export function createHistory(): History {
  return { entries: [], first: 1 };
}

export function addHistory(h: History, line: string): void {
  const text = line.replace(/\n+$/, '');
  if (text.trim() === '' || h.entries[h.entries.length - 1] === text) return;
  h.entries.push(text);
  if (h.entries.length > HISTORY_MAX) {
    h.entries.shift();
    h.first++;
  }
}

/** `history [n]`: the last n entries (all without n), numbered as bash prints them. */
export function formatHistory(h: History, last?: number): string {
  const from = last === undefined ? 0 : Math.max(0, h.entries.length - last);
  let out = '';
  for (let i = from; i < h.entries.length; i++) out += `${String(h.first + i).padStart(5)}  ${h.entries[i]}\n`;
  return out;
}

/**
 * Walking the history from the line editor: `index` is the entry on screen (entries.length
 * means the line being typed, which `draft` keeps while the user looks back).
 */
export interface HistoryCursor {
  index: number;
  draft: string;
}

export function startBrowsing(h: History): HistoryCursor {
  return { index: h.entries.length, draft: '' };
}

/** The line one step older (-1) or newer (+1), or null at either end. */
export function browse(h: History, cur: HistoryCursor, step: -1 | 1, current: string): string | null {
  const next = cur.index + step;
  if (next < 0 || next > h.entries.length) return null;
  if (cur.index === h.entries.length) cur.draft = current;
  cur.index = next;
  return next === h.entries.length ? cur.draft : h.entries[next];
}

/**
 * bash's history expansion, for interactive lines: `!!` is the last command, `!prefix`
 * the last command starting with prefix. Nothing expands inside single quotes, after a
 * backslash, or where `!` is followed by a blank, `=`, `(` or the end. Returns the line
 * (changed says whether anything expanded, so the shell can echo it, as bash does), or
 * bash's error for an event that is not there.
 */
/**
 * A `!` that the shell's own syntax uses, which history leaves alone as bash does: the last
 * background pid `$!`, the indirection `${!name}`, and a negated bracket `[!...]`.
 */
function notAnEvent(line: string, i: number): boolean {
  const before = line[i - 1];
  if (before === '$') return true;
  if (before === '{' && line[i - 2] === '$') return line.includes('}', i + 1);
  return before === '[' && line.includes(']', i + 1);
}

export function expandHistory(h: History, line: string): { ok: true; line: string; changed: boolean } | { ok: false; message: string } {
  let out = '';
  let changed = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "'") quoted = !quoted;
    if (ch === '\\' && !quoted) {
      out += ch + (line[i + 1] ?? '');
      i++;
      continue;
    }
    const next = line[i + 1];
    if (ch !== '!' || quoted || next === undefined || /[\s=(]/.test(next) || notAnEvent(line, i)) {
      out += ch;
      continue;
    }
    if (next === '!') {
      const last = h.entries[h.entries.length - 1];
      if (last === undefined) return { ok: false, message: '!!: event not found' };
      out += last;
      changed = true;
      i++;
      continue;
    }
    const prefix = /^[^\s;&|<>()'"]+/.exec(line.slice(i + 1))?.[0] ?? '';
    const found = [...h.entries].reverse().find((e) => e.startsWith(prefix));
    if (found === undefined) return { ok: false, message: `!${prefix}: event not found` };
    out += found;
    changed = true;
    i += prefix.length;
  }
  return { ok: true, line: out, changed };
}
