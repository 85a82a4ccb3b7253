import { EISDIR, ENOENT, strerror } from '../abi/errno.ts';
import { X_OK } from '../abi/fs.ts';
import type { FileAction } from '../abi/syscalls.ts';
import * as sys from '../libc/sys.ts';
import type { Command } from './ast.ts';
import { isBuiltin, PROGRAM_BUILTINS } from './builtins.ts';
import { expandArgs, expandValue } from './globfs.ts';
import { addJob, type Job } from './jobs.ts';
import { childShell, type ProcSpec } from './child-shell.ts';
import { printCommand, printList } from './printer.ts';
import { planRedirects, release } from './redirect.ts';
import { environment, quote, type Shell } from './state.ts';

/**
 * Starting processes: each command of a pipeline becomes one spawn, in one process group
 * (with job control), stdout of each to stdin of the next through a pipe. A command that
 * must run as shell code (a subshell, a builtin in a pipeline or in the background) runs
 * in a child shell: `sh -c '<the command, printed back>'`, which is how it appears in ps.
 */

type Resolved = { ok: true; spec: ProcSpec } | { ok: false; status: number };

/** How one command of a pipeline is started: a program, a script file, or a child shell. */
function* resolve(sh: Shell, command: Command, expanded: string[] | null): sys.Sys<Resolved> {
  if (command.kind === 'subshell') return { ok: true, spec: childShell(sh, printList(command.body), command.redirects) };
  if (command.kind !== 'simple') return { ok: true, spec: childShell(sh, printCommand(command)) };
  let argv = expanded;
  if (argv === null) {
    const r = yield* expandArgs(sh, command.words);
    if (!r.ok) {
      yield* sys.eprint(`${sh.name}: ${r.message}\n`);
      return { ok: false, status: 1 };
    }
    argv = r.fields;
  }
  const shellCode = argv.length === 0 || Object.hasOwn(sh.functions, argv[0]) || (isBuiltin(argv[0]) && !Object.hasOwn(PROGRAM_BUILTINS, argv[0]));
  if (shellCode) return { ok: true, spec: childShell(sh, printCommand(command)) };
  const extra: Record<string, string> = {};
  for (const a of command.assignments) {
    const value = yield* expandValue(sh, a.value);
    if (!value.ok) {
      yield* sys.eprint(`${sh.name}: ${value.message}\n`);
      return { ok: false, status: 1 };
    }
    extra[a.name] = value.value;
  }
  if (sh.options.xtrace) yield* sys.eprint(`+ ${argv.map(quote).join(' ')}\n`);
  const spec: ProcSpec = { program: argv[0], argv, env: environment(sh, extra), redirects: command.redirects };
  if (!argv[0].includes('/')) return { ok: true, spec };
  // A path names a file, not a program: a text file runs as a shell script, as a
  // shell runs a file the kernel cannot execute, once the kernel says its x bit allows it.
  const st = yield* sys.stat(argv[0]);
  if (typeof st === 'number' || st.type === 'dir') {
    yield* sys.eprint(`${sh.name}: ${argv[0]}: ${strerror(typeof st === 'number' ? st : -EISDIR)}\n`);
    return { ok: false, status: typeof st === 'number' ? 127 : 126 };
  }
  const denied = yield* sys.access(argv[0], X_OK);
  if (denied < 0) {
    yield* sys.eprint(`${sh.name}: ${argv[0]}: ${strerror(denied)}\n`);
    return { ok: false, status: 126 };
  }
  return { ok: true, spec: { ...spec, program: 'sh', argv: ['sh', ...argv] } };
}

/** Spawns one process; on failure says why and returns the status the command gets instead. */
function* spawnSpec(sh: Shell, spec: ProcSpec, pgid: number, base: FileAction[], temps: number[]): sys.Sys<{ pid: number } | { status: number }> {
  const plan = yield* planRedirects(sh, spec.redirects, base, temps);
  if (!plan.ok) {
    yield* sys.eprint(`${sh.name}: ${plan.message}\n`);
    return { status: 1 };
  }
  const pid = yield* sys.spawn({
    program: spec.program,
    argv: spec.argv,
    env: spec.env,
    pgid: sh.monitor ? pgid : undefined,
    fileActions: plan.actions,
    // The interactive shell ignores ^C and ^Z; its commands must not.
    resetSignals: sh.interactive,
  });
  for (const fd of plan.opened) yield* release(sh, fd);
  if (pid >= 0) return { pid };
  if (pid === -ENOENT && (spec.redirects.length > 0 || base.length > 0) && spec.program !== 'sh') {
    // As in bash, the redirections apply before the lookup fails: a child shell with them
    // in place says `command not found` where the command's stderr would have gone.
    return yield* spawnSpec(sh, { ...childShell(sh, spec.argv.map(quote).join(' ')), redirects: spec.redirects }, pgid, base, temps);
  }
  const why = pid === -ENOENT ? 'command not found' : strerror(pid);
  yield* sys.eprint(`${sh.name}: ${spec.argv[0]}: ${why}\n`);
  return { status: pid === -ENOENT ? 127 : 126 };
}

/**
 * Starts a pipeline as one job. With job control the first process leads a new process
 * group and the others join it. Pipe ends are closed in the shell as soon as both of their
 * processes have them, so that end of file and SIGPIPE reach the right process. Returns
 * the job, or null (and the status) when no process could start.
 */
export function* launch(
  sh: Shell,
  commands: Command[],
  text: string,
  background: boolean,
  /** The first command's words, when the caller has expanded them already. */
  firstArgv: string[] | null = null,
): sys.Sys<{ job: Job | null; status: number }> {
  const pids: number[] = [];
  let pgid = 0;
  let lastFailed: number | null = null;
  let prevRead: number | null = null;
  for (let i = 0; i < commands.length; i++) {
    const last = i === commands.length - 1;
    let pipeFds: [number, number] | null = null;
    if (!last) {
      const r = yield* sys.pipe();
      if (typeof r === 'number') {
        yield* sys.eprint(`${sh.name}: pipe: ${strerror(r)}\n`);
        lastFailed = 1;
        break;
      }
      pipeFds = r;
    }
    const base: FileAction[] = [];
    if (prevRead !== null) base.push({ op: 'dup2', fd: prevRead, to: 0 });
    if (pipeFds) base.push({ op: 'dup2', fd: pipeFds[1], to: 1 });
    const temps = [...(prevRead === null ? [] : [prevRead]), ...(pipeFds ?? [])];
    const resolved = yield* resolve(sh, commands[i], i === 0 ? firstArgv : null);
    const started = resolved.ok ? yield* spawnSpec(sh, resolved.spec, pgid, base, temps) : { status: resolved.status };
    if ('pid' in started) {
      pids.push(started.pid);
      if (pgid === 0) pgid = started.pid;
      lastFailed = null;
    } else {
      lastFailed = started.status;
    }
    if (prevRead !== null) yield* sys.close(prevRead);
    if (pipeFds) yield* sys.close(pipeFds[1]);
    prevRead = pipeFds ? pipeFds[0] : null;
  }
  if (prevRead !== null) yield* sys.close(prevRead);
  if (pids.length === 0) return { job: null, status: lastFailed ?? 1 };
  const job = addJob(sh.jobs, { pgid: sh.monitor ? pgid : sh.pgid, pids, text, background, failedLast: lastFailed });
  return { job, status: 0 };
}
