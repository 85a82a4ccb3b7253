import { strerror } from '../abi/errno.ts';
import type { Program } from '../abi/program.ts';
import { falseProgram, trueProgram } from '../programs/basic.ts';
import { echo, printf } from '../programs/printutils.ts';
import * as sys from '../libc/sys.ts';
import { wrapText } from '../programs/layout.ts';
import { formatHistory } from './history.ts';
import { JOB_BUILTINS } from './jobbuiltins.ts';
import { hangUpStopped } from './jobctl.ts';
import { jobList, jobState } from './jobs.ts';
import { getVar, isName, makeLocal, quote, type Shell, type ShellOptions, setVar, unsetVar } from './state.ts';
import { runTest } from './test.ts';

/**
 * The commands the shell runs itself, because they change the shell (cd, exit, export,
 * set, the job commands) or report on it (pwd, type, jobs, history). Each writes to fds 1
 * and 2, so redirections apply to it as to any command. Messages are worded as bash words
 * them: `sh: cd: /x: No such file or directory`.
 */

/** What a builtin may ask of the interpreter: running shell source (source, eval). */
export interface Interp {
  evaluate(source: string): sys.Sys<number>;
  /** Runs words already expanded as a command: a function, a builtin or a program. */
  runArgv(argv: string[]): sys.Sys<number>;
}

export type Builtin = (sh: Shell, argv: string[], interp: Interp) => sys.Sys<number>;

/** An error message, prefixed as bash prefixes a builtin's: `sh: cd: ...`. Returns `status`. */
export function* fail(sh: Shell, cmd: string, message: string, status = 1): sys.Sys<number> {
  yield* sys.eprint(`${sh.name}: ${cmd}: ${message}\n`);
  return status;
}

/** Writes a builtin's output; a failed write (a closed or full descriptor) makes its status 1. */
export function* out(text: string): sys.Sys<number> {
  if (text === '') return 0;
  return (yield* sys.print(text)) < 0 ? 1 : 0;
}

function* cd(sh: Shell, argv: string[]): sys.Sys<number> {
  const args = argv.slice(1).filter((a, i) => !(i === 0 && a === '--'));
  if (args.length > 1) return yield* fail(sh, 'cd', 'too many arguments');
  const announce = args[0] === '-';
  const dir = args[0] === undefined ? getVar(sh, 'HOME') : announce ? getVar(sh, 'OLDPWD') : args[0];
  if (dir === undefined) return yield* fail(sh, 'cd', announce ? 'OLDPWD not set' : 'HOME not set');
  if (dir === '') return 0;
  const before = yield* sys.getcwd();
  const r = yield* sys.chdir(dir);
  if (r < 0) return yield* fail(sh, 'cd', `${dir}: ${strerror(r)}`);
  const now = yield* sys.getcwd();
  setVar(sh, 'OLDPWD', before);
  setVar(sh, 'PWD', now);
  return announce ? yield* out(`${now}\n`) : 0;
}

// biome-ignore lint/correctness/useYield: `:` does nothing, successfully.
function* colon(): sys.Sys<number> {
  return 0;
}

function* pwd(): sys.Sys<number> {
  return yield* out(`${yield* sys.getcwd()}\n`);
}

function* exit(sh: Shell, argv: string[]): sys.Sys<number> {
  const arg = argv[1];
  let status = sh.status;
  if (arg !== undefined) {
    if (!/^[+-]?[0-9]+$/.test(arg)) {
      yield* fail(sh, 'exit', `${arg}: numeric argument required`, 2);
      status = 2;
    } else if (argv.length > 2) {
      return yield* fail(sh, 'exit', 'too many arguments');
    } else {
      status = Number(arg) & 0xff;
    }
  }
  if (sh.interactive) {
    if (!sh.warnedStopped && jobList(sh.jobs).some((j) => jobState(j) === 'stopped')) {
      sh.warnedStopped = true;
      yield* sys.eprint('There are stopped jobs.\n');
      return 1;
    }
    yield* sys.eprint('exit\n');
    yield* hangUpStopped(sh);
  }
  sh.exiting = status;
  return status;
}

