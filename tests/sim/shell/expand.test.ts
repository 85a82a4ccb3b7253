// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell source is full of ${...}, and these strings are shell source.
import { describe, expect, it } from 'vitest';
import type { Word } from '../../../src/sim/shell/ast.ts';
import {
  type ExpansionEnv,
  expandAssignment,
  expandRedirectTarget,
  expandWord,
  expandWords,
  matchGlob,
  paramValue,
  tildeExpand,
} from '../../../src/sim/shell/expand.ts';
import { parseScript } from '../../../src/sim/shell/parser.ts';
import { sq, word } from './build.ts';

/** A directory the fake glob knows, and the patterns it was asked about. */
const FILES = ['a.txt', 'b.txt', 'c.md', '.hidden.txt', 'my file.txt', '*.txt'];

function makeEnv(vars: Record<string, string> = {}, positional = ['sh', 'one', 'two words', ''], files = FILES) {
  const asked: string[] = [];
  const env: ExpansionEnv = {
    vars: { HOME: '/home/ada', empty: '', spaced: '  a  b  ', star: '*.txt', x: 'ex', ...vars },
    special: { '?': '1', $: '42', '!': '7', '#': String(positional.length - 1), positional },
    glob(pattern) {
      asked.push(pattern);
      // Files in reverse order, to show that expansion sorts them.
      return files.filter((f) => matchGlob(pattern, f)).reverse();
    },
  };
  return { env, asked };
}

/** The words of the first simple command of `source`, each expanded. */
function expand(source: string, env = makeEnv().env): string[][] {
  const r = parseScript(source);
  if (!r.ok) throw new Error(r.error.message);
  const command = r.script.body[0].head.commands[0];
  if (command.kind !== 'simple') throw new Error('not a simple command');
  return command.words.map((w) => expandWord(w, env));
}

/** All the arguments of the first simple command. */
function args(source: string, env = makeEnv().env): string[] {
  return expand(source, env).flat();
}

describe('parameter expansion and quote removal', () => {
  it.each([
    ['$x', ['ex']],
    ['"$x"', ['ex']],
    ['${x}y', ['exy']],
    ['$xy', []],
    ['"${x}"y\'$x\'', ['exy$x']],
    ['\\$x', ['$x']],
    ['"\\$x"', ['$x']],
    ["'$x'", ['$x']],
    ['$?', ['1']],
    ['$$', ['42']],
    ['$!', ['7']],
    ['$#', ['3']],
    ['$0', ['sh']],
    ['$1', ['one']],
    ['"$2"', ['two words']],
    ['$9', []],
    ['${10}', []],
    ['a$-b', ['a$-b']],
    ['"a\\b"', ['a\\b']],
    ['$constructor$__proto__', []],
  ])('%s expands to %j', (source, expected) => {
    expect(args(`echo ${source}`).slice(1)).toEqual(expected);
  });

  it('reads positional parameters past 9 in braces', () => {
    const { env } = makeEnv({}, ['sh', ...'abcdefghijk']);
    expect(args('echo ${10} $10', env)).toEqual(['echo', 'j', 'a0']);
  });

  it('gives paramValue for any name, $* joined', () => {
    const { env } = makeEnv();
    expect(['?', '$', '!', '#', '0', '2', '*', '@', 'x', 'nope'].map((n) => paramValue(n, env))).toEqual(['1', '42', '7', '3', 'sh', 'two words', 'one two words ', 'one two words ', 'ex', '']);
  });
});

