import { answerWith } from '../sim/ostep/answer.ts';
import { writeJson } from '../sim/ostep/json-text.ts';
import { loadSolver, SOLVER_LOADERS } from '../sim/ostep/loaders.ts';
import { readStdin } from './io.ts';
import { fdJsonWriter } from './json-stream.ts';

/** The status a shell gives a command that SIGPIPE ended: the reader went away (`... | head`). */
const BROKEN_PIPE = 128 + 13;

/**
 * The conformance contract: the problem (or, with --batch, an array of problems) arrives
 * as JSON on stdin, and the answer goes to stdout as one JSON value. A problem the solver
 * rejects gets `{ "error": ... }` in its place; the exit status stays 0 so a batch of
 * many cases is not lost to one bad one. Answers are written as they are produced, so a
 * long one never sits whole in memory.
 */
export async function conform(sim: string, batch: boolean): Promise<number> {
  const w = fdJsonWriter(1);
  try {
    await answerAll(sim, batch, w);
    w.flush();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return BROKEN_PIPE;
    // Only a bug in a solver gets here, with part of the answer already written: the rest
    // of what was made goes out too, so the break is where the solver failed.
    try {
      w.flush();
    } catch {
      // the reader is gone as well
    }
    process.stderr.write(`glassbox: ${sim}: the answer broke off: ${err instanceof Error ? err.stack : String(err)}\n`);
    return 1;
  }
  return 0;
}

async function answerAll(sim: string, batch: boolean, w: ReturnType<typeof fdJsonWriter>): Promise<void> {
  let text: string;
  try {
    text = await readStdin();
  } catch (err) {
    w.json({ error: (err as Error).message });
    w.byte(10);
    return;
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (err) {
    w.json({ error: `stdin is not valid JSON: ${(err as Error).message}` });
    w.byte(10);
    return;
  }
  // Only this simulator's solver is loaded (a small problem takes less time than loading them all).
  const solver = await loadSolver(sim);
  const answer = (one: unknown): unknown => answerWith(sim, solver, Object.keys(SOLVER_LOADERS), one);
  if (!batch) {
    writeJson(w, answer(input));
  } else if (!Array.isArray(input)) {
    w.json({ error: '--batch expects a JSON array of inputs on stdin' });
  } else {
    w.byte(91);
    for (let i = 0; i < input.length; i++) {
      if (i > 0) w.byte(44);
      writeJson(w, answer(input[i]));
    }
    w.byte(93);
  }
  w.byte(10);
}
