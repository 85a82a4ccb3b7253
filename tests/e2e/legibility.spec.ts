import { expect, type Locator, type Page, test } from '@playwright/test';
import { openApp, typeInTerminal } from './helpers.ts';

/** The size in screen pixels of each text in an SVG: its font size times the scale the SVG is drawn at. */
function svgTextSizes(svg: Locator): Promise<{ text: string; px: number }[]> {
  return svg.evaluate((el) => {
    const scale = (el as SVGSVGElement).getScreenCTM()?.a ?? 1;
    return [...el.querySelectorAll('text')].map((t) => ({ text: t.textContent ?? '', px: Number.parseFloat(getComputedStyle(t).fontSize) * scale }));
  });
}

/** How many rows a wrapping legend's items fall on, by their distinct tops. */
function legendRows(legend: Locator): Promise<number> {
  return legend.evaluate((el) => new Set([...el.children].map((c) => Math.round(c.getBoundingClientRect().top))).size);
}

async function tab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
}

/** What a small window must still show legibly: no text shrunk past reading, no legend that scrolls or sprawls. */
test.describe('legible in a small window', () => {
  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    test(`the process state diagram's text is at least 11px at ${width}x${height}`, async ({ page }, info) => {
      await page.setViewportSize({ width, height });
      await openApp(page);
      const svg = page.getByTestId('state-diagram');
      await expect(svg).toBeVisible();
      const sizes = await svgTextSizes(svg);
      expect(sizes.length).toBeGreaterThan(10);
      for (const s of sizes) expect(s.px, `“${s.text}” at ${width}px`).toBeGreaterThanOrEqual(11);
      // ...and every label lies inside the drawing, none cut off at its edge.
      const outside = await svg.evaluate((el) => {
        const box = el.getBoundingClientRect();
        return [...el.querySelectorAll('text')]
          .filter((t) => {
            const b = t.getBoundingClientRect();
            return b.left < box.left || b.top < box.top || b.right > box.right || b.bottom > box.bottom;
          })
          .map((t) => t.textContent);
      });
      expect(outside, 'labels cut off at the edge of the diagram').toEqual([]);
      // ...and the drawing is whole within its panel, not cut off at the side.
      const hidden = await svg.locator('xpath=..').evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(hidden, 'the diagram fits its panel').toBeLessThanOrEqual(0);
      await svg.screenshot({ path: info.outputPath(`state-diagram-${width}.png`) });
    });
  }
});

test.describe('keys stay in view', () => {
  test('the Gantt chart keeps its key whole and in view at 1024x700, on one row', async ({ page }, info) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page);
    await typeInTerminal(page, 'cpu 30 & cpu 20 &');
    await page.keyboard.press('Enter');
    const key = page.getByTestId('gantt-key');
    await expect(key).toBeVisible();
    expect(await legendRows(key), 'rows the key takes').toBe(1);
    // Nothing of it is scrolled out of its panel or cut off at the side.
    const panel = await page.locator('section.panel.gantt').boundingBox();
    const box = await key.boundingBox();
    expect(box!.y + box!.height, 'the key ends inside its panel').toBeLessThanOrEqual(panel!.y + panel!.height + 0.5);
    expect(await key.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await page.locator('section.panel.gantt').screenshot({ path: info.outputPath('gantt-key-1024.png') });
  });
});

test('the block map key takes at most two rows at 1024x700, and names the regions only when the map does not', async ({ page }, info) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp(page);
  await tab(page, 'Files');
  const key = page.getByTestId('block-map-legend');
  await expect(key).toContainText('written by the last operation');
  expect(await legendRows(key), 'rows the key takes').toBeLessThanOrEqual(2);
  // Grouped, each band is headed by its region's name; the key does not say it twice.
  await expect(key).not.toContainText('inode bitmap');
  await page.locator('.block-map').screenshot({ path: info.outputPath('block-map-key-1024.png') });
  await page.getByTestId('block-map-group').uncheck();
  await expect(key).toContainText('inode bitmap');
});

