import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bash, useBashRoot } from './bash-runner.ts';
import { sh } from './helpers.ts';

/**
 * The same command lines in the simulated shell and in real bash, compared: what the
 * terminal shows (stdout and stderr together, in order) and the exit status.
 *
 * Bash runs as `bash -c '<line>' sh` in a temporary directory holding the same files as
 * the simulated disk, with HOME pointing into it and the C locale (so globs sort by
 * byte, as the simulator sorts them). Two differences are normalised away: the
 * temporary directory's path is removed from bash's output (so `$HOME/x` reads
 * `/home/ada/x` in both), and bash's `line N: ` in error messages from `-c` scripts.
 */

const LINES: string[] = [
  // words, quoting, comments
  'echo hello world',
  'echo "a  b"   c',
  `echo 'single $HOME' "double $HOME" \\$HOME`,
  'echo a # a comment',
  '# nothing but a comment',
  'echo "it\'s" \'say "hi"\' back\\\\slash',
  // variables and special parameters
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell source, where ${x} is the shell's.
  'x=5; echo $x ${x}y "$x"',
  "x='a   b'; echo $x; echo \"$x\"",
  'x=1 y=$x; echo $y',
  'x=a; unset x; echo "[$x]"',
  'set -- x y z; echo $# $2 $*',
  'echo $0 $#',
  'false; echo $?; true; echo $?',
  // lists and status
  'echo a; echo b; echo c',
  'true && echo yes || echo no',
  'false && echo yes || echo no',
  'false || false || echo third',
  '! false; echo $?',
  'nosuchcmd; echo $?',
  'true | false; echo $?',
  'false | true; echo $?',
  'exit 3',
  'echo before; exit 4; echo after',
  'false; exit',
  'set -e; echo a; false; echo b',
  'set -e; false || echo recovered; echo end',
  ': ; echo $?',
  // globbing
  'echo *.txt',
  'echo src/*.c',
  'echo ?.txt',
  'echo [ab].txt',
  'echo [!a]*.txt',
  'echo *.none',
  'echo .*',
  'echo */',
  'echo "*.txt" \'*.txt\' \\*.txt',
  'echo ~ ~/src',
  'cat "my file.txt" my\\ file.txt',
  // pipelines
  'cat a.txt | wc -l',
  'cat b.txt | sort | uniq',
  'cat a.txt | head -2 | tail -1',
  'grep an a.txt',
  'yes | head -2',
  'seq 5 | tail -2',
  'echo abc | tr a-c x-z',
  'echo a:b:c | cut -d: -f2',
  'sort -r a.txt | head -1',
  'echo x | cat - a.txt | wc -l',
  "printf '%s-%s\\n' a b c d",
  // redirections
  'echo one > out.txt; echo two >> out.txt; cat out.txt',
  'cat < a.txt',
  'wc -l < b.txt',
  'cat nosuch.txt 2>&1',
  'cat nosuch.txt 2> err.txt; echo status $?; cat err.txt',
  'cat nosuch.txt 2>&1 >/dev/null',
  'echo to-stderr >&2',
  'echo x > /dev/null; echo $?',
  'cat a.txt nosuch &> both.txt; cat both.txt',
  'cat < nosuch; echo $?',
  'echo hi > empty; echo $?',
  'pwd > where.txt; cat where.txt',
  // subshells
  '(cd src; pwd); pwd',
  '(x=inner; echo $x); echo "[$x]"',
  '(exit 5); echo $?',
  '(echo a; echo b) | wc -l',
  // builtins
  'pwd',
  'cd src && pwd',
  'cd nosuch; echo $?',
  'cd; pwd',
  'cd src; cd -; cd - > /dev/null; pwd',
  'export V=1; env | grep ^V=',
  'V=2 env | grep ^V=; echo "[$V]"',
  'W=3; env | grep ^W=; echo $?',
  'unset HOME; echo "[$HOME]"',
  'type cd',
  'type nosuchthing',
  'echo a | (read x; echo got $x)',
  'read first rest < b.txt; echo "$first|$rest"',
  'x=*.txt; echo "$x" $x',
  'IFS=:; x=a:b::c; echo $x; printf "[%s]" $x; echo',
  'set -- "a b" c; echo $#; printf "<%s>" "$@"; printf "<%s>" $*; echo',
  'cd ~/src; echo $PWD',
  'kill -l 9',
  'eval "echo one; echo two"',
  'echo "echo sourced \\$1" > s.sh; . ./s.sh arg; source s.sh',
  'set -x; echo traced',
  // files
  'mkdir d1; touch d1/f; ls d1; rm -r d1; ls d1 2>&1',
  'ls src | sort -r',
];

describe.skipIf(!existsSync('/bin/bash'))('the shell against bash', () => {
  useBashRoot();
  it('has at least 40 lines to compare', () => {
    expect(LINES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(LINES.map((line, n) => [line, n] as const))('%s', (line, n) => {
    const expected = bash(line, n);
    const got = sh(line);
    expect({ output: got.output, status: got.status }).toEqual(expected);
  });
});
