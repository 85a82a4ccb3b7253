import { ELOOP, ENOTDIR, strerror } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { getopts, has, usageError } from './args.ts';
import { absolutePath } from './paths.ts';
import { fail, finish, put, tool } from './stdio.ts';

/**
 * readlink: what a symbolic link holds, or (-f, -e, -m) the canonical path a name leads to,
 * found as namei finds it: name by name, reading each link and walking its target in place
 * of it, at most SYMLOOP_MAX (40) links in all.
 */

const SYMLOOP_MAX = 40;

type Mode = 'f' | 'e' | 'm';

/**
 * The absolute path `path` names with every link replaced by its target and "." and ".."
 * folded: -f needs every name but the last to exist, -e every name, -m none. Returns a
 * negative errno when a name that must exist does not, or after too many links.
 */
export function* canonicalPath(cwd: string, path: string, mode: Mode): sys.Sys<string | number> {
  const pending = absolutePath(cwd, path).split('/').filter((n) => n !== '').reverse();
  const done: string[] = [];
  let links = 0;
  let missing = false;
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (name === '.') continue;
    if (name === '..') {
      done.pop();
      continue;
    }
    done.push(name);
    if (missing) continue;
    const here = `/${done.join('/')}`;
    const st = yield* sys.lstat(here);
    if (typeof st === 'number') {
      const last = pending.length === 0;
      if (mode === 'm' || (mode === 'f' && last)) {
        missing = true;
        continue;
      }
      return st;
    }
    if (st.type === 'symlink') {
      if (++links > SYMLOOP_MAX) return -ELOOP;
      const target = yield* sys.readlink(here);
      if (typeof target === 'number') return target;
      done.pop();
      if (target.startsWith('/')) done.length = 0;
      for (const n of target.split('/').filter((x) => x !== '').reverse()) pending.push(n);
      continue;
    }
    if (st.type !== 'dir' && pending.length > 0 && mode !== 'm') return -ENOTDIR;
  }
  return `/${done.join('/')}`;
}

/** readlink [-f|-e|-m] [-nqsvz] FILE... */
export function* readlink(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    flags: 'femnqsvz',
    long: { canonicalize: 'f', 'canonicalize-existing': 'e', 'canonicalize-missing': 'm', 'no-newline': 'n', quiet: 'q', silent: 's', verbose: 'v', zero: 'z' },
    usage: ['readlink [OPTION]... FILE...'],
  });
  if (typeof a === 'number') return a;
  if (a.operands.length === 0) return yield* usageError('readlink', 'missing operand');
  const t = tool('readlink');
  const mode = (['f', 'e', 'm'] as const).filter((m) => has(a, m)).pop();
  const cwd = yield* sys.getcwd();
  const end = has(a, 'z') ? '\0' : has(a, 'n') && a.operands.length === 1 ? '' : '\n';
  for (const name of a.operands) {
    const r = mode ? yield* canonicalPath(cwd, name, mode) : yield* sys.readlink(name);
    if (typeof r === 'number') {
      // Quiet by default, as GNU readlink is: only the status says it failed.
      if (has(a, 'v')) yield* fail(t, `${name}: ${strerror(r)}`);
      else t.status = 1;
      continue;
    }
    yield* put(t.out, r + end);
  }
  return yield* finish(t);
}