function* exportVars(sh: Shell, argv: string[]): sys.Sys<number> {
  const args = argv.slice(1).filter((a) => a !== '-p' && a !== '--');
  if (args.length === 0) {
    let text = '';
    for (const name of Object.keys(sh.exported).sort()) {
      const value = getVar(sh, name);
      text += value === undefined ? `declare -x ${name}\n` : `declare -x ${name}="${value.replace(/(["\\$`])/g, '\\$1')}"\n`;
    }
    return yield* out(text);
  }
  let status = 0;
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (!isName(name)) {
      status = yield* fail(sh, 'export', `\`${arg}': not a valid identifier`);
      continue;
    }
    if (eq >= 0) setVar(sh, name, arg.slice(eq + 1));
    sh.exported[name] = true;
  }
  return status;
}

function* unset(sh: Shell, argv: string[]): sys.Sys<number> {
  let status = 0;
  let functions = false;
  for (const name of argv.slice(1)) {
    if (name === '-v' || name === '--') continue;
    if (name === '-f') {
      functions = true;
      continue;
    }
    if (functions) delete sh.functions[name];
    else if (!isName(name)) status = yield* fail(sh, 'unset', `\`${name}': not a valid identifier`);
    else if (sh.readonly[name]) status = yield* fail(sh, 'unset', `${name}: cannot unset: readonly variable`);
    else if (Object.hasOwn(sh.vars, name) || !Object.hasOwn(sh.functions, name)) unsetVar(sh, name);
    else delete sh.functions[name];
  }
  return status;
}

const OPTION_NAMES: Record<string, keyof ShellOptions> = {
  e: 'errexit',
  x: 'xtrace',
  u: 'nounset',
  errexit: 'errexit',
  xtrace: 'xtrace',
  nounset: 'nounset',
  pipefail: 'pipefail',
};

/** set [-ex] [+ex] [-o name] [--] [args]: options, positional parameters, or (alone) every variable. */
function* set(sh: Shell, argv: string[]): sys.Sys<number> {
  if (argv.length === 1) {
    const names = Object.keys(sh.vars).sort();
    return yield* out(names.map((n) => `${n}=${quote(sh.vars[n])}\n`).join(''));
  }
  let i = 1;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      i++;
      sh.positional = [sh.positional[0], ...argv.slice(i)];
      return 0;
    }
    if (!/^[-+]./.test(arg)) break;
    const on = arg[0] === '-';
    if (arg[1] === 'o' && arg.length === 2 && argv[i + 1] === undefined) {
      const names = Object.keys(sh.options).sort() as (keyof ShellOptions)[];
      return yield* out(names.map((n) => `${n.padEnd(15)}\t${sh.options[n] ? 'on' : 'off'}\n`).join(''));
    }
    const names = arg[1] === 'o' && arg.length === 2 ? [argv[++i] ?? ''] : [...arg.slice(1)];
    for (const name of names) {
      const option = Object.hasOwn(OPTION_NAMES, name) ? OPTION_NAMES[name] : undefined;
      if (!option) return yield* fail(sh, 'set', `${arg[0]}${name}: invalid option`, 2);
      sh.options[option] = on;
    }
  }
  if (i < argv.length) sh.positional = [sh.positional[0], ...argv.slice(i)];
  return 0;
}

function* shift(sh: Shell, argv: string[]): sys.Sys<number> {
  const n = argv[1] === undefined ? 1 : Number(argv[1]);
  if (!Number.isInteger(n) || n < 0) return yield* fail(sh, 'shift', `${argv[1]}: numeric argument required`);
  if (n > sh.positional.length - 1) return 1;
  sh.positional = [sh.positional[0], ...sh.positional.slice(1 + n)];
  return 0;
}

