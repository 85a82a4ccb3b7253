import { expect, test } from '@playwright/test';
import { currentTick, ganttBars, ganttPids, openApp, terminalText, typeInTerminal } from './helpers.ts';

test.describe('the Gantt chart', () => {
  test('a finished example keeps its whole schedule in view, and a bar explains itself on hover', async ({ page }, info) => {
    await openApp(page);
    await page.getByTestId('examples').selectOption({ label: 'FIFO and the convoy effect' });
    await page.getByLabel('Speed in ticks per second').selectOption('1000');
    await page.getByTestId('play').click();
    await expect.poll(() => currentTick(page)).toBeGreaterThan(400);
    await page.getByTestId('play').click();
    await expect(page.getByTestId('gantt-range')).toHaveText(/ticks 0–120 · idle since 120/);
    expect(await ganttPids(page, 'gantt')).toEqual([2, 3, 4]);
    const box = (await page.getByTestId('gantt').boundingBox())!;
    // pid 2 runs first, for 100 of the 120 ticks: the first lane, a third of the way along.
    await page.mouse.move(box.x + 86 + (box.width - 100) / 3, box.y + 6 + 12);
    await expect(page.getByTestId('gantt-tip')).toContainText('pid 2');
    await page.screenshot({ path: info.outputPath('gantt-finished-1440.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.screenshot({ path: info.outputPath('gantt-finished-1024.png') });
  });

  test('at tick 0 the chart names the process the CPU panel shows, before its first slice', async ({ page }, info) => {
    await openApp(page);
    await page.getByTestId('examples').selectOption({ label: 'FIFO and the convoy effect' });
    // The example replaces the running machine: wait for it, paused at its first tick, not
    // for a frame the old machine sent on its way out.
    await expect(page.getByRole('banner')).toContainText('FIFO and the convoy effect');
    await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
    await expect.poll(() => currentTick(page)).toBe(0);
    const empty = page.getByTestId('gantt-empty');
    await expect(empty).toContainText('Nothing has run yet.');
    // FIFO has already chosen pid 2 (A, first in line): the CPU panel and the chart both say so.
    await expect(page.locator('.cpu-line').first()).toContainText('chose pid 2');
    await expect(empty).toContainText('Now pid 2 (cpu) is on CPU 0; its slice starts at tick 0.');
    await page.screenshot({ path: info.outputPath('gantt-tick0-1440.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: info.outputPath('gantt-tick0-1024.png') });
  });

  test('after a pipeline the chart shows its work, not an empty window', async ({ page }) => {
    await openApp(page);
    await typeInTerminal(page, 'seq 1 1000 | grep 7 | wc -l');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page)).toMatch(/271\n\$ $/);
    const t = await currentTick(page);
    await expect.poll(() => currentTick(page)).toBeGreaterThan(t + 150);
    await expect(page.getByTestId('gantt-range')).toContainText('idle since');
    expect(await ganttBars(page, 'gantt', 'run')).toBeGreaterThan(10);
  });

  test('at 1024x700 the header keeps every control inside the panel, "now" included', async ({ page }) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page);
    await page.getByTestId('examples').selectOption({ label: 'FIFO and the convoy effect' });
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByLabel('Speed in ticks per second').selectOption('1000');
    await page.getByTestId('play').click();
    await expect(page.getByTestId('gantt-range')).toContainText('idle since', { timeout: 20_000 });
    const panel = await page.getByTestId('gantt-range').locator('xpath=ancestor::section[1]').boundingBox();
    const now = await page.getByRole('button', { name: 'now', exact: true }).boundingBox();
    expect(panel && now).toBeTruthy();
    expect(now!.x).toBeGreaterThanOrEqual(panel!.x);
    expect(now!.x + now!.width).toBeLessThanOrEqual(panel!.x + panel!.width);
    expect(now!.y + now!.height).toBeLessThanOrEqual(panel!.y + panel!.height);
  });
});
