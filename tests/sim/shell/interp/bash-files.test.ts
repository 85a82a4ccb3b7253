import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bash, useBashRoot } from './bash-runner.ts';
import { sh } from './helpers.ts';

/**
 * The file-system side of the shell against bash and GNU coreutils: symbolic links. The
 * same line runs in the simulated shell and in real bash (see bash-runner.ts) and what the
 * terminal shows and the exit status must agree. Bash runs as an unprivileged user, as the
 * simulated shell's user is one, so the permission bits mean the same to both.
 */

const LINES: string[] = [
  // symbolic links: made, read, followed
  'ln -s a.txt l; cat l; readlink l',
  'ln -s a.txt l; test -L l && echo link; test -f l && echo file; test -L a.txt || echo not-link',
  'ln -s nowhere d; cat d; echo $?; test -e d || echo dangling; test -L d && echo still-a-link',
  'ln -s nowhere d; echo hi > d; cat nowhere',
  'ln -s loop loop; cat loop; echo $?',
  'ln -s b a; ln -s a b; cat a; echo $?',
  'ln -s src s; ls s | cat; cd s; pwd; ls .. | cat',
  'ln -s src s; cat s/main.c',
  'ln -s ../a.txt src/up; cat src/up; readlink src/up',
  'ln -s a.txt l; ln -s a.txt l; echo $?',
  'ln -s a.txt l; ln -sf b.txt l; cat l',
  'ln -s a.txt l; rm l; ls a.txt l',
  'ln -s src s; rm s; ls -d src',
  'ln -s src s; rmdir s; echo $?',
  'ln -s a.txt l; mv l m; readlink m; cat m',
  'ln -s a.txt l; cp l c; test -L c || echo copied-data; cat c',
  'ln -s a.txt src/l; cp -r src t; readlink t/l',
  'ln -s a.txt l; ln l h; readlink h',
  'ln -s /nonexistent/x l; readlink l; cat l',
  'ln -s a.txt nodir/l; echo $?',
  'ln -s a.txt; echo $?',
  'ln -s src/main.c; readlink main.c; cat main.c',
  'ln -s a.txt src; readlink src/a.txt',
  'mkdir d; ln -s ../src d/s; ls d/s | cat; readlink -f d/s/main.c',
  'ln -s src s; readlink -f s/../a.txt',
  'readlink -f nosuch/x; echo $?; readlink -m nosuch/x; readlink -e a.txt',
  'readlink a.txt; echo $?; readlink nosuch; echo $?',
  'ln -s a l1; ln -s l1 l2; readlink -f l2; readlink l2',
  'ln -s a.txt l; stat -c "%N %F %s" l a.txt',
  'ln -s a.txt l; stat -L -c "%n %F %s" l',
  'ln -s a.txt l; find . -type l',
  'ln -s src s; find . -name "s*" | sort',
  'ln -s src s; find s -name "*.c"; find s/ -name "*.c" | sort',
  'ln -s x l; ls -F | cat',
  'ln -s src s; ls -d s; ls s | head -1',
  'ln -s a.txt l; wc -l l; grep an l',
  'ln -s a.txt l; echo extra >> l; cat a.txt',
  'ln -s self self; ls self; echo $?',
  'ln -s src s; cd s/..; pwd',
  'ln -s a.txt l; [ l -ef a.txt ] && echo same',
  // permission bits: chmod, and the kernel checking them
  'echo "echo ran \\$1" > s; ./s; echo $?',
  'echo "echo ran \\$1" > s; chmod +x s; ./s one; echo $?',
  'echo "echo ran" > s; chmod u+x s; ./s; chmod u-x s; ./s; echo $?',
  'stat -c "%a %A" a.txt src; touch n; stat -c %a n; mkdir m; stat -c %a m',
  'chmod 600 a.txt; stat -c "%a %A" a.txt',
  'chmod u+x,go-r a.txt; stat -c "%a %A" a.txt',
  'chmod a=r a.txt; stat -c %A a.txt; echo x > a.txt; echo $?',
  'chmod 0 a.txt; cat a.txt; echo $?; chmod 644 a.txt; cat a.txt',
  'chmod 444 a.txt; chmod +w a.txt; stat -c %a a.txt',
  'chmod -w a.txt; echo $?; stat -c %a a.txt; chmod 666 a.txt; chmod -w a.txt; echo $?',
  'chmod =rx a.txt; stat -c %a a.txt',
  'chmod go=u-w a.txt; stat -c %a a.txt',
  'chmod a+X a.txt src; stat -c %a a.txt src; chmod u+x a.txt; chmod a+X a.txt; stat -c %a a.txt',
  'chmod 4755 a.txt; stat -c "%a %A" a.txt; chmod +t src; stat -c "%a %A" src',
  'chmod u+s,g+s a.txt; stat -c "%A" a.txt; chmod 2644 a.txt; stat -c %A a.txt',
  'chmod xyz a.txt; echo $?',
  'chmod u+q a.txt; echo $?',
  'chmod; echo $?',
  'chmod 644; echo $?',
  'chmod 9 a.txt; echo $?',
  'chmod 755 nosuch; echo $?',
  'chmod -v 700 a.txt; chmod -v 700 a.txt; chmod -c 700 a.txt; chmod -c 600 a.txt',
  'chmod -R go-rwx src; stat -c "%a %n" src src/main.c src/util.h',
  'chmod 000 src; ls src; echo $?; cat src/main.c; echo $?; cd src; echo $?; chmod 755 src',
  'chmod 644 src; ls src | head -1; cat src/main.c; echo $?; chmod 755 src',
  'chmod 555 src; touch src/new; echo $?; rm src/main.c; echo $?; mv src/util.c src/x.c; echo $?; chmod 755 src',
  'chmod 300 src; ls src; echo $?; cat src/main.c; chmod 755 src',
  'test -r a.txt && echo r; test -w a.txt && echo w; test -x a.txt || echo no-x; chmod 100 a.txt; test -r a.txt || echo no-r; test -x a.txt && echo x',
  'chmod 4000 a.txt; test -u a.txt && echo suid; test -g a.txt || echo no-sgid; chmod +t src; test -k src && echo sticky',
  'ln -s a.txt l; chmod 600 l; stat -c %a a.txt; stat -c %A l',
  'ln -s nowhere d; chmod 600 d; echo $?',
  'chmod +x a.txt; cp a.txt b2; stat -c %a b2; cp b.txt b3; stat -c %a b3',
  'chmod 600 b.txt; cp a.txt b.txt; stat -c %a b.txt',
  'mkdir d; chmod 0 d; ./d; echo $?; chmod 755 d',
  'echo "echo via path" > t; chmod 755 t; PATH=.:$PATH; ./t',
  'chmod 000 a.txt; wc -l a.txt; echo $?; grep x a.txt; echo $?',
  'chmod 444 b.txt; echo more >> b.txt; echo $?; sort -o b.txt b.txt; echo $?',
];

