import { R_OK, W_OK, X_OK } from '../abi/fs.ts';
import * as sys from '../libc/sys.ts';

/**
 * `test EXPRESSION` and `[ EXPRESSION ]`, with every POSIX primary and bash's words for
 * what goes wrong. Status 0 true, 1 false, 2 for a malformed expression.
 *
 * POSIX decides by the number of arguments (XCU test, "1 argument" ... "4 arguments"),
 * which is what makes `[ -n ]` and `[ ! = x ]` mean what they do; beyond four arguments
 * the expression is parsed with `!`, `-a`, `-o` and parentheses, `-a` binding tighter.
 *
 * File primaries ask the kernel with stat and open. The file system has no permission
 * bits, so -r and -w ask whether open for reading or writing would succeed, and -x whether
 * the path names a directory (which can be searched) or a file the shell could run.
 */

type Result = boolean | { error: string };

const UNARY_FILE = new Set(['-b', '-c', '-d', '-e', '-f', '-g', '-h', '-L', '-p', '-r', '-S', '-s', '-t', '-u', '-w', '-x', '-O', '-G', '-N', '-k']);
const UNARY_STRING = new Set(['-n', '-z']);
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-ef', '-nt', '-ot']);

/** Runs `test` (or `[`, which must end with `]`); returns the status and an error message for stderr, if any. */
export function* runTest(argv: string[]): sys.Sys<{ status: number; error: string | null }> {
  let args = argv.slice(1);
  if (argv[0] === '[') {
    if (args[args.length - 1] !== ']') return { status: 2, error: "missing `]'" };
    args = args.slice(0, -1);
  }
  const r = yield* evaluate(args);
  if (typeof r === 'object') return { status: 2, error: r.error };
  return { status: r ? 0 : 1, error: null };
}

function* evaluate(args: string[]): sys.Sys<Result> {
  switch (args.length) {
    case 0:
      return false;
    case 1:
      return args[0] !== '';
    case 2:
      if (args[0] === '!') return args[1] === '';
      return yield* unary(args[0], args[1]);
    case 3:
      if (BINARY.has(args[1])) return yield* binary(args[0], args[1], args[2]);
      if (args[0] === '!') return negate(yield* evaluate(args.slice(1)));
      if (args[0] === '(' && args[2] === ')') return args[1] !== '';
      if (args[1] === '-a' || args[1] === '-o') return yield* parseExpression(args);
      return { error: `${args[1]}: binary operator expected` };
    case 4:
      if (args[0] === '!') return negate(yield* evaluate(args.slice(1)));
      if (args[0] === '(' && args[3] === ')') return yield* evaluate(args.slice(1, 3));
      return yield* parseExpression(args);
    default:
      return yield* parseExpression(args);
  }
}

function negate(r: Result): Result {
  return typeof r === 'object' ? r : !r;
}

/** The general grammar: or := and ('-o' and)*; and := not ('-a' not)*; not := '!' not | primary. */
function* parseExpression(args: string[]): sys.Sys<Result> {
  const p = { i: 0 };
  const r = yield* orExpr(args, p);
  if (typeof r === 'object') return r;
  if (p.i < args.length) return { error: p.i === 0 ? `${args[0]}: unary operator expected` : 'too many arguments' };
  return r;
}

function* orExpr(args: string[], p: { i: number }): sys.Sys<Result> {
  let left = yield* andExpr(args, p);
  while (typeof left !== 'object' && args[p.i] === '-o') {
    p.i++;
    const right = yield* andExpr(args, p);
    if (typeof right === 'object') return right;
    left = left || right;
  }
  return left;
}

function* andExpr(args: string[], p: { i: number }): sys.Sys<Result> {
  let left = yield* notExpr(args, p);
  while (typeof left !== 'object' && args[p.i] === '-a') {
    p.i++;
    const right = yield* notExpr(args, p);
    if (typeof right === 'object') return right;
    left = left && right;
  }
  return left;
}

function* notExpr(args: string[], p: { i: number }): sys.Sys<Result> {
  if (args[p.i] === '!') {
    p.i++;
    return negate(yield* notExpr(args, p));
  }
  return yield* primary(args, p);
}

