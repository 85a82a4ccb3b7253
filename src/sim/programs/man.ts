import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { getopts, last } from './args.ts';
import { MANPAGES, type ManPage, OSTEP_CHAPTERS } from './manpages/index.ts';
import { finish, put, tool } from './stdio.ts';

/**
 * man: prints manual pages laid out as man(1) lays them out on a terminal: section
 * headings flush left, text indented by 7 and wrapped to the width, option and example
 * tags with their explanations indented by 14. man -k searches the pages (apropos).
 */

const INDENT = 7;
const TAG_INDENT = 14;

/** Fills words into lines no wider than `width`, each starting with `indent` spaces. */
export function wrap(text: string, indent: number, width: number): string[] {
  const pad = ' '.repeat(indent);
  const room = Math.max(20, width - indent);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(pad + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(pad + line);
  return lines;
}

/** A tagged paragraph (man's .TP): the tag, then the text at column 14, on the same line if the tag is short. */
function tagged(tag: string, text: string, width: number): string[] {
  const body = wrap(text, TAG_INDENT, width);
  const head = ' '.repeat(INDENT) + tag;
  if (tag.length < TAG_INDENT - INDENT && body.length > 0) return [head.padEnd(TAG_INDENT) + body[0].trimStart(), ...body.slice(1)];
  return [head, ...body];
}

/** The page as text, for a terminal `width` columns wide (man leaves two columns free, as man-db does). */
export function renderPage(p: ManPage, width = 80): string {
  const header = width;
  width -= 2;
  const title = `${p.name.toUpperCase()}(1)`;
  const middle = p.builtin ? 'Glassbox Shell Builtins' : 'Glassbox Manual';
  const gap = Math.max(1, header - 1 - 2 * title.length - middle.length);
  const left = Math.floor(gap / 2);
  const out: string[] = [`${title}${' '.repeat(left)}${middle}${' '.repeat(gap - left)}${title}`, ''];
  const section = (name: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push(name, ...lines, '');
  };
  section('NAME', wrap(`${p.name} - ${p.summary}`, INDENT, width));
  section('SYNOPSIS', p.synopsis.map((s) => ' '.repeat(INDENT) + s));
  section('DESCRIPTION', p.description.flatMap((para, i) => [...(i > 0 ? [''] : []), ...wrap(para, INDENT, width)]));
  section('OPTIONS', p.options.flatMap(([tag, text]) => tagged(tag, text, width)));
  section('EXAMPLES', p.examples.flatMap(([cmd, what], i) => [...(i > 0 ? [''] : []), ' '.repeat(INDENT) + cmd, ...wrap(what, TAG_INDENT, width)]));
  section('IN GLASSBOX', (p.notes ?? []).flatMap((para, i) => [...(i > 0 ? [''] : []), ...wrap(para, INDENT, width)]));
  section(
    'OSTEP',
    p.ostep.flatMap((ch) => wrap(`Chapter ${ch}, "${OSTEP_CHAPTERS[ch] ?? '?'}"`, INDENT, width)),
  );
  section('SEE ALSO', wrap(p.seeAlso.map((n) => `${n}(1)`).join(', '), INDENT, width));
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
  const cols = Number(ctx.env.COLUMNS ?? '80');
  const width = Number.isInteger(cols) && cols >= 40 ? Math.min(cols, 100) : 80;
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
