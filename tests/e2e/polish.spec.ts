import { expect, type Page, test } from '@playwright/test';
import { openApp, terminalText, typeInTerminal } from './helpers.ts';

/** Screenshots in both themes, for a reader to look at. */
async function bothThemes(page: Page, path: (theme: string) => string): Promise<void> {
  for (const theme of ['dark', 'light']) {
    if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) await page.getByTestId('theme-toggle').click();
    await page.screenshot({ path: path(theme) });
  }
}

/** The small things a student meets in the first minutes: each was once wrong. */
test.describe('polish', () => {
  test('at 1024x700 the process table shows every column, the kill buttons last, without scrolling sideways', async ({ page }, info) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page);
    await page.getByRole('tab', { name: 'Processes', exact: true }).click();
    await typeInTerminal(page, 'sleep 500 &\n');
    const table = page.getByTestId('process-table');
    await expect(table.locator('tr[data-pid="3"]')).toContainText('on sleep');
    const body = table.locator('xpath=..');
    const { scroll, client } = await body.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(scroll, 'the table is no wider than its panel').toBeLessThanOrEqual(client);
    const kill = await table.locator('tr[data-pid="3"] button', { hasText: 'kill' }).boundingBox();
    const panel = await body.boundingBox();
    expect(kill && panel && kill.x + kill.width <= panel.x + panel.width, 'the kill button lies inside the panel').toBe(true);
    await bothThemes(page, (t) => info.outputPath(`process-table-1024-${t}.png`));
  });
});

/** The explanation a checkbox's label carries, as the page shows it while the box has focus. */
async function tipOnFocus(page: Page, box: ReturnType<Page['getByTestId']>): Promise<string> {
  await box.focus();
  const id = await box.getAttribute('aria-describedby');
  expect(id, 'the box is described by its explanation').toBeTruthy();
  const tip = page.locator(`[id="${id}"]`);
  await expect(tip).toBeVisible();
  return (await tip.textContent()) ?? '';
}

test.describe('checkbox explanations', () => {
  test('reach the keyboard: a focused box shows what it means, and the fork lab says it in plain view too', async ({ page }, info) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page);

    await page.getByRole('tab', { name: 'Processes', exact: true }).click();
    await page.getByRole('tab', { name: 'fork.py lab', exact: true }).click();
    expect(await tipOnFocus(page, page.getByTestId('fork-leaf-only'))).toContain('may not exit');
    expect(await tipOnFocus(page, page.getByTestId('fork-local-reparent'))).toContain('its own parent');
    await expect(page.getByTestId('fork-lab-notes')).toContainText('Only leaves exit: a process with children may not exit');
    await bothThemes(page, (t) => info.outputPath(`fork-lab-focus-1024-${t}.png`));

    await page.getByRole('tab', { name: 'Files', exact: true }).click();
    expect(await tipOnFocus(page, page.getByTestId('block-map-group'))).toContain('a band of its own');

    await page.getByRole('tab', { name: 'Memory', exact: true }).click();
    await page.getByTestId('memory-mode-vm-compare').click();
    expect(await tipOnFocus(page, page.getByTestId('vm-compare-pick-LRU'))).toContain('least recently used');
    await bothThemes(page, (t) => info.outputPath(`vm-compare-focus-1024-${t}.png`));
  });
});

test('Compare policies runs on the reference string this session produced', async ({ page }, info) => {
  await openApp(page);
  await page.getByRole('tab', { name: 'Memory', exact: true }).click();
  await page.getByTestId('memory-mode-vm-compare').click();
  await expect(page.getByTestId('vm-session-refs')).toContainText('touched no pages yet');
  await typeInTerminal(page, 'memtouch -p loop -k 5 -n 30\n');
  await expect.poll(() => terminalText(page)).toContain('30 reads (loop) over 5 pages');
  await expect(page.getByTestId('vm-session-refs-pid')).toContainText('(memtouch): 30 references');
  await page.getByTestId('vm-session-refs-use').click();
  const refs = (await page.getByTestId('vm-compare-refs').inputValue()).split(' ').map(Number);
  expect(refs).toHaveLength(30);
  // A loop over five pages: each page comes back every fifth reference.
  expect(refs.slice(5)).toEqual(refs.slice(0, 25));
  expect(new Set(refs).size).toBe(5);
  await expect(page.getByTestId('vm-compare-FIFO').locator('tbody tr')).toHaveCount(30);
  await bothThemes(page, (t) => info.outputPath(`vm-compare-session-1440-${t}.png`));
});
