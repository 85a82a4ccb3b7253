import { expect, test } from '@playwright/test';
import { currentTick, ganttBars, ganttPids, openApp, settledTick, terminalText, typeInTerminal, watchConsole } from './helpers.ts';

test.describe('the browser edition', () => {
  test('loads with no console errors and shows the shell prompt', async ({ page }) => {
    const errors = watchConsole(page);
    await openApp(page);
    await expect.poll(() => terminalText(page)).toContain('$');
    expect(errors).toEqual([]);
  });

  test('a command typed into the terminal shows its output, and ps lists processes', async ({ page }) => {
    const errors = watchConsole(page);
    await openApp(page);
    await expect.poll(() => terminalText(page)).toContain('$');
    await typeInTerminal(page, 'echo hi');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page)).toMatch(/\$ echo hi\nhi\n/);
    await typeInTerminal(page, 'ps');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page)).toMatch(/\n\s+1\s+0\s+1 .* init sh\n/);
    await expect.poll(() => terminalText(page)).toMatch(/\n\s+\d+\s+2\s+\d+ R\+? .* ps\n/);
    expect(errors).toEqual([]);
  });

  test('the Gantt view draws bars for running jobs, and the process table lists them', async ({ page }) => {
    await openApp(page);
    await expect.poll(() => terminalText(page)).toContain('$');
    await typeInTerminal(page, 'cpu 60 &');
    await page.keyboard.press('Enter');
    await typeInTerminal(page, 'cpu 40 &');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('gantt')).toBeVisible();
    await expect.poll(() => ganttBars(page, 'gantt', 'run')).toBeGreaterThan(2);
    const pids = await ganttPids(page, 'gantt');
    expect(pids.length).toBeGreaterThanOrEqual(2);
    await page.getByRole('tab', { name: 'Processes' }).click();
    await expect(page.getByTestId('process-table').locator('td.command', { hasText: 'cpu 60' })).toBeVisible();
  });

  test('Space, Right and Left drive the timeline, and stepping back then forward shows the same screen', async ({ page }) => {
    await openApp(page);
    await expect.poll(() => terminalText(page)).toContain('$');
    await typeInTerminal(page, 'cpu 200 &');
    await page.keyboard.press('Enter');
    await typeInTerminal(page, 'echo started');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page)).toContain('\nstarted');
    // Ten steps back need ten ticks behind: on a quick machine the run may not have got that far yet.
    await expect.poll(() => currentTick(page)).toBeGreaterThan(15);
    // Leave the terminal so the keys reach the timeline.
    await page.locator('.gantt header h2').click();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
    const t0 = await settledTick(page);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => currentTick(page)).toBe(t0 + 1);
    expect(await settledTick(page)).toBe(t0 + 1);
    const screenBefore = await terminalText(page);
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
    await expect.poll(() => currentTick(page)).toBe(t0 + 1 - 10);
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => currentTick(page)).toBe(t0 + 1);
    await expect.poll(() => terminalText(page)).toBe(screenBefore);
    await page.keyboard.press('Space');
    await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Pause');
    await expect.poll(() => currentTick(page)).toBeGreaterThan(t0 + 1);
  });

  test('screenshots in both themes', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await openApp(page);
    await expect.poll(() => terminalText(page)).toContain('$');
    for (const line of ['cpu 30 &', 'cpu 20 &', 'echo hello from the simulated kernel', 'ps']) {
      const prompts = ((await terminalText(page)).match(/\$ /g) ?? []).length;
      await typeInTerminal(page, line);
      await page.keyboard.press('Enter');
      await expect.poll(async () => ((await terminalText(page)).match(/\$ /g) ?? []).length).toBeGreaterThan(prompts);
    }
    await expect.poll(() => terminalText(page)).toContain('PID');
    await page.waitForTimeout(1500);
    await page.locator('.gantt header h2').click();
    await page.keyboard.press('Space');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.screenshot({ path: 'test-results/screenshots/app-dark.png' });
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.screenshot({ path: 'test-results/screenshots/app-light.png' });
  });

  test('an example scenario opens from the menu with its description, and runs', async ({ page }) => {
    const errors = watchConsole(page);
    await openApp(page);
    await page.getByTestId('examples').selectOption({ label: 'FIFO and the convoy effect' });
    await expect(page.getByTestId('scenario-name')).toHaveText('FIFO and the convoy effect');
    await expect(page.getByRole('status')).toContainText('OSTEP chapter 7');
    // Dismissed, the description can be opened again from the top bar.
    await expect(page.getByTestId('about-example')).toHaveCount(0);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.getByRole('status')).toHaveCount(0);
    await page.getByTestId('about-example').click();
    await expect(page.getByRole('status')).toContainText('OSTEP chapter 7');
    await page.screenshot({ path: 'test-results/screenshots/about-example.png' });
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: 'test-results/screenshots/about-example-1024.png' });
    await page.getByTestId('play').click();
    await expect.poll(async () => ganttBars(page, 'gantt', 'run')).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  test("an example's description takes two lines until asked for more, so the views keep the room on a short screen", async ({ page }) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page);
    await page.getByTestId('examples').selectOption({ label: 'FIFO and the convoy effect' });
    const notice = page.getByRole('status');
    await expect(notice).toContainText('OSTEP chapter 7');
    const folded = (await notice.boundingBox())!.height;
    expect(folded).toBeLessThan(70);
    await page.getByTestId('clamped-more').click();
    await expect(page.getByTestId('clamped-more')).toHaveText('less');
    expect((await notice.boundingBox())!.height).toBeGreaterThan(folded + 40);
    await page.screenshot({ path: 'test-results/screenshots/about-open-1024.png' });
    await page.getByTestId('clamped-more').click();
    await expect.poll(async () => (await notice.boundingBox())!.height).toBe(folded);
    await page.screenshot({ path: 'test-results/screenshots/about-folded-1024.png' });
  });

  test('an example with no shell says its terminal is read-only and takes no keys', async ({ page }) => {
    await openApp(page);
    await expect(page.getByTestId('terminal-readonly')).toHaveCount(0);
    await page.getByTestId('examples').selectOption({ label: 'FIFO and the convoy effect' });
    await expect(page.getByTestId('terminal-readonly')).toContainText('no shell');
    // Paused at tick 0 before its jobs run, the Gantt chart does not offer the terminal either.
    await expect(page.getByText('This example has no shell: its jobs start at the ticks its scenario gives')).toBeVisible();
    await expect(page.getByText('Start a job in the terminal')).toHaveCount(0);
    const before = await terminalText(page);
    await typeInTerminal(page, 'ls');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.waitForTimeout(300);
    expect(await terminalText(page)).toBe(before);
    await page.screenshot({ path: 'test-results/screenshots/terminal-readonly.png' });
    await page.getByTestId('examples').selectOption({ label: 'The shell: pipelines and redirection' });
    await expect(page.getByTestId('terminal-readonly')).toHaveCount(0);
  });

  test('the tabs move with the arrow keys without stepping the timeline', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('play').click();
    await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
    const tick = await page.getByTestId('tick').locator('b').textContent();
    await page.getByRole('tab', { name: 'Scheduler' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Memory' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tab', { name: 'Memory' })).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByRole('tab', { name: 'Scheduler' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('tick').locator('b')).toHaveText(tick!);
  });

  test('a loaded scenario with more processes than its limit allows says how many did not start', async ({ page }) => {
    await openApp(page);
    const processes = Array.from({ length: 80 }, () => ({ program: 'cpu', argv: ['cpu', '50'] }));
    const json = JSON.stringify({ glassbox: 1, name: 'Too many', kernel: { limits: { maxProcs: 64 } }, processes });
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Load scenario' }).click();
    await (await chooser).setFiles({ name: 'too-many.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await expect(page.getByTestId('scenario-name')).toHaveText('Too many');
    const warnings = page.getByTestId('load-warnings');
    await expect(warnings).toContainText(/\d+ of the scenario's processes not started: the process limit \(kernel\.limits\.maxProcs\) is 64/);
    await page.screenshot({ path: test.info().outputPath('load-warning-1440.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: test.info().outputPath('load-warning-1024.png') });
  });

  test('processes turned away at a later tick are said when the machine reaches that tick', async ({ page }) => {
    await openApp(page);
    const early = Array.from({ length: 10 }, () => ({ program: 'cpu', argv: ['cpu', '5000'] }));
    const late = Array.from({ length: 70 }, () => ({ program: 'cpu', argv: ['cpu', '50'], at: 30 }));
    const json = JSON.stringify({ glassbox: 1, name: 'Later too many', kernel: { limits: { maxProcs: 64 } }, processes: [...early, ...late] });
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Load scenario' }).click();
    await (await chooser).setFiles({ name: 'later.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await expect(page.getByTestId('scenario-name')).toHaveText('Later too many');
    await expect(page.getByText('Loaded “Later too many”')).toBeVisible();
    await expect(page.getByTestId('load-warnings')).toHaveCount(0);
    await page.getByTestId('play').click();
    const warnings = page.getByTestId('load-warnings');
    await expect(warnings).toContainText(/\d+ of the scenario's processes not started at tick 30: the process limit \(kernel\.limits\.maxProcs\) is 64/, { timeout: 15_000 });
    await page.screenshot({ path: test.info().outputPath('later-refusal-1440.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: test.info().outputPath('later-refusal-1024.png') });
  });

  test('once a busy session has let its oldest frames go, the timeline says how far back stepping is instant', async ({ page }) => {
    await openApp(page);
    await typeInTerminal(page, 'yes | cat > /dev/null &\n');
    await page.getByRole('combobox', { name: 'Speed in ticks per second' }).selectOption({ index: (await page.getByRole('combobox', { name: 'Speed in ticks per second' }).locator('option').count()) - 1 });
    const note = page.getByTestId('history-note');
    await expect(note).toBeVisible({ timeout: 60_000 });
    await expect(note).toHaveText(/^(all )?kept from [\d,]+$/);
    await expect(note).toHaveAttribute('title', /A session keeps a bounded amount of its past in memory/);
    await page.screenshot({ path: test.info().outputPath('history-note-1440.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: test.info().outputPath('history-note-1024.png') });
  });
});
