import { runForkgen } from '../machine/run-forkgen.ts';
import { type GenParse, genActionsFrom, genProgramText, parseGenProgram } from '../proctree/genprogram.ts';

/**
 * OSTEP cpu-api/generator.py: a fork/wait program run for real. The program runs as the
 * forkgen program on a kernel booted for it (machine/run-forkgen.ts), and the answer is read
 * from what that kernel recorded: the same run the app's process tree and Gantt chart draw.
 * The input gives the program as `-A` text (`program`), as a tree (`actions`), or both, in
 * which case they must agree.
 */
export function solveGenerator(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return { error: 'input must be an object with program (generator.py -A text) or actions' };
  const { program, actions } = input as Record<string, unknown>;
  if (program === undefined && actions === undefined) return { error: 'input needs program (generator.py -A text) or actions (the program as a tree)' };
  if (program !== undefined && typeof program !== 'string') return { error: 'program must be a string such as "fork b,1 {} wait"' };
  const fromText: GenParse | null = program === undefined ? null : parseGenProgram(program);
  if (fromText && !fromText.ok) return { error: `program: ${fromText.error}` };
  const fromTree: GenParse | null = actions === undefined ? null : genActionsFrom(actions);
  if (fromTree && !fromTree.ok) return { error: fromTree.error };
  const text = fromText?.ok ? genProgramText(fromText.actions) : null;
  const tree = fromTree?.ok ? genProgramText(fromTree.actions) : null;
  if (text !== null && tree !== null && text !== tree) return { error: `program and actions describe different programs ("${text}" and "${tree}")` };
  const parsed = (fromText ?? fromTree) as GenParse & { ok: true };
  const run = runForkgen(parsed.actions);
  if ('error' in run) return run;
  return { processes: run.processes };
}
