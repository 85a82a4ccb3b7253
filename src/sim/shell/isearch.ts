import type { History } from './history.ts';

/**
 * Reverse incremental history search, readline's ^R, pure: what each key does to the
 * search. The line shows `(reverse-i-search)`query': match`; each character typed goes
 * into the query (never into the command line) and the newest entry holding it is shown,
 * ^R again looks further back, Backspace shortens the query. Enter runs the match, ^G
 * gives the search up and puts back the line as it was, Escape keeps the match to edit,
 * and any other editing key keeps it and then does what it does.
 */

export interface SearchState {
  query: string;
  /** The entry shown, or -1 before anything matched. */
  index: number;
  /** The newest entry to look at next: a match, or the end of the history. */
  failed: boolean;
}

export type SearchStep =
  | { kind: 'search'; state: SearchState }
  /** Leave the search with `text` on the line; `run` says whether Enter ran it, `nextKey` is a key to handle next. */
  | { kind: 'done'; text: string; run: boolean; nextKey: string | null }
  /** ^G: back to the line as it was before ^R. */
  | { kind: 'abort' }
  | { kind: 'interrupt' };

export function startSearch(): SearchState {
  return { query: '', index: -1, failed: false };
}

/** The newest entry at or before `from` that holds `query`, or -1. */
function findBack(h: History, query: string, from: number): number {
  for (let i = Math.min(from, h.entries.length - 1); i >= 0; i--) if (h.entries[i].includes(query)) return i;
  return -1;
}

/** The state after looking for `query` from entry `from` back; a failed search keeps the last match on show. */
function lookFor(h: History, s: SearchState, query: string, from: number): SearchState {
  if (query === '') return { query, index: s.index, failed: false };
  const i = findBack(h, query, from);
  return i < 0 ? { query, index: s.index, failed: true } : { query, index: i, failed: false };
}

/** The text the search shows on the line (the match, or what was being typed before any match). */
export function shownText(h: History, s: SearchState, original: string): string {
  return s.index >= 0 ? h.entries[s.index] : original;
}

/** What one key does to the search. */
export function searchKey(h: History, s: SearchState, key: string, original: string): SearchStep {
  const text = shownText(h, s, original);
  if (key === '\x12') {
    // ^R again: the next older entry that holds the query.
    const from = s.index < 0 ? h.entries.length - 1 : s.index - 1;
    return { kind: 'search', state: s.query === '' ? s : lookFor(h, s, s.query, from) };
  }
  if (key === '\x07') return { kind: 'abort' };
  if (key === '\x03') return { kind: 'interrupt' };
  if (key === '\r' || key === '\n') return { kind: 'done', text, run: true, nextKey: null };
  if (key === '\x1b') return { kind: 'done', text, run: false, nextKey: null };
  if (key === '\x7f' || key === '\b') {
    const query = [...s.query].slice(0, -1).join('');
    return { kind: 'search', state: lookFor(h, { ...s, index: -1 }, query, h.entries.length - 1) };
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a control key ends the search; a printable one extends it.
  if (key.length > 0 && !/[\x00-\x1f\x7f]/.test(key)) {
    const from = s.index < 0 ? h.entries.length - 1 : s.index;
    return { kind: 'search', state: lookFor(h, s, s.query + key, from) };
  }
  return { kind: 'done', text, run: false, nextKey: key };
}

/** The search's line: readline's prompt, the query, the match, with the cursor on the match. */
export function searchLine(h: History, s: SearchState, original: string): { text: string; cursor: number } {
  const label = `(${s.failed ? 'failed ' : ''}reverse-i-search)\`${s.query}': `;
  const text = shownText(h, s, original);
  const at = s.query === '' ? -1 : text.indexOf(s.query);
  return { text: label + text, cursor: label.length + Math.max(at, 0) };
}
