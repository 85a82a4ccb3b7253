import type { Program } from '../../../src/sim/abi/program.ts';
import { applyInput } from '../../../src/sim/kernel/kernel.ts';
import type { KernelConfig } from '../../../src/sim/kernel/state.ts';
import * as sys from '../../../src/sim/libc/sys.ts';
import { createMachine, type Machine, runTo } from '../../../src/sim/machine/machine.ts';
import { PROGRAMS } from '../../../src/sim/machine/programs.ts';

/**
 * Runs commands headless, the way a shell would: each one is spawned with its standard
 * input from a file and its standard output and error into files, and waited for. The
 * files live in /.t; the commands run in the directory /w, which starts empty apart
 * from what the setup puts there.
 */

export interface Command {
  argv: string[];
  /** What the command reads on fd 0 (empty by default, so nothing waits on the terminal). */
  stdin?: string;
  /** Kill the command with SIGKILL after this many ticks (for yes, tail -f). */
  timeout?: number;
}

export interface Result {
  out: string;
  err: string;
  /** The exit status, or 128 + the signal that ended it (127: no such program). */
  status: number;
}

export interface Setup {
  /** Directories to make, in order (relative to /w or absolute). */
  dirs?: string[];
  /** Files to create, with their contents. */
  files?: Record<string, string>;
  config?: Partial<KernelConfig>;
  /** Programs to add to the table. */
  programs?: Record<string, Program>;
}

const IN = '/.t/in';
const OUT = '/.t/out';
const ERR = '/.t/err';

function* writeFile(path: string, text: string): sys.Sys<void> {
  const fd = yield* sys.open(path, { write: true, create: true, truncate: true });
  if (fd < 0) throw new Error(`harness: cannot create ${path} (${fd})`);
  if (text !== '') yield* sys.write(fd, text);
  yield* sys.close(fd);
}

function* readFile(path: string): sys.Sys<string> {
  const fd = yield* sys.open(path);
  const text = yield* sys.readAll(fd, 4096);
  yield* sys.close(fd);
  return typeof text === 'string' ? text : '';
}

function* runOne(cmd: Command): sys.Sys<Result> {
  yield* writeFile(IN, cmd.stdin ?? '');
  yield* writeFile(OUT, '');
  yield* writeFile(ERR, '');
  const i = yield* sys.open(IN);
  const o = yield* sys.open(OUT, { write: true });
  const e = yield* sys.open(ERR, { write: true });
  const pid = yield* sys.spawn({
    program: cmd.argv[0],
    argv: cmd.argv,
    cwd: '/w',
    fileActions: [
      { op: 'dup2', fd: i, to: 0 },
      { op: 'dup2', fd: o, to: 1 },
      { op: 'dup2', fd: e, to: 2 },
      { op: 'close', fd: i },
      { op: 'close', fd: o },
      { op: 'close', fd: e },
    ],
  });
  for (const fd of [i, o, e]) yield* sys.close(fd);
  if (pid < 0) return { out: '', err: '', status: 127 };
  let status = -1;
  for (let waited = 0; status < 0; ) {
    const r = yield* sys.wait(pid, { nohang: cmd.timeout !== undefined });
    if (sys.isWaitResult(r)) {
      status = r.signal !== null ? 128 + r.signal : (r.code ?? 0);
    } else if (cmd.timeout !== undefined) {
      if (waited >= cmd.timeout) yield* sys.kill(pid, 9);
      yield* sys.sleep(1);
      waited++;
    }
  }
  return { out: yield* readFile(OUT), err: yield* readFile(ERR), status };
}

/** Runs the commands in order in one fresh machine. */
export function runAll(cmds: Array<Command | string[]>, setup: Setup = {}): Result[] {
  const results: Result[] = [];
  let done = false;
  const driver: Program = function* () {
    yield* sys.mkdir('/.t');
    yield* sys.mkdir('/w');
    for (const d of setup.dirs ?? []) yield* sys.mkdir(d.startsWith('/') ? d : `/w/${d}`);
    for (const [name, text] of Object.entries(setup.files ?? {})) yield* writeFile(name.startsWith('/') ? name : `/w/${name}`, text);
    for (const c of cmds) results.push(yield* runOne(Array.isArray(c) ? { argv: c } : c));
    done = true;
    return 0;
  };
  const m = createMachine({ login: null, ...setup.config }, { ...PROGRAMS, ...setup.programs, harness: driver });
  applyInput(m.state, m.rt, { kind: 'spawn', request: { program: 'harness', argv: ['harness'] } });
  for (let t = 500; !done && t <= 200_000; t += 500) runTo(m, t);
  if (!done) throw new Error(`harness: the commands did not finish: ${JSON.stringify(cmds)}`);
  return results;
}

/** Runs one command. */
export function run(argv: string[], opts: { stdin?: string; timeout?: number } & Setup = {}): Result {
  return runAll([{ argv, stdin: opts.stdin, timeout: opts.timeout }], opts)[0];
}

/** Runs one command and returns its standard output, failing the test if it wrote to stderr or failed. */
export function out(argv: string[], opts: { stdin?: string } & Setup = {}): string {
  const r = run(argv, opts);
  if (r.status !== 0 || r.err !== '') throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.err}`);
  return r.out;
}

/** A machine with the usual login shell, for tests that need the terminal. */
export function terminal(): Machine {
  return createMachine();
}
