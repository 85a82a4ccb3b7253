import { expect, test } from '@playwright/test';
import { currentTick, ganttPids, openApp, terminalText, typeInTerminal, watchConsole } from './helpers.ts';

/** What a newcomer meets: a prompt at once, answers without pressing anything but Enter, keys that work from the terminal. */
test.describe('first contact', () => {
  test('the prompt is there at load, and typed commands answer without pressing Play', async ({ page }) => {
    const errors = watchConsole(page);
    await page.goto('/');
    await expect.poll(() => terminalText(page)).toMatch(/\$ $/);
    // The top bar names what is in front of the newcomer, not just the widget they type into.
    await expect(page.getByTestId('scenario-name')).toHaveText('A shell on a fresh machine');
    await typeInTerminal(page, 'echo hi');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page)).toMatch(/\$ echo hi\nhi\n\$ $/);
    await typeInTerminal(page, 'seq 1 1000 | grep 7 | wc -l');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page)).toMatch(/wc -l\n\s*271\n\$ $/);
    // The hurried pipeline still left its work in the views: a Gantt lane for each of its processes.
    expect((await ganttPids(page, 'gantt')).length).toBeGreaterThanOrEqual(3);
    await page.getByRole('tab', { name: 'Processes' }).click();
    await page.getByRole('tab', { name: 'Kernel events' }).click();
    await expect(page.locator('.panel').getByText(/grep/).first()).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('play, pause, step, step back and slow motion work from the terminal and are in the keyboard help', async ({ page }) => {
    await openApp(page);
    await expect(page.getByTestId('play')).toHaveAttribute('title', /Alt\+P/);
    await typeInTerminal(page, 'echo ');
    await page.keyboard.press('Alt+KeyP');
    await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
    const t0 = await currentTick(page);
    await page.keyboard.press('Alt+Period');
    await expect.poll(() => currentTick(page)).toBe(t0 + 1);
    await page.keyboard.press('Alt+Shift+Period');
    await expect.poll(() => currentTick(page)).toBe(t0 + 11);
    await page.keyboard.press('Alt+Comma');
    await expect.poll(() => currentTick(page)).toBe(t0 + 10);
    // None of it reached the shell: the line still holds just "echo ".
    expect(await terminalText(page)).toMatch(/\$ echo $/);
    await page.keyboard.press('Alt+Minus');
    await expect(page.getByLabel('Speed in ticks per second')).toHaveValue('5');
    await expect(page.getByTestId('hurry')).not.toBeChecked();
    await page.keyboard.press('Alt+KeyP');
    await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Pause');
    await page.keyboard.press('F1');
    await expect(page.getByTestId('key-help')).toBeVisible();
    await expect(page.getByTestId('key-help')).toContainText('Alt+.');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('key-help')).toBeHidden();
  });

  test('after a click on a tab the arrow keys drive the timeline; on a focused tab list they move between tabs', async ({ page }) => {
    await openApp(page);
    await page.getByRole('tab', { name: 'Memory' }).click();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
    const t0 = await currentTick(page);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => currentTick(page)).toBe(t0 + 1);
    await expect(page.getByRole('tab', { name: 'Memory' })).toHaveAttribute('aria-selected', 'true');
    await page.getByRole('tab', { name: 'Memory' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Files', exact: true })).toHaveAttribute('aria-selected', 'true');
    expect(await currentTick(page)).toBe(t0 + 1);
  });

  for (const size of [
    { width: 1440, height: 900 },
    { width: 1024, height: 700 },
  ]) {
    test(`screenshot of first contact at ${size.width}x${size.height}`, async ({ page }, info) => {
      await page.setViewportSize(size);
      await openApp(page);
      await typeInTerminal(page, 'seq 1 1000 | grep 7 | wc -l');
      await page.keyboard.press('Enter');
      await expect.poll(() => terminalText(page)).toMatch(/271\n\$ $/);
      await page.screenshot({ path: info.outputPath(`first-contact-${size.width}.png`) });
      await page.keyboard.press('F1');
      await page.screenshot({ path: info.outputPath(`key-help-${size.width}.png`) });
    });
  }
});
