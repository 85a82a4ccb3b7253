import { SIGCHLD } from '../abi/signals.ts';
import * as sys from '../libc/sys.ts';
import { columns, complete } from './completion.ts';
import { drawLine, emptyLine, keyAction, type LineState, lineWith, render, width } from './editor.ts';
import { browse, startBrowsing } from './history.ts';
import { searchKey, searchLine, shownText, startSearch } from './isearch.ts';
import { type Shell, setVar } from './state.ts';

/**
 * Reading one line interactively. The terminal goes into raw mode without echo or signal
 * keys, so every key, ^C included, comes to the shell, which echoes and edits the line
 * itself (editor.ts); it goes back to canonical mode before any command runs, so programs
 * such as `cat` read lines as usual.
 *
 * Keys are read one byte at a time, as readline does: whatever the user typed ahead of
 * the next command stays in the terminal for that command to read.
 */

export type LineRead = { kind: 'line'; text: string } | { kind: 'eof' } | { kind: 'interrupt' };

/** The line the shell's output goes to: the prompt and the echo, on stderr as bash writes them. */
const TTY_OUT = 2;

export function* rawMode(): sys.Sys<void> {
  yield* sys.ttymode({ canonical: false, echo: false, isig: false });
}

export function* cookedMode(): sys.Sys<void> {
  yield* sys.ttymode({ canonical: true, echo: true, isig: true });
}

/** One key: a character, or a whole escape sequence (arrows, Home, Delete). Null at end of input. */
function* readKey(): sys.Sys<string | null> {
  const first = yield* readChar();
  if (first !== '\x1b') return first;
  // An arrow key's bytes arrive together; an Escape with nothing after it is the Escape key.
  if ((yield* sys.ttyPending()) === 0) return first;
  const second = yield* readChar();
  if (second === null) return first;
  if (second !== '[' && second !== 'O') return second; // ESC then a key: the key alone
  let seq = first + second;
  for (;;) {
    const ch = yield* readChar();
    if (ch === null) return seq;
    seq += ch;
    // SS3 takes one character; CSI ends at its final byte (@ to ~).
    if (second === 'O' || /[@-~]/.test(ch)) return seq;
  }
}

function* readChar(): sys.Sys<string | null> {
  const ch = yield* sys.read(0, 1);
  if (typeof ch === 'number' || ch === '') return null;
  const code = ch.charCodeAt(0);
  if (code < 0xd800 || code > 0xdbff) return ch;
  const low = yield* sys.read(0, 1);
  return typeof low === 'string' ? ch + low : ch;
}

/**
 * Prompts and reads a line with editing, history and completion. The text comes back with
 * its newline.
 *
 * Only here, waiting for keys, does the shell take SIGCHLD: its handler reaps children that
 * end meanwhile (so none lingers as a zombie while the user thinks), and the read goes on
 * (SA_RESTART). Everywhere else SIGCHLD stays blocked, so the handler can never take a
 * child that a foreground wait is waiting for. The notices wait for the next prompt.
 */
export function* readLine(sh: Shell, prompt: string): sys.Sys<LineRead> {
  yield* sys.sigprocmask('unblock', sys.sigmask(SIGCHLD));
  const line = yield* editLine(sh, prompt);
  yield* sys.sigprocmask('block', sys.sigmask(SIGCHLD));
  return line;
}

/**
 * Before each prompt the shell reads the window's size into COLUMNS and LINES, as bash's
 * checkwinsize does (shell variables, not exported unless the user exports them), and
 * returns the width for laying out completions.
 */
function* checkWinsize(sh: Shell): sys.Sys<number> {
  const size = yield* sys.winsize(TTY_OUT);
  if (typeof size === 'number') return 80;
  setVar(sh, 'COLUMNS', String(size.cols));
  setVar(sh, 'LINES', String(size.rows));
  return size.cols;
}

