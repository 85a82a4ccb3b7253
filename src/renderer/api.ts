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
  const lost = new Set<() => void>();
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
  ws.addEventListener('close', () => {
    for (const resolve of waiting.values()) resolve({ ok: false, error: 'connection to the simulator closed' });
    waiting.clear();
    for (const l of lost) l();
  });

  return {
    request<C extends Command>(command: C): Promise<ReplyTo<C['cmd']>> {
      const id = nextId++;
      const text = JSON.stringify({ id, command });
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

/** Lets the user pick a file to upload; null if they cancelled. */
function upload(accept: string): Promise<{ name: string; text: string } | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      if (!file) return resolve(null);
      resolve({ name: file.name.replace(/\.[^.]+$/, ''), text: await file.text() });
    });
    input.addEventListener('cancel', () => resolve(null));
    input.click();
  });
}

/** Upload and download, for the browser edition. */
const browserFiles: FileAccess = {
  openScenario: async () => {
    const f = await upload('.json,application/json');
    return f && { name: f.name, json: f.text };
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
