import { expect, type Page, test } from '@playwright/test';
import { openApp, terminalText, typeInTerminal, watchConsole } from './helpers.ts';

/** Types a command line and waits until the terminal shows `until`. */
async function run(page: Page, line: string, until: RegExp): Promise<string> {
  await typeInTerminal(page, line);
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toMatch(until);
  return terminalText(page);
}

const fitted = (page: Page) => page.evaluate(() => window.__glassboxTerminal!.size());
const wrappedRows = (page: Page) => page.evaluate(() => window.__glassboxTerminal!.wrappedRows());

/** The last `stty size` answer on the screen, as [rows, cols]. */
async function sttySize(page: Page, marker: string): Promise<[number, number]> {
  const text = await run(page, `echo ${marker}; stty size`, new RegExp(`\\n${marker}\\n\\d+ \\d+\\n`));
  const m = text.match(new RegExp(`\\n${marker}\\n(\\d+) (\\d+)\\n`))!;
  return [Number(m[1]), Number(m[2])];
}

test.describe('the terminal has the size of its window', () => {
  test('the TTY follows the fitted size as the window is resized, and man ls fits without split words', async ({ page }, info) => {
    const errors = watchConsole(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openApp(page);
    // The page may still be settling (a banner, the panels), and each new fit reaches the
    // kernel once the window has been still for a moment: wait for the two to agree.
    await expect
      .poll(async () => {
        const f = await fitted(page);
        const [rows, cols] = await sttySize(page, `at1440x${Date.now() % 1000}`);
        return rows === f.rows && cols === f.cols;
      }, { timeout: 15_000 })
      .toBe(true);
    const wide = await fitted(page);
    await page.screenshot({ path: info.outputPath('terminal-1440x900.png') });

    await page.setViewportSize({ width: 1024, height: 700 });
    await expect.poll(async () => (await fitted(page)).cols).toBeLessThan(wide.cols);
    const narrow = await fitted(page);
    // The new size reaches the kernel once the window has settled.
    await expect.poll(() => sttySize(page, `at1024x${Date.now() % 1000}`), { timeout: 15_000 }).toEqual([narrow.rows, narrow.cols]);
    // A word of its own in the answer, so the wait cannot settle on stty's answer above it.
    expect(await run(page, 'echo shell $COLUMNS $LINES', /\nshell \d+ \d+\n\$ $/)).toMatch(
      new RegExp(`\\nshell ${narrow.cols} ${narrow.rows}\\n\\$ $`),
    );

    const before = await wrappedRows(page);
    await run(page, 'man ls', /SEE ALSO\n.*\n\n\$ $/);
    // No line of the page was wider than the terminal, so xterm wrapped none (and split no word).
    expect(await wrappedRows(page)).toBe(before);
    const page_ = await terminalText(page);
    const manText = page_.slice(page_.lastIndexOf('$ man ls'));
    for (const line of manText.split('\n')) expect(line.length).toBeLessThanOrEqual(narrow.cols);
    await page.screenshot({ path: info.outputPath('terminal-1024x700-man-ls.png') });
    expect(errors).toEqual([]);
  });
});
