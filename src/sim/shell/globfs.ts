import * as sys from '../libc/sys.ts';
import type { Word } from './ast.ts';
import { expandRedirectTarget, expandWords, globPatterns, hasGlobChars, matchGlob, unescapePattern } from './expand.ts';
import { expansionEnv, type Shell } from './state.ts';

/**
 * Word expansion with pathname expansion against the simulated file system. Expansion is
 * pure and must have its answers at once, so the shell first asks which patterns the words
 * hold, lists the directories they name with readdir (each at most once per command), and
 * then expands with a glob that answers from what it read.
 */

/** A command's arguments: every word's fields in order, globs matched against the disk. */
export function* expandArgs(sh: Shell, words: Word[]): sys.Sys<string[]> {
  const glob = yield* readGlobs(sh, words);
  return expandWords(words, expansionEnv(sh, glob));
}

/** A redirection's file name (globbed, as bash does, so it must name one file). */
export function* expandTarget(sh: Shell, word: Word): sys.Sys<{ ok: true; path: string } | { ok: false; message: string }> {
  const glob = yield* readGlobs(sh, [word]);
  return expandRedirectTarget(word, expansionEnv(sh, glob));
}

function* readGlobs(sh: Shell, words: Word[]): sys.Sys<(pattern: string) => string[] | null> {
  const env = expansionEnv(sh);
  const patterns = words.flatMap((w) => globPatterns(w, env));
  const answers = new Map<string, string[]>();
  const dirs = new Map<string, string[]>();
  for (const pattern of patterns) if (!answers.has(pattern)) answers.set(pattern, yield* globPath(pattern, dirs));
  return (pattern) => answers.get(pattern) ?? null;
}

/**
 * The paths a pattern matches, walking it one component at a time: a component with
 * pattern characters is matched against its directory's entries, one without them is
 * taken by name and checked at the end. A trailing `/` keeps only directories.
 */
export function* globPath(pattern: string, dirs: Map<string, string[]> = new Map()): sys.Sys<string[]> {
  const components = pattern.split('/').filter((c) => c !== '');
  const dirOnly = pattern.endsWith('/');
  let paths = [pattern.startsWith('/') ? '/' : ''];
  let lastLiteral = false;
  for (const component of components) {
    const next: string[] = [];
    lastLiteral = !hasGlobChars(component);
    for (const prefix of paths) {
      if (lastLiteral) {
        next.push(join(prefix, unescapePattern(component)));
        continue;
      }
      for (const name of yield* listDir(prefix === '' ? '.' : prefix, dirs)) if (matchGlob(component, name)) next.push(join(prefix, name));
    }
    paths = next;
    if (paths.length === 0) return [];
  }
  if (!lastLiteral && !dirOnly) return paths;
  const found: string[] = [];
  for (const path of paths) {
    const st = yield* sys.stat(path);
    if (typeof st === 'number') continue;
    if (!dirOnly) found.push(path);
    else if (st.type === 'dir') found.push(`${path}/`);
  }
  return found;
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : prefix.endsWith('/') ? prefix + name : `${prefix}/${name}`;
}

/** A directory's names, `.` and `..` left out (a pattern never matches them unless spelled out); [] if it cannot be read. */
function* listDir(dir: string, dirs: Map<string, string[]>): sys.Sys<string[]> {
  const known = dirs.get(dir);
  if (known) return known;
  const entries = yield* sys.readdir(dir);
  const names = typeof entries === 'number' ? [] : entries.map((e) => e.name).filter((n) => n !== '.' && n !== '..');
  dirs.set(dir, names);
  return names;
}
