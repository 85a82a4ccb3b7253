import { ENOSPC, strerror } from '../abi/errno.ts';
import { DEV_TTY } from '../abi/fs.ts';
import * as sys from '../libc/sys.ts';

/**
 * The small stdio that the coreutils share: buffered output (one write syscall per few
 * kilobytes, as stdio does, so a view of the syscalls shows what a real program makes),
 * buffered input by chunk or by line, the inputs named on a command line ("-" or none
 * is fd 0), and error messages worded as GNU words them.
 */

/** How much output collects before it is written. */
export const BUFSIZ = 4096;

/** Buffered output to one descriptor. `err` is 0 or the negative errno of a failed write. */
export interface Out {
  fd: number;
  buf: string;
  err: number;
}

/** Writes all of `data`, retrying short writes; 0 or a negative errno. */
export function* writeAll(fd: number, data: string): sys.Sys<number> {
  let at = 0;
  while (at < data.length) {
    const n = yield* sys.write(fd, data.slice(at));
    if (n < 0) return n;
    if (n === 0) return -ENOSPC; // a write that makes no progress: the disk is full
    at += n;
  }
  return 0;
}

/** Writes what is buffered; false once a write has failed. */
export function* flush(o: Out): sys.Sys<boolean> {
  if (o.err === 0 && o.buf.length > 0) {
    const data = o.buf;
    o.buf = '';
    o.err = yield* writeAll(o.fd, data);
  }
  return o.err === 0;
}

export function* put(o: Out, text: string): sys.Sys<void> {
  if (o.err !== 0) return;
  o.buf += text;
  if (o.buf.length >= BUFSIZ) yield* flush(o);
}

/** One running command: its name (for messages), standard output and exit status so far. */
export interface Tool {
  cmd: string;
  out: Out;
  status: number;
}

export function tool(cmd: string): Tool {
  return { cmd, out: { fd: 1, buf: '', err: 0 }, status: 0 };
}

/**
 * `cmd: message` on stderr. Standard output is flushed first, so that on a terminal the
 * message appears where it happened, as it does with line-buffered stdio.
 */
export function* warn(t: Tool, message: string): sys.Sys<void> {
  yield* flush(t.out);
  yield* sys.eprint(`${t.cmd}: ${message}\n`);
}

/** warn, and remember that the command failed. */
export function* fail(t: Tool, message: string, status = 1): sys.Sys<void> {
  yield* warn(t, message);
  t.status = Math.max(t.status, status);
}

/** Flushes standard output and returns the exit status; a failed write is an error, as in GNU. */
export function* finish(t: Tool): sys.Sys<number> {
  if (!(yield* flush(t.out))) {
    yield* sys.eprint(`${t.cmd}: write error: ${strerror(t.out.err)}\n`);
    return 1;
  }
  return t.status;
}

/** Is this descriptor the terminal (isatty)? */
export function* isatty(fd: number): sys.Sys<boolean> {
  const st = yield* sys.fstat(fd);
  return typeof st !== 'number' && st.type === 'chardev' && st.rdev === DEV_TTY;
}

// ---- input ---------------------------------------------------------------------------

/** How much one read asks for. */
const CHUNK = 4096;

/** Buffered input. `err` is 0 or the negative errno of a failed read (which ends the input). */
export interface Reader {
  fd: number;
  buf: string;
  eof: boolean;
  err: number;
  /** Output to flush before blocking in read(), so an interactive user sees each answer. */
  out: Out | null;
}

export function reader(fd: number, out: Out | null = null): Reader {
  return { fd, buf: '', eof: false, err: 0, out };
}

function* fill(r: Reader): sys.Sys<boolean> {
  if (r.eof) return false;
  if (r.out) yield* flush(r.out);
  const data = yield* sys.read(r.fd, CHUNK);
  if (typeof data === 'number') {
    r.err = data;
    r.eof = true;
    return false;
  }
  if (data === '') {
    r.eof = true;
    return false;
  }
  r.buf += data;
  return true;
}

/** The next piece of input, '' at the end. */
export function* readChunk(r: Reader): sys.Sys<string> {
  if (r.buf === '') yield* fill(r);
  const data = r.buf;
  r.buf = '';
  return data;
}

/** The next line with its newline (the last line may lack one), or null at the end. */
export function* readLine(r: Reader): sys.Sys<string | null> {
  let from = 0;
  for (;;) {
    const nl = r.buf.indexOf('\n', from);
    if (nl >= 0) {
      const line = r.buf.slice(0, nl + 1);
      r.buf = r.buf.slice(nl + 1);
      return line;
    }
    from = r.buf.length;
    if (!(yield* fill(r))) break;
  }
  if (r.buf === '') return null;
  const line = r.buf;
  r.buf = '';
  return line;
}

/** Everything that is left. */
export function* readRest(r: Reader): sys.Sys<string> {
  while (yield* fill(r));
  const data = r.buf;
  r.buf = '';
  return data;
}

/** Splits text into lines without their newlines; a final newline does not start a line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** How a command words a failure to open or to read one of its inputs. */
export interface InputWords {
  open(name: string, error: string): string;
  read(name: string, error: string): string;
}

/** GNU cat, wc, grep and most others: "cat: nosuch: No such file or directory". */
export const PLAIN_WORDS: InputWords = {
  open: (name, error) => `${quotef(name)}: ${error}`,
  read: (name, error) => `${quotef(name)}: ${error}`,
};

/** The name of an input in messages and headers: "-" is standard input. */
export const inputName = (name: string): string => (name === '-' ? 'standard input' : name);

/**
 * Runs `body` on each input in turn: the files named, or standard input when none is
 * named or the name is "-". A file that cannot be opened or read is reported, the
 * status becomes 1, and the next one is tried, as GNU's tools do.
 */
export function* eachInput(
  t: Tool,
  names: readonly string[],
  body: (r: Reader, name: string) => sys.Sys<void>,
  words: InputWords = PLAIN_WORDS,
): sys.Sys<void> {
  for (const name of names.length === 0 ? ['-'] : names) {
    const fd = name === '-' ? 0 : yield* sys.open(name);
    if (fd < 0) {
      yield* fail(t, words.open(name, strerror(fd)));
      continue;
    }
    const r = reader(fd, t.out);
    yield* body(r, name);
    if (r.err !== 0) yield* fail(t, words.read(name === '-' ? 'standard input' : name, strerror(r.err)));
    if (fd !== 0) yield* sys.close(fd);
  }
}

// ---- quoting, as GNU quotes file names in messages -------------------------------------

const NEEDS_QUOTES = /[\s!"$&'()*;<>?[\\\]^`{|}]|^[#~]/;

/** A name in quotes: 'x', or "it's" when it holds a single quote, or shell-escaped. */
export function quote(name: string): string {
  if (!name.includes("'")) return `'${name}'`;
  if (!/[\\"$`]/.test(name)) return `"${name}"`;
  return `'${name.replace(/'/g, "'\\''")}'`;
}

/** A name quoted only when a shell would need it (and when it holds a colon): GNU's quotef. */
export function quotef(name: string): string {
  return name === '' || NEEDS_QUOTES.test(name) || name.includes(':') ? quote(name) : name;
}