function* primary(args: string[], p: { i: number }): sys.Sys<Result> {
  const a = args[p.i];
  if (a === undefined) return { error: 'argument expected' };
  if (a === '(') {
    p.i++;
    const r = yield* orExpr(args, p);
    if (typeof r === 'object') return r;
    if (args[p.i] !== ')') return { error: "`)' expected" };
    p.i++;
    return r;
  }
  if (args[p.i + 1] !== undefined && BINARY.has(args[p.i + 1]) && args[p.i + 2] !== undefined) {
    p.i += 3;
    return yield* binary(a, args[p.i - 2], args[p.i - 1]);
  }
  if ((UNARY_FILE.has(a) || UNARY_STRING.has(a)) && args[p.i + 1] !== undefined) {
    p.i += 2;
    return yield* unary(a, args[p.i - 1]);
  }
  p.i++;
  return a !== '';
}

function* unary(op: string, operand: string): sys.Sys<Result> {
  if (op === '-n') return operand !== '';
  if (op === '-z') return operand === '';
  if (!UNARY_FILE.has(op)) return { error: `${op}: unary operator expected` };
  if (op === '-t') {
    if (!/^[0-9]+$/.test(operand)) return { error: `${operand}: integer expression expected` };
    const st = yield* sys.fstat(Number(operand));
    return typeof st !== 'number' && st.type === 'chardev';
  }
  if (operand === '') return false;
  // -h and -L ask about a symbolic link itself; every other test follows it.
  const st = op === '-h' || op === '-L' ? yield* sys.lstat(operand) : yield* sys.stat(operand);
  if (typeof st === 'number') return false;
  switch (op) {
    case '-e':
      return true;
    case '-f':
      return st.type === 'file';
    case '-d':
      return st.type === 'dir';
    case '-c':
      return st.type === 'chardev';
    case '-p':
      return (st.type as string) === 'fifo';
    case '-h':
    case '-L':
      return st.type === 'symlink';
    case '-s':
      return st.size > 0;
    // access(2) answers with the permission bits the kernel checks.
    case '-r':
      return (yield* sys.access(operand, R_OK)) === 0;
    case '-w':
      return (yield* sys.access(operand, W_OK)) === 0;
    case '-x':
      return (yield* sys.access(operand, X_OK)) === 0;
    case '-O':
    case '-G':
      // Every file belongs to the one user there is.
      return true;
    case '-N':
      return st.mtime > st.atime;
    case '-u':
      return (st.mode & 0o4000) !== 0;
    case '-g':
      return (st.mode & 0o2000) !== 0;
    case '-k':
      return (st.mode & 0o1000) !== 0;
    default:
      // -b -S: no block devices or sockets in this file system.
      return false;
  }
}

function* binary(a: string, op: string, b: string): sys.Sys<Result> {
  switch (op) {
    case '=':
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '-ef':
    case '-nt':
    case '-ot': {
      const sa = yield* sys.stat(a);
      const sb = yield* sys.stat(b);
      if (op === '-ef') return typeof sa !== 'number' && typeof sb !== 'number' && sa.ino === sb.ino;
      if (op === '-nt') return typeof sa !== 'number' && (typeof sb === 'number' || sa.mtime > sb.mtime);
      return typeof sb !== 'number' && (typeof sa === 'number' || sa.mtime < sb.mtime);
    }
  }
  const x = integer(a);
  if (x === null) return { error: `${a}: integer expression expected` };
  const y = integer(b);
  if (y === null) return { error: `${b}: integer expression expected` };
  switch (op) {
    case '-eq':
      return x === y;
    case '-ne':
      return x !== y;
    case '-lt':
      return x < y;
    case '-le':
      return x <= y;
    case '-gt':
      return x > y;
    default:
      return x >= y;
  }
}

/** An integer operand as test reads one: optional blanks and sign, then digits. */
function integer(text: string): bigint | null {
  const t = text.trim();
  return /^[-+]?[0-9]+$/.test(t) ? BigInt(t) : null;
}
