import * as sys from '../libc/sys.ts';
import type { CommandPart, DoubleQuotedInner, Word, WordPart } from './ast.ts';
import {
  commandParts,
  type ExpansionEnv,
  expandAssignment,
  expandHereBody,
  expandRedirectTarget,
  expandWords,
  globPatterns,
  hasGlobChars,
  matchGlob,
  unescapePattern,
} from './expand.ts';
import { childShell } from './child-shell.ts';
import { expansionEnv, type Prepared, type Shell } from './state.ts';

/**
 * Word expansion with pathname expansion against the simulated file system. Expansion is
 * pure and must have its answers at once, so the shell first asks which patterns the words
 * hold, lists the directories they name with readdir (each at most once per command), and
 * then expands with a glob that answers from what it read.
 */

export type Expanded<T> = ({ ok: true } & T) | { ok: false; message: string; status: number };

/** A command's arguments: every word's fields in order, commands substituted first, globs matched against the disk. */
export function* expandArgs(sh: Shell, words: Word[]): sys.Sys<Expanded<{ fields: string[] }>> {
  const prepared = yield* prepare(sh, words);
  const glob = yield* readGlobs(sh, words, prepared);
  const env = expansionEnv(sh, glob, prepared);
  const fields = expandWords(words, env);
  return env.error ? { ok: false, message: env.error, status: env.errorStatus ?? 1 } : { ok: true, fields };
}

/** A value that is never split or globbed: an assignment's, a `case` subject. */
export function* expandValue(sh: Shell, word: Word): sys.Sys<Expanded<{ value: string }>> {
  const env = expansionEnv(sh, () => null, yield* prepare(sh, [word]));
  const value = expandAssignment(word, env);
  return env.error ? { ok: false, message: env.error, status: env.errorStatus ?? 1 } : { ok: true, value };
}

/** An environment ready to expand these words (their commands already run), for callers that expand them their own way. */
export function* expandValues(sh: Shell, words: Word[]): sys.Sys<Expanded<{ env: ExpansionEnv }>> {
  const env = expansionEnv(sh, () => null, yield* prepare(sh, words));
  return { ok: true, env };
}

/** A here-document's body, expanded as inside double quotes. */
export function* expandHereDoc(sh: Shell, parts: DoubleQuotedInner[]): sys.Sys<Expanded<{ value: string }>> {
  const env = expansionEnv(sh, () => null, yield* prepare(sh, [{ parts: [{ kind: 'double', parts }] }]));
  const value = expandHereBody(parts, env);
  return env.error ? { ok: false, message: env.error, status: env.errorStatus ?? 1 } : { ok: true, value };
}

/** A redirection's file name (globbed, as bash does, so it must name one file). */
export function* expandTarget(sh: Shell, word: Word): sys.Sys<{ ok: true; path: string } | { ok: false; message: string }> {
  const prepared = yield* prepare(sh, [word]);
  const glob = yield* readGlobs(sh, [word], prepared);
  const env = expansionEnv(sh, glob, prepared);
  const target = expandRedirectTarget(word, env);
  return env.error ? { ok: false, message: env.error } : target;
}

/**
 * What expansion needs from outside before it can run: each command substitution's
 * output (a child shell through a pipe, run in source order) and `$RANDOM` numbers.
 */
function* prepare(sh: Shell, words: Word[]): sys.Sys<Prepared> {
  const outputs = new Map<CommandPart, string>();
  const randoms: number[] = [];
  if (words.every((w) => w.parts.every((p) => p.kind === 'literal' || p.kind === 'single' || p.kind === 'escaped'))) return { outputs, randoms };
  for (const part of commandParts(words)) outputs.set(part, yield* substitute(sh, part.source));
  const wanted = countRandom(words);
  for (let i = 0; i < wanted; i++) randoms.push((yield* sys.random()) & 0x7fff);
  return { outputs, randoms };
}

/** How many times `$RANDOM` is expanded in the words (inside quotes and `${...}` too). */
function countRandom(words: Word[]): number {
  let n = 0;
  const visit = (parts: (WordPart | DoubleQuotedInner)[]): void => {
    for (const part of parts) {
      if (part.kind === 'param') {
        if (part.name === 'RANDOM') n++;
        if (part.arg) visit(part.arg.parts);
        if (part.replacement) visit(part.replacement.parts);
      } else if (part.kind === 'double') visit(part.parts);
      else if (part.kind === 'arith') visit(part.expression);
    }
  };
  for (const w of words) visit(w.parts);
  return n;
}

/**
 * Whether expanding the words could produce a pattern to glob: a pattern character in
 * unquoted text, or an unquoted expansion whose value might hold one. Most words cannot,
 * and then the dry run that asks for patterns is skipped.
 */
function mayGlob(words: Word[]): boolean {
  return words.some((w) => w.parts.some((p) => (p.kind === 'literal' && /[*?[]/.test(p.text)) || p.kind === 'param' || p.kind === 'command' || p.kind === 'arith'));
}

/**
 * `$(commands)`: a child shell runs them with its stdout on a pipe; the shell reads the
 * pipe to its end, waits for the child, and keeps its status for `$?`. Trailing newlines go.
 */
export function* substitute(sh: Shell, source: string): sys.Sys<string> {
  const fds = yield* sys.pipe();
  if (typeof fds === 'number') return '';
  const [r, w] = fds;
  const spec = childShell(sh, source);
  const pid = yield* sys.spawn({
    program: spec.program,
    argv: spec.argv,
    env: spec.env,
    fileActions: [
      { op: 'dup2', fd: w, to: 1 },
      { op: 'close', fd: w },
      { op: 'close', fd: r },
    ],
    resetSignals: sh.interactive,
  });
  yield* sys.close(w);
  const text = pid < 0 ? '' : yield* sys.readAll(r);
  yield* sys.close(r);
  if (pid >= 0) {
    const status = yield* sys.wait(pid);
    sh.substStatus = sys.isWaitResult(status) ? (status.signal !== null ? 128 + status.signal : (status.code ?? 0)) : 0;
  }
  return typeof text === 'number' ? '' : text.replace(/\n+$/, '');
}

function* readGlobs(sh: Shell, words: Word[], prepared: Prepared): sys.Sys<(pattern: string) => string[] | null> {
  if (!mayGlob(words)) return () => null;
  const env = expansionEnv(sh, () => null, prepared);
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
