import { expect, type Page } from '@playwright/test';

/** Fails the test on any console error or uncaught page error. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** The terminal's text, read from xterm's buffer through the page's test hook. */
export function terminalText(page: Page): Promise<string> {
  return page.evaluate(() => window.__glassboxTerminal?.text() ?? '');
}

/** Opens the app and waits until it runs (a fresh session starts by itself) and shows the shell's prompt. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('scenario-name')).not.toHaveText('connecting…');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Pause');
  await expect.poll(() => terminalText(page)).toContain('$ ');
}

export async function typeInTerminal(page: Page, text: string): Promise<void> {
  await page.locator('.terminal-host .xterm-helper-textarea').focus();
  await page.keyboard.type(text);
}

export async function currentTick(page: Page): Promise<number> {
  return Number(await page.getByTestId('tick').locator('b').textContent());
}

/**
 * The tick once the machine has come to rest: after a pause, the frame that was already
 * on its way can still move the clock, so read until two readings a moment apart agree.
 */
export async function settledTick(page: Page): Promise<number> {
  let last = await currentTick(page);
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(150);
    const now = await currentTick(page);
    if (now === last) return now;
    last = now;
  }
  return last;
}

/** How many bars of a kind a Gantt canvas painted ('run', 'io', 'switch', 'wait'). */
export async function ganttBars(page: Page, testId: string, kind: 'run' | 'io' | 'switch' | 'wait' | 'swap-in'): Promise<number> {
  return Number((await page.getByTestId(testId).getAttribute(`data-${kind}`)) ?? 0);
}

/** The pids a Gantt canvas shows running. */
export async function ganttPids(page: Page, testId: string): Promise<number[]> {
  const v = (await page.getByTestId(testId).getAttribute('data-pids')) ?? '';
  return v ? v.split(' ').map(Number) : [];
}
