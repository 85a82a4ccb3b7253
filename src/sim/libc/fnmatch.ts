/**
 * Shell patterns (fnmatch), for the shell's pathname expansion and `case`, and for find's
 * -name. For one path component: `*` matches any
 * run of characters, `?` any one, `[abc]`, `[a-z]`, `[!x]` (or `[^x]`) and `[[:alpha:]]`
 * one from a set, and a backslash makes the next character plain. A `[` with no closing
 * `]` is a plain `[`.
 *
 * A name starting with `.` is matched only by a pattern that starts with a plain `.`, and
 * `.` and `..` themselves only by a pattern that spells them out, so `.*` never reaches
 * the parent directory (as bash's globskipdots does).
 */

import { CHAR_CLASSES, scanBracket } from './bracket.ts';

/** Whether the pattern has a `*`, `?` or bracket expression that is not escaped: only then is it a pattern. */
export function hasGlobChars(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') i++;
    else if (ch === '*' || ch === '?') return true;
    else if (ch === '[' && readBracket(pattern, i) !== null) return true;
  }
  return false;
}

/** A regular expression that matches exactly the names the pattern matches. */
export function globToRegExp(pattern: string): RegExp {
  const body = patternBody(pattern, true);
  const explicitDot = pattern.startsWith('.') || pattern.startsWith('\\.');
  const guard = !explicitDot ? '(?!\\.)' : hasGlobChars(pattern) ? '(?!\\.\\.?$)' : '';
  return new RegExp(`^${guard}${body}$`, 'u');
}

/**
 * The regex source of a pattern. For file names (`pathname`) no wildcard matches `/`;
 * for `case` and `${x#pattern}` every character is just a character.
 */
export function patternBody(pattern: string, pathname: boolean): string {
  let body = '';
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i];
    if (ch === '*') {
      body += pathname ? '[^/]*' : '[^]*';
      i++;
    } else if (ch === '?') {
      body += pathname ? '[^/]' : '[^]';
      i++;
    } else if (ch === '[' && readBracket(pattern, i) !== null) {
      const bracket = readBracket(pattern, i)!;
      body += pathname ? bracket.regex : bracket.regex.replace(/^\[\^\//, '[^');
      i = bracket.end;
    } else {
      const c = readChar(pattern, i);
      body += escapeChar(c.char);
      i = c.end;
    }
  }
  return body;
}

/** Whether a file name matches a pathname pattern, the rules for a leading `.` included. */
export function matchGlob(pattern: string, name: string): boolean {
  const explicitDot = pattern.startsWith('.') || pattern.startsWith('\\.');
  if (!explicitDot && name.startsWith('.')) return false;
  if (explicitDot && (name === '.' || name === '..') && hasGlobChars(pattern)) return false;
  return globMatches(compileGlob(pattern, true), name);
}

/** Whether text matches a `case` pattern: the whole text, any character (`/` and a leading `.` too). */
export function matchPattern(pattern: string, text: string): boolean {
  return globMatches(compileGlob(pattern, false), text);
}

/**
 * A shell pattern compiled for matching in time linear in the text: a `*` is a step that
 * loops, anything else is one character that passes a test. The matcher keeps the set of
 * steps the text read so far can have reached (the pattern's Thompson NFA), so no pattern,
 * however many stars it has, makes it backtrack: a match costs at most steps × characters.
 */
export type GlobStep = { star: true; test: (ch: string) => boolean } | { star: false; test: (ch: string) => boolean };

/** For `pathname`, no wildcard matches `/` (see patternBody). */
export function compileGlob(pattern: string, pathname: boolean): GlobStep[] {
  const steps: GlobStep[] = [];
  const anyChar = pathname ? (c: string) => c !== '/' : () => true;
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i];
    if (ch === '*') {
      if (steps[steps.length - 1]?.star !== true) steps.push({ star: true, test: anyChar });
      i++;
    } else if (ch === '?') {
      steps.push({ star: false, test: anyChar });
      i++;
    } else if (ch === '[' && readBracket(pattern, i) !== null) {
      const bracket = readBracket(pattern, i)!;
      // One class against one character: no repetition, so nothing to backtrack over.
      const set = new RegExp(`^${pathname ? bracket.regex : bracket.regex.replace(/^\[\^\//, '[^')}$`, 'u');
      steps.push({ star: false, test: (c) => set.test(c) });
      i = bracket.end;
    } else {
      const c = readChar(pattern, i);
      steps.push({ star: false, test: (x) => x === c.char });
      i = c.end;
    }
  }
  return steps;
}

/** Work a match has done: one per live step per character read, what the linear bound is about. */
export interface GlobWork {
  count: number;
}

/** Whether the whole of `text` matches. */
export function globMatches(steps: readonly GlobStep[], text: string, work?: GlobWork): boolean {
  const ends = globMatchEnds(steps, text, 0, work);
  return ends.length > 0 && ends[ends.length - 1] === text.length;
}

