import { answerWith } from '../sim/ostep/answer.ts';
import { writeJson } from '../sim/ostep/json-text.ts';
import { JsonWriter } from '../sim/ostep/json-writer.ts';
import { loadSolver, SOLVER_LOADERS } from '../sim/ostep/loaders.ts';

/**
 * The plain `conform <sim> [--batch]` call on its own (scripts/build-cli.mjs bundles it as
 * one CommonJS file, with V8's compiled code for it kept beside it): the conformance
 * checker starts the command once per problem, and a one-line problem is answered in less
 * time than Node takes to load a tree of ES modules.
 */
export { conform } from './conform.ts';
export { plainConform } from './plain-conform.ts';

/**
 * Answers `input` with `sim`'s solver, writing the text to nowhere: run at build time so
 * that the code kept for the next start includes the solver's, compiled.
 */
export async function warmUp(sim: string, input: unknown): Promise<void> {
  const solver = await loadSolver(sim);
  const w = new JsonWriter(() => {});
  writeJson(w, answerWith(sim, solver, Object.keys(SOLVER_LOADERS), input));
  w.flush();
}
