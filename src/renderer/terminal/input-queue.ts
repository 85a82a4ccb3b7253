/** Keystrokes that could not be sent: how many, and the transport's reason. */
export interface LostKeys {
  /** Keystrokes lost since the last request that went through (a paste counts as one). */
  keys: number;
  why: string;
}

/**
 * Sends keystrokes one request at a time, in order. Keys typed while a request is in
 * flight are joined into the next one, so a fast typist loses nothing and the host sees
 * at most one request outstanding. A request that fails loses its keys: `onLost` says how
 * many (counted since the last request that went through) and why, and the keys after
 * them still go out.
 */
export function createInputQueue(send: (data: string) => Promise<void>, onLost: (lost: LostKeys) => void = () => {}) {
  let buffered = '';
  let count = 0;
  let lost = 0;
  let busy = false;
  const flush = async () => {
    if (busy) return;
    busy = true;
    while (buffered) {
      const data = buffered;
      const keys = count;
      buffered = '';
      count = 0;
      try {
        await send(data);
        lost = 0;
      } catch (e) {
        lost += keys;
        onLost({ keys: lost, why: e instanceof Error ? e.message : String(e) });
      }
    }
    busy = false;
  };
  return {
    push(data: string) {
      buffered += data;
      count++;
      void flush();
    },
  };
}

/** The notice's title for lost keystrokes. */
export function lostKeysTitle(lost: LostKeys): string {
  return `${lost.keys} ${lost.keys === 1 ? 'keystroke was' : 'keystrokes were'} not sent to the terminal`;
}
