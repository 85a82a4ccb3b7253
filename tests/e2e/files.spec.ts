import { expect, type Page, test } from '@playwright/test';
import { openApp, terminalText, typeInTerminal, watchConsole } from './helpers.ts';

async function run(page: Page, line: string): Promise<void> {
  const before = ((await terminalText(page)).match(/\$ /g) ?? []).length;
  await typeInTerminal(page, line);
  await page.keyboard.press('Enter');
  await expect.poll(async () => ((await terminalText(page)).match(/\$ /g) ?? []).length).toBeGreaterThan(before);
}

/** The block map's cells that are not free, counted by the canvas's data attribute. */
async function usedBlocks(page: Page): Promise<number> {
  return Number(await page.getByTestId('block-map').getAttribute('data-used'));
}

test.describe('the file system in the browser edition', () => {
  test('files made in the shell appear in the block map, survive a crash by the journal, and fsck finds the disk clean', async ({ page }) => {
    const errors = watchConsole(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await openApp(page);
    await expect.poll(() => terminalText(page)).toContain('$ ');
    await page.getByRole('tab', { name: 'Files' }).click();
    const before = await usedBlocks(page);
    await run(page, 'mkdir /home/notes');
    await run(page, 'echo "hello, disk" > /home/notes/a.txt');
    await run(page, 'sync');
    await expect.poll(() => usedBlocks(page)).toBeGreaterThan(before);
    await expect(page.getByTestId('last-op')).toContainText('sync');
    // The red and blue outlines of the last operation's blocks are named in a legend in view.
    await expect(page.getByTestId('block-map-legend')).toContainText('written by the last operation');
    await expect(page.getByTestId('block-map-legend')).toContainText('read, written by the last operation');
    await expect(page.getByTestId('block-map-legend')).toBeInViewport();
    await page.getByRole('tab', { name: 'Directories' }).click();
    await expect(page.getByTestId('dir-tree')).toContainText('a.txt');

    // Crash during the next operation: its writes after the first few are lost.
    await page.getByRole('tab', { name: 'Journal & crash' }).click();
    await page.getByLabel('Writes before the crash').fill('2');
    await page.getByRole('button', { name: 'Arm', exact: true }).click();
    await expect(page.getByTestId('crash-state')).toContainText('Armed');
    await run(page, 'echo "lost?" > /home/notes/b.txt');
    await run(page, 'sync');
    await expect(page.getByTestId('crash-state')).toContainText('CRASHED');
    await page.getByTestId('power-cycle').click();
    await expect(page.getByTestId('recovery-report')).toContainText('Last mount');
    await expect.poll(() => terminalText(page)).toContain('[power cycled at tick');
    await page.getByTestId('fsck-check').click();
    await expect(page.getByTestId('fsck-report')).toContainText('clean');
    await expect.poll(() => terminalText(page)).toMatch(/\$ $/);
    await run(page, 'cat /home/notes/a.txt');
    await expect.poll(() => terminalText(page)).toContain('hello, disk');
    await page.screenshot({ path: 'test-results/screenshots/files-dark.png' });
    await page.getByTestId('theme-toggle').click();
    // Block 0, the superblock: the first cell of the first region's band.
    const top = Number((await page.getByTestId('block-map').getAttribute('data-bands'))!.split(' ')[0].split(':')[3]);
    await page.getByTestId('block-map').click({ position: { x: 4, y: top + 4 } });
    await expect(page.getByTestId('block-inspector')).toContainText('superblock');
    await page.screenshot({ path: 'test-results/screenshots/files-light.png' });
    expect(errors).toEqual([]);
  });

  test("at 1024x700 the power-cycle notice is broken between words at the terminal's width", async ({ page }, info) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page);
    await page.getByRole('tab', { name: 'Files' }).click();
    await page.getByRole('tab', { name: 'Journal & crash' }).click();
    await page.getByTestId('power-cycle').click();
    await expect.poll(() => terminalText(page)).toContain(']');
    const rows = (await terminalText(page)).split('\n');
    const first = rows.findIndex((r) => r.includes('[power cycled at tick'));
    const last = rows.findIndex((r, i) => i >= first && r.includes(']'));
    expect(last).toBeGreaterThan(first);
    // Rows joined by a space give the whole notice back only if no word was split across them.
    expect(rows.slice(first, last + 1).map((r) => r.trim()).join(' ')).toMatch(/^\[power cycled at tick \d+: (journal replayed \d+ transactions?|no journal to replay)\]$/);
    await page.screenshot({ path: info.outputPath('power-cycle-notice-1024.png') });
  });

  test('a symbolic link made in the shell shows in the directory tree with its target, and a mode in the inode table', async ({ page }) => {
    const errors = watchConsole(page);
    await openApp(page);
    await run(page, 'mkdir /home/docs; echo text > /home/docs/a.txt; ln -s docs/a.txt /home/link; ln -s nowhere /home/dangling');
    await run(page, 'ls -l /home');
    await expect.poll(() => terminalText(page)).toContain('link -> docs/a.txt');
    await page.getByRole('tab', { name: 'Files' }).click();
    await page.getByRole('tab', { name: 'Directories' }).click();
    const tree = page.getByTestId('dir-tree');
    await expect(tree.locator('li.symlink', { hasText: 'link' }).first()).toContainText('→ docs/a.txt');
    await expect(tree.locator('li.symlink', { hasText: 'dangling' })).toContainText('→ nowhere');
    // A mode set with chmod shows in the inode table as ls -l shows it.
    await run(page, 'chmod 751 /home/docs/a.txt; ls -i /home/docs');
    await page.getByRole('tab', { name: 'Inodes' }).click();
    await expect(page.getByTestId('inode-table')).toContainText('rwxr-x--x');
    for (const [w, h] of [
      [1440, 900],
      [1024, 700],
    ]) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: `test-results/screenshots/files-modes-${w}.png` });
    }
    expect(errors).toEqual([]);
  });

  test('the disk can be saved as an image and the machine booted from it', async ({ page }, info) => {
    await openApp(page);
    await expect.poll(() => terminalText(page)).toContain('$ ');
    await run(page, 'echo "saved on disk" > /home/memo.txt; sync');
    await page.getByRole('tab', { name: 'Files' }).click();
    const download = page.waitForEvent('download');
    await page.getByTestId('save-image').click();
    const file = info.outputPath('machine.disk');
    await (await download).saveAs(file);
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('load-image').click();
    await (await chooser).setFiles(file);
    await expect(page.getByTestId('image-note')).toContainText('Booted from machine');
    await page.getByTestId('play').click();
    await expect.poll(() => terminalText(page)).toMatch(/\$ $/);
    await run(page, 'cat /home/memo.txt');
    await expect.poll(() => terminalText(page)).toContain('saved on disk');
  });
});
