import { answerWith } from '../sim/ostep/answer.ts';
import { loadSolver, SOLVER_LOADERS } from '../sim/ostep/loaders.ts';
import { readStdin } from './io.ts';
import { writeJson } from './json-stream.ts';

/**
 * The conformance contract: the problem (or, with --batch, an array of problems) arrives
 * as JSON on stdin, and the answer goes to stdout as one JSON value. A problem the solver
 * rejects gets `{ "error": ... }` in its place; the exit status stays 0 so a batch of
 * many cases is not lost to one bad one. Answers are written as they are produced, so a
 * long one never sits whole in memory.
 */
export async function conform(sim: string, batch: boolean): Promise<number> {
  let text: string;
  try {
    text = await readStdin();
  } catch (err) {
    process.stdout.write(`${JSON.stringify({ error: (err as Error).message })}\n`);
    return 0;
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (err) {
    process.stdout.write(`${JSON.stringify({ error: `stdin is not valid JSON: ${(err as Error).message}` })}\n`);
    return 0;
  }
  const out = process.stdout;
  // Only this simulator's solver is loaded (a small problem takes less time than loading them all).
  const solver = await loadSolver(sim);
  const answer = (one: unknown): unknown => answerWith(sim, solver, Object.keys(SOLVER_LOADERS), one);
  try {
    if (!batch) {
      await writeJson(out, answer(input));
    } else if (!Array.isArray(input)) {
      out.write(`${JSON.stringify({ error: '--batch expects a JSON array of inputs on stdin' })}\n`);
    } else {
      out.write('[');
      for (let i = 0; i < input.length; i++) {
        if (i > 0) out.write(',');
        await writeJson(out, answer(input[i]), '');
      }
      out.write(']\n');
    }
  } catch (err) {
    // Only a bug in a solver gets here, with part of the answer already written.
    process.stderr.write(`glassbox: ${sim}: the answer broke off: ${err instanceof Error ? err.stack : String(err)}\n`);
    return 1;
  }
  return 0;
}
