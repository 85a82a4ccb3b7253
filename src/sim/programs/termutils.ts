import { strerror } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { quote } from './stdio.ts';

/**
 * The terminal's size, as programs ask for it: stty (about standard input, as GNU stty)
 * and tput cols / lines (about standard output, with $COLUMNS and $LINES first, as
 * ncurses reads them). The window's size is the host's to set, when the window is
 * resized; a program can only read it, with the winsize syscall (TIOCGWINSZ).
 */

/** stty [-a | size]: the terminal's size; changing it is the window's business. */
export function* stty(ctx: ProcessContext): sys.Sys<number> {
  const args = ctx.argv.slice(1);
  const size = yield* sys.winsize(0);
  if (typeof size === 'number') {
    yield* sys.eprint(`stty: 'standard input': ${strerror(size)}\n`);
    return 1;
  }
  if (args.length === 1 && args[0] === 'size') {
    yield* sys.print(`${size.rows} ${size.cols}\n`);
    return 0;
  }
  if (args.length === 0 || (args.length === 1 && (args[0] === '-a' || args[0] === '--all'))) {
    yield* sys.print(`rows ${size.rows}; columns ${size.cols};\n`);
    return 0;
  }
  if (args[0] === 'rows' || args[0] === 'cols' || args[0] === 'columns') {
    yield* sys.eprint(`stty: ${args[0]}: the terminal's size follows its window; resize the window instead\n`);
    return 1;
  }
  yield* sys.eprint(`stty: invalid argument ${quote(args[0])}\nusage: stty [-a | size]\n`);
  return 1;
}

/** What tput answers for the size capabilities: the environment's variable, then the terminal's size. */
const SIZE_CAPS: Record<string, { env: string; pick: (s: { cols: number; rows: number }) => number; fallback: number }> = {
  cols: { env: 'COLUMNS', pick: (s) => s.cols, fallback: 80 },
  lines: { env: 'LINES', pick: (s) => s.rows, fallback: 24 },
};

/** tput cols | lines */
export function* tput(ctx: ProcessContext): sys.Sys<number> {
  const args = ctx.argv.slice(1);
  if (args.length !== 1) {
    yield* sys.eprint('usage: tput cols | lines\n');
    return 2;
  }
  const cap = Object.hasOwn(SIZE_CAPS, args[0]) ? SIZE_CAPS[args[0]] : undefined;
  if (!cap) {
    yield* sys.eprint(`tput: unknown terminfo capability ${quote(args[0])}\n`);
    return 4;
  }
  const fromEnv = Object.hasOwn(ctx.env, cap.env) ? ctx.env[cap.env] : undefined;
  if (fromEnv !== undefined && /^[1-9]\d*$/.test(fromEnv)) {
    yield* sys.print(`${fromEnv}\n`);
    return 0;
  }
  // The terminal on standard output, or on standard error when the output is a pipe (as in $(tput cols)).
  for (const fd of [1, 2, 0]) {
    const size = yield* sys.winsize(fd);
    if (typeof size !== 'number') {
      yield* sys.print(`${cap.pick(size)}\n`);
      return 0;
    }
  }
  yield* sys.print(`${cap.fallback}\n`);
  return 0;
}
