import { describe, expect, it } from 'vitest';
import { commonPrefix, wordAt } from '../../../../src/sim/shell/completion.ts';
import { type EditAction, keyAction, type LineState, render } from '../../../../src/sim/shell/editor.ts';
import { addHistory, browse, createHistory, formatHistory, startBrowsing } from '../../../../src/sim/shell/history.ts';
import { KEY, render as screenOf, Terminal } from './helpers.ts';

/** Applies keys to a line the way the shell does, returning the line and what the screen shows. */
function typeKeys(keys: string[], start: LineState = { text: '', cursor: 0 }): { line: LineState; shown: string } {
  let line = start;
  let out = line.text;
  for (const key of keys) {
    const a: EditAction = keyAction(line, key);
    if (a.kind !== 'edit') continue;
    out += render(line, a.next);
    line = a.next;
  }
  return { line, shown: screenOf(out) };
}

describe('the line editor', () => {
  it.each([
    [['a', 'b', 'c'], 'abc', 3],
    [['a', 'c', KEY.left, 'b'], 'abc', 2],
    [['a', 'b', 'c', KEY.home, 'x', KEY.end, 'y'], 'xabcy', 5],
    [['a', 'b', 'c', KEY.ctrlA, KEY.del], 'bc', 0],
    [['a', 'b', 'c', KEY.left, KEY.backspace], 'ac', 1],
    [['a', 'b', KEY.left, KEY.left, KEY.backspace, KEY.left], 'ab', 0],
    [['a', 'b', 'c', KEY.left, KEY.ctrlK], 'ab', 2],
    [['a', 'b', 'c', KEY.left, KEY.ctrlU], 'c', 0],
    [['e', 'c', 'h', 'o', ' ', 'h', 'i', ' ', KEY.ctrlW], 'echo ', 5],
    [['a', KEY.right, KEY.right, 'b'], 'ab', 2],
    [['x', '😀', 'y', KEY.left, KEY.left, KEY.backspace], '😀y', 0],
    [['a', 'b', KEY.left, KEY.ctrlD], 'a', 1],
  ])('%j gives %j with the cursor at %i', (keys, text, cursor) => {
    const { line, shown } = typeKeys(keys);
    expect(line).toEqual({ text, cursor });
    expect(shown).toBe(text.trimEnd());
  });

  it('sends plain text when typing or erasing at the end of the line', () => {
    expect(render({ text: 'ech', cursor: 3 }, { text: 'echo', cursor: 4 })).toBe('o');
    expect(render({ text: 'echo', cursor: 4 }, { text: 'ech', cursor: 3 })).toBe('\b \b');
  });

  it('redraws from the first change and erases what is left of a longer old line', () => {
    const out = render({ text: 'echo a long line', cursor: 16 }, { text: 'echo b', cursor: 6 });
    expect(screenOf(`echo a long line${out}`)).toBe('echo b');
  });

  it('submits on Enter, ends on ^D only on an empty line, drops the line on ^C', () => {
    expect(keyAction({ text: 'x', cursor: 1 }, '\r').kind).toBe('submit');
    expect(keyAction({ text: '', cursor: 0 }, KEY.ctrlD).kind).toBe('eof');
    expect(keyAction({ text: 'x', cursor: 1 }, KEY.ctrlD).kind).toBe('none');
    expect(keyAction({ text: 'x', cursor: 1 }, KEY.ctrlC).kind).toBe('interrupt');
    expect(keyAction({ text: 'x', cursor: 1 }, KEY.ctrlZ).kind).toBe('none');
  });
});

describe('history', () => {
  it('keeps lines once each, numbered, and walks back and forth keeping the draft', () => {
    const h = createHistory();
    for (const line of ['ls\n', 'ls\n', 'pwd\n', '  \n']) addHistory(h, line);
    expect(formatHistory(h)).toBe('    1  ls\n    2  pwd\n');
    const cur = startBrowsing(h);
    expect(browse(h, cur, -1, 'dra')).toBe('pwd');
    expect(browse(h, cur, -1, 'pwd')).toBe('ls');
    expect(browse(h, cur, -1, 'ls')).toBe(null);
    expect(browse(h, cur, 1, 'ls')).toBe('pwd');
    expect(browse(h, cur, 1, 'pwd')).toBe('dra');
  });
});