describe('field splitting', () => {
  it('splits an unquoted expansion on white space, dropping it at the ends', () => {
    expect(expand('echo $spaced')).toEqual([['echo'], ['a', 'b']]);
    expect(expand('echo x${spaced}y')).toEqual([['echo'], ['x', 'a', 'b', 'y']]);
  });

  it('does not split quoted expansions or literal text', () => {
    expect(expand('echo "$spaced" \'a b\' a\\ b')).toEqual([['echo'], ['  a  b  '], ['a b'], ['a b']]);
  });

  it('drops a word that is only an empty unquoted expansion, but keeps quoted empties', () => {
    expect(expand('echo $empty "" "$empty" $empty"" \'\' $nothing$empty')).toEqual([['echo'], [], [''], [''], [''], [''], []]);
  });

  it('splits on tabs and newlines from a variable too', () => {
    const { env } = makeEnv({ v: 'a\tb\nc' });
    expect(args('echo $v', env)).toEqual(['echo', 'a', 'b', 'c']);
  });

  it('splits on other IFS characters one at a time, keeping empty fields between them', () => {
    const { env } = makeEnv({ IFS: ':', path: '/bin::/usr/bin:', lead: ':a' });
    expect(args('echo $path $lead', env)).toEqual(['echo', '/bin', '', '/usr/bin', '', 'a']);
  });

  it('lets IFS white space around a separator belong to it', () => {
    const { env } = makeEnv({ IFS: ' :', v: ' a : b  c:' });
    expect(args('echo $v', env)).toEqual(['echo', 'a', 'b', 'c']);
  });

  it('does not split at all when IFS is empty', () => {
    const { env } = makeEnv({ IFS: '', v: ' a b ' });
    expect(args('echo $v', env)).toEqual(['echo', ' a b ']);
  });

  it('splits each positional parameter of an unquoted $* and $@ on its own', () => {
    expect(args('echo $* $@')).toEqual(['echo', 'one', 'two', 'words', 'one', 'two', 'words']);
  });

  it('joins "$*" into one field with the first IFS character', () => {
    expect(args('echo "$*"')).toEqual(['echo', 'one two words ']);
    const { env } = makeEnv({ IFS: '-:' });
    expect(args('echo "$*"', env)).toEqual(['echo', 'one-two words-']);
  });

  it('gives each positional parameter its own field in "$@"', () => {
    expect(expand('echo "$@" "<$@>"')).toEqual([['echo'], ['one', 'two words', ''], ['<one', 'two words', '>']]);
    const { env } = makeEnv({}, ['sh']);
    expect(expand('echo "$@" "<$@>" "$@$@"', env)).toEqual([['echo'], [], ['<>'], []]);
  });

  it('expands every word of a command with expandWords', () => {
    const r = parseScript('cp $spaced "$x" *.md');
    if (!r.ok || r.script.body[0].head.commands[0].kind !== 'simple') throw new Error('parse');
    expect(expandWords(r.script.body[0].head.commands[0].words, makeEnv().env)).toEqual(['cp', 'a', 'b', 'ex', 'c.md']);
  });
});

describe('pathname expansion', () => {
  it('expands an unquoted pattern to the sorted matches', () => {
    const { env, asked } = makeEnv();
    expect(args('ls *.txt', env)).toEqual(['ls', '*.txt', 'a.txt', 'b.txt', 'my file.txt']);
    expect(asked).toEqual(['*.txt']);
  });

  it('keeps a pattern that matches nothing as it was written, quotes removed', () => {
    expect(args('ls *.png "x"?.y [ab')).toEqual(['ls', '*.png', 'x?.y', '[ab']);
  });

  it('keeps the pattern when glob answers null (say, a directory it cannot read)', () => {
    const env: ExpansionEnv = { ...makeEnv().env, glob: () => null };
    expect(args('ls *.txt', env)).toEqual(['ls', '*.txt']);
  });

  it('does not glob quoted or escaped pattern characters, and does not even ask', () => {
    const { env, asked } = makeEnv();
    expect(args('ls "*.txt" \'*\'.txt \\*.txt "$star"', env)).toEqual(['ls', '*.txt', '*.txt', '*.txt', '*.txt']);
    expect(asked).toEqual([]);
  });

  it('hands glob the quoted characters escaped, so they match only themselves', () => {
    const { env, asked } = makeEnv();
    expect(args('ls "*"* "my "*', env)).toEqual(['ls', '*.txt', 'my file.txt']);
    expect(asked).toEqual(['\\**', 'my *']);
  });

  it('globs the result of an unquoted expansion', () => {
    const { env, asked } = makeEnv();
    expect(args('ls $star', env)).toEqual(['ls', '*.txt', 'a.txt', 'b.txt', 'my file.txt']);
    expect(asked).toEqual(['*.txt']);
  });

  it('globs each field after splitting, and never splits a match', () => {
    const { env } = makeEnv({ pats: '*.md  b.*' });
    expect(args('ls $pats my*', env)).toEqual(['ls', 'c.md', 'b.txt', 'my file.txt']);
  });

  it('asks about brackets and ? too', () => {
    const { env, asked } = makeEnv();
    expect(args('ls [ab].txt ?.md', env)).toEqual(['ls', 'a.txt', 'b.txt', 'c.md']);
    expect(asked).toEqual(['[ab].txt', '?.md']);
  });

  it('matches a hidden file only with an explicit dot', () => {
    expect(args('ls *hidden* .h*')).toEqual(['ls', '*hidden*', '.hidden.txt']);
  });
});

