import { expect, test } from '@playwright/test';
import { openApp, terminalText, typeInTerminal } from './helpers.ts';

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
