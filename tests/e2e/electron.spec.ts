import { spawnSync } from 'node:child_process';
import { _electron as electron, expect, test } from '@playwright/test';

/** Why the desktop window cannot be tested here, or null if it can. */
function whyNoElectron(): string | null {
  const r = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { encoding: 'utf8' });
  if (r.status !== 0 || !r.stdout) return 'no Electron binary is installed (it cannot be downloaded on this machine)';
  if (!process.env.DISPLAY) return 'no display (run under xvfb-run)';
  return null;
}

const reason = whyNoElectron();
if (reason) console.log(`electron window tests skipped: ${reason}`);

test.describe('the desktop window', () => {
  test.skip(reason !== null, reason ?? '');

  test('opens sandboxed and isolated, and the terminal works', async () => {
    const app = await electron.launch({ args: ['.'] });
    const win = await app.firstWindow();
    // The page sees no Node: no require, no process, and only the GlassboxApi from the preload.
    const page = await win.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      api: Object.keys(window.glassbox ?? {}).sort(),
    }));
    expect(page).toEqual({ require: 'undefined', process: 'undefined', api: ['files', 'request', 'subscribe'] });
    await expect(win.getByTestId('play')).toHaveAttribute('aria-label', 'Pause'); // a fresh session runs by itself
    await win.locator('.terminal-host .xterm-helper-textarea').focus();
    await win.keyboard.type('echo desktop');
    await win.keyboard.press('Enter');
    await expect.poll(() => win.evaluate(() => window.__glassboxTerminal?.text() ?? '')).toContain('\ndesktop');
    await app.close();
  });
});
