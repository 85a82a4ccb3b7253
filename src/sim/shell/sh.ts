import { strerror } from '../abi/errno.ts';
import { DEV_TTY } from '../abi/fs.ts';
import type { ProcessContext } from '../abi/program.ts';
import { SIGCHLD, SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU } from '../abi/signals.ts';
import * as sys from '../libc/sys.ts';
import { readFile } from './builtins.ts';
import { describeSyntaxError, isIncomplete } from './errors.ts';
import { addHistory, expandHistory } from './history.ts';
import { runList } from './interp.ts';
import { hangUpStopped, notifyJobs, reapChildren } from './jobctl.ts';
import { type LineRead, readLine } from './lineread.ts';
import { parseScript } from './parser.ts';
import { createShell, getVar, type Shell, setVar } from './state.ts';

/**
 * `sh`: the Glassbox shell, an ordinary user program.
 *
 *   sh                    interactive on a terminal: prompt, line editing, job control
 *   sh -c 'script' [name [args...]]
 *   sh file [args...]     a script file
 *   sh -s [args...]       a script on standard input (also when stdin is not a terminal)
 *
 * Options -e (exit on failure), -x (trace) and -i (interactive) may come first. Input is
 * run a line at a time, as bash runs it: a line is parsed when it is complete (more lines
 * are read while a quote, `(` or trailing `|` is open) and run before the next is read.
 */

interface Invocation {
  command: string | null;
  file: string | null;
  interactive: boolean | null;
  errexit: boolean;
  xtrace: boolean;
  name: string;
  args: string[];
}

function parseInvocation(argv: string[]): Invocation | string {
  const inv: Invocation = { command: null, file: null, interactive: null, errexit: false, xtrace: false, name: argv[0] ?? 'sh', args: [] };
  let wantCommand = false;
  let stdin = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--' || arg === '-') {
      i++;
      break;
    }
    if (!/^[-+][a-z]+$/.test(arg)) break;
    for (const flag of arg.slice(1)) {
      if (flag === 'c') wantCommand = true;
      else if (flag === 's') stdin = true;
      else if (flag === 'i') inv.interactive = arg[0] === '-';
      else if (flag === 'e') inv.errexit = arg[0] === '-';
      else if (flag === 'x') inv.xtrace = arg[0] === '-';
      else return `${arg[0]}${flag}: invalid option`;
    }
  }
  const operands = argv.slice(i);
  if (wantCommand) {
    if (operands.length === 0) return '-c: option requires an argument';
    inv.command = operands[0];
    if (operands.length > 1) inv.name = operands[1];
    inv.args = operands.slice(2);
  } else if (!stdin && operands.length > 0) {
    inv.file = operands[0];
    inv.name = operands[0];
    inv.args = operands.slice(1);
  } else {
    inv.args = operands;
  }
  return inv;
}

function* isTerminal(fd: number): sys.Sys<boolean> {
  const st = yield* sys.fstat(fd);
  return typeof st !== 'number' && st.type === 'chardev' && st.rdev === DEV_TTY;
}

export function* sh(ctx: ProcessContext): sys.Sys<number> {
  const inv = parseInvocation(ctx.argv);
  if (typeof inv === 'string') {
    yield* sys.eprint(`sh: ${inv}\nUsage: sh [-eix] [-c command [name [args]] | -s [args] | file [args]]\n`);
    return 2;
  }
  const interactive = inv.interactive ?? (inv.command === null && inv.file === null && (yield* isTerminal(0)) && (yield* isTerminal(2)));
  const shell = createShell({
    pid: yield* sys.getpid(),
    pgid: yield* sys.getpgid(0),
    interactive,
    env: ctx.env,
    positional: [inv.name, ...inv.args],
  });
  shell.options.errexit = inv.errexit;
  shell.options.xtrace = inv.xtrace;
  setVar(shell, 'PWD', yield* sys.getcwd());
  shell.exported.PWD = true;
  if (interactive) {
    // ^Z and friends are for the foreground job; the shell itself carries on. ^C that
    // reaches the shell (a loop of builtins runs in the shell itself) stops what it runs.
    for (const sig of [SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU]) yield* sys.sigaction(sig, 'ignore');
    yield* sys.sigaction(SIGINT, () => interrupt(shell), { restart: true });
    // Children that end while the shell sits at its prompt are reaped at once (see readLine).
    yield* sys.sigprocmask('block', sys.sigmask(SIGCHLD));
    yield* sys.sigaction(SIGCHLD, () => reapChildren(shell), { restart: true });
    if (getVar(shell, 'HOME') === undefined) setVar(shell, 'HOME', '/');
  }
  let lines: LineSource;
  if (inv.command !== null) {
    lines = textLines(inv.command);
  } else if (inv.file !== null) {
    const text = yield* readFile(inv.file);
    if (typeof text === 'number') {
      yield* sys.eprint(`sh: ${inv.file}: ${strerror(text)}\n`);
      return 127;
    }
    lines = textLines(text);
  } else if (interactive) {
    lines = (prompt) => readLine(shell, prompt);
  } else {
    lines = stdinLines();
  }
  yield* runLines(shell, lines);
  if (interactive && shell.exiting === null) {
    // ^D: bash says `exit` too, and leaves no stopped job behind.
    yield* sys.eprint('exit\n');
    yield* hangUpStopped(shell);
  }
  return shell.exiting ?? shell.status;
}

