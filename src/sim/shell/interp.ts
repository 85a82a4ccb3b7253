import * as sys from '../libc/sys.ts';
import type { AndOrList, Command, CompoundCommand, FunctionDef, Pipeline, Redirect, SimpleCommand, Word } from './ast.ts';
import { BUILTINS, type Interp, isBuiltin, PROGRAM_BUILTINS } from './builtins.ts';
import { describeSyntaxError } from './errors.ts';
import { expandPattern } from './expand.ts';
import { expandArgs, expandValue, expandValues } from './globfs.ts';
import { matchPattern } from '../libc/fnmatch.ts';
import { foreground } from './jobctl.ts';
import { launch } from './launch.ts';
import { parseScript } from './parser.ts';
import { printAndOr, printCommand, printPipeline } from './printer.ts';
import { applyRedirects, restoreRedirects } from './redirect.ts';
import { popFrame, quote, type Shell, setVar, unsetVar } from './state.ts';

/**
 * The interpreter: walks the syntax tree and runs it through syscalls. Simple commands
 * that name a builtin or a function, bare assignments, and every compound command except
 * a `( subshell )` run inside the shell; everything else is spawned (launch.ts). `$?` is
 * kept in `sh.status` after every pipeline.
 *
 * `break`, `continue` and `return` set `sh.control`; every list stops while it is set,
 * until the loop or function it is meant for takes it. Each loop turn makes a syscall, so
 * the kernel's syscall budget charges an endless loop ticks and a signal can end it.
 */

/** How deep functions may call functions before the call is refused (bash's FUNCNEST). */
export const MAX_CALL_DEPTH = 200;

/** Parses and runs source in this shell; a syntax error is reported with status 2. */
export function* evaluate(sh: Shell, source: string): sys.Sys<number> {
  // The source is whole (sh -c, eval, a child shell): a here-document may end with it.
  const parsed = parseScript(source, true);
  if (!parsed.ok) {
    yield* sys.eprint(describeSyntaxError(parsed.error, source, `${sh.name}: `));
    sh.status = 2;
    return 2;
  }
  for (const w of parsed.warnings ?? []) yield* sys.eprint(`${sh.name}: ${w}\n`);
  return yield* runList(sh, parsed.script.body);
}

/** Whether the running list must stop: the shell is leaving, ^C came, or a break/continue/return is on its way out. */
function stopped(sh: Shell): boolean {
  return sh.exiting !== null || sh.control !== null || sh.interrupted;
}

/** Runs and-or lists in order, each one ended by `;`, a newline or `&`. */
export function* runList(sh: Shell, list: AndOrList[]): sys.Sys<number> {
  for (const item of list) {
    if (stopped(sh)) break;
    if (item.background) yield* runBackground(sh, item);
    else yield* runAndOr(sh, item);
  }
  return sh.status;
}

/** Runs a list where `set -e` does not apply: an `if` or `while` condition. */
function* runCondition(sh: Shell, list: AndOrList[]): sys.Sys<number> {
  sh.conditionDepth++;
  try {
    return yield* runList(sh, list);
  } finally {
    sh.conditionDepth--;
  }
}

/**
 * `a && b || c`: each pipeline runs or is skipped by the status so far. With `set -e` a
 * failure exits the shell, except in a pipeline that `&&`/`||` tests or that `!` inverts,
 * or anywhere inside a condition.
 */
function* runAndOr(sh: Shell, item: AndOrList): sys.Sys<void> {
  const tested = item.tail.length > 0;
  if (tested) sh.conditionDepth++;
  yield* runPipeline(sh, item.head);
  if (tested) sh.conditionDepth--;
  let lastRan = item.tail.length === 0 ? item.head : null;
  for (const [i, { op, pipeline }] of item.tail.entries()) {
    if (stopped(sh)) return;
    if ((op === '&&') !== (sh.status === 0)) continue;
    const last = i === item.tail.length - 1;
    if (!last) sh.conditionDepth++;
    yield* runPipeline(sh, pipeline);
    if (!last) sh.conditionDepth--;
    lastRan = last ? pipeline : null;
  }
  if (sh.options.errexit && sh.status !== 0 && lastRan && !lastRan.negated && sh.conditionDepth === 0 && sh.exiting === null && sh.control === null) {
    sh.exiting = sh.status;
  }
}

