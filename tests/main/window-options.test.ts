import { describe, expect, it } from 'vitest';
import { windowOptions } from '../../src/main/window-options.ts';

describe('the desktop window', () => {
  it('is sandboxed and context-isolated, with no Node integration', () => {
    const prefs = windowOptions('/x/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/x/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
    });
  });
});

describe('DevTools', () => {
  it('are off unless asked for (the packaged app never asks)', () => {
    expect(windowOptions('/x/preload.cjs').webPreferences?.devTools).toBe(false);
    expect(windowOptions('/x/preload.cjs', { devTools: true }).webPreferences?.devTools).toBe(true);
  });
});