describe('completion helpers', () => {
  it.each([
    ['ec', { word: 'ec', command: true }],
    ['echo a', { word: 'a', command: false }],
    ['ls | so', { word: 'so', command: true }],
    ['X=1 ca', { word: 'ca', command: true }],
    ['cat my\\ fi', { word: 'my\\ fi', command: false }],
    ['a && ./x', { word: './x', command: true }],
  ])('%j completes %j', (line, expected) => {
    expect(wordAt(line, line.length)).toMatchObject(expected);
  });

  it('finds what names share', () => {
    expect(commonPrefix(['util.c', 'util.h', 'utils'])).toBe('util');
  });
});

describe('editing at the terminal', () => {
  it('moves with the arrow keys and inserts where the cursor is', () => {
    const t = new Terminal().type(`echo wrld${KEY.left.repeat(3)}o\r`);
    expect(t.text).toContain('$ echo world\nworld\n');
  });

  it('goes to the start and end with Home, End, ^A and ^E', () => {
    const t = new Terminal().type(`cho hi${KEY.home}e${KEY.end}!${KEY.ctrlA}${KEY.right}${KEY.ctrlE} there\r`);
    expect(t.text).toContain('$ echo hi! there\nhi! there\n');
  });

  it('deletes with Backspace, Delete, ^U, ^K and ^W', () => {
    const t = new Terminal()
      .type(`echo abXc${KEY.left}${KEY.backspace}\r`)
      .type(`echo ab${KEY.left}${KEY.left}${KEY.del}\r`)
      .type(`rm -rf /${KEY.ctrlU}echo kept\r`)
      .type(`echo yes no${KEY.left.repeat(3)}${KEY.ctrlK}\r`)
      .type(`echo one two${KEY.ctrlW}three\r`);
    expect(t.text).toContain('\nabc\n');
    expect(t.text).toContain('\nb\n');
    expect(t.text).toContain('$ echo kept\nkept\n');
    expect(t.text).toContain('$ echo yes\nyes\n');
    expect(t.text).toContain('$ echo one three\none three\n');
  });

  it('recalls earlier lines with Up and Down, keeping the line being typed', () => {
    const t = new Terminal().type('echo one\r').type('echo two\r').type(`echo dr${KEY.up}${KEY.up}${KEY.down}${KEY.down}aft\r`).type(`${KEY.up}${KEY.up}\r`);
    expect(t.text).toContain('$ echo draft\ndraft\n');
    expect(t.text).toContain('$ echo two\ntwo\n$ echo draft\ndraft\n$ echo two\ntwo\n');
    t.type('history\r');
    expect(t.text).toContain('    1  echo one\n    2  echo two\n    3  echo draft\n    4  echo two\n    5  history\n');
  });

  it('drops the line on ^C with status 130, and ends the shell on ^D at an empty line', () => {
    const t = new Terminal().type(`echo never${KEY.ctrlC}`).type('echo $?\r').type(KEY.ctrlD);
    expect(t.text).toContain('$ echo never^C\n$ echo $?\n130\n$ exit\n');
    expect(t.text).not.toContain('\nnever');
  });

  it('clears the screen on ^L and draws the line again', () => {
    const t = new Terminal().type('echo before\r').type(`echo af${KEY.ctrlL}ter\r`);
    expect(t.text.startsWith('$ echo after\nafter\n')).toBe(true);
  });

  it('completes command names from the builtins and the program table', () => {
    const t = new Terminal().type(`ech${KEY.tab}hi\r`).type(`hist${KEY.tab}\r`);
    expect(t.text).toContain('$ echo hi\nhi\n');
    expect(t.text).toContain('$ history\n    1  ech');
  });

  it('completes paths through readdir, a directory with a slash, and lists choices on a second Tab', () => {
    const t = new Terminal()
      .type('mkdir /tmp/proj /tmp/proj/src; touch /tmp/proj/notes.md /tmp/proj/util.c /tmp/proj/util.h\r')
      .type(`cd /tmp/pr${KEY.tab}\r`)
      .type(`echo no${KEY.tab}and s${KEY.tab}\r`)
      .type(`echo ut${KEY.tab}${KEY.tab}`, 5);
    expect(t.text).toContain('$ cd /tmp/proj/\n');
    expect(t.text).toContain('$ echo notes.md and src/\nnotes.md and src/\n');
    expect(t.text).toContain('$ echo util.\nutil.c  util.h\n$ echo util.');
    t.type(`c\r`);
    expect(t.text).toContain('\nutil.c\n');
  });

  it('asks for more with > while a command is unfinished, and reports syntax errors', () => {
    const t = new Terminal().type('echo "a\r').type('b" |\r').type('wc -l\r').type('echo a | | b\r').type('echo fine\r');
    expect(t.text).toContain('$ echo "a\n> b" |\n> wc -l\n2\n');
    expect(t.text).toContain("$ echo a | | b\nsh: syntax error near unexpected token `|'\nsh: echo a | | b\n             ^\n$ echo fine\nfine\n");
  });
});

