import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session as electronSession } from 'electron';
import { IPC_EVENT, IPC_OPEN_DISK_IMAGE, IPC_OPEN_SCENARIO, IPC_REQUEST, IPC_SAVE_TEXT } from '../shared/channels.ts';
import { MAX_DISK_IMAGE_BYTES, MAX_FILE_BYTES, MAX_FILE_LABEL } from '../shared/protocol.ts';
import { APP_PAGE, appFile, isAppPage, staysInApp } from './app-protocol.ts';
import { CSP } from './csp.ts';
import { writeFileAtomic } from './persist.ts';
import { windowOptions } from './window-options.ts';
import { SCRIPT_TYPING_RATE, WorkerSession } from './session-host.ts';

/**
 * The desktop app: one window, sandboxed and isolated, talking over IPC to one Session that
 * runs on its own worker thread (so no command can freeze the window or the menus). The
 * renderer is treated as untrusted: every request is validated, only our own page may send
 * them, it is served from the app:// scheme rather than file://, it may not navigate,
 * redirect or open windows, and no permission is ever granted. Production menus offer no
 * DevTools.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '../renderer');

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

function fromOurPage(frame: Electron.WebFrameMain | null): boolean {
  return isAppPage(frame?.url);
}

/** Serves app://glassbox/<path> from the built renderer, and nothing outside it. */
async function serveApp(request: Request): Promise<Response> {
  const file = appFile(request.url, rendererDir);
  if (file === null) return new Response('forbidden', { status: 403 });
  const r = await net.fetch(pathToFileURL(file).href);
  const headers = new Headers(r.headers);
  headers.set('Content-Security-Policy', CSP);
  headers.set('X-Content-Type-Options', 'nosniff');
  return new Response(r.body, { status: r.status, headers });
}

/** A file the user picked: its text, or why it cannot be opened (too large, unreadable). */
async function readPicked(path: string, limit: number): Promise<{ name: string; text: string; error?: string }> {
  const name = basename(path).replace(/\.[^.]+$/, '');
  try {
    const size = (await stat(path)).size;
    if (size > limit) return { name, text: '', error: `${basename(path)} is ${(size / 1_000_000).toFixed(1)} MB, over the ${MAX_FILE_LABEL} limit` };
    return { name, text: await readFile(path, 'utf8') };
  } catch (err) {
    return { name, text: '', error: `${basename(path)} cannot be read: ${(err as Error).message}` };
  }
}

function createWindow(): void {
  const win = new BrowserWindow(windowOptions(join(here, '../preload/index.cjs'), { devTools: !app.isPackaged }));
  const session = WorkerSession.alone({ scriptTypingRate: SCRIPT_TYPING_RATE });
  const unsubscribe = session.subscribe((e) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT, e);
  });

  ipcMain.handle(IPC_REQUEST, (event, command: unknown) => {
    if (!fromOurPage(event.senderFrame)) return { ok: false, error: 'request from an unknown page' };
    return session.request(command);
  });
  const pick = async (event: Electron.IpcMainInvokeEvent, title: string, filter: Electron.FileFilter) => {
    if (!fromOurPage(event.senderFrame)) return null;
    const r = await dialog.showOpenDialog(win, { title: `${title} (up to ${MAX_FILE_LABEL})`, filters: [filter], properties: ['openFile'] });
    const path = r.filePaths[0];
    if (r.canceled || !path) return null;
    return readPicked(path, MAX_FILE_BYTES);
  };
  ipcMain.handle(IPC_OPEN_SCENARIO, async (event) => {
    const f = await pick(event, 'Open scenario', { name: 'Glassbox scenario', extensions: ['json'] });
    return f && { name: f.name, json: f.text, ...(f.error ? { error: f.error } : {}) };
  });
  ipcMain.handle(IPC_OPEN_DISK_IMAGE, (event) => pick(event, 'Open disk image', { name: 'Glassbox disk image', extensions: ['disk', 'img', 'txt'] }));
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

  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    unsubscribe();
    void session.dispose();
    for (const ch of [IPC_REQUEST, IPC_OPEN_SCENARIO, IPC_OPEN_DISK_IMAGE, IPC_SAVE_TEXT]) ipcMain.removeHandler(ch);
  });
  void win.loadURL(APP_PAGE);
}

/** Every web contents, the main window's and any other: no navigation, redirects, frames elsewhere, windows or webviews. */
app.on('web-contents-created', (_e, contents) => {
  const stay = (e: { preventDefault(): void }, url: string) => {
    if (!staysInApp(url)) e.preventDefault();
  };
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-redirect', (e) => stay(e, e.url));
  contents.on('will-frame-navigate', (e) => {
    if (!e.isMainFrame) stay(e, e.url);
    else e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

/** The menu: the usual roles, and DevTools only when running from source. */
function appMenu(): Menu {
  const view: Electron.MenuItemConstructorOptions[] = [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }];
  if (!app.isPackaged) view.push({ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' });
  return Menu.buildFromTemplate([
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : [{ role: 'fileMenu' as const }]),
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ]);
}

app.whenReady().then(() => {
  protocol.handle('app', serveApp);
  const ses = electronSession.defaultSession;
  ses.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  Menu.setApplicationMenu(appMenu());
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
