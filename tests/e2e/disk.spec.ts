import { expect, test } from '@playwright/test';
import { openApp, terminalText, typeInTerminal, watchConsole } from './helpers.ts';

test('the interactive disk holds hundreds of files and a deep tree', async ({ page }, info) => {
  await openApp(page);
  await typeInTerminal(page, 'cd /home; for i in $(seq 1 300); do touch f$i; done; ls | wc -l; mkdir -p a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/a/b/c/d/e/f && echo deep tree made');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toMatch(/\n\s*300\ndeep tree made\n/);
  await page.getByRole('tab', { name: 'Files' }).click();
  await page.screenshot({ path: info.outputPath('disk-1440.png') });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: info.outputPath('disk-1024.png') });
});

test('the block map of the 4,096-block disk groups its regions and zooms, and stays readable at 1024x700', async ({ page }, info) => {
  const errors = watchConsole(page);
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp(page);
  await page.getByRole('tab', { name: 'Files' }).click();
  const map = page.getByTestId('block-map');
  // Grouped by default on a disk this big: a band per region, each starting at a fresh row under its heading.
  await expect(map).toHaveAttribute('data-grouped', 'yes');
  const bands = ((await map.getAttribute('data-bands')) ?? '').split(' ').map((b) => b.split(':'));
  // The file system's 4,096 blocks (a swap partition may follow them).
  expect(bands.filter((b) => b[0] !== 'swap').reduce((n, b) => n + Number(b[2]), 0)).toBe(4096);
  expect(bands.map((b) => b[0])).toEqual(expect.arrayContaining(['super', 'inode-bitmap', 'data-bitmap', 'inode-table', 'data', 'journal']));
  // Pointing at the first cell of the inode bitmap's band names it.
  const bitmap = bands.find((b) => b[0] === 'inode-bitmap')!;
  await map.hover({ position: { x: 3, y: Number(bitmap[3]) + 3 } });
  await expect(page.locator('.block-map-status')).toContainText(`block ${bitmap[1]} · inode bitmap`);
  await page.screenshot({ path: info.outputPath('block-map-grouped-1024.png') });
  for (const theme of ['dark', 'light']) {
    if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) await page.getByTestId('theme-toggle').click();
    await page.screenshot({ path: info.outputPath(`block-map-grouped-1024-${theme}.png`) });
  }
  // Zoomed 4x the cells are four times bigger (up to the cap) and the map scrolls inside its box.
  const fit = Number(await map.getAttribute('data-cell'));
  await page.getByTestId('block-map-zoom-4').click();
  await expect.poll(async () => Number(await map.getAttribute('data-cell'))).toBe(Math.min(44, fit * 4));
  const scroll = page.getByTestId('block-map-scroll');
  expect(await scroll.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
  await scroll.evaluate((el) => {
    el.scrollTop = 400;
  });
  await page.screenshot({ path: info.outputPath('block-map-zoom4-1024.png') });
  // Ungrouped, the disk is one grid in block order again.
  await page.getByTestId('block-map-zoom-1').click();
  await page.getByTestId('block-map-group').uncheck();
  await expect(map).toHaveAttribute('data-grouped', 'no');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByTestId('block-map-group').check();
  await page.screenshot({ path: info.outputPath('block-map-grouped-1440.png') });
  expect(errors).toEqual([]);
});
