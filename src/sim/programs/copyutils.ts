import { EEXIST, ENOSPC, strerror } from '../abi/errno.ts';
import type { Stat } from '../abi/fs.ts';
import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { type Args, getopts, has } from './args.ts';
import { absolutePath, baseName, isWithin, joinPath } from './paths.ts';
import { fail, finish, put, quote, quotef, type Tool, tool, writeAll } from './stdio.ts';

/**
 * cp, mv and ln: copying a file's bytes, renaming a name, and adding a name (a hard link)
 * for an inode. The three differ exactly as OSTEP's chapter 39 explains: cp makes a new
 * inode, mv and ln only change directory entries.
 */

interface Plan {
  sources: string[];
  dest: string;
  destIsDir: boolean;
}

/** The operands as SOURCE DEST or SOURCE... DIRECTORY, or reports what is missing. */
function* plan(t: Tool, a: Args): sys.Sys<Plan | null> {
  const ops = a.operands;
  if (ops.length < 2) {
    const what = ops.length === 0 ? 'missing file operand' : `missing destination file operand after ${quote(ops[0])}`;
    yield* sys.eprint(`${t.cmd}: ${what}\nTry '${t.cmd} --help' for more information.\n`);
    t.status = 1;
    return null;
  }
  const dest = ops[ops.length - 1];
  const st = yield* sys.stat(dest);
  const destIsDir = typeof st !== 'number' && st.type === 'dir';
  if (ops.length > 2 && !destIsDir) {
    yield* fail(t, typeof st === 'number' ? `target ${quote(dest)}: ${strerror(st)}` : `target ${quote(dest)} is not a directory`);
    return null;
  }
  return { sources: ops.slice(0, -1), dest, destIsDir };
}

const targetFor = (p: Plan, src: string) => (p.destIsDir ? joinPath(p.dest, baseName(src)) : p.dest);

function* statOrNull(path: string): sys.Sys<Stat | null> {
  const st = yield* sys.stat(path);
  return typeof st === 'number' ? null : st;
}

function* lstatOrNull(path: string): sys.Sys<Stat | null> {
  const st = yield* sys.lstat(path);
  return typeof st === 'number' ? null : st;
}

/** Copies one file's bytes into `to` (created with `mode` less the umask, as GNU cp does, or truncated). */
function* copyFile(t: Tool, from: string, to: string, mode: number): sys.Sys<boolean> {
  const src = yield* sys.open(from);
  if (src < 0) {
    yield* fail(t, `cannot open ${quote(from)} for reading: ${strerror(src)}`);
    return false;
  }
  const dst = yield* sys.open(to, { write: true, create: true, truncate: true, mode });
  if (dst < 0) {
    yield* sys.close(src);
    yield* fail(t, `cannot create regular file ${quote(to)}: ${strerror(dst)}`);
    return false;
  }
  let ok = true;
  for (;;) {
    const data = yield* sys.read(src, 4096);
    if (typeof data === 'number') {
      yield* fail(t, `error reading ${quote(from)}: ${strerror(data)}`);
      ok = false;
      break;
    }
    if (data === '') break;
    const e = yield* writeAll(dst, data);
    if (e < 0) {
      yield* fail(t, `error writing ${quote(to)}: ${strerror(e)}`);
      ok = false;
      break;
    }
  }
  yield* sys.close(src);
  yield* sys.close(dst);
  return ok;
}

