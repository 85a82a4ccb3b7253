import * as sys from '../libc/sys.ts';
import { BUILTINS } from './builtins.ts';
import { getVar, type Shell } from './state.ts';

/**
 * Tab completion. The word before the cursor is completed as a command name where a
 * command starts (builtins, and the programs the kernel can spawn, from the `programs`
 * syscall), and as a path everywhere else (through readdir, with stat telling directories
 * apart). One match is inserted whole; several insert what they have in common, and are
 * listed on a second Tab.
 */

export interface Completion {
  /** Text to insert at the cursor (already escaped for the shell). */
  insert: string;
  /** Every match, as listed on a double Tab (directories with a trailing `/`). */
  candidates: string[];
}

/** Characters that end a word, for finding where the word under the cursor starts. */
const WORD_BREAK = /[\s|&;()<>]/;
/** Characters a completed name must escape to stay one word. */
const SPECIAL = /[\s|&;()<>'"\\$`*?[\]#]/g;
const MAX_STATS = 200;

/** The word the cursor ends, and whether it stands where a command name goes. */
export function wordAt(line: string, cursor: number): { start: number; word: string; command: boolean } {
  let start = cursor;
  while (start > 0 && !(WORD_BREAK.test(line[start - 1]) && line[start - 2] !== '\\')) start--;
  const before = line.slice(0, start);
  // A command starts a line or follows | & ; ( (and && ||), perhaps after NAME=value words.
  const command = /(^|[|&;(])\s*([A-Za-z_][A-Za-z0-9_]*=\S*\s+)*$/.test(before);
  return { start, word: line.slice(start, cursor), command };
}

export function* complete(sh: Shell, line: string, cursor: number): sys.Sys<Completion> {
  const { word, command } = wordAt(line, cursor);
  const typed = word.replace(/\\(.)/g, '$1');
  if (command && !typed.includes('/')) {
    const programs = yield* sys.programs();
    const names = [...new Set([...Object.keys(BUILTINS), ...programs])].filter((n) => n.startsWith(typed)).sort();
    return finish(typed, names, (name) => name, ' ');
  }
  return yield* completePath(sh, typed);
}

function* completePath(sh: Shell, typed: string): sys.Sys<Completion> {
  const slash = typed.lastIndexOf('/');
  const dirPart = typed.slice(0, slash + 1);
  const base = typed.slice(slash + 1);
  const home = getVar(sh, 'HOME');
  const dir = dirPart === '' ? '.' : dirPart.startsWith('~/') && home !== undefined ? home + dirPart.slice(1) : dirPart;
  const entries = yield* sys.readdir(dir);
  if (typeof entries === 'number') return { insert: '', candidates: [] };
  const names = entries
    .map((e) => e.name)
    .filter((n) => n !== '.' && n !== '..' && n.startsWith(base) && (base.startsWith('.') || !n.startsWith('.')))
    .sort();
  const dirs = new Set<string>();
  for (const name of names.slice(0, MAX_STATS)) {
    const st = yield* sys.stat(`${dir.endsWith('/') ? dir : `${dir}/`}${name}`);
    if (typeof st !== 'number' && st.type === 'dir') dirs.add(name);
  }
  const shown = (name: string) => (dirs.has(name) ? `${name}/` : name);
  return finish(base, names, shown, names.length === 1 && dirs.has(names[0]) ? '' : ' ');
}

/** One match: the rest of it and `suffix`; several: what they share, and the list. */
function finish(typed: string, names: string[], shown: (name: string) => string, suffix: string): Completion {
  if (names.length === 0) return { insert: '', candidates: [] };
  if (names.length === 1) return { insert: escapeWord(shown(names[0]).slice(typed.length)) + suffix, candidates: [shown(names[0])] };
  return { insert: escapeWord(commonPrefix(names).slice(typed.length)), candidates: names.map(shown) };
}

export function commonPrefix(names: string[]): string {
  let prefix = names[0] ?? '';
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

function escapeWord(text: string): string {
  return text.replace(SPECIAL, '\\$&');
}

/** Candidates laid out in columns for an 80-column terminal, as a shell lists them. */
export function columns(candidates: string[], termWidth = 80): string {
  const w = Math.max(...candidates.map((c) => [...c].length)) + 2;
  const perRow = Math.max(1, Math.floor(termWidth / w));
  const rows = Math.ceil(candidates.length / perRow);
  let out = '';
  for (let r = 0; r < rows; r++) {
    let row = '';
    for (let c = 0; c < perRow; c++) {
      const item = candidates[c * rows + r];
      if (item !== undefined) row += item.padEnd(w);
    }
    out += `${row.trimEnd()}\n`;
  }
  return out;
}
