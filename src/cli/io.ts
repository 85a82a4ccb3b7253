import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * The largest file or standard input the command line reads. Larger than the UI's limit
 * (images that large are for the command line), and small enough that a mistaken path
 * such as /dev/zero or a huge log cannot exhaust the host's memory.
 */
export const MAX_INPUT_BYTES = 64_000_000;
const LIMIT_LABEL = `${MAX_INPUT_BYTES / 1_000_000} MB`;

/** Reads all of standard input as text, refusing more than MAX_INPUT_BYTES. */
export function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  // Plain reads first: far cheaper to start than the stdin stream, which a one-line problem
  // notices. A stdin that cannot be read that way (one that would block, such as a
  // non-blocking pipe) goes on through the stream from where the reads stopped.
  let size = 0;
  try {
    const buf = Buffer.allocUnsafe(1 << 16);
    for (let n = readSync(0, buf, 0, buf.length, null); n > 0; n = readSync(0, buf, 0, buf.length, null)) {
      size += n;
      if (size > MAX_INPUT_BYTES) return Promise.reject(new Error(`standard input is over ${LIMIT_LABEL}`));
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Promise.resolve(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return readStdinStream(chunks, size);
  }
}

function readStdinStream(chunks: Buffer[], already: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = already;
    process.stdin.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_INPUT_BYTES) {
        process.stdin.destroy();
        reject(new Error(`standard input is over ${LIMIT_LABEL}`));
        return;
      }
      chunks.push(d);
    });
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

/**
 * A regular file's text, or an error message naming the file. A device, a pipe or a
 * directory is refused before anything is read, and so is a file over MAX_INPUT_BYTES; the
 * read itself is bounded too, in case the file grows meanwhile.
 */
export function readText(path: string): { ok: true; text: string } | { ok: false; error: string } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    return { ok: false, error: `cannot read ${path}: ${why(err)}` };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { ok: false, error: `cannot read ${path}: is a directory` };
    if (!st.isFile()) return { ok: false, error: `cannot read ${path}: not a regular file (a device, pipe or socket)` };
    if (st.size > MAX_INPUT_BYTES) return { ok: false, error: `cannot read ${path}: it is ${(st.size / 1_000_000).toFixed(1)} MB; the limit is ${LIMIT_LABEL}` };
    const buf = Buffer.alloc(Math.min(st.size, MAX_INPUT_BYTES) + 1);
    let got = 0;
    for (let n = -1; n !== 0 && got < buf.length; got += n) n = readSync(fd, buf, got, buf.length - got, null);
    if (got > MAX_INPUT_BYTES) return { ok: false, error: `cannot read ${path}: it grew over ${LIMIT_LABEL} while being read` };
    return { ok: true, text: buf.subarray(0, got).toString('utf8') };
  } catch (err) {
    return { ok: false, error: `cannot read ${path}: ${why(err)}` };
  } finally {
    closeSync(fd);
  }
}

function why(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
}