function* editLine(sh: Shell, prompt: string): sys.Sys<LineRead> {
  const width = yield* checkWinsize(sh);
  yield* rawMode();
  yield* sys.write(TTY_OUT, prompt);
  let st: LineState = emptyLine();
  const cursor = startBrowsing(sh.history);
  let tabs = 0;
  const show = function* (next: LineState): sys.Sys<void> {
    const out = render(st, next);
    st = next;
    if (out) yield* sys.write(TTY_OUT, out);
  };
  let replay: string | null = null;
  for (;;) {
    let key = replay ?? (yield* readKey());
    replay = null;
    if (key === '\x12') {
      // ^R: search the history; the line comes back with what was found.
      const found = yield* reverseSearch(sh, prompt, st);
      if (found.kind !== 'edit') return found;
      st = found.line;
      if (found.run) key = '\r';
      else {
        replay = found.nextKey;
        continue;
      }
    }
    const action = key === null ? { kind: 'eof' as const } : keyAction(st, key);
    tabs = action.kind === 'complete' ? tabs + 1 : 0;
    switch (action.kind) {
      case 'edit':
        yield* show(action.next);
        break;
      case 'submit':
        yield* show(lineWith(st.text));
        yield* sys.write(TTY_OUT, '\n');
        yield* cookedMode();
        return { kind: 'line', text: `${st.text}\n` };
      case 'eof':
        yield* cookedMode();
        return { kind: 'eof' };
      case 'interrupt':
        yield* show(lineWith(st.text));
        yield* sys.write(TTY_OUT, '^C\n');
        yield* cookedMode();
        return { kind: 'interrupt' };
      case 'redraw':
        yield* sys.write(TTY_OUT, `\x1b[H\x1b[2J${drawLine(prompt, st)}`);
        break;
      case 'history': {
        const text = browse(sh.history, cursor, action.step, st.text);
        if (text !== null) yield* show(lineWith(text));
        break;
      }
      case 'complete': {
        const c = yield* complete(sh, st.text, st.cursor);
        if (c.insert !== '') {
          yield* show({ text: st.text.slice(0, st.cursor) + c.insert + st.text.slice(st.cursor), cursor: st.cursor + c.insert.length });
        } else if (tabs >= 2 && c.candidates.length > 1) {
          yield* sys.write(TTY_OUT, `\n${columns(c.candidates, width)}${drawLine(prompt, st)}`);
        }
        break;
      }
      case 'none':
        break;
    }
  }
}

type SearchEnd = LineRead | { kind: 'edit'; line: LineState; run: boolean; nextKey: string | null };

/**
 * The ^R search (isearch.ts): the prompt gives way to readline's `(reverse-i-search)`
 * line, redrawn after every key, until a key ends the search; then the prompt and the
 * line come back.
 */
function* reverseSearch(sh: Shell, prompt: string, before: LineState): sys.Sys<SearchEnd> {
  let state = startSearch();
  const draw = function* (text: string, cursor: number): sys.Sys<void> {
    yield* sys.write(TTY_OUT, `\r${text}\x1b[K${'\b'.repeat(width(text.slice(cursor)))}`);
  };
  const back = function* (line: LineState): sys.Sys<void> {
    yield* sys.write(TTY_OUT, `\r${prompt}${line.text}\x1b[K${'\b'.repeat(width(line.text.slice(line.cursor)))}`);
  };
  for (;;) {
    const shown = searchLine(sh.history, state, before.text);
    yield* draw(shown.text, shown.cursor);
    const key = yield* readKey();
    if (key === null) {
      yield* cookedMode();
      return { kind: 'eof' };
    }
    const step = searchKey(sh.history, state, key, before.text);
    if (step.kind === 'search') {
      state = step.state;
      continue;
    }
    if (step.kind === 'abort') {
      yield* back(before);
      return { kind: 'edit', line: before, run: false, nextKey: null };
    }
    const line = step.kind === 'done' ? lineWith(step.text) : lineWith(shownText(sh.history, state, before.text));
    yield* back(line);
    if (step.kind === 'interrupt') {
      yield* sys.write(TTY_OUT, '^C\n');
      yield* cookedMode();
      return { kind: 'interrupt' };
    }
    return { kind: 'edit', line, run: step.run, nextKey: step.nextKey };
  }
}
