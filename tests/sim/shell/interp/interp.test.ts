import { describe, expect, it } from 'vitest';
import { EBADF } from '../../../../src/sim/abi/errno.ts';
import type { Program } from '../../../../src/sim/abi/program.ts';
import type { Syscall, SyscallResult } from '../../../../src/sim/abi/syscalls.ts';
import { logItems } from '../../../../src/sim/base/ringlog.ts';
import * as sys from '../../../../src/sim/libc/sys.ts';
import { runShellScript } from '../../../../src/sim/machine/run-script.ts';
import { PROGRAMS } from '../../../../src/sim/machine/programs.ts';
import { FILES, HOME, sh } from './helpers.ts';

/** A program that prints which of its descriptors are open. */
function* fds(): sys.Sys<number> {
  const open: number[] = [];
  for (let fd = 0; fd < 32; fd++) if ((yield* sys.fstat(fd)) !== -EBADF) open.push(fd);
  yield* sys.write(open.includes(1) ? 1 : 2, `${open.join(' ')}\n`);
  return 0;
}

/** The same program, noting every syscall it makes. */
function tracing(program: Program, calls: Syscall[]): Program {
  return function* (ctx) {
    const run = program(ctx);
    let value: SyscallResult = null;
    for (;;) {
      const step = run.next(value);
      if (step.done) return step.value;
      calls.push(step.value);
      value = yield step.value;
    }
  };
}

/** The processes a run started, as their command lines, in order. */
function spawned(r: ReturnType<typeof sh>): string[] {
  return logItems(r.machine.state.exited)
    .filter((e) => e.pid !== r.pid)
    .map((e) => e.argv.join(' '));
}