/** A job started with `&`: the shell does not wait, and says `[1] 42` when interactive. */
function* runBackground(sh: Shell, item: AndOrList): sys.Sys<void> {
  const text = printAndOr(item);
  // An and-or list must run its parts in order, so the whole list becomes one child shell.
  const single = item.tail.length === 0 && !item.head.negated;
  const commands = single ? item.head.commands : [{ kind: 'subshell' as const, body: [{ ...item, background: false }], redirects: [] }];
  const { job, status } = yield* launch(sh, commands, text, true);
  if (!job) {
    sh.status = status;
    return;
  }
  const lastPid = job.procs[job.procs.length - 1].pid;
  sh.lastBg = lastPid;
  sh.status = 0;
  if (sh.interactive) yield* sys.eprint(`[${job.id}] ${lastPid}\n`);
}

function* runPipeline(sh: Shell, pipeline: Pipeline): sys.Sys<void> {
  const [first] = pipeline.commands;
  let status: number;
  if (pipeline.negated) sh.conditionDepth++;
  if (pipeline.commands.length === 1 && first.kind !== 'subshell') {
    status = yield* runCommand(sh, first, () => printPipeline({ ...pipeline, negated: false }));
  } else {
    status = yield* runJob(sh, pipeline);
  }
  if (pipeline.negated) sh.conditionDepth--;
  sh.status = pipeline.negated ? (status === 0 ? 1 : 0) : status;
}

function* runJob(sh: Shell, pipeline: Pipeline): sys.Sys<number> {
  const { job, status } = yield* launch(sh, pipeline.commands, printPipeline({ ...pipeline, negated: false }), false);
  return job ? yield* foreground(sh, job) : status;
}

/** One command in this shell (a subshell excepted, which the caller spawns). */
export function* runCommand(sh: Shell, command: Command, text: () => string): sys.Sys<number> {
  switch (command.kind) {
    case 'simple':
      return yield* runSimple(sh, command, text);
    case 'function':
      sh.functions[command.name] = command;
      return 0;
    case 'subshell': {
      const { job, status } = yield* launch(sh, [command], text(), false);
      return job ? yield* foreground(sh, job) : status;
    }
    default:
      return yield* withRedirects(sh, command.redirects, () => runCompound(sh, command));
  }
}

function* runCompound(sh: Shell, command: Exclude<CompoundCommand, { kind: 'subshell' }>): sys.Sys<number> {
  switch (command.kind) {
    case 'group':
      return yield* runList(sh, command.body);
    case 'if':
      for (const clause of command.clauses) {
        const status = yield* runCondition(sh, clause.condition);
        if (stopped(sh)) return sh.status;
        if (status === 0) return yield* runList(sh, clause.body);
      }
      return command.otherwise ? yield* runList(sh, command.otherwise) : 0;
    case 'while':
    case 'until':
      return yield* runLoop(sh, command.kind, command.condition, command.body);
    case 'for':
      return yield* runFor(sh, command.name, command.items, command.body);
    case 'case':
      return yield* runCase(sh, command);
  }
}

/**
 * What a loop does with a pending break or continue: 'break' leaves it (a `break 2`
 * stays pending, one level less, for the loop outside), 'continue' goes on to the next turn.
 */
function takeLoopControl(sh: Shell): 'break' | 'continue' | null {
  const c = sh.control;
  if (c === null || c.kind === 'return') return null;
  if (c.levels > 1) {
    c.levels--;
    return 'break';
  }
  sh.control = null;
  return c.kind;
}

/** One turn of a loop costs a syscall, so the kernel's budget sees a busy loop and a signal can reach it. */
function* loopTurn(): sys.Sys<void> {
  yield* sys.getpid();
}

function* runLoop(sh: Shell, kind: 'while' | 'until', condition: AndOrList[], body: AndOrList[]): sys.Sys<number> {
  let status = 0;
  sh.loopDepth++;
  try {
    for (;;) {
      yield* loopTurn();
      if (stopped(sh)) break;
      const test = yield* runCondition(sh, condition);
      if (takeLoopControl(sh) === 'break' || stopped(sh)) break;
      if ((test === 0) !== (kind === 'while')) break;
      status = yield* runList(sh, body);
      if (takeLoopControl(sh) === 'break') break;
    }
  } finally {
    sh.loopDepth--;
  }
  sh.status = status;
  return status;
}

