import type { Solver } from './index.ts';

/**
 * Each simulator's solver, loaded only when it is asked for: a command that answers one
 * simulator's problem need not load the others, nor the subsystems they drive (the file
 * system, the allocator, the schedulers). The same solvers as SOLVERS (index.ts), which a
 * test keeps in step.
 */
export const SOLVER_LOADERS: Record<string, () => Promise<Solver>> = {
  vsfs: async () => (await import('./vsfs.ts')).solveVsfs,
  fsck: async () => (await import('./fsck.ts')).solveFsck,
  scheduler: async () => (await import('./scheduler.ts')).solveScheduler,
  mlfq: async () => (await import('./mlfq.ts')).solveMlfq,
  lottery: async () => (await import('./lottery.ts')).solveLottery,
  multi: async () => (await import('./multi.ts')).solveMulti,
  'process-run': async () => (await import('./process-run.ts')).solveProcessRun,
  fork: async () => (await import('./fork.ts')).solveFork,
  generator: async () => (await import('./generator.ts')).solveGenerator,
  'paging-policy': async () => (await import('./paging.ts')).solvePagingPolicy,
  'paging-linear-translate': async () => (await import('./paging.ts')).solvePagingLinear,
  'paging-multilevel-translate': async () => (await import('./paging.ts')).solvePagingMultilevel,
  malloc: async () => (await import('./malloc.ts')).solveMalloc,
  relocation: async () => (await import('./paging.ts')).solveRelocation,
  segmentation: async () => (await import('./paging.ts')).solveSegmentation,
};

/** The solver for `sim`, loaded, or undefined for a simulator there is none for. */
export async function loadSolver(sim: string): Promise<Solver | undefined> {
  return Object.hasOwn(SOLVER_LOADERS, sim) ? SOLVER_LOADERS[sim]() : undefined;
}
