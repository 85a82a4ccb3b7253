import { expect, type Page, test } from '@playwright/test';
import { currentTick, openApp, settledTick, terminalText, typeInTerminal, watchConsole } from './helpers.ts';

/** Pauses the machine from the timeline and returns the tick it came to rest at. */
async function pause(page: Page): Promise<number> {
  if ((await page.getByTestId('play').getAttribute('aria-label')) === 'Pause') await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
  return settledTick(page);
}

/** Screenshots at both sizes, in the theme showing and then the other one. */
async function screenshots(page: Page, name: string, again?: () => Promise<void>): Promise<void> {
  for (const theme of ['a', 'b']) {
    await again?.();
    for (const [w, h] of [
      [1440, 900],
      [1024, 700],
    ]) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(200);
      const mode = (await page.locator('html').getAttribute('data-theme')) ?? theme;
      await page.screenshot({ path: `test-results/screenshots/${name}-${w}-${mode}.png` });
    }
    await page.getByTestId('theme-toggle').click();
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await again?.();
}

/** Nothing is lost silently: typing in the past and Compare's "step through" keep the old future as a branch. */
test.describe('timeline branches', () => {
  test('typing after scrubbing back makes a branch, says so, and the old branch can be returned to with its output', async ({ page }) => {
    const errors = watchConsole(page);
    await openApp(page);
    // The fork goes one tick before the command: the run must be past tick 0 when it pauses.
    await expect.poll(() => currentTick(page)).toBeGreaterThan(2);
    const typedAt = await pause(page);
    await typeInTerminal(page, 'echo first-future');
    await page.keyboard.press('Enter');
    await page.getByTestId('play').click();
    await expect.poll(() => terminalText(page)).toMatch(/first-future\nfirst-future\n\$ $/);
    await page.waitForTimeout(300);
    const end = await pause(page);
    expect(end).toBeGreaterThan(typedAt);
    await expect(page.getByTestId('branch-toggle')).toHaveCount(0); // one line of history: nothing to switch between

    // Back to just before the command was typed, and type something else there.
    const fork = typedAt - 1;
    await page.getByLabel('Scrub through time').fill(String(fork));
    await expect(page.getByTestId('tick').locator('b')).toHaveText(String(fork));
    await expect.poll(() => terminalText(page)).not.toContain('first-future');
    await typeInTerminal(page, 'echo second-branch');
    await page.keyboard.press('Enter');
    const notice = page.getByTestId('branch-notice');
    await expect(notice).toContainText(`New branch 2 from tick ${fork}: the previous future (ticks ${fork}–${end}) is kept as branch 1.`);
    await page.getByTestId('play').click();
    await expect.poll(() => terminalText(page)).toMatch(/second-branch\nsecond-branch\n\$ $/);
    await pause(page);
    expect(await terminalText(page)).not.toContain('first-future');

    // The switcher beside the scrubber lists both; branch 1 is where it was left.
    await expect(page.getByTestId('branch-toggle')).toHaveText(/branch 2 of 2/);
    await expect(page.getByTestId('branch-toggle')).toHaveAttribute('title', /2 branches; you are on branch 2/);
    await page.getByTestId('branch-toggle').click();
    const menu = page.getByTestId('branch-menu');
    await expect(menu.getByTestId('branch-1')).toContainText(`tick 0 → ${end}`);
    await expect(menu.getByTestId('branch-1')).toContainText('the start');
    await expect(menu.getByTestId('branch-2')).toContainText(`tick ${fork} →`);
    await expect(menu.getByTestId('branch-2')).toContainText('typed "echo second-branch⏎"');
    await expect(menu.getByTestId('branch-2')).toHaveAttribute('aria-checked', 'true');
    // The theme button closes the list (a click elsewhere), so each theme opens it again.
    await screenshots(page, 'branches-menu', async () => {
      if (!(await menu.isVisible())) await page.getByTestId('branch-toggle').click();
    });
    await menu.getByTestId('branch-1').click();
    await expect(menu).toBeHidden();
    await expect(page.getByTestId('tick').locator('b')).toHaveText(String(end));
    await expect.poll(() => terminalText(page)).toMatch(/first-future\nfirst-future\n\$ $/);
    expect(await terminalText(page)).not.toContain('second-branch');
    await expect(notice).toContainText(`Now on branch 1 at tick ${end}: branch 2`);

    // From the keyboard: open the list, move to branch 2, take it.
    await page.getByTestId('branch-toggle').focus();
    await page.keyboard.press('Enter');
    await expect(menu.getByTestId('branch-1')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(menu.getByTestId('branch-2')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page)).toMatch(/second-branch\nsecond-branch\n\$ $/);
    await expect(page.getByTestId('branch-toggle')).toBeFocused();
    // And the notice's button goes back in one click.
    await page.getByTestId('branch-back').click();
    await expect.poll(() => terminalText(page)).toContain('first-future');
    await expect(page.getByTestId('branch-toggle')).toHaveText(/branch 1 of 2/);
    // Saving keeps the other branch in the file, and says so.
    await page.getByRole('button', { name: 'Save scenario' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved A shell on a fresh machine.json' })).toContainText('the 1 other branch of this run');
    expect(errors).toEqual([]);
  });

  test("Compare's step through opens the run as a branch, and the live session is one click away", async ({ page }) => {
    const errors = watchConsole(page);
    await openApp(page);
    await typeInTerminal(page, 'echo live-session');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page)).toMatch(/live-session\nlive-session\n\$ $/);
    await page.getByRole('tab', { name: 'Scheduler' }).click();
    await page.getByTestId('mode-compare').click();
    await page.getByTestId('compare').click();
    await expect(page.getByTestId('lab-metrics')).toBeVisible();
    await page.getByTestId('step-through-0').click();
    await expect(page.getByTestId('lab-stepped')).toContainText('FIFO is open in the live machine as branch 2; the session you were in is kept as branch 1.');
    await expect(page.getByTestId('branch-notice')).toContainText('Opened “FIFO · 3 jobs” as branch 2: the session you were in (“A shell on a fresh machine”, ticks 0–');
    await expect(page.getByTestId('scenario-name')).not.toHaveText('A shell on a fresh machine');
    expect(await terminalText(page)).not.toContain('live-session');
    await screenshots(page, 'branches-step-through');

    await page.getByTestId('branch-back').click();
    await expect(page.getByTestId('scenario-name')).toHaveText('A shell on a fresh machine');
    await expect.poll(() => terminalText(page)).toMatch(/live-session\nlive-session\n\$ $/);
    await expect(page.getByTestId('branch-toggle')).toHaveText(/branch 1 of 2/);
    await page.getByRole('button', { name: 'Save scenario' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved A shell on a fresh machine.json' })).toContainText('1 other branch of another scenario is not in it');
    expect(errors).toEqual([]);
  });
});
