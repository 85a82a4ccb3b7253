import { expect, test } from '@playwright/test';
import { openApp, terminalText, typeInTerminal, watchConsole } from './helpers.ts';

/** What a student meets in the first minutes: nothing hidden, nothing meaningless, nothing cut in half. */
test.describe('first minutes', () => {
  test('in a narrow window every tab of a nested tab row is on screen and opens', async ({ page }, info) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page);
    for (const [top, inner] of [
      ['Files', ['Journal & crash', 'Inodes', 'Directories', 'Open files']],
      ['Memory', ['Free lists', 'Fragmentation over time']],
    ] as const) {
      await page.getByRole('tab', { name: top, exact: true }).click();
      for (const name of inner) {
        const tab = page.getByRole('tab', { name, exact: true });
        const row = tab.locator('xpath=..');
        const [t, r] = [await tab.boundingBox(), await row.boundingBox()];
        // The whole label lies inside its row (no tab pushed past the edge out of sight).
        expect(t && r && t.x >= r.x - 1 && t.x + t.width <= r.x + r.width + 1, `${top} › ${name} lies within its tab row`).toBe(true);
        await tab.click();
        await expect(tab).toHaveAttribute('aria-selected', 'true');
      }
      await page.screenshot({ path: info.outputPath(`nested-tabs-${top.toLowerCase()}-1024.png`) });
    }
  });

  test('before any job runs the metrics say so instead of a utilisation over no ticks', async ({ page }) => {
    await openApp(page);
    await expect(page.getByTestId('metrics-no-work')).toContainText('No jobs yet');
    await expect(page.getByTestId('metrics-summary')).not.toContainText(/over ticks (\d+)–\1\b/);
    await typeInTerminal(page, 'cpu 20');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('metrics-utilisation')).toHaveText(/^\d+\.\d%$/);
    await expect(page.getByTestId('metrics-no-work')).toHaveCount(0);
  });

  test('help and free fit the terminal without breaking a word, and help says where the programs are', async ({ page }, info) => {
    const errors = watchConsole(page);
    await openApp(page);
    const { cols } = await page.evaluate(() => window.__glassboxTerminal!.size());
    await typeInTerminal(page, 'help; free');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page)).toMatch(/Code:.*\n\$ $/);
    const text = await terminalText(page);
    expect(text).toContain('ls /bin lists the programs');
    // xterm breaks a line the program left too long: no row of the output may be full to the last column.
    const wrapped = await page.evaluate(() => window.__glassboxTerminal!.wrappedRows());
    expect(wrapped, `rows the terminal had to wrap at ${cols} columns`).toBe(0);
    await page.screenshot({ path: info.outputPath('help-free.png') });
    expect(errors).toEqual([]);
  });

  test('the scheduler mode switch keeps each choice on one line in a narrow window', async ({ page }) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page);
    for (const id of ['mode-live', 'mode-compare']) {
      const box = await page.getByTestId(id).boundingBox();
      const lineHeight = await page.getByTestId(id).evaluate((el) => Number.parseFloat(getComputedStyle(el).lineHeight) || 20);
      expect(box!.height, `${id} is one line high`).toBeLessThan(lineHeight * 1.9);
    }
    // ...and neither is cut off by its group.
    const clipped = await page.getByTestId('mode-compare').locator('xpath=..').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(clipped).toBeLessThanOrEqual(0);
  });

  test('Tab completes in the terminal, and Escape then Tab leaves it for the tabs beyond', async ({ page }) => {
    await openApp(page);
    await typeInTerminal(page, 'ech');
    await page.keyboard.press('Tab');
    await expect.poll(() => terminalText(page)).toMatch(/\$ echo $/);
    const inTerminal = () => page.evaluate(() => Boolean(document.activeElement?.closest('.terminal-host')));
    expect(await inTerminal()).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await inTerminal()).toBe(false);
    // The Tab that left did not reach the shell: the line is as it was.
    expect(await terminalText(page)).toMatch(/\$ echo $/);
    // Going on with Tab reaches the views' tabs.
    let reached = false;
    for (let i = 0; i < 8 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('role') === 'tab');
    }
    expect(reached, 'Tab from the terminal reaches a tab of the views').toBe(true);
  });

  test('an example opens on the view it is about', async ({ page }, info) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page);
    const selected = (name: string) => expect(page.getByRole('tab', { name, exact: true })).toHaveAttribute('aria-selected', 'true');
    await page.getByTestId('examples').selectOption({ label: 'The buddy allocator' });
    await selected('Memory');
    await expect(page.getByTestId('memory-mode-kernel')).toHaveAttribute('aria-pressed', 'true');
    await page.screenshot({ path: info.outputPath('example-buddy-1024.png') });
    await page.getByTestId('examples').selectOption({ label: 'The clock algorithm with too few frames' });
    await selected('Memory');
    await expect(page.getByTestId('memory-mode-vm')).toHaveAttribute('aria-pressed', 'true');
    await page.getByTestId('examples').selectOption({ label: 'Journaling: a crash in the middle of a write' });
    await selected('Files');
    await page.getByTestId('examples').selectOption({ label: 'Producer and consumer over a pipe' });
    await selected('Processes');
    await selected('Pipes, signals, IPC');
    await selected('Pipes');
    await page.screenshot({ path: info.outputPath('example-pipe-1024.png') });
    await page.getByTestId('examples').selectOption({ label: 'Dining philosophers: a deadlock, then the fix' });
    await selected('Queues & semaphores');
    await page.getByTestId('examples').selectOption({ label: 'FIFO and the convoy effect' });
    await selected('Scheduler');
  });

  test('in a narrow window why a CPU runs its process is shown whole, not cut off by an ellipsis', async ({ page }, info) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page);
    await page.getByTestId('examples').selectOption({ label: 'FIFO and the convoy effect' });
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
    const why = page.locator('.cpu-line .why').first();
    await expect(why).toContainText('chose pid 2');
    const hidden = await why.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(hidden).toBeLessThanOrEqual(0);
    for (const name of await page.locator('.queue-name').all()) expect(await name.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: info.outputPath('queues-1024.png') });
  });

  test('the quantum can be set only for a policy that has one', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('examples').selectOption({ label: 'FIFO and the convoy effect' });
    await expect(page.getByTestId('rerun-policy')).toHaveValue('fifo');
    await expect(page.getByTestId('rerun-quantum')).toBeDisabled();
    await expect(page.getByTestId('rerun-quantum').locator('xpath=..')).toHaveAttribute('title', /FIFO has no quantum/);
    await page.getByTestId('rerun-policy').selectOption('rr');
    await expect(page.getByTestId('rerun-quantum')).toBeEnabled();
  });

  test('the inode table says which file each inode is, a hard link by both its names', async ({ page }, info) => {
    await openApp(page);
    await typeInTerminal(page, 'echo x > /tmp/a; ln /tmp/a /tmp/b');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page)).toMatch(/ln \/tmp\/a \/tmp\/b\n\$ $/);
    await page.getByRole('tab', { name: 'Files', exact: true }).click();
    await page.getByRole('tab', { name: 'Inodes', exact: true }).click();
    const table = page.getByTestId('inode-table');
    await expect(table.locator('tbody tr').first().locator('td').nth(1)).toHaveText('/');
    const linked = table.locator('td.inode-name', { hasText: '/tmp/a' });
    await expect(linked).toHaveText('/tmp/a +1');
    await expect(linked).toHaveAttribute('title', '/tmp/a\n/tmp/b');
    await page.screenshot({ path: info.outputPath('inode-names.png') });
  });

  test('at tick 0 step back is off and looks it, and so does a re-run with nothing changed', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('examples').selectOption({ label: 'FIFO and the convoy effect' });
    const back = page.getByRole('button', { name: 'Step back', exact: true });
    await expect(back).toBeDisabled();
    await expect(back).toHaveAttribute('title', /nothing before it/);
    const faded = (l: typeof back) => l.evaluate((el) => Number(getComputedStyle(el).opacity) < 0.8);
    expect(await faded(back)).toBe(true);
    expect(await faded(page.getByTestId('rerun'))).toBe(true);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(back).toBeEnabled();
    expect(await faded(back)).toBe(false);
  });

  test('in a narrow window the open-file tables stack rather than break each entry over two lines', async ({ page }, info) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page);
    await page.getByRole('tab', { name: 'Files', exact: true }).click();
    await page.getByRole('tab', { name: 'Open files', exact: true }).click();
    const entry = page.getByTestId('open-files').locator('li.mono').first();
    await expect(entry).toContainText('fd 0');
    const lines = await entry.evaluate((el) => Math.round(el.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(el).lineHeight)));
    expect(lines, 'an fd entry takes one line').toBe(1);
    await page.screenshot({ path: info.outputPath('open-files-1024.png') });
  });
});
