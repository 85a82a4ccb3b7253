import { answerWith, materialize, solverFailure } from './answer.ts';
import { solveFork } from './fork.ts';
import { solveFsck } from './fsck.ts';
import { solveGenerator } from './generator.ts';
import { solveLottery } from './lottery.ts';
import { solveMalloc } from './malloc.ts';
import { solveMlfq } from './mlfq.ts';
import { solveMulti } from './multi.ts';
import { solvePagingLinear, solvePagingMultilevel, solvePagingPolicy, solveRelocation, solveSegmentation } from './paging.ts';
import { solveProcessRun } from './process-run.ts';
import { solveScheduler } from './scheduler.ts';
import { solveVsfs } from './vsfs.ts';

/**
 * Answers to OSTEP homework-simulator problems, one solver per simulator. A solver takes
 * the neutral problem description (a case's `input`) and returns the answer in the shape
 * the conformance contract describes (tests/conformance/ostep/README.md). It validates
 * its input and returns `{ error }` for a malformed one; it never throws. Long parts of
 * an answer may be lazy sequences (answer.ts), produced as they are read.
 */
export type Solver = (input: unknown) => unknown;

export const SOLVERS: Record<string, Solver> = {};

SOLVERS.vsfs = solveVsfs;
SOLVERS.fsck = solveFsck;
SOLVERS.scheduler = solveScheduler;
SOLVERS.mlfq = solveMlfq;
SOLVERS.lottery = solveLottery;
SOLVERS.multi = solveMulti;
SOLVERS['process-run'] = solveProcessRun;
SOLVERS.fork = solveFork;
SOLVERS.generator = solveGenerator;
SOLVERS['paging-policy'] = solvePagingPolicy;
SOLVERS['paging-linear-translate'] = solvePagingLinear;
SOLVERS['paging-multilevel-translate'] = solvePagingMultilevel;
SOLVERS.malloc = solveMalloc;
SOLVERS.relocation = solveRelocation;
SOLVERS.segmentation = solveSegmentation;

/** The answer with its long parts left lazy, for a consumer that writes them as they come. */
export function answer(sim: string, input: unknown): unknown {
  return answerWith(sim, Object.hasOwn(SOLVERS, sim) ? SOLVERS[sim] : undefined, Object.keys(SOLVERS), input);
}

/** The whole answer as plain data. */
export function solve(sim: string, input: unknown): unknown {
  try {
    return materialize(answer(sim, input));
  } catch (err) {
    return solverFailure(sim, err);
  }
}