describe('tilde expansion', () => {
  it.each([
    ['~', ['/home/ada']],
    ['~/notes', ['/home/ada/notes']],
    ['~/*.txt', ['/home/ada/*.txt']],
    ['~ada', ['~ada']],
    ['"~"', ['~']],
    ['\\~', ['~']],
    ['x~', ['x~']],
    ['~"/x"', ['~/x']],
    ['"$x"~', ['ex~']],
  ])('%s becomes %j', (source, expected) => {
    expect(args(`echo ${source}`).slice(1)).toEqual(expected);
  });

  it('takes HOME as quoted: never split or globbed', () => {
    const { env, asked } = makeEnv({ HOME: '/home/my *' });
    expect(args('echo ~ ~/a', env)).toEqual(['echo', '/home/my *', '/home/my */a']);
    expect(asked).toEqual([]);
  });

  it('leaves ~ alone without HOME', () => {
    const env = makeEnv().env;
    const noHome: ExpansionEnv = { ...env, vars: { x: 'ex' } };
    expect(args('echo ~ ~/a', noHome)).toEqual(['echo', '~', '~/a']);
  });

  it('rewrites only the leading tilde part of a word', () => {
    expect(tildeExpand(word('~/a', sq('b')), '/h')).toEqual(word(sq('/h'), '/a', sq('b')));
    const untouched: Word = word(sq('~'));
    expect(tildeExpand(untouched, '/h')).toBe(untouched);
  });
});

describe('assignments and redirection targets', () => {
  function assignmentValue(source: string, env = makeEnv().env): string {
    const r = parseScript(source);
    if (!r.ok || r.script.body[0].head.commands[0].kind !== 'simple') throw new Error('parse');
    return expandAssignment(r.script.body[0].head.commands[0].assignments[0].value, env);
  }

  it('assigns one string, never split or globbed', () => {
    expect(assignmentValue('v=$spaced')).toBe('  a  b  ');
    expect(assignmentValue('v=*.txt')).toBe('*.txt');
    expect(assignmentValue('v="$x"\'$x\'\\$$?')).toBe('ex$x$1');
    expect(assignmentValue('v=$@')).toBe('one two words ');
    expect(assignmentValue('v=')).toBe('');
  });

  it('expands a leading tilde in an assignment', () => {
    expect(assignmentValue('v=~/bin')).toBe('/home/ada/bin');
  });

  it('gives a redirection exactly one file name, or says it is ambiguous', () => {
    const env = makeEnv().env;
    const target = (w: string) => {
      const r = parseScript(`cmd >${w}`);
      if (!r.ok) throw new Error(r.error.message);
      const [redirect] = r.script.body[0].head.commands[0].redirects;
      if (redirect.kind !== 'file') throw new Error('not a file redirect');
      return expandRedirectTarget(redirect.target, env);
    };
    expect(target('"$spaced"')).toEqual({ ok: true, path: '  a  b  ' });
    expect(target('c.*')).toEqual({ ok: true, path: 'c.md' });
    expect(target('$spaced')).toEqual({ ok: false, message: '$spaced: ambiguous redirect' });
    expect(target('$empty')).toEqual({ ok: false, message: '$empty: ambiguous redirect' });
    expect(target('*.txt')).toEqual({ ok: false, message: '*.txt: ambiguous redirect' });
  });
});
