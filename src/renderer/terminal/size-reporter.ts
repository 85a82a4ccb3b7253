/** How long the window must keep one size before it is reported: a drag sends one resize, not hundreds. */
export const SIZE_SETTLE_MS = 120;

/**
 * Reports the terminal's size once it has settled: the first size at once (so the
 * shell's first command is laid out for the real window), later ones after
 * SIZE_SETTLE_MS without change, and never the same size twice in a row.
 */
export function createSizeReporter(send: (cols: number, rows: number) => void, settleMs = SIZE_SETTLE_MS) {
  let sent: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (cols: number, rows: number) => {
    timer = null;
    const key = `${cols}x${rows}`;
    if (key === sent || cols < 1 || rows < 1) return;
    sent = key;
    send(cols, rows);
  };
  return {
    report(cols: number, rows: number): void {
      if (timer !== null) clearTimeout(timer);
      if (sent === null) flush(cols, rows);
      else timer = setTimeout(() => flush(cols, rows), settleMs);
    },
    dispose(): void {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
