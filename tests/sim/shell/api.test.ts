import { describe, expect, it } from 'vitest';
import {
  type Command,
  type ExpansionEnv,
  expandRedirectTarget,
  expandWords,
  globPatterns,
  hasGlobChars,
  isIncomplete,
  matchGlob,
  parseScript,
  printCommand,
  unescapePattern,
} from '../../../src/sim/shell/index.ts';

/** A small directory tree, listed the way readdir would (unsorted, dot entries left out). */
const TREE: Record<string, string[]> = {
  '/': ['tmp', 'home'],
  '/home': ['ada'],
  '/home/ada': ['b.txt', 'a.txt', '.rc', 'my*file', 'src'],
  '/home/ada/src': ['y.ts', 'x.ts'],
  '/tmp': [],
};
const CWD = '/home/ada';

function listDir(dir: string): string[] | null {
  return Object.hasOwn(TREE, dir) ? TREE[dir] : null;
}

function exists(path: string): boolean {
  const slash = path.lastIndexOf('/');
  const dir = slash <= 0 ? '/' : path.slice(0, slash);
  return listDir(path) !== null || (listDir(dir) ?? []).includes(path.slice(slash + 1));
}

/**
 * Pathname expansion the way an interpreter builds it on these helpers: the pattern is
 * walked one component at a time, a component with pattern characters matched against the
 * directory's entries, one without them looked up by its unescaped name.
 */
function globPath(pattern: string): string[] {
  let paths = [pattern.startsWith('/') ? '/' : ''];
  for (const component of pattern.split('/').filter((c) => c !== '')) {
    const next: string[] = [];
    for (const prefix of paths) {
      const dir = prefix === '' ? CWD : prefix.startsWith('/') ? prefix : `${CWD}/${prefix}`;
      const join = (name: string) => (prefix === '' ? name : prefix.endsWith('/') ? prefix + name : `${prefix}/${name}`);
      if (hasGlobChars(component)) {
        for (const name of [...(listDir(dir) ?? [])].sort()) if (matchGlob(component, name)) next.push(join(name));
      } else {
        const name = unescapePattern(component);
        if (exists(`${dir === '/' ? '' : dir}/${name}`)) next.push(join(name));
      }
    }
    paths = next;
  }
  return paths;
}

const ENV: ExpansionEnv = {
  vars: { HOME: '/home/ada', files: '*.txt src/*' },
  special: { '?': '0', $: '3', '!': '', '#': '0', positional: ['sh'] },
  glob: globPath,
};

function firstCommand(source: string): Command {
  const r = parseScript(source);
  if (!r.ok) throw new Error(r.error.message);
  return r.script.body[0].head.commands[0];
}

describe('the front half, used as the interpreter will use it', () => {
  it.each([
    ['echo *.txt', ['echo', 'a.txt', 'b.txt']],
    ['echo src/*.ts */x.ts', ['echo', 'src/x.ts', 'src/y.ts', 'src/x.ts']],
    ['echo /home/*/a.txt ~/src/?.ts', ['echo', '/home/ada/a.txt', '/home/ada/src/x.ts', '/home/ada/src/y.ts']],
    ['echo .* *.rc', ['echo', '.rc', '*.rc']],
    ['echo "my*"* my\\*file "*.txt"', ['echo', 'my*file', 'my*file', '*.txt']],
    ['echo $files', ['echo', 'a.txt', 'b.txt', 'src/x.ts', 'src/y.ts']],
    ['echo /tmp/* /nowhere/*', ['echo', '/tmp/*', '/nowhere/*']],
  ])('%s runs %j', (source, argv) => {
    const command = firstCommand(source);
    expect(command.kind === 'simple' && expandWords(command.words, ENV)).toEqual(argv);
  });

  it('can learn the patterns first, list directories, then expand from what it read', () => {
    const command = firstCommand('ls *.txt "*" $files');
    if (command.kind !== 'simple') throw new Error('not simple');
    const patterns = command.words.flatMap((w) => globPatterns(w, ENV));
    expect(patterns).toEqual(['*.txt', '*.txt', 'src/*']);
    const read = new Map(patterns.map((p) => [p, globPath(p)]));
    const env: ExpansionEnv = { ...ENV, glob: (p) => read.get(p) ?? null };
    expect(expandWords(command.words, env)).toEqual(['ls', 'a.txt', 'b.txt', '*', 'a.txt', 'b.txt', 'src/x.ts', 'src/y.ts']);
  });

  it('expands a redirection target to one path', () => {
    const command = firstCommand('sort <src/x.* >~/out');
    const targets = command.redirects.map((r) => (r.kind === 'dup' || r.kind === 'heredoc' ? null : expandRedirectTarget(r.target, ENV)));
    expect(targets).toEqual([
      { ok: true, path: 'src/x.ts' },
      { ok: true, path: '/home/ada/out' },
    ]);
  });

  it('shows a job as the user typed it, normalised', () => {
    expect(printCommand(firstCommand('cat   <in|wc'))).toBe('cat <in');
  });

  it('tells an interactive shell to read another line', () => {
    const r = parseScript('echo "unfinished\n');
    expect(!r.ok && isIncomplete(r.error)).toBe(true);
  });
});

describe('unescapePattern', () => {
  it.each([
    ['plain', 'plain'],
    ['my\\*file', 'my*file'],
    ['a\\\\b', 'a\\b'],
    ['\\[x]', '[x]'],
    ['end\\', 'end\\'],
    ['\\😀', '😀'],
  ])('%j names %j', (pattern, name) => {
    expect(unescapePattern(pattern)).toBe(name);
  });
});