describe('running commands', () => {
  it('runs a program by spawning it, and a builtin without spawning anything', () => {
    const r = sh('wc -l a.txt; cd src; pwd; echo hi');
    expect(r.output).toBe('3 a.txt\n/home/ada/src\nhi\n');
    // echo, like bash's, is a builtin: only wc needed a process.
    expect(spawned(r)).toEqual(['wc -l a.txt']);
  });

  it('says when a command is not found, with status 127, and carries on', () => {
    expect(sh('frobnicate; echo $?')).toMatchObject({ output: 'sh: frobnicate: command not found\n127\n', status: 0 });
  });

  it('expands $$ to its own pid and $! to the last background pid', () => {
    const r = sh('cpu 3 & echo $! $$');
    expect(r.output).toBe(`${r.pid + 1} ${r.pid}\n`);
  });

  it('passes prefix assignments and exported variables to the child only', () => {
    const r = sh('A=1; export B=2; C=3 env; echo "$C"');
    expect(r.output).toContain('B=2\n');
    expect(r.output).toContain('C=3\n');
    expect(r.output).not.toContain('A=1');
    expect(r.output.endsWith('\n\n')).toBe(true);
  });

  it('runs a subshell as a child shell that gets the variables, and keeps its changes to itself', () => {
    const r = sh('x=1; (x=2; cd src; echo $x $PWD); echo $x $PWD');
    expect(r.output).toBe('2 /home/ada/src\n1 /home/ada\n');
    // The child shell's command line carries the variable it was not given in the environment.
    expect(spawned(r)).toEqual(['sh -c x=1; x=2; cd src; echo $x $PWD sh']);
  });

  it('runs a script file, with its arguments', () => {
    const r = sh('sh script.sh one two; echo status $?', { files: { ...FILES, [`${HOME}/script.sh`]: 'echo $0 $# $2\nexit 3\necho never\n' } });
    expect(r.output).toBe('script.sh 2 two\nstatus 3\n');
  });

  it('runs a file named by path as a shell script once its x bit is set', () => {
    const r = sh('./run.sh; echo $?; chmod +x run.sh; ./run.sh; src/../run.sh; ./nope.sh; echo $?', { files: { ...FILES, [`${HOME}/run.sh`]: 'echo ran\n' } });
    expect(r.output).toBe('sh: ./run.sh: Permission denied\n126\nran\nran\nsh: ./nope.sh: No such file or directory\n127\n');
  });

  it('reads a script from standard input with sh -s', () => {
    const r = sh('echo "echo from stdin; echo \\$1" | sh -s first');
    expect(r.output).toBe('from stdin\nfirst\n');
  });

  it('reads more lines while a quote or a trailing | is open, and runs each line before reading the next', () => {
    expect(sh('echo "a\nb" |\nwc -l\necho done').output).toBe('2\ndone\n');
  });

  it('stops a script at a syntax error, with status 2, after running the lines before it', () => {
    const r = sh('echo first\necho a | | b\necho never');
    // bash's words, then the line with a caret under the place.
    expect(r.output).toBe("first\nsh: syntax error near unexpected token `|'\nsh: echo a | | b\n             ^\n");
    expect(r.status).toBe(2);
  });

  it('reports input that ends in the middle of a command', () => {
    const r = sh('echo "open');
    expect(r.output).toMatch(/^sh: unexpected EOF while looking for matching `"'\nsh: /);
    expect(r.status).toBe(2);
  });

  it('takes options: -e, -x, -c with a name and arguments', () => {
    const r = runShellScript('', {});
    expect(r.status).toBe(0);
    expect(sh("sh -e -c 'false; echo no'; echo $?").output).toBe('1\n');
    expect(sh("sh -c 'echo $0 $1 $#' name a b").output).toBe('name a 2\n');
    expect(sh('sh -q').output).toMatch(/^sh: -q: invalid option\n/);
  });

  it('exits with the status exit gives, or the last command’s', () => {
    expect(sh('exit 300').status).toBe(44);
    expect(sh('false').status).toBe(1);
    expect(sh('exit foo').output).toBe('sh: exit: foo: numeric argument required\n');
    expect(sh('exit foo').status).toBe(2);
  });

  it('keeps no descriptors of its own open in the commands it starts', () => {
    const r = sh('fds; fds < a.txt 3> x; echo | fds | cat; fds 2>&- | cat; (fds) > out; cat out', { programs: { ...PROGRAMS, fds } });
    expect(r.output).toBe('0 1 2\n0 1 2 3\n0 1 2\n0 1\n0 1 2\n');
    // Nothing the shell opened is still open: only the terminal remains.
    const kinds = Object.values(r.machine.state.files.table).map((f) => f.kind);
    expect(kinds.every((k) => k === 'tty')).toBe(true);
  });

  it('applies redirections in order, so 2>&1 >file and >file 2>&1 differ', () => {
    const r = sh('cat nosuch 2>&1 > o1; echo ---; cat nosuch > o2 2>&1; cat o2');
    expect(r.output).toBe("cat: nosuch: No such file or directory\n---\ncat: nosuch: No such file or directory\n");
  });

  it('moves its own descriptors out of the way when a command names fds from 3 up', () => {
    const r = sh('echo data > f; cat 3<f 4>g <&3 >&4; cat g; cat 5>&1 <f 1>&- 2>/dev/null; echo $?');
    expect(r.output).toBe('data\n1\n');
  });

  it('redirects a builtin’s own output and puts its descriptors back', () => {
    const r = sh('pwd > p.txt; type cd >> p.txt; cd nosuch 2> e.txt; echo after; cat p.txt e.txt');
    expect(r.output).toBe('after\n/home/ada\ncd is a shell builtin\nsh: cd: nosuch: No such file or directory\n');
  });

  it('refuses a redirection to a descriptor that is not open', () => {
    expect(sh('echo x >&7; echo $?').output).toBe('sh: 7: Bad file descriptor\n1\n');
    expect(sh('pwd >&7; echo $?').output).toBe('sh: 7: Bad file descriptor\n1\n');
  });

  it('says a redirection is ambiguous when its word expands to several names', () => {
    expect(sh('echo x > *.txt').output).toBe('sh: *.txt: ambiguous redirect\n');
  });

  it('globs through readdir, one listing per directory', () => {
    const calls: Syscall[] = [];
    const r = sh('echo src/*.c src/*.h', { programs: { ...PROGRAMS, sh: tracing(PROGRAMS.sh, calls) } });
    expect(r.output).toBe('src/main.c src/util.c src/util.h\n');
    expect(calls.filter((c) => c.op === 'readdir')).toEqual([{ op: 'readdir', path: 'src' }]);
  });
});

describe('builtins', () => {
  it('cd goes home with no argument and back with -', () => {
    expect(sh('cd /tmp; cd; pwd; cd /; cd -; echo $OLDPWD').output).toBe('/home/ada\n/home/ada\n/\n');
  });

  it('type tells builtins from programs', () => {
    expect(sh('type cd ls nosuch; echo $?').output).toBe('cd is a shell builtin\nls is a program\nsh: type: nosuch: not found\n1\n');
  });

  it('export lists what it exports; unset removes', () => {
    expect(sh('export X=1; unset HOME; export').output).toBe('declare -x PWD="/home/ada"\ndeclare -x X="1"\n');
    expect(sh('export 1x').output).toBe("sh: export: `1x': not a valid identifier\n");
  });

  it('set -- and shift move the positional parameters', () => {
    expect(sh('set -- a b c; shift; echo $# $1; shift 5; echo $?').output).toBe('2 b\n1\n');
  });

  it('read splits a line across names, the last taking the rest', () => {
    expect(sh('echo "  one two  three four " | (read a b c; echo "[$a][$b][$c]")').output).toBe('[one][two][three four]\n');
  });

  it('source runs a file in this shell, so its variables stay', () => {
    const r = sh('. ./vars.sh; echo $V; source nosuch; echo $?', { files: { ...FILES, [`${HOME}/vars.sh`]: 'V=from-file\n' } });
    expect(r.output).toBe('from-file\nsh: source: nosuch: No such file or directory\n1\n');
  });

  it('help lists the builtins; history is empty without an interactive shell', () => {
    expect(sh('help').output).toContain('cd [dir|-]');
    expect(sh('history').output).toBe('');
  });

  it('help says where the programs are and fits the terminal, breaking lines between words', () => {
    const r = runShellScript('help', { winsize: { cols: 60, rows: 24 } });
    expect(r.output).toContain('ls /bin lists the programs');
    expect(r.output).toMatch(/man NAME\s+explains one/);
    const lines = r.output.trimEnd().split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(60);
    // A description that does not fit goes on under its own column, whole words only.
    expect(r.output).toMatch(/continue a job in the foreground \/\n {26}background\n/);
  });

  it('a builtin in a pipeline or in the background runs in a child shell', () => {
    const r = sh('pwd | cat; cd src & wait; pwd');
    expect(r.output).toBe('/home/ada\n/home/ada\n');
    expect(spawned(r)).toEqual(['sh -c pwd sh', 'cat', 'sh -c cd src sh']);
  });
});

describe('jobs without a terminal', () => {
  it('wait returns a background job’s status, by job or by pid, even after it ended', () => {
    expect(sh('false & wait %1; echo $?').output).toBe('1\n');
    expect(sh('(exit 7) &\ncpu 5\nwait $!; echo $?').output).toBe('7\n');
    expect(sh('wait %4; echo $?; wait 999; echo $?').output).toBe('sh: wait: %4: no such job\n127\nsh: wait: pid 999 is not a child of this shell\n127\n');
  });

  it('jobs lists what runs; kill %1 ends it; fg and bg need job control', () => {
    const r = sh('sleep 50 & jobs; kill %1; wait; echo $?; fg; bg');
    expect(r.output).toBe('[1]+  Running                 sleep 50 &\n0\nsh: fg: no job control\nsh: bg: no job control\n');
  });

  it('leaves no zombie behind', () => {
    const r = sh('cpu 2 & cpu 1 & sleep 3 | cat & cpu 10');
    const zombies = Object.values(r.machine.state.procs).filter((p) => p.state === 'zombie' && p.ppid === r.pid);
    expect(zombies).toEqual([]);
  });
});

describe('a script run headless hands over its output as it is made', () => {
  it('every byte, in order, past what the terminal keeps, with line ends as the screen has them', () => {
    const chunks: string[] = [];
    const r = runShellScript('seq 1 100000; printf "a\\r\\nb"', { onOutput: (t) => chunks.push(t) > 0 });
    const all = chunks.join('');
    const expected = `${Array.from({ length: 100000 }, (_, i) => i + 1).join('\n')}\na\nb`;
    expect(all).toBe(expected);
    expect(r.outputLost).toBe(false);
    // The terminal itself kept only the end of it.
    expect(r.output.length).toBeLessThan(all.length);
    expect(all.endsWith(r.output)).toBe(true);
  });

  it('stops the run when the reader wants no more', () => {
    let calls = 0;
    const r = runShellScript('while true; do echo y; done', { maxTicks: 1_000_000, onOutput: () => ++calls < 3 });
    expect(calls).toBe(3);
    expect(r.status).toBeNull();
    expect(r.ticks).toBeLessThan(1000);
  });
});
