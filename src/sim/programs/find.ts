import { strerror } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { matchPattern } from '../libc/fnmatch.ts';
import { finish, put, tool, warn } from './stdio.ts';

/**
 * find [PATH...] [EXPRESSION]: walks directory trees with readdir(2) and stat(2), printing
 * (or running a command on) each name the expression accepts. Tests: -name, -iname,
 * -type f|d|c|l, -maxdepth, -mindepth, -empty; actions: -print, -exec CMD {} ; and
 * -exec CMD {} +; operators ! (-not), -a (-and, or nothing), -o (-or), and ( ).
 */

type Expr =
  | { kind: 'true' }
  | { kind: 'name'; pattern: string; fold: boolean }
  | { kind: 'type'; type: string }
  | { kind: 'empty' }
  | { kind: 'print' }
  | { kind: 'exec'; argv: string[]; batch: boolean }
  | { kind: 'not'; e: Expr }
  | { kind: 'and'; a: Expr; b: Expr }
  | { kind: 'or'; a: Expr; b: Expr };

interface Parse {
  args: string[];
  i: number;
  maxdepth: number;
  mindepth: number;
  hasAction: boolean;
}

const TYPES: Record<string, string> = { f: 'file', d: 'dir', c: 'chardev', l: 'symlink' };

export function* find(ctx: ProcessContext): sys.Sys<number> {
  const t = tool('find');
  const argv = ctx.argv.slice(1);
  let k = 0;
  const roots: string[] = [];
  while (k < argv.length && !argv[k].startsWith('-') && argv[k] !== '(' && argv[k] !== '!') roots.push(argv[k++]);
  const p: Parse = { args: argv.slice(k), i: 0, maxdepth: Number.POSITIVE_INFINITY, mindepth: 0, hasAction: false };
  let expr: Expr = { kind: 'true' };
  if (p.args.length > 0) {
    const parsed = parseOr(p);
    if (typeof parsed === 'string') {
      yield* warn(t, parsed);
      return 1;
    }
    if (p.i < p.args.length) {
      yield* warn(t, `paths must precede expression: '${p.args[p.i]}'`);
      return 1;
    }
    expr = parsed;
  }
  if (!p.hasAction) expr = { kind: 'and', a: expr, b: { kind: 'print' } };
  const batches = new Map<Expr, string[]>();
  const run = { status: 0 };
  for (const root of roots.length === 0 ? ['.'] : roots) {
    // find -P, the default: a symbolic link is examined itself and never followed.
    const st = yield* sys.lstat(root);
    if (typeof st === 'number') {
      yield* warn(t, `'${root}': ${strerror(st)}`);
      run.status = 1;
      continue;
    }
    yield* walk(t, root, st.type, 0, expr, p, batches, run);
  }
  for (const [e, paths] of batches) if (e.kind === 'exec' && paths.length > 0) yield* execute(t, [...e.argv.slice(0, -1), ...paths], run);
  const status = yield* finish(t);
  return status || run.status;
}

function* walk(t: ReturnType<typeof tool>, path: string, type: string, depth: number, expr: Expr, p: Parse, batches: Map<Expr, string[]>, run: { status: number }): sys.Sys<void> {
  if (depth >= p.mindepth) yield* evaluate(t, expr, path, type, batches, run);
  if (type !== 'dir' || depth >= p.maxdepth) return;
  const entries = yield* sys.readdir(path);
  if (typeof entries === 'number') {
    yield* warn(t, `'${path}': ${strerror(entries)}`);
    run.status = 1;
    return;
  }
  for (const e of entries) {
    if (e.name === '.' || e.name === '..') continue;
    const child = path.endsWith('/') ? path + e.name : `${path}/${e.name}`;
    const st = yield* sys.lstat(child);
    yield* walk(t, child, typeof st === 'number' ? 'file' : st.type, depth + 1, expr, p, batches, run);
  }
}