// biome-ignore lint/correctness/useYield: the handler only raises a flag that the running list checks.
function* interrupt(sh: Shell): sys.Sys<void> {
  sh.interrupted = true;
}

/** Gives one line at a time (with its newline), shown `prompt` first when interactive. */
type LineSource = (prompt: string) => sys.Sys<LineRead>;

function textLines(text: string): LineSource {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  let next = 0;
  // biome-ignore lint/correctness/useYield: a source over text in memory makes no syscall.
  return function* () {
    return next < lines.length ? { kind: 'line', text: lines[next++] } : { kind: 'eof' };
  };
}

/** Lines of standard input, read in chunks (a terminal in canonical mode gives one line per read). */
function stdinLines(): LineSource {
  let buffer = '';
  let eof = false;
  return function* () {
    while (!eof && !buffer.includes('\n')) {
      const chunk = yield* sys.read(0, 512);
      if (typeof chunk === 'number' || chunk === '') eof = true;
      else buffer += chunk;
    }
    if (buffer === '') return { kind: 'eof' };
    const nl = buffer.indexOf('\n');
    const line = nl < 0 ? buffer : buffer.slice(0, nl + 1);
    buffer = buffer.slice(line.length);
    return { kind: 'line', text: line };
  };
}

/** The read-parse-run loop shared by every mode. */
function* runLines(sh: Shell, next: LineSource): sys.Sys<void> {
  let pending = '';
  while (sh.exiting === null) {
    if (pending === '') yield* notifyJobs(sh);
    const prompt = sh.interactive ? (pending === '' ? (getVar(sh, 'PS1') ?? '$ ') : (getVar(sh, 'PS2') ?? '> ')) : '';
    const line = yield* next(prompt);
    if (line.kind === 'interrupt') {
      pending = '';
      sh.status = 130;
      continue;
    }
    if (line.kind === 'eof') {
      if (pending !== '') {
        // The input has ended: a here-document still open ends here, with bash's warning, and runs.
        const parsed = parseScript(pending, true);
        if (!parsed.ok) {
          yield* sys.eprint(describeSyntaxError(parsed.error, pending, `${sh.name}: `));
          sh.status = 2;
        } else {
          for (const w of parsed.warnings ?? []) yield* sys.eprint(`${sh.name}: ${w}\n`);
          if (sh.interactive) addHistory(sh.history, pending);
          yield* runList(sh, parsed.script.body);
        }
      }
      return;
    }
    let text = line.text;
    if (sh.interactive && text.includes('!')) {
      const expanded = expandHistory(sh.history, text);
      if (!expanded.ok) {
        yield* sys.eprint(`${sh.name}: ${expanded.message}\n`);
        pending = '';
        sh.status = 1;
        continue;
      }
      // bash shows the line it is about to run when history expansion changed it.
      if (expanded.changed) yield* sys.eprint(expanded.line.endsWith('\n') ? expanded.line : `${expanded.line}\n`);
      text = expanded.line;
    }
    pending += text;
    const parsed = parseScript(pending);
    if (!parsed.ok && isIncomplete(parsed.error)) continue;
    if (sh.interactive) addHistory(sh.history, pending);
    const source = pending;
    pending = '';
    if (!parsed.ok) {
      yield* sys.eprint(describeSyntaxError(parsed.error, source, `${sh.name}: `));
      sh.status = 2;
      // A script with a syntax error stops there, as bash's does.
      if (!sh.interactive) sh.exiting = 2;
      continue;
    }
    sh.interrupted = false;
    yield* runList(sh, parsed.script.body);
    if (sh.interrupted) {
      sh.interrupted = false;
      sh.status = 130;
    }
    // A break or return outside any loop or function has nothing left to stop.
    sh.control = null;
  }
}