function* type(sh: Shell, argv: string[]): sys.Sys<number> {
  const programs = yield* sys.programs();
  let status = 0;
  for (const name of argv.slice(1)) {
    if (Object.hasOwn(sh.aliases, name)) yield* out(`${name} is aliased to \`${sh.aliases[name]}'\n`);
    else if (['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'in', '{', '}', '!'].includes(name)) {
      yield* out(`${name} is a shell keyword\n`);
    } else if (Object.hasOwn(sh.functions, name)) yield* out(`${name} is a function\n`);
    else if (isBuiltin(name)) yield* out(`${name} is a shell builtin\n`);
    else if (programs.includes(name)) yield* out(`${name} is a program\n`);
    else status = yield* fail(sh, 'type', `${name}: not found`);
  }
  return status;
}

function* history(sh: Shell, argv: string[]): sys.Sys<number> {
  if (argv[1] === '-c') {
    sh.history.entries = [];
    return 0;
  }
  const n = argv[1] === undefined ? undefined : Number(argv[1]);
  if (n !== undefined && (!Number.isInteger(n) || n < 0)) return yield* fail(sh, 'history', `${argv[1]}: numeric argument required`);
  return yield* out(formatHistory(sh.history, n));
}

/** `source file [args]`: runs a file's commands in this shell, so its cd and variables stay. */
function* source(sh: Shell, argv: string[], interp: Interp): sys.Sys<number> {
  const path = argv[1];
  if (path === undefined) return yield* fail(sh, argv[0], 'filename argument required', 2);
  const text = yield* readFile(path);
  if (typeof text === 'number') return yield* fail(sh, argv[0], `${path}: ${strerror(text)}`);
  if (argv.length <= 2) return yield* interp.evaluate(text);
  const saved = sh.positional;
  sh.positional = [saved[0], ...argv.slice(2)];
  const status = yield* interp.evaluate(text);
  sh.positional = saved;
  return status;
}

/** A whole file's text, or a negative errno. */
export function* readFile(path: string): sys.Sys<string | number> {
  const fd = yield* sys.open(path);
  if (fd < 0) return fd;
  const text = yield* sys.readAll(fd);
  yield* sys.close(fd);
  return text;
}

function* evalArgs(_sh: Shell, argv: string[], interp: Interp): sys.Sys<number> {
  return yield* interp.evaluate(argv.slice(1).join(' '));
}

/**
 * `read [-r] [name...]`: one line of standard input into variables, split by IFS, the last
 * name taking the rest. It reads a byte at a time, as a shell must, so that what follows
 * the line is left for the next reader.
 */
function* read(sh: Shell, argv: string[]): sys.Sys<number> {
  const raw = argv[1] === '-r';
  const names = argv.slice(raw ? 2 : 1);
  let line = '';
  let eof = false;
  for (;;) {
    const ch = yield* sys.read(0, 1);
    if (typeof ch === 'number' || ch === '') {
      eof = true;
      break;
    }
    if (ch === '\n') break;
    line += ch;
  }
  if (!raw) line = line.replace(/\\(.)/g, '$1');
  const targets = names.length > 0 ? names : ['REPLY'];
  const fields = splitLine(line, getVar(sh, 'IFS') ?? ' \t\n', targets.length);
  targets.forEach((name, i) => {
    setVar(sh, name, fields[i] ?? '');
  });
  return eof && line === '' ? 1 : 0;
}

/** The line cut at IFS characters into at most `count` fields, the last keeping the rest as written. */
function splitLine(line: string, ifs: string, count: number): string[] {
  const isSep = (c: string | undefined) => c !== undefined && ifs.includes(c);
  const fields: string[] = [];
  let i = 0;
  while (isSep(line[i])) i++;
  while (fields.length < count - 1 && i < line.length) {
    let j = i;
    while (j < line.length && !isSep(line[j])) j++;
    fields.push(line.slice(i, j));
    i = j;
    while (isSep(line[i])) i++;
  }
  let end = line.length;
  while (end > i && isSep(line[end - 1])) end--;
  if (i < end) fields.push(line.slice(i, end));
  return fields;
}

/**
 * help: where to start, then the builtins. Laid out to the terminal's width as the programs
 * lay out theirs (a description continues under its own column), so no word is split.
 */
function* help(): sys.Sys<number> {
  const size = yield* sys.winsize(1);
  const width = typeof size === 'number' ? null : size.cols;
  const intro =
    'Glassbox sh: commands are programs (ls, cat, ps, ...) or these builtins. ' +
    'ls /bin lists the programs, man NAME explains one, man -k WORD finds one.\n' +
    'Use | for pipelines, < > >> 2> 2>&1 &> for redirections, ; && || to join commands, ' +
    '& for a background job, ( ) for a subshell, * ? [..] to match file names.\n\n';
  const lines = Object.entries(HELP).map(([name, text]) => `  ${name.padEnd(23)} ${text}\n`);
  return yield* out(wrapText(intro, width) + wrapText(lines.join(''), width, 26));
}

const HELP: Record<string, string> = {
  'cd [dir|-]': 'change the working directory (HOME by default)',
  pwd: 'print the working directory',
  'exit [n]': 'leave the shell',
  'export [name[=value]]': 'pass a variable on to commands',
  'unset name': 'remove a variable',
  'set [-ex] [-- args]': 'options (-e stop on failure, -x trace); positional parameters',
  'shift [n]': 'drop positional parameters',
  'if while until for case': 'compound commands, as in POSIX sh',
  'name() { ...; }': 'define a function (local, return inside it)',
  'break / continue [n]': 'leave or go on with a loop',
  'test expr / [ expr ]': 'check files, strings and numbers',
  'readonly name[=value]': 'fix a variable',
  'alias name=value': 'a short name for a command',
  'exec cmd / exec >file': 'replace the shell / redirect it for good',
  'type name': 'say whether a name is a builtin or a program',
  'source file / . file': 'run a file in this shell',
  'eval args': 'run the arguments as a command',
  'read [-r] [name]': 'read a line into variables',
  'history [n]': 'list the commands entered',
  'jobs [-l]': 'list the jobs',
  'fg [%n] / bg [%n]': 'continue a job in the foreground / background',
  'wait [pid|%n]': 'wait for jobs to finish',
  'kill [-SIG] pid|%n': 'send a signal (kill -l lists them)',
  help: 'this list',
};

function* test(sh: Shell, argv: string[]): sys.Sys<number> {
  const r = yield* runTest(argv);
  if (r.error) yield* fail(sh, argv[0], r.error, 2);
  return r.status;
}

function* doubleBracket(sh: Shell): sys.Sys<number> {
  return yield* fail(sh, '[[', "bash's [[ ... ]] is not part of this shell; use [ ... ] (the test command) instead", 2);
}

/** `break [n]` and `continue [n]`: leave (or go on with) the n-th enclosing loop. */
function* loopControl(sh: Shell, argv: string[]): sys.Sys<number> {
  const kind = argv[0] as 'break' | 'continue';
  const n = argv[1] === undefined ? 1 : Number(argv[1]);
  if (!Number.isInteger(n) || n < 1) return yield* fail(sh, kind, `${argv[1]}: loop count out of range`);
  if (sh.loopDepth === 0) return yield* fail(sh, kind, "only meaningful in a `for', `while', or `until' loop", 0);
  sh.control = { kind, levels: Math.min(n, sh.loopDepth) };
  return 0;
}

/** `return [n]`: ends the function, with status n (the last command's by default). */
function* returnBuiltin(sh: Shell, argv: string[]): sys.Sys<number> {
  if (sh.frames.length === 0) return yield* fail(sh, 'return', "can only `return' from a function or sourced script", 2);
  let status = sh.status;
  if (argv[1] !== undefined) {
    if (!/^[+-]?[0-9]+$/.test(argv[1])) return yield* fail(sh, 'return', `${argv[1]}: numeric argument required`, 2);
    status = Number(argv[1]) & 0xff;
  }
  sh.status = status;
  sh.control = { kind: 'return' };
  return status;
}

/** `local name[=value]...`: the variable belongs to the running function until it returns. */
function* local(sh: Shell, argv: string[]): sys.Sys<number> {
  if (sh.frames.length === 0) return yield* fail(sh, 'local', 'can only be used in a function');
  let status = 0;
  for (const arg of argv.slice(1)) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (!isName(name)) {
      status = yield* fail(sh, 'local', `\`${arg}': not a valid identifier`);
      continue;
    }
    makeLocal(sh, name);
    if (eq >= 0) setVar(sh, name, arg.slice(eq + 1));
    else if (getVar(sh, name) === undefined) setVar(sh, name, '');
  }
  return status;
}