/** Copies `from` to `to`, recursively with -r (which copies a symbolic link as a link, as GNU cp -R does). */
function* copyPath(t: Tool, a: Args, from: string, to: string, cwd: string): sys.Sys<void> {
  const recursive = has(a, 'r') || has(a, 'R') || has(a, 'a');
  const st = recursive ? yield* sys.lstat(from) : yield* sys.stat(from);
  if (typeof st === 'number') return yield* fail(t, `cannot stat ${quote(from)}: ${strerror(st)}`);
  const existing = yield* statOrNull(to);
  if (st.type === 'symlink') return yield* copyLink(t, a, from, to);
  if (st.type === 'dir') {
    if (!(has(a, 'r') || has(a, 'R') || has(a, 'a'))) return yield* fail(t, `-r not specified; omitting directory ${quote(from)}`);
    if (isWithin(absolutePath(cwd, from), absolutePath(cwd, to))) {
      return yield* fail(t, `cannot copy a directory, ${quote(from)}, into itself, ${quote(to)}`);
    }
    if (existing && existing.type !== 'dir') {
      return yield* fail(t, `cannot overwrite non-directory ${quote(to)} with directory ${quote(from)}`);
    }
    if (!existing) {
      const r = yield* sys.mkdir(to);
      if (r < 0) return yield* fail(t, `cannot create directory ${quote(to)}: ${strerror(r)}`);
      if (has(a, 'v')) yield* put(t.out, `${quote(from)} -> ${quote(to)}\n`);
    }
    const list = yield* sys.readdir(from);
    if (typeof list === 'number') return yield* fail(t, `cannot access ${quote(from)}: ${strerror(list)}`);
    for (const e of list) {
      if (e.name !== '.' && e.name !== '..') yield* copyPath(t, a, joinPath(from, e.name), joinPath(to, e.name), cwd);
    }
    return;
  }
  if (existing) {
    if (existing.ino === st.ino) return yield* fail(t, `${quote(from)} and ${quote(to)} are the same file`);
    if (existing.type === 'dir') return yield* fail(t, `cannot overwrite directory ${quote(to)} with non-directory`);
    if (has(a, 'n')) return;
  }
  if ((yield* copyFile(t, from, to, st.mode)) && has(a, 'v')) yield* put(t.out, `${quote(from)} -> ${quote(to)}\n`);
}

/** Makes `to` a symbolic link holding the same target as `from`. */
function* copyLink(t: Tool, a: Args, from: string, to: string): sys.Sys<void> {
  const target = yield* sys.readlink(from);
  if (typeof target === 'number') return yield* fail(t, `cannot read symbolic link ${quote(from)}: ${strerror(target)}`);
  if (typeof (yield* sys.lstat(to)) !== 'number') yield* sys.unlink(to);
  const r = yield* sys.symlink(target, to);
  if (r < 0) return yield* fail(t, `cannot create symbolic link ${quote(to)}: ${strerror(r)}`);
  if (has(a, 'v')) yield* put(t.out, `${quote(from)} -> ${quote(to)}\n`);
}

/** cp [-anrRv] SOURCE DEST | SOURCE... DIRECTORY */
export function* cp(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'afnprRv',
    long: { archive: 'a', force: 'f', 'no-clobber': 'n', recursive: 'r', verbose: 'v' },
    usage: ['cp [OPTION]... SOURCE DEST', 'cp [OPTION]... SOURCE... DIRECTORY'],
  });
  if (typeof a === 'number') return a;
  const t = tool('cp');
  const p = yield* plan(t, a);
  if (p) {
    const cwd = yield* sys.getcwd();
    for (const src of p.sources) yield* copyPath(t, a, src, targetFor(p, src), cwd);
  }
  return yield* finish(t);
}

