import { solve } from '../sim/ostep/index.ts';
import { readStdin } from './io.ts';

/**
 * The conformance contract: the problem (or, with --batch, an array of problems) arrives
 * as JSON on stdin, and the answer goes to stdout as one JSON value. A problem the solver
 * rejects gets `{ "error": ... }` in its place; the exit status stays 0 so a batch of
 * many cases is not lost to one bad one.
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
  if (batch) {
    if (!Array.isArray(input)) {
      process.stdout.write(`${JSON.stringify({ error: '--batch expects a JSON array of inputs on stdin' })}\n`);
      return 0;
    }
    process.stdout.write(`${JSON.stringify(input.map((i) => solve(sim, i)))}\n`);
  } else {
    process.stdout.write(`${JSON.stringify(solve(sim, input))}\n`);
  }
  return 0;
}