/** `readonly name[=value]...`: the variable can no longer be changed or unset. */
function* readonly(sh: Shell, argv: string[]): sys.Sys<number> {
  const args = argv.slice(1).filter((a) => a !== '-p' && a !== '--');
  if (args.length === 0) {
    const names = Object.keys(sh.readonly).sort();
    return yield* out(names.map((n) => `declare -r ${n}="${getVar(sh, n) ?? ''}"\n`).join(''));
  }
  let status = 0;
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (!isName(name)) {
      status = yield* fail(sh, 'readonly', `\`${arg}': not a valid identifier`);
      continue;
    }
    if (eq >= 0) {
      if (sh.readonly[name]) {
        status = yield* fail(sh, 'readonly', `${name}: readonly variable`);
        continue;
      }
      setVar(sh, name, arg.slice(eq + 1));
    }
    sh.readonly[name] = true;
  }
  return status;
}

/**
 * `exec command [args]`: the command takes the shell's place. This kernel has no execve,
 * so the shell runs it in the foreground and then leaves with its status, which is what
 * anyone watching sees of an exec. (`exec` with only redirections is the interpreter's.)
 */
function* exec(sh: Shell, argv: string[], interp: Interp): sys.Sys<number> {
  const status = yield* interp.runArgv(argv.slice(1));
  sh.exiting = status;
  return status;
}

