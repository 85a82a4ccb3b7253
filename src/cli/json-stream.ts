import { writeSync } from 'node:fs';
import { JsonWriter } from '../sim/ostep/json-writer.ts';

/** Something to wait on for a moment without letting any other code run meanwhile. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `bytes` to `fd` before returning. */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let off = 0; off < bytes.length; ) {
    try {
      off += writeSync(fd, bytes, off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      // A non-blocking pipe that is full: give the reader a millisecond and try again.
      Atomics.wait(PAUSE, 0, 0, 1);
    }
  }
}

/**
 * A JSON writer whose bytes go to a file descriptor (1 is standard output) as each
 * megabyte fills, written there before the writer goes on: the writer's one buffer is
 * reused, and nothing waits in a stream's queue. Everything the command prints must go
 * through the same writer, or the order of the output is lost.
 */
export function fdJsonWriter(fd: number): JsonWriter {
  return new JsonWriter((bytes) => writeAll(fd, bytes));
}
