import { strerror } from '../abi/errno.ts';
import type { Stat } from '../abi/fs.ts';
import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { usageError } from './args.ts';
import { applyMode, compileMode, type ModeChanges, permString, usesUmask } from './chmodes.ts';
import { joinPath } from './paths.ts';
import { fail, finish, put, quote, quotef, type Tool, tool } from './stdio.ts';

/**
 * chmod [-cfvR] MODE FILE...: sets permission bits with chmod(2), which the kernel then
 * checks on every open, exec and directory search (OSTEP chapter 39). A MODE like -w or
 * -x is a mode, not an option, as in GNU chmod.
 */

/** The umask every process has (fs/perm.ts); a clause without u, g, o or a leaves its bits alone. */
const UMASK = 0o022;

interface Run {
  t: Tool;
  changes: ModeChanges;
  verbose: boolean;
  changesOnly: boolean;
  quiet: boolean;
  recursive: boolean;
}

const octal = (m: number) => m.toString(8).padStart(4, '0');

function* change(r: Run, path: string, st: Stat): sys.Sys<void> {
  const isDir = st.type === 'dir';
  const next = applyMode(st.mode, isDir, UMASK, r.changes);
  const e = next === st.mode ? 0 : yield* sys.chmod(path, next);
  if (e < 0) {
    if (!r.quiet) yield* fail(r.t, `changing permissions of ${quote(path)}: ${strerror(e)}`);
    else r.t.status = 1;
    return;
  }
  if (r.verbose || (r.changesOnly && next !== st.mode)) {
    const what = next === st.mode ? `retained as ${octal(next)} (${permString(next)})` : `changed from ${octal(st.mode)} (${permString(st.mode)}) to ${octal(next)} (${permString(next)})`;
    yield* put(r.t.out, `mode of ${quote(path)} ${what}\n`);
  }
  if (usesUmask(r.changes)) {
    // What the line would have done without the umask: say so when the result differs, as GNU chmod does.
    const naive = applyMode(st.mode, isDir, 0, r.changes);
    if ((next & ~naive) !== 0) yield* fail(r.t, `${quotef(path)}: new permissions are ${permString(next)}, not ${permString(naive)}`);
  }
}

function* visit(r: Run, path: string, commandLine: boolean): sys.Sys<void> {
  // A link named on the command line is followed; one met inside a tree is left alone.
  const lst = yield* sys.lstat(path);
  if (typeof lst === 'number') {
    if (!r.quiet) yield* fail(r.t, `cannot access ${quote(path)}: ${strerror(lst)}`);
    else r.t.status = 1;
    return;
  }
  if (lst.type === 'symlink' && !commandLine) return;
  const st = lst.type === 'symlink' ? yield* sys.stat(path) : lst;
  if (typeof st === 'number') {
    if (!r.quiet) yield* fail(r.t, `cannot operate on dangling symlink ${quote(path)}`);
    else r.t.status = 1;
    return;
  }
  yield* change(r, path, st);
  if (!r.recursive || st.type !== 'dir') return;
  const list = yield* sys.readdir(path);
  if (typeof list === 'number') {
    if (!r.quiet) yield* fail(r.t, `cannot read directory ${quote(path)}: ${strerror(list)}`);
    return;
  }
  for (const e of list) if (e.name !== '.' && e.name !== '..') yield* visit(r, joinPath(path, e.name), false);
}

export function* chmod(ctx: ProcessContext): sys.Sys<number> {
  const flags = { c: false, f: false, v: false, R: false };
  const words: string[] = [];
  let mode: string | null = null;
  let options = true;
  const longs: Record<string, keyof typeof flags> = { '--changes': 'c', '--silent': 'f', '--quiet': 'f', '--verbose': 'v', '--recursive': 'R' };
  for (const arg of ctx.argv.slice(1)) {
    if (options && arg === '--') {
      options = false;
    } else if (options && Object.hasOwn(longs, arg)) {
      flags[longs[arg]] = true;
    } else if (options && /^-[cfvR]+$/.test(arg)) {
      for (const c of arg.slice(1)) flags[c as keyof typeof flags] = true;
    } else if (options && arg.startsWith('--')) {
      return yield* usageError('chmod', `unrecognized option '${arg}'`);
    } else if (mode === null) {
      // The first word that is not an option is the MODE, even one that starts with "-".
      mode = arg;
    } else {
      words.push(arg);
    }
  }
  if (mode === null) return yield* usageError('chmod', 'missing operand');
  if (words.length === 0) return yield* usageError('chmod', `missing operand after ${quote(mode)}`);
  const changes = compileMode(mode);
  if (changes === null) return yield* usageError('chmod', `invalid mode: ${quote(mode)}`);
  const r: Run = { t: tool('chmod'), changes, verbose: flags.v, changesOnly: flags.c, quiet: flags.f, recursive: flags.R };
  for (const path of words) yield* visit(r, path, true);
  return yield* finish(r.t);
}