/** `alias [name[=value]...]`: lists aliases, shows one, or defines them. */
function* alias(sh: Shell, argv: string[]): sys.Sys<number> {
  const args = argv.slice(1).filter((a) => a !== '-p');
  if (args.length === 0) {
    const names = Object.keys(sh.aliases).sort();
    return yield* out(names.map((n) => `alias ${n}=${quote(sh.aliases[n])}\n`).join(''));
  }
  let status = 0;
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq > 0) {
      sh.aliases[arg.slice(0, eq)] = arg.slice(eq + 1);
    } else if (Object.hasOwn(sh.aliases, arg)) {
      yield* out(`alias ${arg}=${quote(sh.aliases[arg])}\n`);
    } else {
      status = yield* fail(sh, 'alias', `${arg}: not found`);
    }
  }
  return status;
}

function* unalias(sh: Shell, argv: string[]): sys.Sys<number> {
  if (argv[1] === '-a') {
    for (const name of Object.keys(sh.aliases)) delete sh.aliases[name];
    return 0;
  }
  let status = 0;
  for (const name of argv.slice(1)) {
    if (Object.hasOwn(sh.aliases, name)) delete sh.aliases[name];
    else status = yield* fail(sh, 'unalias', `${name}: not found`);
  }
  return status;
}

/**
 * Programs bash has as builtins: the shell runs their code itself rather than spawning
 * them, which is what makes `echo` in a loop cheap. In a pipeline they are spawned as the
 * programs they are.
 */
export const PROGRAM_BUILTINS: Record<string, Program> = {
  echo,
  printf,
  true: trueProgram,
  false: falseProgram,
};

export const BUILTINS: Record<string, Builtin> = {
  ':': colon,
  test,
  '[': test,
  '[[': doubleBracket,
  break: loopControl,
  continue: loopControl,
  return: returnBuiltin,
  local,
  readonly,
  exec,
  alias,
  unalias,
  cd,
  pwd,
  exit,
  export: exportVars,
  unset,
  set,
  shift,
  type,
  history,
  source,
  '.': source,
  eval: evalArgs,
  read,
  help,
  ...JOB_BUILTINS,
};

export function isBuiltin(name: string): boolean {
  return Object.hasOwn(BUILTINS, name) || Object.hasOwn(PROGRAM_BUILTINS, name);
}
