import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session as electronSession } from 'electron';
import { IPC_EVENT, IPC_OPEN_DISK_IMAGE, IPC_OPEN_SCENARIO, IPC_REQUEST, IPC_SAVE_TEXT } from '../shared/channels.ts';
import { MAX_DISK_IMAGE_BYTES, MAX_SCENARIO_BYTES } from '../shared/protocol.ts';
import { CSP } from './csp.ts';
import { handleCommand } from './dispatch.ts';
import { writeFileAtomic } from './persist.ts';
import { windowOptions } from './window-options.ts';
import { Session } from './session.ts';

/**
 * The desktop app: one window, sandboxed and isolated, talking to one Session over IPC.
 * The renderer is treated as untrusted: every request is validated, only our own page may
 * send them, navigation and new windows are refused, and no permission is ever granted.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const rendererIndex = join(here, '../renderer/index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;

function fromOurPage(frame: Electron.WebFrameMain | null): boolean {
  return frame !== null && frame.url.split('#')[0] === rendererUrl;
}

function createWindow(): void {
  const win = new BrowserWindow(windowOptions(join(here, '../preload/index.cjs')));
  const session = new Session();
  const unsubscribe = session.subscribe((e) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT, e);
  });

  ipcMain.handle(IPC_REQUEST, (event, command: unknown) => {
    if (!fromOurPage(event.senderFrame)) return { ok: false, error: 'request from an unknown page' };
    return handleCommand(session, command);
  });
  /** Lets the user pick a text file; refuses (returns an empty text) one larger than `limit`. */
  const pick = async (event: Electron.IpcMainInvokeEvent, title: string, filter: Electron.FileFilter, limit: number) => {
    if (!fromOurPage(event.senderFrame)) return null;
    const r = await dialog.showOpenDialog(win, { title, filters: [filter], properties: ['openFile'] });
    const path = r.filePaths[0];
    if (r.canceled || !path) return null;
    const name = basename(path).replace(/\.[^.]+$/, '');
    return { name, text: statSync(path).size > limit ? '' : readFileSync(path, 'utf8') };
  };
  ipcMain.handle(IPC_OPEN_SCENARIO, async (event) => {
    const f = await pick(event, 'Open scenario', { name: 'Glassbox scenario', extensions: ['json'] }, MAX_SCENARIO_BYTES);
    return f && { name: f.name, json: f.text };
  });
  ipcMain.handle(IPC_OPEN_DISK_IMAGE, (event) => pick(event, 'Open disk image', { name: 'Glassbox disk image', extensions: ['disk', 'img', 'txt'] }, MAX_DISK_IMAGE_BYTES));
  ipcMain.handle(IPC_SAVE_TEXT, async (event, suggested: unknown, text: unknown) => {
    if (!fromOurPage(event.senderFrame) || typeof text !== 'string' || text.length > MAX_DISK_IMAGE_BYTES) return false;
    const name = typeof suggested === 'string' ? suggested.replace(/[^\w. -]/g, '_').slice(0, 100) : 'scenario.json';
    const image = name.endsWith('.disk');
    const r = await dialog.showSaveDialog(win, {
      title: image ? 'Save disk image' : 'Save scenario',
      defaultPath: name,
      filters: [image ? { name: 'Glassbox disk image', extensions: ['disk'] } : { name: 'Glassbox scenario', extensions: ['json'] }],
    });
    if (r.canceled || !r.filePath) return false;
    writeFileAtomic(r.filePath, text);
    return true;
  });

  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    unsubscribe();
    session.dispose();
    for (const ch of [IPC_REQUEST, IPC_OPEN_SCENARIO, IPC_OPEN_DISK_IMAGE, IPC_SAVE_TEXT]) ipcMain.removeHandler(ch);
  });
  void win.loadFile(rendererIndex);
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

app.whenReady().then(() => {
  electronSession.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  electronSession.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
