import { SIGINT, SIGQUIT, SIGTSTP } from '../abi/signals.ts';
import { appendLog, createRingLog, logItem, type RingLog, setLogItem } from '../base/ringlog.ts';

/**
 * The terminal's line discipline, as plain data. Keystrokes arrive with ttyReceive; in
 * canonical mode they are edited in `line` and echoed, and a completed line moves to
 * `input`, where read() finds it. Control characters become signals for the foreground
 * process group. Everything written to the terminal is kept in `out`, a bounded log of
 * chunks, so any past tick's screen can be redrawn.
 */
export interface TtyState {
  /** Canonical (cooked) mode: line editing, read() returns whole lines. Off = raw. */
  canonical: boolean;
  echo: boolean;
  /** Generate signals from ^C and ^Z. */
  isig: boolean;
  /** The line being edited (canonical mode). */
  line: string;
  /** Bytes ready for read(). */
  input: string;
  /** ^D presses on an empty line not yet consumed: each makes one read() return EOF. */
  eof: number;
  /** Foreground process group: the one ^C and ^Z signal, and the one allowed to read. */
  fgPgid: number | null;
  /**
   * The window's size in character cells (struct winsize). The host sets it as the
   * window's terminal is resized; programs ask for it to lay out their output, and the
   * foreground process group gets SIGWINCH when it changes.
   */
  cols: number;
  rows: number;
  out: RingLog<string>;
}

/** The size a terminal has until the host says otherwise: the VT100's 80x24. */
export const DEFAULT_COLS = 80;
export const DEFAULT_ROWS = 24;
/** The largest size a window may report, in either direction. */
export const MAX_WINSIZE = 1000;

/** Is this a size a window could have (whole cells, 1 to MAX_WINSIZE each way)? */
export function validWinsize(cols: unknown, rows: unknown): boolean {
  const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_WINSIZE;
  return ok(cols) && ok(rows);
}

/** Sets the window's size; returns whether it changed (whether SIGWINCH is due). */
export function ttyResize(tty: TtyState, cols: number, rows: number): boolean {
  if (tty.cols === cols && tty.rows === rows) return false;
  tty.cols = cols;
  tty.rows = rows;
  return true;
}

/** Chunks of output retained for redrawing the screen (each up to CHUNK characters). */
const OUT_CHUNKS = 400;
const CHUNK = 1024;
/** Most bytes kept waiting for read(): a stuck reader cannot make input grow without bound. */
export const TTY_INPUT_MAX = 4096;
/** CSI and SS3 sequences, or ESC and one character. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point.
const ESCAPE_SEQUENCE = /\x1b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?/gs;

export function createTty(): TtyState {
  return {
    canonical: true,
    echo: true,
    isig: true,
    line: '',
    input: '',
    eof: 0,
    fgPgid: null,
    cols: DEFAULT_COLS,
    rows: DEFAULT_ROWS,
    out: createRingLog<string>(OUT_CHUNKS),
  };
}

/** Appends to the screen log, filling the newest chunk before starting another. */
function emit(tty: TtyState, text: string): void {
  if (text.length === 0) return;
  const out = tty.out;
  const lastSeq = out.next - 1;
  const last = logItem(out, lastSeq);
  if (last !== undefined && last.length + text.length <= CHUNK) {
    setLogItem(out, lastSeq, last + text);
    return;
  }
  for (let i = 0; i < text.length; i += CHUNK) appendLog(out, text.slice(i, i + CHUNK));
}

/** Output processing (ONLCR): programs write "\n", the terminal needs "\r\n". */
export function ttyWrite(tty: TtyState, data: string): void {
  emit(tty, data.replace(/\r?\n/g, '\r\n'));
}

