import { jsonChunks } from '../sim/ostep/json-text.ts';

/** Writes a value as JSON (plus `end`) to a stream, waiting whenever the stream asks it to. */
export async function writeJson(out: NodeJS.WritableStream, value: unknown, end = '\n'): Promise<void> {
  for (const chunk of jsonChunks(value)) {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
  }
  if (end) out.write(end);
}