/** diff against GNU diffutils: normal and unified output (without the unified header's times), and the status. */
const DIFF_LINES: string[] = [
  'diff a.txt a.txt; echo $?',
  'diff a.txt b.txt; echo $?',
  'diff -u a.txt b.txt | tail -n +3; diff -u a.txt b.txt | head -2 | cut -f1',
  'printf "a\\nb\\nc\\nd\\n" > x; printf "a\\nB\\nc\\nd\\ne\\n" > y; diff x y; diff -u x y | tail -n +3',
  'seq 10 > x; seq 10 | sed 5d > y; diff x y; diff y x',
  'seq 10 > x; seq 12 | grep -v 3 > y; diff x y; diff -U1 x y | tail -n +3',
  'seq 30 > x; seq 30 | sed -e 2s/2/two/ -e 25d > y; diff -u x y | tail -n +3; diff -U0 x y | tail -n +3',
  'seq 30 > x; seq 30 | sed -e 5s/5/five/ -e 11s/1/one/ > y; diff -u x y | tail -n +3',
  'printf "a\\nb" > x; printf "a\\nb\\n" > y; diff x y; echo $?; diff -u y x | tail -n +3',
  'printf "a\\nb" > x; printf "a\\nc" > y; diff x y',
  ': > e; diff e a.txt; diff a.txt e; diff -u e a.txt | tail -n +3; diff e e; echo $?',
  'diff a.txt nosuch; echo $?',
  'diff nosuch a.txt 2>&1; echo $?',
  'diff -q a.txt b.txt; echo $?; diff -q a.txt a.txt; echo $?; diff -s a.txt a.txt',
  'diff a.txt; echo $?',
  'diff; echo $?',
  'diff a.txt b.txt c.txt; echo $?',
  'echo APPLE > x; echo apple > y; diff x y; diff -i x y; echo $?',
  'printf "a  b\\n" > x; printf "a b \\n" > y; diff x y > /dev/null; echo $?; diff -b x y; echo $?; printf "ab\\n" > z; diff -b x z > /dev/null; echo $?; diff -w x z; echo $?',
  'cat a.txt | diff - b.txt; echo $?',
  'mkdir d; cp a.txt d/; diff a.txt d; echo $?; echo x >> d/a.txt; diff d a.txt; echo $?',
  'mkdir d1 d2; cp a.txt b.txt d1; cp a.txt d2; echo z > d2/c.txt; echo more >> d2/a.txt; mkdir d1/s d2/s; diff d1 d2; echo $?',
  'seq 5 > x; printf "1\\n2\\nx\\n4\\n5\\n6\\n" > y; diff x y; echo $?; diff y x',
  'seq 100 > x; seq 100 | sed -e 10d -e 50s/0/o/ -e 90s/$/x/ > y; diff x y; diff -u x y | tail -n +3',
  'diff -U x a.txt b.txt; echo $?',
];