test('a tab row inside a tab reads as a level down, flush and on one line, not a staircase of folder tabs', async ({ page }, info) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp(page);
  const look = (name: string) =>
    page.getByRole('tab', { name, exact: true }).evaluate((el) => {
      const s = getComputedStyle(el);
      return { side: Number.parseFloat(s.borderLeftWidth), radius: s.borderTopLeftRadius };
    });
  // The top row is folder tabs; the rows inside are not.
  expect((await look('Processes')).side).toBeGreaterThan(0);
  await tab(page, 'Processes');
  for (const inner of ['Process tree', 'Process table']) expect((await look(inner)).side, `${inner} has no folder-tab sides`).toBe(0);
  await tab(page, 'Pipes, signals, IPC');
  // A third level is another look again: rounded pills.
  expect((await look('Signals')).radius).not.toBe((await look('Process table')).radius);
  await page.screenshot({ path: info.outputPath('nested-tabs-processes-1024.png') });
  // Each nested row starts where its panel starts (no step inward) and keeps its tabs on one line.
  for (const [top, first] of [
    ['Processes', 'Process tree'],
    ['Files', 'Journal & crash'],
    ['Memory', 'Free lists'],
  ] as const) {
    await tab(page, top);
    const row = page.getByRole('tab', { name: first, exact: true }).locator('xpath=..');
    expect(await legendRows(row), `${top}: rows of its inner tabs`).toBe(1);
    const [r, panel] = [await row.boundingBox(), await row.locator('xpath=..').boundingBox()];
    expect(Math.abs(r!.x - panel!.x), `${top}: the inner tab row is flush with its panel`).toBeLessThanOrEqual(1);
  }
  await page.screenshot({ path: info.outputPath('nested-tabs-files-1024.png') });
});

test('a term’s explanation is reachable from the keyboard: one Tab stop per row of terms, shown on focus, read as its description', async ({ page }, info) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp(page);
  await typeInTerminal(page, 'cpu 30 &');
  await page.keyboard.press('Enter');
  const header = page.getByTestId('metrics-table').locator('thead tr');
  const terms = header.locator('[data-term]');
  await expect(terms.first()).toBeVisible();
  // Only the first of the row is in the Tab order; the others are reached with the arrows.
  expect(await terms.evaluateAll((els) => els.map((e) => (e as HTMLElement).tabIndex))).toEqual([0, -1, -1, -1]);
  const tip = page.getByRole('tooltip');
  await expect(tip).toHaveCount(0);
  // Tab reaches it, walking from the scheduler's tab through the controls before it.
  await page.getByRole('tab', { name: 'Scheduler', exact: true }).focus();
  let reached = false;
  for (let i = 0; i < 30 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await terms.first().evaluate((el) => el === document.activeElement);
  }
  expect(reached, 'Tab reaches the first term of the metrics header').toBe(true);
  await expect(tip).toBeVisible();
  await expect(tip).toHaveText('first run − arrival');
  await expect(terms.first()).toHaveAccessibleDescription('first run − arrival');
  await page.screenshot({ path: info.outputPath('term-focused-1024.png') });
  await page.keyboard.press('ArrowRight');
  await expect(terms.nth(1)).toBeFocused();
  await expect(tip).toHaveText('finish − arrival');
  await page.keyboard.press('Escape');
  await expect(tip).toHaveCount(0);
  await page.keyboard.press('Tab');
  expect(await terms.evaluateAll((els) => els.some((e) => e === document.activeElement)), 'Tab leaves the row of terms').toBe(false);
});

test('the terminal’s hint keeps its keys in a narrow window, wrapped rather than cut off', async ({ page }, info) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp(page);
  const hint = page.locator('.terminal-panel > header .muted');
  await expect(hint).toContainText('F1 keys');
  expect(await hint.evaluate((el) => el.scrollWidth - el.clientWidth), 'hint hidden past its edge').toBeLessThanOrEqual(0);
  const [h, header] = [await hint.boundingBox(), await page.locator('.terminal-panel > header').boundingBox()];
  expect(h!.y + h!.height).toBeLessThanOrEqual(header!.y + header!.height + 0.5);
  await page.locator('.terminal-panel').screenshot({ path: info.outputPath('terminal-hint-1024.png') });
});
