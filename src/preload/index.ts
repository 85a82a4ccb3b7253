import { contextBridge, ipcRenderer } from 'electron';
import { IPC_EVENT, IPC_OPEN_DISK_IMAGE, IPC_OPEN_SCENARIO, IPC_REQUEST, IPC_SAVE_TEXT } from '../shared/channels.ts';
import type { GlassboxApi, GlassboxEvent } from '../shared/protocol.ts';

/**
 * Exposes exactly the GlassboxApi to the page, and nothing of Electron or Node. The page
 * cannot name a channel or send raw IPC; main validates whatever arrives anyway.
 */
const api: GlassboxApi = {
  request: (command) => ipcRenderer.invoke(IPC_REQUEST, command),
  subscribe: (listener) => {
    const handler = (_e: Electron.IpcRendererEvent, event: GlassboxEvent) => listener(event);
    ipcRenderer.on(IPC_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler);
    };
  },
  files: {
    openScenario: () => ipcRenderer.invoke(IPC_OPEN_SCENARIO),
    openDiskImage: () => ipcRenderer.invoke(IPC_OPEN_DISK_IMAGE),
    saveText: (name, text) => ipcRenderer.invoke(IPC_SAVE_TEXT, name, text),
  },
};

contextBridge.exposeInMainWorld('glassbox', api);