/** sed's a/i/c, hold space, N/D/P and quitting, against GNU sed. */
const SED_LINES: string[] = [
  "seq 3 | sed '2a new'",
  "seq 3 | sed '2i before'",
  "seq 5 | sed '2,4c gone'",
  "seq 3 | sed '2!c X'",
  "seq 5 | sed '2,3!c X'",
  "seq 3 | sed '$a the end'",
  "seq 3 | sed '1i\\\n  indented'",
  "seq 2 | sed '1a\\  lead'",
  "seq 2 | sed 'a one\\ntwo'",
  "seq 3 | sed 'a\\'; seq 2 | sed 'c\\'",
  "printf 'a\\nb' | sed 'a x'; echo '|'; printf 'a\\nb' | sed 'i x'",
  "seq 3 | sed a; echo $?",
  "seq 3 | sed -n 'h;n;G;p'",
  "seq 4 | sed '1!G;h;$!d'",
  "seq 3 | sed G",
  "seq 3 | sed x",
  "seq 3 | sed -n '/2/{x;p;x;p}'",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: sed source, where ${ opens a block at the last line.
  "seq 4 | sed -n 'H;${x;s/\\n/,/g;p}'",
  "seq 6 | sed 'N;s/\\n/-/'",
  "seq 5 | sed 'N;s/\\n/-/'",
  "seq 5 | sed '$!N;P;D'",
  "printf 'a\\na\\nb\\nb\\nb\\nc\\n' | sed '$!N;/^\\(.*\\)\\n\\1$/!P;D'",
  "seq 7 | sed 'n;d'",
  "seq 7 | sed '$!N;$!D'",
  "seq 3 | sed N",
  "seq 3 | sed -n '$p'",
  "yes | sed q",
  "yes | sed 3q",
  'seq 10 | sed 5q7; echo $?',
  'seq 3 | sed 2Q; echo $?',
  "seq 5 | sed -n '2{p;q}'",
  "seq 10 | sed -n '0~3p'; seq 10 | sed '1~4d' | tr '\\n' ' '; echo",
  "seq 3 | sed '2,3q'; echo $?",
  "seq 3 | sed -n 'p' - nosuch 2>/dev/null; echo $?; sed p nosuch; echo $?",
  "seq 2 > f; seq 3 5 > g; sed -n '$=' f g; sed 1d f g",
];

describe.skipIf(!existsSync('/bin/bash'))('sed against GNU sed', () => {
  useBashRoot();
  it.each(SED_LINES.map((line, n) => [line, n] as const))('%s', (line, n) => {
    const expected = bash(line, n);
    const got = sh(line);
    expect({ output: got.output, status: got.status }).toEqual(expected);
  });
});

/** Here-documents that run to the end of the script, and syntax errors: bash's words (the simulator adds a caret line after them). */
const SYNTAX_LINES: string[] = [
  'cat <<EOF\none\ntwo',
  'cat <<EOF; echo after',
  'cat <<-END\n\tindented\necho not a command',
  'x=1; cat <<EOF\nx is $x',
  "cat <<'EOF'\n$HOME stays",
  'cat <<A; cat <<B\na\nA\nb',
  'ls (',
  'ls )',
  'echo (a)',
  'f() ls',
  'then',
  'done',
  'fi',
  'echo a | | b',
  '; ;',
  'while true; do echo; done done',
  'x=1 (ls)',
  'cat < ',
  'echo a >&',
  'echo "unterminated',
  "echo 'x",
  'echo $(',
  'echo `ls',
  'echo $((1+',
  'echo ${x',
  'if true; then',
  'for x in a; do',
  'case x in',
  '{ echo',
  '(ls',
  'echo a &&',
];

/** The first line each shell prints, with bash's `-c: line N:` taken out, and the status. */
function firstLine(r: { output: string; status: number | null }) {
  return { first: r.output.replace(/^sh: -c: line \d+: /gm, 'sh: ').split('\n')[0], status: r.status };
}

describe.skipIf(!existsSync('/bin/bash'))('here-documents at the end of the input and syntax errors, against bash', () => {
  useBashRoot();
  it.each(SYNTAX_LINES.map((line, n) => [line, n] as const))('%j', (line, n) => {
    const expected = bash(line, n);
    const got = sh(line);
    if (expected.output.includes('warning: here-document')) expect({ output: got.output, status: got.status }).toEqual(expected);
    else expect(firstLine(got)).toEqual(firstLine(expected));
  });
});

describe.skipIf(!existsSync('/bin/bash') || !existsSync('/usr/bin/diff'))('diff against GNU diff', () => {
  useBashRoot();
  it.each(DIFF_LINES.map((line, n) => [line, n] as const))('%s', (line, n) => {
    const expected = bash(line, n);
    const got = sh(line);
    expect({ output: got.output, status: got.status }).toEqual(expected);
  });
});

describe.skipIf(!existsSync('/bin/bash'))('files and links against bash and coreutils', () => {
  useBashRoot();
  it.each(LINES.map((line, n) => [line, n] as const))('%s', (line, n) => {
    const expected = bash(line, n, { unprivileged: true });
    const got = sh(line);
    expect({ output: got.output, status: got.status }).toEqual(expected);
  });
});
