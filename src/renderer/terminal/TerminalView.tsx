import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { useEffect, useRef } from 'react';
import type { GlassboxApi } from '../../shared/protocol.ts';
import { type Mirror, type Store, useMirror } from '../model/store.ts';
import { TERMINAL_THEMES, type Theme } from '../theme/theme.ts';
import { createInputQueue, type LostKeys } from './input-queue.ts';
import { leaveWithEscapeTab } from './leave-keys.ts';
import { createScreenWriter } from './screen-writer.ts';
import { createSizeReporter } from './size-reporter.ts';

declare global {
  interface Window {
    /** Read-only hooks for the end-to-end tests. */
    __glassboxTerminal?: {
      text(): string;
      /** The terminal's size as fitted to its box. */
      size(): { cols: number; rows: number };
      /** How many rows of the buffer continue a line the terminal had to wrap. */
      wrappedRows(): number;
    };
  }
}

/**
 * The simulated terminal. Keystrokes go to the kernel's TTY through a queue that keeps
 * their order and never drops one; what the TTY prints comes back in the state and is
 * written here. After a jump in time the screen is redrawn from the TTY's log, so it
 * always shows what the terminal showed at that tick. The terminal's size, as the fit addon
 * makes it, goes to the kernel's TTY once the window has settled, so programs lay out
 * their output to it.
 */
export function TerminalView({ api, store, theme, onLostKeys }: { api: GlassboxApi; store: Store; theme: Theme; onLostKeys: (lost: LostKeys) => void }) {
  const host = useRef<HTMLDivElement>(null);
  // Kept in a ref so a new callback does not make a new terminal.
  const lostKeys = useRef(onLostKeys);
  lostKeys.current = onLostKeys;
  const termRef = useRef<Terminal | null>(null);
  const shell = useMirror(store, hasShell);

  useEffect(() => {
    const term = new Terminal({
      fontFamily: '"JetBrains Mono", "Fira Code", "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 13,
      lineHeight: 1.15,
      cursorBlink: true,
      scrollback: 5000,
      convertEol: false,
      theme: TERMINAL_THEMES.dark,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current!);
    termRef.current = term;
    const queue = createInputQueue(
      async (data) => {
        const r = await api.request({ cmd: 'ttyInput', data });
        if (!r.ok) throw new Error(r.error);
      },
      (lost) => lostKeys.current(lost),
    );
    const onData = term.onData((data) => queue.push(data));
    term.attachCustomKeyEventHandler(leaveWithEscapeTab());
    const writer = createScreenWriter(term);
    const sync = () => writer.sync(store.get());
    sync();
    const unsubscribe = store.subscribe(sync);
    const size = createSizeReporter((cols, rows) => {
      api.request({ cmd: 'resizeTty', cols, rows }).catch(() => undefined);
    });
    const resize = new ResizeObserver(() => {
      try {
        fit.fit();
      } catch {
        // not laid out yet (zero size); the next resize will fit it
        return;
      }
      size.report(term.cols, term.rows);
    });
    resize.observe(host.current!);
    window.__glassboxTerminal = {
      text: () => {
        const buf = term.buffer.active;
        const lines: string[] = [];
        for (let i = 0; i < buf.length; i++) lines.push(buf.getLine(i)?.translateToString(true) ?? '');
        return lines.join('\n').replace(/\n+$/, '');
      },
      size: () => ({ cols: term.cols, rows: term.rows }),
      wrappedRows: () => {
        const buf = term.buffer.active;
        let n = 0;
        for (let i = 0; i < buf.length; i++) if (buf.getLine(i)?.isWrapped) n++;
        return n;
      },
    };
    return () => {
      onData.dispose();
      unsubscribe();
      resize.disconnect();
      size.dispose();
      term.dispose();
      termRef.current = null;
    };
  }, [api, store]);

  useEffect(() => {
    if (termRef.current) termRef.current.options.theme = TERMINAL_THEMES[theme];
  }, [theme]);

  // With no shell on the terminal nothing would ever read what is typed: take no keys, and say why.
  useEffect(() => {
    const term = termRef.current;
    if (!term) return;
    term.options.disableStdin = !shell;
    term.options.cursorBlink = shell;
  }, [shell]);

  return (
    <>
      {shell ? null : (
        <p className="terminal-readonly" role="note" data-testid="terminal-readonly">
          Read-only: this example has no shell, so typing goes nowhere. The shell examples (chapter 5) have one.
        </p>
      )}
      <div className={`terminal-host${shell ? '' : ' readonly'}`} ref={host} data-testid="terminal" />
    </>
  );
}

/** Whether the machine runs a shell on the terminal (an example may start only its jobs, with no login). */
export function hasShell(m: Mirror): boolean {
  return m.state ? m.state.config.login !== null : true;
}
