import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { getopts, last } from './args.ts';
import { MANPAGES, type ManPage, OSTEP_CHAPTERS } from './manpages/index.ts';
import { outputWidthOr, wrapLine } from './layout.ts';
import { finish, put, tool } from './stdio.ts';

/**
 * man: prints manual pages laid out as man(1) lays them out on a terminal: section
 * headings flush left, text indented by 7 and wrapped to the terminal's width, option and
 * example tags with their explanations indented by 14 (less on a narrow terminal). No word
 * is ever split across lines. man -k searches the pages (apropos).
 */

/** Fills words into lines no wider than `width`, each starting with `indent` spaces. */
export function wrap(text: string, indent: number, width: number): string[] {
  const words = text.split(/\s+/).filter(Boolean).join(' ');
  return words === '' ? [] : wrapLine(' '.repeat(indent) + words, width, indent);
}

/** man's indents: 7 for text and 14 for a tag's explanation, halved and less on a narrow terminal. */
function indents(width: number): { text: number; tag: number } {
  return width >= 60 ? { text: 7, tag: 14 } : width >= 40 ? { text: 4, tag: 8 } : { text: 2, tag: 4 };
}

/** A tagged paragraph (man's .TP): the tag, then the text at the tag's indent, on the same line if the tag is short. */
function tagged(tag: string, text: string, width: number): string[] {
  const ind = indents(width);
  const body = wrap(text, ind.tag, width);
  const head = ' '.repeat(ind.text) + tag;
  if (tag.length < ind.tag - ind.text && body.length > 0) {
    const joined = head.padEnd(ind.tag) + body[0].trimStart();
    if (joined.length <= width) return [joined, ...body.slice(1)];
  }
  return [...wrap(tag, ind.text, width), ...body];
}

/** The header line: the title at each end and the manual's name between, as much of that as fits. */
function headerLine(title: string, middle: string, width: number): string {
  const gap = width - 1 - 2 * title.length - middle.length;
  if (gap >= 2) {
    const left = Math.floor(gap / 2);
    return `${title}${' '.repeat(left)}${middle}${' '.repeat(gap - left)}${title}`;
  }
  const bare = width - 1 - 2 * title.length;
  return bare >= 1 ? `${title}${' '.repeat(bare)}${title}` : title;
}

/** The page as text, for a terminal `width` columns wide (man leaves two columns free, as man-db does). */
export function renderPage(p: ManPage, width = 80): string {
  const header = width;
  width -= 2;
  const ind = indents(width);
  const title = `${p.name.toUpperCase()}(1)`;
  const middle = p.builtin ? 'Glassbox Shell Builtins' : 'Glassbox Manual';
  const out: string[] = [headerLine(title, middle, header), ''];
  const section = (name: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push(name, ...lines, '');
  };
  // A synopsis or an example command keeps its spacing; a long one continues further in.
  const code = (line: string) => wrapLine(' '.repeat(ind.text) + line, width, ind.tag);
  section('NAME', wrap(`${p.name} - ${p.summary}`, ind.text, width));
  section('SYNOPSIS', p.synopsis.flatMap(code));
  section('DESCRIPTION', p.description.flatMap((para, i) => [...(i > 0 ? [''] : []), ...wrap(para, ind.text, width)]));
  section('OPTIONS', p.options.flatMap(([tag, text]) => tagged(tag, text, width)));
  section('EXAMPLES', p.examples.flatMap(([cmd, what], i) => [...(i > 0 ? [''] : []), ...code(cmd), ...wrap(what, ind.tag, width)]));
  section('IN GLASSBOX', (p.notes ?? []).flatMap((para, i) => [...(i > 0 ? [''] : []), ...wrap(para, ind.text, width)]));
  section(
    'OSTEP',
    p.ostep.flatMap((ch) => wrap(`Chapter ${ch}, "${OSTEP_CHAPTERS[ch] ?? '?'}"`, ind.text, width)),
  );
  section('SEE ALSO', wrap(p.seeAlso.map((n) => `${n}(1)`).join(', '), ind.text, width));
  return `${out.join('\n')}\n`;
}

/** man -k: the pages whose name, summary or description mentions `word`, as apropos lists them. */
export function apropos(word: string): string[] {
  const w = word.toLowerCase();
  return Object.values(MANPAGES)
    .filter((p) => [p.name, p.summary, ...p.description].some((t) => t.toLowerCase().includes(w)))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((p) => `${`${p.name} (1)`.padEnd(20)} - ${p.summary}`);
}

/** man PAGE... | man -k WORD */
export function* man(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, { values: 'k', long: { 'apropos=': 'k' }, usage: ['man PAGE...', 'man -k WORD'] });
  if (typeof a === 'number') return a;
  const t = tool('man');
  const word = last(a, 'k');
  if (word !== undefined) {
    const hits = [...a.operands, word].flatMap(apropos);
    if (hits.length === 0) {
      yield* sys.eprint(`${word}: nothing appropriate.\n`);
      return 1;
    }
    yield* put(t.out, `${[...new Set(hits)].join('\n')}\n`);
    return yield* finish(t);
  }
  if (a.operands.length === 0) {
    yield* sys.eprint("What manual page do you want?\nFor example, try 'man man'.\n");
    return 1;
  }
  // As man-db: $MANWIDTH, else the terminal's width, else $COLUMNS, else 80; a page is never wider than 100.
  const width = Math.min((yield* outputWidthOr(ctx, 'MANWIDTH')) ?? 80, 100);
  let first = true;
  for (const name of a.operands) {
    const page = Object.hasOwn(MANPAGES, name) ? MANPAGES[name] : undefined;
    if (!page) {
      yield* sys.eprint(`No manual entry for ${name}\n`);
      t.status = 1;
      continue;
    }
    yield* put(t.out, (first ? '' : '\n') + renderPage(page, width));
    first = false;
  }
  return yield* finish(t);
}
