import { ENOENT, strerror } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { getopts, last } from './args.ts';
import { finish, reader, readRest, tool, warn } from './stdio.ts';

/**
 * xargs [-n N] [-I STR] [COMMAND [ARG]...]: builds command lines from standard input and
 * runs each as a child, waiting for it. Words are split at blanks and newlines, with
 * quotes and backslashes as xargs reads them; -I takes whole lines and puts each where
 * STR appears. The command is echo when none is given. Status 123 if a command failed,
 * 127 if it could not be found, as GNU's.
 */
export function* xargs(ctx: ProcessContext): sys.Sys<number> {
  const a = yield* getopts(ctx, {
    values: 'nI',
    long: { 'max-args=': 'n', 'replace=': 'I' },
    inOrder: true,
    usage: ['xargs [OPTION]... COMMAND [INITIAL-ARGS]...'],
  });
  if (typeof a === 'number') return a;
  const t = tool('xargs');
  const command = a.operands.length > 0 ? a.operands : ['echo'];
  const text = yield* readRest(reader(0));
  const replace = last(a, 'I');
  const maxText = last(a, 'n');
  const max = maxText === undefined ? Number.POSITIVE_INFINITY : Number(maxText);
  if (maxText !== undefined && (!Number.isInteger(max) || max < 1)) {
    yield* warn(t, `value ${maxText} for -n option should be >= 1`);
    return 1;
  }
  const lines: string[][] = [];
  if (replace !== undefined) {
    for (const line of text.split('\n')) {
      const item = line.replace(/^[ \t]+/, '');
      if (item !== '') lines.push(command.map((w) => w.replaceAll(replace, item)));
    }
  } else {
    const words = splitWords(text);
    if (typeof words === 'string') {
      yield* warn(t, words);
      return 1;
    }
    if (words.length === 0) lines.push(command);
    for (let k = 0; k < words.length; k += max === Number.POSITIVE_INFINITY ? words.length : max) lines.push([...command, ...words.slice(k, k + (max === Number.POSITIVE_INFINITY ? words.length : max))]);
  }
  let status = 0;
  for (const argv of lines) {
    yield* finish(t);
    const pid = yield* sys.spawn({ program: argv[0], argv, env: ctx.env });
    if (pid < 0) {
      yield* warn(t, `${argv[0]}: ${strerror(pid)}`);
      return pid === -ENOENT ? 127 : 126;
    }
    const r = yield* sys.wait(pid);
    if (sys.isWaitResult(r) && (r.signal !== null || (r.code ?? 0) !== 0)) status = 123;
  }
  return status;
}

/** Input split as xargs splits it: blanks and newlines separate, quotes and backslashes keep. */
function splitWords(text: string): string[] | string {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const close = text.indexOf(ch, i + 1);
      if (close < 0 || text.slice(i, close).includes('\n')) return `unmatched ${ch === '"' ? 'double' : 'single'} quote; by default quotes are special to xargs unless you use the -0 option`;
      word += text.slice(i + 1, close);
      inWord = true;
      i = close;
    } else if (ch === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (ch === ' ' || ch === '\t' || ch === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
