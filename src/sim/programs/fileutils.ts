import { EEXIST, EISDIR, ENOENT, ENOTDIR, strerror } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { getopts, has } from './args.ts';
import { dirName, joinPath } from './paths.ts';
import { fail, finish, put, quote, type Tool, tool } from './stdio.ts';

/**
 * mkdir, rmdir, rm and touch: commands that make and remove names. Each is a sequence
 * of the file-system syscalls a real one makes, so the views show the same steps.
 * (cp, mv and ln, which copy and link, are in copyutils.ts.)
 */

function* missingOperand(cmd: string): sys.Sys<number> {
  yield* sys.eprint(`${cmd}: missing operand\nTry '${cmd} --help' for more information.\n`);
  return 1;
}

/** mkdir [-pv] DIRECTORY... */
export function* mkdir(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { flags: 'pv', long: { parents: 'p', verbose: 'v' }, usage: ['mkdir [OPTION]... DIRECTORY...'] });
  if (typeof a === 'number') return a;
  if (a.operands.length === 0) return yield* missingOperand('mkdir');
  const t = tool('mkdir');
  for (const dir of a.operands) {
    if (!has(a, 'p')) {
      const r = yield* sys.mkdir(dir);
      if (r < 0) yield* fail(t, `cannot create directory ${quote(dir)}: ${strerror(r)}`);
      else if (has(a, 'v')) yield* put(t.out, `mkdir: created directory ${quote(dir)}\n`);
      continue;
    }
    // -p: each missing ancestor in turn; one that exists is fine if it is a directory.
    const parts = dir.replace(/(.)\/+$/, '$1').split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (prefix === '' || parts[i - 1] === '') continue;
      const r = yield* sys.mkdir(prefix);
      if (r === 0) {
        if (has(a, 'v')) yield* put(t.out, `mkdir: created directory ${quote(prefix)}\n`);
        continue;
      }
      // A name that exists already is fine if it is a directory.
      const st = r === -EEXIST ? yield* sys.stat(prefix) : r;
      if (typeof st !== 'number' && st.type === 'dir') continue;
      const why = r === -EEXIST && i < parts.length ? -ENOTDIR : r;
      yield* fail(t, `cannot create directory ${quote(prefix)}: ${strerror(why)}`);
      break;
    }
  }
  return yield* finish(t);
}

/** rmdir [-pv] DIRECTORY... */
export function* rmdir(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { flags: 'pv', long: { parents: 'p', verbose: 'v' }, usage: ['rmdir [OPTION]... DIRECTORY...'] });
  if (typeof a === 'number') return a;
  if (a.operands.length === 0) return yield* missingOperand('rmdir');
  const t = tool('rmdir');
  for (const dir of a.operands) {
    let path = dir;
    for (;;) {
      if (has(a, 'v')) yield* put(t.out, `rmdir: removing directory, ${quote(path)}\n`);
      const r = yield* sys.rmdir(path);
      if (r < 0) {
        yield* fail(t, `failed to remove ${quote(path)}: ${strerror(r)}`);
        break;
      }
      // -p: then each parent named in the operand, as `rmdir a/b/c` then a/b then a.
      const parent = dirName(path);
      if (!has(a, 'p') || parent === '.' || parent === '/' || parent === path) break;
      path = parent;
    }
  }
  return yield* finish(t);
}

/** Removes a directory's contents, then the directory (rm -r). */
function* removeTree(t: Tool, path: string, force: boolean, verbose: boolean): sys.Sys<boolean> {
  const list = yield* sys.readdir(path);
  if (typeof list === 'number') {
    yield* fail(t, `cannot remove ${quote(path)}: ${strerror(list)}`);
    return false;
  }
  let ok = true;
  for (const e of list) {
    if (e.name === '.' || e.name === '..') continue;
    ok = (yield* removePath(t, joinPath(path, e.name), true, force, verbose)) && ok;
  }
  if (!ok) return false;
  const r = yield* sys.rmdir(path);
  if (r < 0) {
    yield* fail(t, `cannot remove ${quote(path)}: ${strerror(r)}`);
    return false;
  }
  if (verbose) yield* put(t.out, `removed directory ${quote(path)}\n`);
  return true;
}

