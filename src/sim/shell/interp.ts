import * as sys from '../libc/sys.ts';
import type { AndOrList, Pipeline, SimpleCommand } from './ast.ts';
import { BUILTINS, type Interp, isBuiltin } from './builtins.ts';
import { expandAssignment } from './expand.ts';
import { expandArgs } from './globfs.ts';
import { foreground } from './jobctl.ts';
import { launch } from './launch.ts';
import { parseScript } from './parser.ts';
import { printAndOr, printPipeline } from './printer.ts';
import { applyRedirects, restoreRedirects } from './redirect.ts';
import { expansionEnv, quote, type Shell, setVar, unsetVar } from './state.ts';

/**
 * The interpreter: walks the syntax tree and runs it through syscalls. A simple command
 * that names a builtin, or has no command word, runs inside the shell; everything else
 * is spawned (launch.ts). `$?` is kept in `sh.status` after every pipeline.
 */

/** Parses and runs source in this shell; a syntax error is reported with status 2. */
export function* evaluate(sh: Shell, source: string): sys.Sys<number> {
  const parsed = parseScript(source);
  if (!parsed.ok) {
    yield* syntaxError(sh, parsed.error.message);
    return 2;
  }
  return yield* runList(sh, parsed.script.body);
}

export function* syntaxError(sh: Shell, message: string): sys.Sys<void> {
  yield* sys.eprint(`${sh.name}: ${message}\n`);
  sh.status = 2;
}

/** Runs and-or lists in order, each one ended by `;`, a newline or `&`. */
export function* runList(sh: Shell, list: AndOrList[]): sys.Sys<number> {
  for (const item of list) {
    if (sh.exiting !== null) break;
    if (item.background) yield* runBackground(sh, item);
    else yield* runAndOr(sh, item);
  }
  return sh.status;
}

/**
 * `a && b || c`: each pipeline runs or is skipped by the status so far. With `set -e` a
 * failure exits the shell, except in a pipeline that `&&`/`||` tests or that `!` inverts.
 */
function* runAndOr(sh: Shell, item: AndOrList): sys.Sys<void> {
  yield* runPipeline(sh, item.head);
  let lastRan = item.tail.length === 0 ? item.head : null;
  for (const [i, { op, pipeline }] of item.tail.entries()) {
    if (sh.exiting !== null) return;
    if ((op === '&&') !== (sh.status === 0)) continue;
    yield* runPipeline(sh, pipeline);
    lastRan = i === item.tail.length - 1 ? pipeline : null;
  }
  if (sh.options.errexit && sh.status !== 0 && lastRan && !lastRan.negated && sh.exiting === null) sh.exiting = sh.status;
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
  if (pipeline.commands.length === 1 && first.kind === 'simple') {
    status = yield* runSimple(sh, first, printPipeline({ ...pipeline, negated: false }));
  } else {
    status = yield* runJob(sh, pipeline);
  }
  sh.status = pipeline.negated ? (status === 0 ? 1 : 0) : status;
}

function* runJob(sh: Shell, pipeline: Pipeline): sys.Sys<number> {
  const { job, status } = yield* launch(sh, pipeline.commands, printPipeline({ ...pipeline, negated: false }), false);
  return job ? yield* foreground(sh, job) : status;
}

/**
 * One simple command in the foreground. The words are expanded once, here: a builtin or a
 * bare assignment then runs in the shell; a program is spawned with the same words.
 */
function* runSimple(sh: Shell, command: SimpleCommand, text: string): sys.Sys<number> {
  const argv = yield* expandArgs(sh, command.words);
  if (argv.length > 0 && !isBuiltin(argv[0])) {
    const { job, status } = yield* launch(sh, [command], text, false, argv);
    return job ? yield* foreground(sh, job) : status;
  }
  if (argv.length === 0) {
    // Assignments alone set shell variables, each seeing the ones before it.
    for (const a of command.assignments) {
      const value = expandAssignment(a.value, expansionEnv(sh));
      setVar(sh, a.name, value);
      if (sh.options.xtrace) yield* sys.eprint(`+ ${a.name}=${quote(value)}\n`);
    }
    return yield* withRedirects(sh, command, succeed);
  }
  const env = expansionEnv(sh);
  const values = command.assignments.map((a) => ({ name: a.name, value: expandAssignment(a.value, env) }));
  if (sh.options.xtrace) yield* sys.eprint(`+ ${argv.map(quote).join(' ')}\n`);
  // `X=1 builtin` gives the builtin X only for as long as it runs.
  const saved = values.map((v) => ({ name: v.name, old: Object.hasOwn(sh.vars, v.name) ? sh.vars[v.name] : undefined }));
  for (const v of values) setVar(sh, v.name, v.value);
  const status = yield* withRedirects(sh, command, () => runBuiltin(sh, argv));
  for (const s of saved.reverse()) {
    if (s.old === undefined) unsetVar(sh, s.name);
    else setVar(sh, s.name, s.old);
  }
  return status;
}

// biome-ignore lint/correctness/useYield: a command with nothing to run succeeds at once.
function* succeed(): sys.Sys<number> {
  return 0;
}

function* runBuiltin(sh: Shell, argv: string[]): sys.Sys<number> {
  const interp: Interp = { evaluate: (source) => evaluate(sh, source) };
  return yield* BUILTINS[argv[0]](sh, argv, interp);
}

/** Runs `body` with the command's redirections applied to the shell's own descriptors, then restores them. */
function* withRedirects(sh: Shell, command: SimpleCommand, body: () => sys.Sys<number>): sys.Sys<number> {
  if (command.redirects.length === 0) return yield* body();
  const { saved, error } = yield* applyRedirects(sh, command.redirects);
  let status = 1;
  if (error === null) status = yield* body();
  yield* restoreRedirects(sh, saved);
  if (error !== null) yield* sys.eprint(`${sh.name}: ${error}\n`);
  return status;
}

