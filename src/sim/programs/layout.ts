import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';

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

/**
 * Breaks `line` between words into lines no wider than `width`; each line after the first
 * starts with `indent` spaces (at most half the width). A word is never split: one longer
 * than the width stands alone on its line, with no indent before it.
 */
export function wrapLine(line: string, width: number, indent = 0): string[] {
  if (line.length <= width) return [line];
  const pad = ' '.repeat(Math.min(indent, Math.floor(width / 2)));
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    const lead = rest.length - rest.trimStart().length;
    const firstEnd = rest.indexOf(' ', lead);
    const firstWord = (firstEnd < 0 ? rest.length : firstEnd) - lead;
    if (lead > 0 && lead + firstWord > width) {
      // The indent would push the first word past the edge: drop the indent instead.
      rest = rest.trimStart();
      continue;
    }
    let cut = rest.lastIndexOf(' ', width);
    if (cut <= lead) cut = firstEnd;
    if (cut < 0) break;
    out.push(rest.slice(0, cut).trimEnd());
    const tail = rest.slice(cut).trimStart();
    if (tail === '') return out;
    rest = pad + tail;
  }
  out.push(rest);
  return out;
}

/** wrapLine for every line of `text` (lines end with "\n"); a null width leaves the text as it is. */
export function wrapText(text: string, width: number | null, indent = 0): string {
  if (width === null) return text;
  const lines = text.split('\n');
  return lines.map((l) => wrapLine(l, width, indent).join('\n')).join('\n');
}