/**
 * Every j (in increasing order) at which text[from, j) matches the whole pattern, in one
 * pass over the text: what `${x#p}`, `${x##p}` and `${x/p/r}` need. Positions are UTF-16
 * offsets; characters are read whole (a character beyond U+FFFF is one `?`).
 */
export function globMatchEnds(steps: readonly GlobStep[], text: string, from = 0, work: GlobWork = { count: 0 }): number[] {
  const n = steps.length;
  let live = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  live[0] = 1;
  const close = (set: Uint8Array) => {
    for (let k = 0; k < n; k++) if (set[k] && steps[k].star) set[k + 1] = 1;
  };
  close(live);
  const ends: number[] = [];
  for (let i = from; ; ) {
    if (live[n]) ends.push(i);
    if (i >= text.length) break;
    const c = String.fromCodePoint(text.codePointAt(i)!);
    next.fill(0);
    let any = false;
    for (let k = 0; k < n; k++) {
      if (!live[k]) continue;
      work.count++;
      if (!steps[k].test(c)) continue;
      next[steps[k].star ? k : k + 1] = 1;
      any = true;
    }
    if (!any) break;
    close(next);
    [live, next] = [next, live];
    i += c.length;
  }
  return ends;
}

/**
 * The leftmost match of the whole pattern in text at or after `from` that is not empty,
 * and of those starting there the longest: what `${x/p/r}` replaces. One pass, however
 * many starts it tries: every live step remembers the earliest start that reached it,
 * since what a step can still match does not depend on where its match began, so a later
 * start reaching the same step adds nothing. Cost: at most steps × characters read.
 */
export function globLeftmostLongest(
  steps: readonly GlobStep[],
  text: string,
  from = 0,
  work: GlobWork = { count: 0 },
): { start: number; end: number } | null {
  const n = steps.length;
  // start[k]: the earliest start at which a match reaching step k began; -1 where none did.
  let live = new Int32Array(n + 1).fill(-1);
  let next = new Int32Array(n + 1).fill(-1);
  const reach = (set: Int32Array, k: number, start: number) => {
    if (set[k] < 0 || start < set[k]) set[k] = start;
  };
  const close = (set: Int32Array) => {
    for (let k = 0; k < n; k++) if (set[k] >= 0 && steps[k].star) reach(set, k + 1, set[k]);
  };
  let best: { start: number; end: number } | null = null;
  for (let i = from; ; ) {
    // Until a match is found every position may start one; after it, only earlier starts matter.
    if (best === null) reach(live, 0, i);
    close(live);
    const done = live[n];
    if (done >= 0 && done < i && (best === null || done < best.start)) best = { start: done, end: i };
    else if (best !== null && done === best.start) best.end = i;
    if (i >= text.length) break;
    const c = String.fromCodePoint(text.codePointAt(i)!);
    next.fill(-1);
    let any = false;
    for (let k = 0; k < n; k++) {
      const start = live[k];
      if (start < 0 || (best !== null && start > best.start)) continue;
      work.count++;
      if (!steps[k].test(c)) continue;
      reach(next, steps[k].star ? k : k + 1, start);
      any = true;
    }
    if (!any && best !== null) break;
    [live, next] = [next, live];
    i += c.length;
  }
  return best;
}

/** The pattern read backwards, for matching suffixes: `${x%p}` is a prefix match of the reversed text. */
export function reverseGlob(steps: readonly GlobStep[]): GlobStep[] {
  return [...steps].reverse();
}

/**
 * The name a pattern component stands for when it has no pattern characters: its
 * backslashes removed (`my\\*file` is `my*file`). A glob walks such a component by name
 * instead of reading the directory.
 */
export function unescapePattern(pattern: string): string {
  return pattern.replace(/\\(.)/gsu, '$1');
}

/** One character of the pattern at i, a backslash making it plain; a trailing backslash is itself. */
function readChar(pattern: string, i: number): { char: string; end: number } {
  const at = pattern[i] === '\\' && i + 1 < pattern.length ? i + 1 : i;
  const char = String.fromCodePoint(pattern.codePointAt(at)!);
  return { char, end: at + char.length };
}

/** The bracket expression starting at `[` at i, as a regex class; null when no `]` closes it. */
function readBracket(pattern: string, i: number): { regex: string; end: number } | null {
  const bracket = scanBracket(pattern, i, 'glob');
  if (bracket === null || 'error' in bracket) return null;
  let members = '';
  for (const item of bracket.items) {
    if (item.kind === 'char') members += escapeChar(item.ch);
    else if (item.kind === 'range') members += `${escapeChar(item.lo)}-${escapeChar(item.hi)}`;
    else if (item.kind === 'class') members += CHAR_CLASSES[item.name];
  }
  return { regex: bracket.negate ? `[^/${members}]` : `[${members}]`, end: bracket.end };
}

/** A character as a regex atom that means only itself, inside or outside a class. */
function escapeChar(char: string): string {
  return /^[A-Za-z0-9_]$/.test(char) ? char : `\\u{${char.codePointAt(0)!.toString(16)}}`;
}
