import { expect, type Page, test } from '@playwright/test';
import { openApp, terminalText, typeInTerminal, watchConsole } from './helpers.ts';

/** Types a command line and waits for the next prompt (or for `until` to appear). */
async function run(page: Page, line: string, until?: string | RegExp): Promise<void> {
  const before = ((await terminalText(page)).match(/\$ /g) ?? []).length;
  await typeInTerminal(page, line);
  await page.keyboard.press('Enter');
  // Pipes and files cost CPU time in the default machine, so a pipeline takes a while.
  if (until) await expect.poll(() => terminalText(page), { timeout: 30_000 }).toMatch(until);
  else await expect.poll(async () => ((await terminalText(page)).match(/\$ /g) ?? []).length).toBeGreaterThan(before);
}

test.describe('the shell in the browser edition', () => {
  test.beforeEach(async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await openApp(page);
    await expect.poll(() => terminalText(page)).toContain('$ ');
  });

  test('a pipeline counts the lines of seq that contain a 7', async ({ page }) => {
    const errors = watchConsole(page);
    await page.getByLabel('Speed in ticks per second').selectOption('100');
    await run(page, 'seq 1 1000 | grep 7 | wc -l', /\n271\n/);
    expect(errors).toEqual([]);
  });

  test('a background job is listed by jobs and shown in the process views', async ({ page }) => {
    await run(page, 'sleep 50 &', /\[1\] \d+/);
    await run(page, 'jobs', /\[1\]\+\s+Running\s+sleep 50 &/);
    await page.getByRole('tab', { name: 'Processes' }).click();
    await expect(page.getByTestId('process-tree').locator('g.tree-node', { hasText: 'sleep' })).toContainText('blocked');
    await page.getByRole('tab', { name: 'Process table' }).click();
    await expect(page.getByTestId('process-table').locator('td.command', { hasText: 'sleep 50' })).toBeVisible();
  });

  test('^C stops a runaway foreground job, and the shell carries on', async ({ page }) => {
    await typeInTerminal(page, 'yes > /dev/null');
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Processes' }).click();
    await expect(page.getByTestId('process-tree').locator('g.tree-node', { hasText: 'yes' })).toBeVisible();
    await page.locator('.terminal-host .xterm-helper-textarea').focus();
    await page.keyboard.press('Control+C');
    await expect(page.getByTestId('process-tree').locator('g.tree-node', { hasText: 'yes' })).toHaveCount(0);
    await run(page, 'echo still here', /\nstill here\n/);
    await page.getByRole('tab', { name: 'Pipes, signals, IPC' }).click();
    await page.getByRole('tab', { name: 'Signals', exact: true }).click();
    await expect(page.getByTestId('signal-log')).toContainText('SIGINT');
  });

  test('^R searches the history backwards, as readline does, and Enter runs what it found', async ({ page }) => {
    const errors = watchConsole(page);
    await run(page, 'echo apple pie');
    await run(page, 'echo banana split');
    await run(page, 'echo cherry tart');
    await page.locator('.terminal-host .xterm-helper-textarea').focus();
    await page.keyboard.press('Control+r');
    await page.keyboard.type('ban');
    await expect.poll(() => terminalText(page)).toContain("(reverse-i-search)`ban': echo banana split");
    await page.screenshot({ path: 'test-results/screenshots/shell-reverse-search.png' });
    // Text typed during the search is the query, never a command.
    await page.keyboard.type('q');
    await expect.poll(() => terminalText(page)).toContain("(failed reverse-i-search)`banq': echo banana split");
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page)).toMatch(/\$ echo banana split\nbanana split\n\$ $/);
    // ^G gives up and leaves the prompt as it was.
    await page.keyboard.press('Control+r');
    await page.keyboard.type('cher');
    await page.keyboard.press('Control+g');
    await expect.poll(() => terminalText(page)).toMatch(/\n\$ $/);
    expect(await terminalText(page)).not.toContain('banq: command not found');
    expect(errors).toEqual([]);
  });

  test('a bad command says so and the shell carries on', async ({ page }) => {
    await run(page, 'frobnicate --now', /sh: frobnicate: command not found/);
    await run(page, 'echo $?', /\n127\n/);
    await run(page, 'ls | | wc', /syntax error/);
  });

  test('a pipe between a producer and a consumer is drawn with its fill level', async ({ page }) => {
    await typeInTerminal(page, 'producer --via pipe 400 | consumer');
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Processes' }).click();
    await page.getByRole('tab', { name: 'Pipes, signals, IPC' }).click();
    await expect(page.getByTestId('pipes').locator('.pipe-card')).toHaveCount(1);
    await expect(page.getByTestId('process-tree').locator('g.pipe-edge')).toHaveCount(1);
    await page.screenshot({ path: 'test-results/screenshots/processes-dark.png' });
    await page.getByTestId('theme-toggle').click();
    await page.screenshot({ path: 'test-results/screenshots/processes-light.png' });
    await page.locator('.terminal-host .xterm-helper-textarea').focus();
    await page.keyboard.press('Control+C');
  });

  test('the fork.py lab replays forks and exits as a process tree', async ({ page }) => {
    await page.getByRole('tab', { name: 'Processes' }).click();
    await page.getByRole('tab', { name: 'fork.py lab' }).click();
    await page.getByTestId('fork-actions').fill('a+b,b+c,c+d,b-');
    await page.getByTestId('fork-local-reparent').check();
    await page.getByTestId('fork-run').click();
    await expect(page.getByTestId('fork-step')).toHaveText('action 4 of 4: b exits: its child goes to its parent');
    await expect(page.getByTestId('fork-tree').locator('g.tree-node')).toHaveCount(3);
    await page.getByRole('button', { name: 'Previous action' }).click();
    await expect(page.getByTestId('fork-tree').locator('g.tree-node')).toHaveCount(4);
    await expect(page.getByTestId('fork-tree').locator('g.tree-node.selected')).toHaveAttribute('data-name', 'd');
  });
});