/** Control characters echo in caret notation (^C), as ECHOCTL does. */
function caret(ch: string): string {
  const c = ch.charCodeAt(0);
  return c === 0x7f ? '^?' : `^${String.fromCharCode(c + 64)}`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control keys end a piece of typed text.
const CANONICAL_KEY = /[^\r\n\x03\x04\x1a\x1c]*[\r\n\x03\x04\x1a\x1c]|[^\r\n\x03\x04\x1a\x1c]+/y;
// biome-ignore lint/suspicious/noControlCharactersInRegex: an escape sequence is one key.
const RAW_KEY = /\x1b(\[[0-9;?]*[ -/]*[@-~]|O.)?|[\s\S]/y;

/**
 * The end of the next piece of typed text that a reader could react to on its own: in
 * canonical mode, up to and including a line end or control key; in raw mode, one key (an
 * escape sequence counts as one). The kernel lets processes run between pieces, so a burst
 * of typing (a paste, or keys that travelled together) behaves as if typed one by one,
 * even when a reader switches modes in between.
 */
export function nextKeyEnd(tty: TtyState, data: string, from: number): number {
  const re = tty.canonical ? CANONICAL_KEY : RAW_KEY;
  re.lastIndex = from;
  return re.exec(data) ? re.lastIndex : data.length;
}

export interface ReceiveResult {
  /** Signals to send to the foreground process group, in order. */
  signals: number[];
  /** True if read() may now succeed (a line completed, raw bytes or EOF arrived). */
  readable: boolean;
}

/** Feeds keystrokes (any bytes, however malformed) through the line discipline. */
export function ttyReceive(tty: TtyState, data: string): ReceiveResult {
  const res: ReceiveResult = { signals: [], readable: false };
  // Escape sequences (arrow keys, function keys) are editing commands for raw-mode
  // programs; a canonical line has no use for them, so they are dropped whole.
  const text = tty.canonical ? data.replace(ESCAPE_SEQUENCE, '') : data;
  for (const ch of text) {
    if (tty.isig && (ch === '\x03' || ch === '\x1a' || ch === '\x1c')) {
      if (tty.echo) emit(tty, `${caret(ch)}\r\n`);
      tty.line = '';
      res.signals.push(ch === '\x03' ? SIGINT : ch === '\x1a' ? SIGTSTP : SIGQUIT);
      continue;
    }
    if (!tty.canonical) {
      if (tty.input.length < TTY_INPUT_MAX) tty.input += ch;
      res.readable = true;
      continue;
    }
    switch (ch) {
      case '\r':
      case '\n':
        if (tty.echo) emit(tty, '\r\n');
        pushInput(tty, `${tty.line}\n`);
        tty.line = '';
        res.readable = true;
        break;
      case '\x7f':
      case '\b':
        if (tty.line.length > 0) {
          const last = [...tty.line].pop()!;
          tty.line = tty.line.slice(0, tty.line.length - last.length);
          if (tty.echo) emit(tty, last < ' ' ? '\b \b\b \b' : '\b \b');
        }
        break;
      case '\x15': // ^U: erase the whole line
        if (tty.echo) emit(tty, '\b \b'.repeat([...tty.line].length));
        tty.line = '';
        break;
      case '\x17': {
        // ^W: erase the previous word
        const kept = tty.line.replace(/\S+\s*$/, '');
        if (tty.echo) emit(tty, '\b \b'.repeat([...tty.line].length - [...kept].length));
        tty.line = kept;
        break;
      }
      case '\x04': // ^D: send the partial line, or EOF on an empty line
        if (tty.line.length > 0) {
          pushInput(tty, tty.line);
          tty.line = '';
        } else {
          tty.eof++;
        }
        res.readable = true;
        break;
      default:
        if (ch < ' ' && ch !== '\t') {
          if (tty.echo) emit(tty, caret(ch));
          tty.line += ch;
        } else {
          if (tty.echo) emit(tty, ch);
          tty.line += ch;
        }
    }
  }
  return res;
}

function pushInput(tty: TtyState, text: string): void {
  const room = TTY_INPUT_MAX - tty.input.length;
  if (room > 0) tty.input += text.slice(0, room);
}

/**
 * Takes up to `count` bytes for read(): in canonical mode at most one line. Returns null
 * when nothing is ready (the reader must block) and '' for end of file.
 */
export function ttyRead(tty: TtyState, count: number): string | null {
  if (tty.input.length > 0) {
    let n = Math.min(count, tty.input.length);
    if (tty.canonical) {
      const nl = tty.input.indexOf('\n');
      if (nl >= 0) n = Math.min(n, nl + 1);
    }
    const data = tty.input.slice(0, n);
    tty.input = tty.input.slice(n);
    return data;
  }
  if (tty.eof > 0) {
    tty.eof--;
    return '';
  }
  return null;
}

/** Everything on the retained screen log, oldest first. */
export function ttyTranscript(tty: TtyState): string {
  let s = '';
  for (let i = tty.out.first; i < tty.out.next; i++) s += logItem(tty.out, i);
  return s;
}

/** How far a reader of the output log has got: the chunk it is in and how much of it it has. */
export interface OutputCursor {
  seq: number;
  len: number;
}

/**
 * The text written since `cursor`, and the cursor after it. `reset` is true when the
 * cursor's chunk has been dropped from the log, so the reader must start over from the
 * text returned (the whole retained log).
 */
export function outputSince(out: RingLog<string>, cursor: OutputCursor | null): { text: string; cursor: OutputCursor; reset: boolean } {
  let seq = cursor?.seq ?? out.first;
  let len = cursor?.len ?? 0;
  const reset = cursor === null || seq < out.first;
  if (reset) {
    seq = out.first;
    len = 0;
  }
  let text = '';
  for (; seq < out.next; seq++, len = 0) {
    const chunk = logItem(out, seq) ?? '';
    text += chunk.slice(len);
    if (seq === out.next - 1) {
      len = chunk.length;
      break;
    }
  }
  return { text, cursor: { seq, len }, reset };
}
