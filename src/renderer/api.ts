import { MAX_FILE_BYTES, MAX_FILE_LABEL, MAX_MESSAGE_BYTES } from '../shared/limits.ts';
import type { Command, FileAccess, GlassboxApi, GlassboxEvent, Reply, ReplyTo, WireMessage } from '../shared/protocol.ts';

declare global {
  interface Window {
    /** Present in the desktop app, exposed by the preload. */
    glassbox?: GlassboxApi;
  }
}

/** The desktop app's bridge if there is one, otherwise the browser edition's WebSocket. */
export function connectApi(): GlassboxApi {
  return window.glassbox ?? createSocketApi(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
}

/**
 * GlassboxApi over a WebSocket. Requests sent before the socket opens are queued, never
 * dropped, and each reply is matched to its request by id.
 */
export function createSocketApi(url: string): GlassboxApi {
  const ws = new WebSocket(url);
  const listeners = new Set<(e: GlassboxEvent) => void>();
  const waiting = new Map<number, (r: Reply<unknown>) => void>();
  const outbox: string[] = [];
  const lost = new Set<(reason: string) => void>();
  let nextId = 1;

  ws.addEventListener('open', () => {
    for (const m of outbox.splice(0)) ws.send(m);
  });
  ws.addEventListener('message', (ev) => {
    const msg = JSON.parse(String(ev.data)) as WireMessage;
    if ('event' in msg) {
      for (const l of listeners) l(msg.event);
    } else {
      waiting.get(msg.id)?.(msg.reply);
      waiting.delete(msg.id);
    }
  });
  ws.addEventListener('close', (ev) => {
    const reason = closeReason(ev.reason);
    const why = reason ? `connection to the simulator closed: ${reason}` : 'connection to the simulator closed';
    for (const resolve of waiting.values()) resolve({ ok: false, error: why });
    waiting.clear();
    for (const l of lost) l(reason);
  });

  return {
    request<C extends Command>(command: C): Promise<ReplyTo<C['cmd']>> {
      const id = nextId++;
      const text = JSON.stringify({ id, command });
      if (text.length > MAX_MESSAGE_BYTES) return Promise.resolve({ ok: false, error: `too large to send: the limit is ${MAX_FILE_LABEL}` });
      return new Promise((resolve) => {
        waiting.set(id, resolve as (r: Reply<unknown>) => void);
        if (ws.readyState === WebSocket.OPEN) ws.send(text);
        else if (ws.readyState === WebSocket.CONNECTING) outbox.push(text);
        else resolve({ ok: false, error: 'not connected to the simulator' });
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    files: browserFiles,
    onDisconnect(listener) {
      lost.add(listener);
    },
  };
}

/** The longest close reason shown; a WebSocket close frame carries at most 123 bytes anyway. */
export const MAX_CLOSE_REASON = 160;

/**
 * The server's reason for closing, fit to show on the page: control characters become
 * spaces, runs of space one, and an over-long reason is cut with an ellipsis. Empty if
 * the server gave none.
 */
export function closeReason(reason: unknown): string {
  if (typeof reason !== 'string') return '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const plain = reason.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return plain.length > MAX_CLOSE_REASON ? `${plain.slice(0, MAX_CLOSE_REASON - 1).trimEnd()}…` : plain;
}

/** Lets the user pick a file to upload; null if they cancelled; an error if it is over the limit. */
function upload(accept: string): Promise<{ name: string; text: string; error?: string } | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      if (!file) return resolve(null);
      const name = file.name.replace(/\.[^.]+$/, '');
      if (file.size > MAX_FILE_BYTES) return resolve({ name, text: '', error: `${file.name} is ${(file.size / 1_000_000).toFixed(1)} MB, over the ${MAX_FILE_LABEL} limit` });
      resolve({ name, text: await file.text() });
    });
    input.addEventListener('cancel', () => resolve(null));
    input.click();
  });
}

/** Upload and download, for the browser edition. */
const browserFiles: FileAccess = {
  openScenario: async () => {
    const f = await upload('.json,application/json');
    return f && { name: f.name, json: f.text, ...(f.error ? { error: f.error } : {}) };
  },
  openDiskImage: () => upload('.disk,.img,.txt,text/plain'),
  saveText: async (name, text) => {
    const url = URL.createObjectURL(new Blob([text], { type: name.endsWith('.json') ? 'application/json' : 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    return true;
  },
};
