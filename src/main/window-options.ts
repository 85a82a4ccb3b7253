import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The main window's options. The page is untrusted: it runs sandboxed, in its own
 * JavaScript world (context isolation), with no Node integration; it reaches the host
 * only through the preload's GlassboxApi.
 */
export function windowOptions(preload: string, opts: { devTools: boolean } = { devTools: false }): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'Glassbox',
    show: false,
    backgroundColor: '#14161b',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // Off in the packaged app: DevTools would let anyone at the keyboard run code in the page.
      devTools: opts.devTools,
    },
  };
}
