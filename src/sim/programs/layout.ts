import type { ProcessContext } from '../abi/program.ts';
import { wrapLine } from '../base/wrap.ts';
import * as sys from '../libc/sys.ts';

export { wrapLine };

/**
 * Laying text out for the terminal's width. A program asks how wide its output is
 * (`outputWidth`: the terminal's width when the output is the terminal, as GNU tools ask
 * with TIOCGWINSZ, else $COLUMNS) and breaks its long lines between words
 * (`wrapLine`), never inside one, so the terminal never has to break a word or a number.
 */

/** A positive whole number of columns from the environment, or null. */
function columnsVar(ctx: ProcessContext, name: string): number | null {
  const v = Object.hasOwn(ctx.env, name) ? ctx.env[name] : undefined;
  if (v === undefined || !/^\d+$/.test(v)) return null;
  const n = Number(v);
  return n >= 1 ? n : null;
}

/** How many columns `fd`'s output may use: the terminal's if `fd` is the terminal, else $COLUMNS, else null (no limit). */
export function* outputWidth(ctx: ProcessContext, fd = 1): sys.Sys<number | null> {
  const size = yield* sys.winsize(fd);
  if (typeof size !== 'number') return size.cols;
  return columnsVar(ctx, 'COLUMNS');
}

/** As outputWidth, but $`override` (MANWIDTH for man) comes first. */
export function* outputWidthOr(ctx: ProcessContext, override: string, fd = 1): sys.Sys<number | null> {
  return columnsVar(ctx, override) ?? (yield* outputWidth(ctx, fd));
}

/** wrapLine for every line of `text` (lines end with "\n"); a null width leaves the text as it is. */
export function wrapText(text: string, width: number | null, indent = 0): string {
  if (width === null) return text;
  const lines = text.split('\n');
  return lines.map((l) => wrapLine(l, width, indent).join('\n')).join('\n');
}
