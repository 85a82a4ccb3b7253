import { EEXIST, strerror } from '../abi/errno.ts';
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

/** Copies one file's bytes into `to` (created or truncated). */
function* copyFile(t: Tool, from: string, to: string): sys.Sys<boolean> {
  const src = yield* sys.open(from);
  if (src < 0) {
    yield* fail(t, `cannot open ${quote(from)} for reading: ${strerror(src)}`);
    return false;
  }
  const dst = yield* sys.open(to, { write: true, create: true, truncate: true });
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

/** Copies `from` to `to`, recursively with -r. */
function* copyPath(t: Tool, a: Args, from: string, to: string, cwd: string): sys.Sys<void> {
  const st = yield* sys.stat(from);
  if (typeof st === 'number') return yield* fail(t, `cannot stat ${quote(from)}: ${strerror(st)}`);
  const existing = yield* statOrNull(to);
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
  if ((yield* copyFile(t, from, to)) && has(a, 'v')) yield* put(t.out, `${quote(from)} -> ${quote(to)}\n`);
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
    const st = yield* sys.stat(src);
    if (typeof st === 'number') {
      yield* fail(t, `cannot stat ${quote(src)}: ${strerror(st)}`);
      continue;
    }
    const existing = yield* statOrNull(to);
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

/** ln [-fv] TARGET [LINK_NAME] | TARGET... DIRECTORY: hard links only. */
export function* ln(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'fsv',
    long: { force: 'f', symbolic: 's', verbose: 'v' },
    usage: ['ln [OPTION]... TARGET LINK_NAME', 'ln [OPTION]... TARGET', 'ln [OPTION]... TARGET... DIRECTORY'],
  });
  if (typeof a === 'number') return a;
  const t = tool('ln');
  // With one operand the link goes in the current directory under the target's name.
  if (a.operands.length === 1) a.operands.push('.');
  const p = yield* plan(t, a);
  for (const target of p?.sources ?? []) {
    const name = targetFor(p!, target);
    if (has(a, 's')) {
      // The file system has no symbolic links: an inode type for them does not exist.
      yield* fail(t, `failed to create symbolic link ${quote(name)}: Operation not supported`);
      continue;
    }
    const st = yield* sys.stat(target);
    if (typeof st === 'number') {
      yield* fail(t, `failed to access ${quote(target)}: ${strerror(st)}`);
      continue;
    }
    if (st.type === 'dir') {
      yield* fail(t, `${quotef(target)}: hard link not allowed for directory`);
      continue;
    }
    const existing = yield* statOrNull(name);
    if (existing && has(a, 'f')) {
      if (existing.ino === st.ino) {
        yield* fail(t, `${quote(target)} and ${quote(name)} are the same file`);
        continue;
      }
      yield* sys.unlink(name);
    }
    const r = yield* sys.link(target, name);
    if (r === -EEXIST) yield* fail(t, `failed to create hard link ${quote(name)}: ${strerror(r)}`);
    else if (r < 0) yield* fail(t, `failed to create hard link ${quote(name)} => ${quote(target)}: ${strerror(r)}`);
    else if (has(a, 'v')) yield* put(t.out, `${quote(name)} => ${quote(target)}\n`);
  }
  return yield* finish(t);
}