function* runFor(sh: Shell, name: string, items: Word[] | null, body: AndOrList[]): sys.Sys<number> {
  let values: string[];
  if (items === null) {
    values = sh.positional.slice(1);
  } else {
    const expanded = yield* expandArgs(sh, items);
    if (!expanded.ok) return yield* expansionFailed(sh, expanded);
    values = expanded.fields;
  }
  let status = 0;
  sh.loopDepth++;
  try {
    for (const value of values) {
      yield* loopTurn();
      if (stopped(sh)) break;
      setVar(sh, name, value);
      status = yield* runList(sh, body);
      if (takeLoopControl(sh) === 'break') break;
    }
  } finally {
    sh.loopDepth--;
  }
  sh.status = status;
  return status;
}

function* runCase(sh: Shell, command: Extract<Command, { kind: 'case' }>): sys.Sys<number> {
  const subject = yield* expandValue(sh, command.subject);
  if (!subject.ok) return yield* expansionFailed(sh, subject);
  for (const item of command.items) {
    for (const pattern of item.patterns) {
      const env = yield* expandValues(sh, [pattern]);
      if (!env.ok) return yield* expansionFailed(sh, env);
      if (matchPattern(expandPattern(pattern, env.env), subject.value)) return yield* runList(sh, item.body);
    }
  }
  return 0;
}

/** An expansion error (`${x:?}`, `$((1/0))`, `set -u`): said, status 1; a script that is not interactive stops, as bash's does. */
function* expansionFailed(sh: Shell, failure: { message: string; status: number }): sys.Sys<number> {
  yield* sys.eprint(`${sh.name}: ${failure.message}\n`);
  if (!sh.interactive) sh.exiting = failure.status;
  return failure.status;
}

/**
 * One simple command. The words are expanded once, here: a function, a builtin or a bare
 * assignment then runs in the shell; a program is spawned with the same words.
 */
function* runSimple(sh: Shell, command: SimpleCommand, text: () => string): sys.Sys<number> {
  const aliased = aliasSource(sh, command);
  if (aliased !== null) return yield* evaluateAlias(sh, aliased);
  sh.substStatus = null;
  const expanded = yield* expandArgs(sh, command.words);
  if (!expanded.ok) return yield* expansionFailed(sh, expanded);
  const argv = expanded.fields;
  if (argv.length > 0 && !isBuiltin(argv[0]) && !Object.hasOwn(sh.functions, argv[0])) {
    const { job, status } = yield* launch(sh, [command], text(), false, argv);
    return job ? yield* foreground(sh, job) : status;
  }
  if (argv.length === 0) {
    // Assignments alone set shell variables, each seeing the ones before it.
    for (const a of command.assignments) {
      const value = yield* expandValue(sh, a.value);
      if (!value.ok) return yield* expansionFailed(sh, value);
      if (sh.readonly[a.name]) {
        yield* sys.eprint(`${sh.name}: ${a.name}: readonly variable\n`);
        if (!sh.interactive) sh.exiting = 1;
        return 1;
      }
      setVar(sh, a.name, value.value);
      if (sh.options.xtrace) yield* sys.eprint(`+ ${a.name}=${quote(value.value)}\n`);
    }
    // `x=$(false)` has the status of the substitution, as in bash.
    const status = sh.substStatus ?? 0;
    return yield* withRedirects(sh, command.redirects, () => constant(status));
  }
  const values: { name: string; value: string }[] = [];
  for (const a of command.assignments) {
    const value = yield* expandValue(sh, a.value);
    if (!value.ok) return yield* expansionFailed(sh, value);
    values.push({ name: a.name, value: value.value });
  }
  if (sh.options.xtrace) yield* sys.eprint(`+ ${argv.map(quote).join(' ')}\n`);
  // `X=1 builtin` gives the builtin X only for as long as it runs.
  const saved = values.map((v) => ({ name: v.name, old: Object.hasOwn(sh.vars, v.name) ? sh.vars[v.name] : undefined }));
  for (const v of values) setVar(sh, v.name, v.value);
  const fn = Object.hasOwn(sh.functions, argv[0]) && !SPECIAL_BUILTINS.has(argv[0]) ? sh.functions[argv[0]] : null;
  // `exec` with no command keeps its redirections: they are the point.
  const status =
    argv[0] === 'exec' && argv.length === 1
      ? yield* execRedirects(sh, command.redirects)
      : yield* withRedirects(sh, command.redirects, () => (fn ? callFunction(sh, fn, argv) : runBuiltin(sh, argv)));
  for (const s of saved.reverse()) {
    if (s.old === undefined) unsetVar(sh, s.name);
    else setVar(sh, s.name, s.old);
  }
  return status;
}

