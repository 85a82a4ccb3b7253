import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bash, useBashRoot } from './bash-runner.ts';
import { sh } from './helpers.ts';

/**
 * The file-system side of the shell against bash and GNU coreutils: symbolic links. The
 * same line runs in the simulated shell and in real bash (see bash-runner.ts) and what the
 * terminal shows and the exit status must agree.
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
];

describe.skipIf(!existsSync('/bin/bash'))('files and links against bash and coreutils', () => {
  useBashRoot();
  it.each(LINES.map((line, n) => [line, n] as const))('%s', (line, n) => {
    const expected = bash(line, n);
    const got = sh(line);
    expect({ output: got.output, status: got.status }).toEqual(expected);
  });
});