function* evaluate(t: ReturnType<typeof tool>, e: Expr, path: string, type: string, batches: Map<Expr, string[]>, run: { status: number }): sys.Sys<boolean> {
  switch (e.kind) {
    case 'true':
      return true;
    case 'name': {
      const base = path === '/' ? '/' : (path.replace(/\/+$/, '').split('/').pop() ?? path);
      return e.fold ? matchPattern(e.pattern.toLowerCase(), base.toLowerCase()) : matchPattern(e.pattern, base);
    }
    case 'type':
      return type === TYPES[e.type];
    case 'empty': {
      if (type === 'dir') {
        const entries = yield* sys.readdir(path);
        return typeof entries !== 'number' && entries.every((x) => x.name === '.' || x.name === '..');
      }
      const st = yield* sys.lstat(path);
      return typeof st !== 'number' && st.size === 0;
    }
    case 'print':
      yield* put(t.out, `${path}\n`);
      return true;
    case 'exec': {
      if (e.batch) {
        const list = batches.get(e) ?? [];
        list.push(path);
        batches.set(e, list);
        return true;
      }
      return (yield* execute(t, e.argv.slice(0, -1).map((a) => a.replaceAll('{}', path)), run)) === 0;
    }
    case 'not':
      return !(yield* evaluate(t, e.e, path, type, batches, run));
    case 'and':
      return (yield* evaluate(t, e.a, path, type, batches, run)) && (yield* evaluate(t, e.b, path, type, batches, run));
    case 'or':
      return (yield* evaluate(t, e.a, path, type, batches, run)) || (yield* evaluate(t, e.b, path, type, batches, run));
  }
}

/** Runs a command as find's child and waits for it; its status. */
function* execute(t: ReturnType<typeof tool>, argv: string[], run: { status: number }): sys.Sys<number> {
  yield* finish(t);
  const pid = yield* sys.spawn({ program: argv[0], argv, env: {} });
  if (pid < 0) {
    yield* warn(t, `'${argv[0]}': ${strerror(pid)}`);
    run.status = 1;
    return 1;
  }
  const r = yield* sys.wait(pid);
  const status = sys.isWaitResult(r) ? (r.signal !== null ? 128 + r.signal : (r.code ?? 0)) : 1;
  if (status !== 0) run.status = 1;
  return status;
}

function parseOr(p: Parse): Expr | string {
  let left = parseAnd(p);
  if (typeof left === 'string') return left;
  while (p.args[p.i] === '-o' || p.args[p.i] === '-or') {
    p.i++;
    const right = parseAnd(p);
    if (typeof right === 'string') return right;
    left = { kind: 'or', a: left, b: right };
  }
  return left;
}

function parseAnd(p: Parse): Expr | string {
  let left = parseNot(p);
  if (typeof left === 'string') return left;
  for (;;) {
    const w = p.args[p.i];
    if (w === undefined || w === '-o' || w === '-or' || w === ')') return left;
    if (w === '-a' || w === '-and') p.i++;
    const right = parseNot(p);
    if (typeof right === 'string') return right;
    left = { kind: 'and', a: left, b: right };
  }
}

function parseNot(p: Parse): Expr | string {
  const w = p.args[p.i];
  if (w === '!' || w === '-not') {
    p.i++;
    const e = parseNot(p);
    return typeof e === 'string' ? e : { kind: 'not', e };
  }
  return parsePrimary(p);
}

function parsePrimary(p: Parse): Expr | string {
  const w = p.args[p.i++];
  const value = (): string | undefined => p.args[p.i++];
  switch (w) {
    case '(': {
      const e = parseOr(p);
      if (typeof e === 'string') return e;
      if (p.args[p.i] !== ')') return "invalid expression; I was expecting to find a ')' somewhere but did not see one.";
      p.i++;
      return e;
    }
    case '-name':
    case '-iname': {
      const pattern = value();
      return pattern === undefined ? `missing argument to \`${w}'` : { kind: 'name', pattern, fold: w === '-iname' };
    }
    case '-type': {
      const type = value();
      if (type === undefined) return "missing argument to `-type'";
      if (!Object.hasOwn(TYPES, type)) return `Unknown argument to -type: ${type}`;
      return { kind: 'type', type };
    }
    case '-maxdepth':
    case '-mindepth': {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0) return `Expected a positive decimal integer argument to ${w}, but got '${p.args[p.i - 1]}'`;
      if (w === '-maxdepth') p.maxdepth = n;
      else p.mindepth = n;
      return { kind: 'true' };
    }
    case '-empty':
      return { kind: 'empty' };
    case '-print':
      p.hasAction = true;
      return { kind: 'print' };
    case '-exec': {
      const argv: string[] = [];
      for (;;) {
        const a = p.args[p.i++];
        if (a === undefined) return "missing argument to `-exec'";
        if (a === ';' || (a === '+' && argv[argv.length - 1] === '{}')) {
          argv.push(a);
          break;
        }
        argv.push(a);
      }
      if (argv.length < 2) return "missing argument to `-exec'";
      p.hasAction = true;
      const batch = argv[argv.length - 1] === '+';
      return { kind: 'exec', argv: batch ? [...argv.slice(0, -2), '+'] : argv, batch };
    }
    default:
      return w === undefined ? 'missing expression' : `unknown predicate \`${w}'`;
  }
}
