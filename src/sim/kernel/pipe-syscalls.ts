import { EBADF, EINVAL, EPIPE } from '../abi/errno.ts';
import { SIGPIPE } from '../abi/signals.ts';
import type { Syscall } from '../abi/syscalls.ts';
import { pipeReadChannel, pipeWriteChannel } from '../ipc/channels.ts';
import { createPipe, pipePut, pipeSpace, pipeTake } from '../ipc/pipe.ts';
import { afterCopy, continueAfterCopy } from './copy-cost.ts';
import { installFd, lowestFreeFd, openFile } from './files.ts';
import { type Outcome, SUSPEND } from './outcome.ts';
import { block, wakeAll } from './sleep.ts';
import type { Runtime } from './runtime.ts';
import { sendSignal } from './signal-delivery.ts';
import type { KernelState, OpenFile, Proc } from './state.ts';

/**
 * Pipes in the kernel: the pipe() syscall, and read and write on a pipe's ends (the read
 * and write syscalls route here by open-file kind). A reader of an empty pipe and a writer
 * to a full one sleep on the pipe's channels and re-run their syscall when woken; the last
 * close of either end wakes the other side, to see end of file or a broken pipe.
 */

/** pipe(): a new pipe on the two lowest free fds, [read end, write end], or -EMFILE. */
export function makePipe(s: KernelState, p: Proc): [number, number] | number {
  const rfd = lowestFreeFd(s, p);
  if (rfd < 0) return rfd;
  const wfd = lowestFreeFd(s, p, rfd + 1);
  if (wfd < 0) return wfd;
  const id = s.ipc.nextPipe++;
  s.ipc.pipes[id] = createPipe(id, s.ipc.config.pipeCapacity, p.pid, s.tick);
  installFd(s, p, rfd, openFile(s, 'pipe-read', id, { read: true, write: false, append: false }).id);
  installFd(s, p, wfd, openFile(s, 'pipe-write', id, { read: false, write: true, append: false }).id);
  return [rfd, wfd];
}

/**
 * Up to `count` bytes, as many as are there; blocks while the pipe is empty and a writer
 * remains; '' (end of file) once every writer has closed.
 */
export function pipeRead(s: KernelState, p: Proc, f: OpenFile, call: Extract<Syscall, { op: 'read' }>): Outcome {
  const pipe = s.ipc.pipes[f.ref];
  if (!pipe) return -EBADF;
  if (call.count === 0) return '';
  if (pipe.data.length > 0) {
    const out = pipeTake(pipe, call.count);
    wakeAll(s, pipeWriteChannel(pipe.id)); // room for a writer that waits
    return out;
  }
  if (pipe.writers === 0) return '';
  block(s, p, pipeReadChannel(pipe.id), { ...call }, `blocked: pipe ${pipe.id} is empty`);
  return SUSPEND;
}

/**
 * Writes all of `data`, blocking while the pipe is full. A write of at most PIPE_BUF bytes
 * (config.pipeAtomic) goes in whole or waits; a longer one puts in what fits, then blocks
 * for the rest, the bytes taken so far kept in the restarted call as `sent`. Once every
 * reader has closed the writer gets SIGPIPE, and -EPIPE (or the count already written).
 */
export function pipeWrite(s: KernelState, rt: Runtime, p: Proc, f: OpenFile, call: Extract<Syscall, { op: 'write' }>): Outcome {
  const pipe = s.ipc.pipes[f.ref];
  if (!pipe) return -EBADF;
  const sent = call.sent ?? 0;
  if (!Number.isInteger(sent) || sent < 0 || sent > call.data.length) return -EINVAL;
  if (pipe.readers === 0) return brokenPipe(s, rt, p, sent);
  if (sent === call.data.length) return sent;
  const atomic = sent === 0 && call.data.length <= Math.min(s.ipc.config.pipeAtomic, pipe.capacity);
  const n = atomic && pipeSpace(pipe) < call.data.length ? 0 : pipePut(pipe, call.data.slice(sent));
  if (n > 0) wakeAll(s, pipeReadChannel(pipe.id));
  if (sent + n === call.data.length) return afterCopy(s, p, call.data.length, n);
  // Copying the part that fitted takes its time; then the write tries again for the rest.
  if (n > 0 && continueAfterCopy(s, p, { ...call, sent: sent + n }, n)) return SUSPEND;
  block(s, p, pipeWriteChannel(pipe.id), { ...call, sent: sent + n }, `blocked: pipe ${pipe.id} is full`);
  return SUSPEND;
}

function brokenPipe(s: KernelState, rt: Runtime, p: Proc, sent: number): Outcome {
  const result = sent > 0 ? sent : -EPIPE;
  p.sysret = result;
  sendSignal(s, rt, p, SIGPIPE);
  return p.state === 'running' ? result : SUSPEND;
}
