import { pipeReadChannel, pipeWriteChannel } from '../ipc/channels.ts';
import { wakeAll } from './sleep.ts';
import type { KernelState, OpenFile } from './state.ts';

/**
 * Closing a pipe's end, the part of close(2) that concerns pipes (files.ts calls it for
 * the last description of an end); the pipe syscalls themselves are in pipe-syscalls.ts.
 */

/** The last description of one end closed: the other side learns of it; a pipe with no ends goes. */
export function releasePipeEnd(s: KernelState, f: OpenFile): void {
  const pipe = s.ipc.pipes[f.ref];
  if (!pipe) return;
  if (f.kind === 'pipe-read') {
    if (--pipe.readers === 0) wakeAll(s, pipeWriteChannel(pipe.id)); // to see the broken pipe
  } else if (--pipe.writers === 0) {
    wakeAll(s, pipeReadChannel(pipe.id)); // to see end of file
  }
  if (pipe.readers <= 0 && pipe.writers <= 0) delete s.ipc.pipes[pipe.id];
}