function* removePath(t: Tool, path: string, recursive: boolean, force: boolean, verbose: boolean): sys.Sys<boolean> {
  // lstat: a symbolic link is removed itself, never what it names.
  const st = yield* sys.lstat(path);
  if (typeof st === 'number') {
    if (force && st === -ENOENT) return true;
    yield* fail(t, `cannot remove ${quote(path)}: ${strerror(st)}`);
    return false;
  }
  if (st.type === 'dir') {
    if (!recursive) {
      yield* fail(t, `cannot remove ${quote(path)}: ${strerror(-EISDIR)}`);
      return false;
    }
    return yield* removeTree(t, path, force, verbose);
  }
  const r = yield* sys.unlink(path);
  if (r < 0) {
    if (force && r === -ENOENT) return true;
    yield* fail(t, `cannot remove ${quote(path)}: ${strerror(r)}`);
    return false;
  }
  if (verbose) yield* put(t.out, `removed ${quote(path)}\n`);
  return true;
}

/** rm [-frRv] FILE... */
export function* rm(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'dfrRv',
    long: { force: 'f', recursive: 'r', verbose: 'v', dir: 'd', 'no-preserve-root': 'no-preserve-root' },
    usage: ['rm [OPTION]... [FILE]...'],
  });
  if (typeof a === 'number') return a;
  const force = has(a, 'f');
  const recursive = has(a, 'r') || has(a, 'R');
  if (a.operands.length === 0) return force ? 0 : yield* missingOperand('rm');
  const t = tool('rm');
  for (const path of a.operands) {
    const base = path.replace(/\/+$/, '').split('/').pop();
    if (recursive && (base === '.' || base === '..')) {
      yield* fail(t, `refusing to remove '.' or '..' directory: skipping ${quote(path)}`);
      continue;
    }
    if (recursive && /^\/+$/.test(path) && !has(a, 'no-preserve-root')) {
      yield* fail(t, `it is dangerous to operate recursively on '/'`);
      yield* sys.eprint('rm: use --no-preserve-root to override this failsafe\n');
      continue;
    }
    if (has(a, 'd') && !recursive) {
      // -d removes empty directories too.
      const st = yield* sys.lstat(path);
      if (typeof st !== 'number' && st.type === 'dir') {
        const r = yield* sys.rmdir(path);
        if (r < 0) yield* fail(t, `cannot remove ${quote(path)}: ${strerror(r)}`);
        continue;
      }
    }
    yield* removePath(t, path, recursive, force, has(a, 'v'));
  }
  return yield* finish(t);
}

/**
 * touch [-c] FILE...: creates a file that does not exist. For one that does, it sets
 * the modification time to now by truncating the file to its own size (there is no
 * utimes syscall); a directory's times cannot be changed that way and are left alone.
 */
export function* touch(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { flags: 'acm', long: { 'no-create': 'c' }, usage: ['touch [OPTION]... FILE...'] });
  if (typeof a === 'number') return a;
  if (a.operands.length === 0) {
    yield* sys.eprint("touch: missing file operand\nTry 'touch --help' for more information.\n");
    return 1;
  }
  const t = tool('touch');
  for (const path of a.operands) {
    const st = yield* sys.stat(path);
    if (typeof st !== 'number') {
      if (st.type === 'file') {
        const r = yield* sys.truncate(path, st.size);
        if (r < 0) yield* fail(t, `setting times of ${quote(path)}: ${strerror(r)}`);
      }
      continue;
    }
    if (st !== -ENOENT || has(a, 'c')) {
      if (st !== -ENOENT) yield* fail(t, `cannot touch ${quote(path)}: ${strerror(st)}`);
      continue;
    }
    const fd = yield* sys.open(path, { write: true, create: true });
    if (fd < 0) yield* fail(t, `cannot touch ${quote(path)}: ${strerror(fd)}`);
    else yield* sys.close(fd);
  }
  return yield* finish(t);
}
