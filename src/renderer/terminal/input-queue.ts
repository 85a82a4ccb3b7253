/**
 * Sends keystrokes one request at a time, in order. Keys typed while a request is in
 * flight are joined into the next one, so a fast typist loses nothing and the host sees
 * at most one request outstanding.
 */
export function createInputQueue(send: (data: string) => Promise<void>) {
  let buffered = '';
  let busy = false;
  const flush = async () => {
    if (busy) return;
    busy = true;
    while (buffered) {
      const data = buffered;
      buffered = '';
      try {
        await send(data);
      } catch {
        // the transport reports its own failures; the keys after this one still go out
      }
    }
    busy = false;
  };
  return {
    push(data: string) {
      buffered += data;
      void flush();
    },
  };
}