// biome-ignore lint/correctness/useYield: a status known already needs no syscall.
function* constant(status: number): sys.Sys<number> {
  return status;
}

/** POSIX's special builtins, found before functions of the same name. */
const SPECIAL_BUILTINS = new Set(['break', ':', '.', 'continue', 'eval', 'exec', 'exit', 'export', 'readonly', 'return', 'set', 'shift', 'unset']);

/** The command's source with its first word replaced by that word's alias, or null when it has none. */
function aliasSource(sh: Shell, command: SimpleCommand): string | null {
  const first = command.words[0];
  if (first?.parts.length !== 1 || first.parts[0].kind !== 'literal') return null;
  const name = first.parts[0].text;
  if (!Object.hasOwn(sh.aliases, name) || sh.expandingAliases.includes(name)) return null;
  const rest = printCommand({ ...command, words: command.words.slice(1) });
  sh.expandingAliases.push(name);
  return `${sh.aliases[name]} ${rest}`;
}

function* evaluateAlias(sh: Shell, source: string): sys.Sys<number> {
  try {
    return yield* evaluate(sh, source);
  } finally {
    sh.expandingAliases.pop();
  }
}

/** Calls a function: its own `$1`, `$2`, ... and a frame for `local`; `return` ends it. */
export function* callFunction(sh: Shell, fn: FunctionDef, argv: string[]): sys.Sys<number> {
  if (sh.frames.length >= MAX_CALL_DEPTH) {
    yield* sys.eprint(`${sh.name}: ${argv[0]}: maximum function nesting level exceeded (${MAX_CALL_DEPTH})\n`);
    return 1;
  }
  const saved = sh.positional;
  sh.positional = [saved[0], ...argv.slice(1)];
  sh.frames.push(Object.create(null));
  let status: number;
  try {
    status = yield* runCommand(sh, fn.body, () => fn.name);
    if (sh.control?.kind === 'return') {
      sh.control = null;
      status = sh.status;
    }
  } finally {
    popFrame(sh);
    sh.positional = saved;
  }
  return status;
}

function* runBuiltin(sh: Shell, argv: string[]): sys.Sys<number> {
  const interp: Interp = {
    evaluate: (source) => evaluate(sh, source),
    runArgv: (args) => runArgv(sh, args),
  };
  if (Object.hasOwn(PROGRAM_BUILTINS, argv[0])) return yield* PROGRAM_BUILTINS[argv[0]]({ pid: sh.pid, argv, env: {} });
  return yield* BUILTINS[argv[0]](sh, argv, interp);
}

/**
 * Runs words that are already expanded as a command (for `exec` and `command`): a function,
 * a builtin, or a program in the foreground.
 */
function* runArgv(sh: Shell, argv: string[]): sys.Sys<number> {
  if (Object.hasOwn(sh.functions, argv[0])) return yield* callFunction(sh, sh.functions[argv[0]], argv);
  if (isBuiltin(argv[0])) return yield* runBuiltin(sh, argv);
  const command: SimpleCommand = { kind: 'simple', assignments: [], words: argv.map((a) => ({ parts: [{ kind: 'single', text: a }] })), redirects: [] };
  const { job, status } = yield* launch(sh, [command], argv.map(quote).join(' '), false, argv);
  return job ? yield* foreground(sh, job) : status;
}

/** `exec >file 2>&1`: the shell's own descriptors change for good. */
function* execRedirects(sh: Shell, redirects: Redirect[]): sys.Sys<number> {
  const { error } = yield* applyRedirects(sh, redirects);
  if (error === null) return 0;
  yield* sys.eprint(`${sh.name}: ${error}\n`);
  return 1;
}

/** Runs `body` with redirections applied to the shell's own descriptors, then restores them. */
function* withRedirects(sh: Shell, redirects: Redirect[], body: () => sys.Sys<number>): sys.Sys<number> {
  if (redirects.length === 0) return yield* body();
  const { saved, error } = yield* applyRedirects(sh, redirects);
  let status = 1;
  if (error === null) status = yield* body();
  yield* restoreRedirects(sh, saved);
  if (error !== null) yield* sys.eprint(`${sh.name}: ${error}\n`);
  return status;
}
