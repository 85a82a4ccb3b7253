import type { Terminal } from '@xterm/xterm';
import { type OutputCursor, outputSince } from '../../sim/tty/tty.ts';
import type { Mirror } from '../model/store.ts';

/**
 * Keeps an xterm in step with the TTY's output log. Normally the log only grows, so just
 * the new text is written; when the mirror's epoch changes (time jumped), the terminal is
 * reset and the whole retained log is written again.
 */
export function createScreenWriter(term: Pick<Terminal, 'write'>) {
  let epoch = -1;
  let cursor: OutputCursor | null = null;
  return {
    sync(m: Mirror) {
      const out = m.state?.tty.out;
      if (!out) return;
      if (m.epoch !== epoch) {
        epoch = m.epoch;
        cursor = null;
      }
      const next = outputSince(out, cursor);
      // xterm parses writes asynchronously, so the reset travels in the same stream (RIS,
      // "ESC c") rather than as a reset() call that would overtake text still queued.
      const text = next.reset ? `\x1bc${next.text}` : next.text;
      if (text) term.write(text);
      cursor = next.cursor;
    },
  };
}
