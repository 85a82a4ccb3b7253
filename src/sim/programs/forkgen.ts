import { errnoName, strerror } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';
import { type GenAction, genProgramText, parseGenProgram, ROOT_NAME } from '../proctree/genprogram.ts';
import { getopts, has, last, usageError } from './args.ts';
import { quote } from './stdio.ts';

/**
 * forkgen runs one of OSTEP's generator.py programs (cpu-api) for real: every process is a
 * process on this kernel, every fork a spawn, every sleep a sleep and every wait a wait, and
 * it prints generator.py's trace as it goes (`  1      b+`, `  1 a->b`, `  3 a<-b`). A
 * second is TICKS_PER_SECOND ticks; a trace time is the whole seconds since `a` began,
 * rounded down as the C program's `(int)t` does.
 *
 * A generator cannot be cloned, so a fork spawns forkgen again with the child's part of the
 * program on its command line (the hidden `--child` form), as forkbomb spawns its copies.
 */

/** Ticks in one of generator.py's seconds, unless -t says otherwise. */
export const TICKS_PER_SECOND = 10;
/** The child's command line: forkgen --child NAME SECONDS START TICKS QUIET BODY. */
const CHILD = '--child';

interface Run {
  /** The tick `a` began at: every trace time counts from it. */
  start: number;
  ticks: number;
  quiet: boolean;
}

export function* forkgen(ctx: ProcessContext): sys.Sys<number> {
  if (ctx.argv[1] === CHILD) return yield* child(ctx.argv.slice(2));
  const a = yield* getopts(ctx, { flags: 'q', values: 't', usage: ['forkgen [-q] [-t TICKS] PROGRAM'] });
  if (typeof a === 'number') return a;
  const text = a.operands.join(' ');
  // An empty program ('') is a program: a begins and does nothing else.
  if (a.operands.length === 0) return yield* usageError('forkgen', 'no program (try: forkgen "fork b,1 {} wait")');
  const t = last(a, 't') ?? String(TICKS_PER_SECOND);
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 1000) return yield* usageError('forkgen', `ticks per second must be 1 to 1000, not ${quote(t)}`);
  const parsed = parseGenProgram(text);
  if (!parsed.ok) {
    yield* sys.eprint(`forkgen: bad program ${quote(text)}: ${parsed.error}\n`);
    return 1;
  }
  const run: Run = { start: yield* sys.uptime(), ticks: Number(t), quiet: has(a, 'q') };
  // Each process goes by its name in the program, so the process tree and the Gantt lanes read a, b, c.
  yield* sys.setname(ROOT_NAME);
  yield* trace(run, ROOT_NAME, `${ROOT_NAME}+`);
  // As generator.py's main(), `a` records no end of its own.
  return yield* body(run, ROOT_NAME, parsed.actions);
}

/** A forked process: sleep, begin, run the body, end. */
function* child(args: string[]): sys.Sys<number> {
  const [name, seconds, start, ticks, quiet, text] = args;
  const parsed = parseGenProgram(text ?? '');
  const numbers = [seconds, start, ticks].every((w) => w !== undefined && /^\d+$/.test(w)) && Number(ticks) > 0;
  if (args.length !== 6 || !numbers || !parsed.ok) {
    yield* sys.eprint(`forkgen: ${CHILD} is forkgen's own way to start a child; run forkgen PROGRAM\n`);
    return 2;
  }
  const run: Run = { start: Number(start), ticks: Number(ticks), quiet: quiet === '-q' };
  yield* sys.setname(name);
  yield* sys.sleep(Number(seconds) * run.ticks);
  yield* trace(run, name, `${name}+`);
  const status = yield* body(run, name, parsed.actions);
  if (status === 0) yield* trace(run, name, `${name}-`);
  return status;
}

/** Runs one process's actions in order. Returns its exit status. */
function* body(run: Run, me: string, actions: readonly GenAction[]): sys.Sys<number> {
  const names = new Map<number, string>();
  for (const act of actions) {
    if (act.op === 'fork') {
      yield* trace(run, me, `${me}->${act.child}`);
      const argv = ['forkgen', CHILD, act.child, String(act.sleep), String(run.start), String(run.ticks), run.quiet ? '-q' : '-', genProgramText(act.body)];
      const pid = yield* sys.spawn({ program: 'forkgen', argv });
      if (pid < 0) {
        yield* sys.eprint(`forkgen: ${me} could not fork ${act.child}: ${errnoName(pid)} (${strerror(pid)})\n`);
        return 1;
      }
      names.set(pid, act.child);
    } else {
      const r = yield* sys.wait(-1);
      if (!sys.isWaitResult(r)) {
        yield* sys.eprint(`forkgen: ${me} could not wait: ${errnoName(r)} (${strerror(r)})\n`);
        return 1;
      }
      yield* trace(run, me, `${me}<-${names.get(r.pid) ?? `pid ${r.pid}`}`);
    }
  }
  return 0;
}

/** One line of generator.py's trace: the time, then the event indented by the process's letter. */
function* trace(run: Run, me: string, event: string): sys.Sys<void> {
  if (run.quiet) return;
  const seconds = Math.floor(((yield* sys.uptime()) - run.start) / run.ticks);
  yield* sys.print(`${String(seconds).padStart(3)} ${' '.repeat(indent(me))}${event}\n`);
}

/** generator.py indents a process's lines 5 spaces per letter after `a` (its name's first one). */
function indent(name: string): number {
  return 5 * Math.max(0, name.charCodeAt(0) - 'a'.charCodeAt(0));
}