/** mv [-fnv] SOURCE DEST | SOURCE... DIRECTORY: rename(2), which moves a name and not the data. */
export function* mv(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'fnv',
    long: { force: 'f', 'no-clobber': 'n', verbose: 'v' },
    usage: ['mv [OPTION]... SOURCE DEST', 'mv [OPTION]... SOURCE... DIRECTORY'],
  });
  if (typeof a === 'number') return a;
  const t = tool('mv');
  const p = yield* plan(t, a);
  const cwd = yield* sys.getcwd();
  for (const src of p?.sources ?? []) {
    const to = targetFor(p!, src);
    // mv moves a symbolic link itself, and replaces one at the destination.
    const st = yield* sys.lstat(src);
    if (typeof st === 'number') {
      yield* fail(t, `cannot stat ${quote(src)}: ${strerror(st)}`);
      continue;
    }
    const existing = yield* lstatOrNull(to);
    if (existing?.ino === st.ino) {
      yield* fail(t, `${quote(src)} and ${quote(to)} are the same file`);
      continue;
    }
    if (st.type === 'dir' && isWithin(absolutePath(cwd, src), absolutePath(cwd, to))) {
      yield* fail(t, `cannot move ${quote(src)} to a subdirectory of itself, ${quote(to)}`);
      continue;
    }
    if (existing && has(a, 'n')) continue;
    if (existing?.type === 'dir' && st.type !== 'dir') {
      yield* fail(t, `cannot overwrite directory ${quote(to)} with non-directory`);
      continue;
    }
    if (existing && existing.type !== 'dir' && st.type === 'dir') {
      yield* fail(t, `cannot overwrite non-directory ${quote(to)} with directory ${quote(src)}`);
      continue;
    }
    const r = yield* sys.rename(src, to);
    if (r < 0) yield* fail(t, `cannot move ${quote(src)} to ${quote(to)}: ${strerror(r)}`);
    else if (has(a, 'v')) yield* put(t.out, `renamed ${quote(src)} -> ${quote(to)}\n`);
  }
  return yield* finish(t);
}

/**
 * ln [-fsv] TARGET [LINK_NAME] | TARGET... DIRECTORY. A hard link is another name for the
 * target's inode (a symbolic link is linked itself, as GNU ln -P does on Linux); with -s
 * the new name is a symbolic link holding TARGET as text, which is never looked at.
 */
export function* ln(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'fnsTv',
    long: { force: 'f', symbolic: 's', verbose: 'v', 'no-dereference': 'n', 'no-target-directory': 'T' },
    usage: ['ln [OPTION]... TARGET LINK_NAME', 'ln [OPTION]... TARGET', 'ln [OPTION]... TARGET... DIRECTORY'],
  });
  if (typeof a === 'number') return a;
  const t = tool('ln');
  // With one operand the link goes in the current directory under the target's name.
  if (a.operands.length === 1) a.operands.push('.');
  const p = yield* plan(t, a);
  if (p && (has(a, 'n') || has(a, 'T')) && p.sources.length === 1) {
    // -n: a destination that is a link to a directory is replaced, not entered.
    const dst = yield* lstatOrNull(p.dest);
    if (has(a, 'T') || dst?.type === 'symlink') p.destIsDir = false;
  }
  const symbolic = has(a, 's');
  const kind = symbolic ? 'symbolic link' : 'hard link';
  for (const target of p?.sources ?? []) {
    const name = targetFor(p!, target);
    const st = symbolic ? null : yield* sys.lstat(target);
    if (typeof st === 'number') {
      yield* fail(t, `failed to access ${quote(target)}: ${strerror(st)}`);
      continue;
    }
    if (st?.type === 'dir') {
      yield* fail(t, `${quotef(target)}: hard link not allowed for directory`);
      continue;
    }
    const existing = yield* lstatOrNull(name);
    if (existing && has(a, 'f')) {
      if (st && existing.ino === st.ino) {
        yield* fail(t, `${quote(target)} and ${quote(name)} are the same file`);
        continue;
      }
      if (existing.type === 'dir') {
        yield* fail(t, `${quote(name)}: cannot overwrite directory`);
        continue;
      }
      yield* sys.unlink(name);
    }
    const r = symbolic ? yield* sys.symlink(target, name) : yield* sys.link(target, name);
    // GNU ln's words: a failed symbolic link names only itself, a hard link both names but for EEXIST and ENOSPC.
    if (r < 0 && (symbolic || r === -EEXIST || r === -ENOSPC)) yield* fail(t, `failed to create ${kind} ${quote(name)}: ${strerror(r)}`);
    else if (r < 0) yield* fail(t, `failed to create ${kind} ${quote(name)} => ${quote(target)}: ${strerror(r)}`);
    else if (has(a, 'v')) yield* put(t.out, `${quote(name)} ${symbolic ? '->' : '=>'} ${quote(target)}\n`);
  }
  return yield* finish(t);
}