describe('reverse incremental search (^R)', () => {
  const ctrlR = '\x12';
  const ctrlG = '\x07';
  const esc = '\x1b';

  it('shows the newest line holding what is typed, in readline\'s words, and Enter runs it', () => {
    const t = new Terminal().type('echo apple\r').type('echo banana\r').type('echo cherry\r').type(`${ctrlR}an`);
    expect(t.text.split('\n').pop()).toBe("(reverse-i-search)`an': echo banana");
    t.type('\r');
    expect(t.text).toContain('$ echo banana\nbanana\n$');
    t.type('history 2\r');
    expect(t.text).toContain('    4  echo banana\n    5  history 2\n');
  });

  it('^R again looks further back; a query nothing holds says failed and keeps the last match', () => {
    const t = new Terminal().type('echo one\r').type('echo two\r').type(`${ctrlR}echo`);
    expect(t.text.split('\n').pop()).toBe("(reverse-i-search)`echo': echo two");
    t.type(ctrlR);
    expect(t.text.split('\n').pop()).toBe("(reverse-i-search)`echo': echo one");
    t.type('z');
    expect(t.text.split('\n').pop()).toBe("(failed reverse-i-search)`echoz': echo one");
    t.type(KEY.backspace);
    expect(t.text.split('\n').pop()).toBe("(reverse-i-search)`echo': echo two");
  });

  it('^G gives up and puts the line back; text typed in the search is never run', () => {
    const t = new Terminal().type('echo keep\r').type(`echo dr${ctrlR}rm -rf${ctrlG}`);
    expect(t.text.split('\n').pop()).toBe('$ echo dr');
    t.type('aft\r');
    expect(t.text).toContain('$ echo draft\ndraft\n');
    expect(t.text).not.toContain('rm -rf');
  });

  it('Escape keeps the match to edit without running it; an editing key keeps it and acts', () => {
    const t = new Terminal().type('echo first\r').type(`${ctrlR}fir${esc}`);
    expect(t.text.split('\n').pop()).toBe('$ echo first');
    t.type(' again\r');
    expect(t.text).toContain('$ echo first again\nfirst again\n');
    t.type(`${ctrlR}first${KEY.ctrlA}# \r`);
    expect(t.text).toContain('$ # echo first again\n$');
  });

  it('^C in the search drops the line, as at the prompt', () => {
    const t = new Terminal().type('echo x\r').type(`${ctrlR}ec${KEY.ctrlC}`).type('echo $?\r');
    expect(t.text).toContain('^C\n$ echo $?\n130\n');
  });
});
