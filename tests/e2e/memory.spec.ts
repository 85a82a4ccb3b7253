import { expect, type Page, test } from '@playwright/test';
import { currentTick, openApp, watchConsole } from './helpers.ts';

/** The step list's rows, and the one marked current. */
const rows = (page: Page) => page.getByTestId('step-list').locator('li');
const current = (page: Page) => page.getByTestId('step-list').locator('li[aria-current="step"]');
/** The heap map's block summary (a visually hidden list beside the canvas). */
const mapBlocks = (page: Page) => page.getByTestId('heap-map-blocks').locator('li[data-addr]');

async function stepTimeline(page: Page, n: number, label: 'Step' | 'Step back' = 'Step'): Promise<void> {
  for (let i = 0; i < n; i++) {
    const before = await currentTick(page);
    await page.getByRole('button', { name: label, exact: true }).click();
    await expect.poll(() => currentTick(page)).toBe(label === 'Step' ? before + 1 : before - 1);
  }
}

async function switchTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  const now = await page.evaluate(() => document.documentElement.dataset.theme);
  if (now !== theme) await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test.describe('the Memory tab', () => {
  test('runs a trace through memtrace, steps through it with the timeline and back, and shows the heap at each step', async ({ page }) => {
    const errors = watchConsole(page);
    await openApp(page);
    await page.getByRole('tab', { name: 'Memory' }).click();

    // Load a trace through the loader: an example, then check what it parsed to.
    await page.getByTestId('trace-source').selectOption('first-vs-best.ops');
    await expect(page.getByTestId('trace-summary')).toHaveText('8 operations');
    await page.getByTestId('trace-run').click();
    await expect(rows(page)).toHaveCount(8);
    await expect(rows(page).nth(0)).toContainText('ptr[0] = malloc(40)');
    await expect(page.getByTestId('step-list').locator('li[data-status="pending"]')).toHaveCount(8);
    await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');

    // One operation per tick: each is a tick of CPU, then the call.
    const t0 = await currentTick(page);
    await stepTimeline(page, 1);
    await expect(current(page)).toContainText('ptr[0] = malloc(40)');
    await expect(current(page)).toContainText('returned 4104, searched 1');
    await expect(rows(page).nth(1)).toHaveAttribute('data-status', 'pending');
    await expect(mapBlocks(page).and(page.locator('[data-free="no"]'))).toHaveCount(1);
    await expect(page.getByTestId('heap-map')).toHaveAttribute('data-blocks', '2');

    await stepTimeline(page, 6);
    expect(await currentTick(page)).toBe(t0 + 7);
    await expect(current(page)).toContainText('ptr[4] = malloc(15)');
    await expect(current(page)).toContainText('returned 4104, searched 1');
    await expect(rows(page).nth(4)).toContainText('free(ptr[0])returned 0');
    await expect(rows(page).nth(7)).toHaveAttribute('data-status', 'pending');
    // The 15-byte request took the front of the 48-byte hole: blocks 24, 24 (free), 24, 32 (free), 24, the rest.
    await expect(mapBlocks(page)).toHaveCount(6);
    await expect(mapBlocks(page).nth(0)).toHaveAttribute('data-size', '24');
    await expect(mapBlocks(page).nth(1)).toHaveAttribute('data-free', 'yes');
    await expect(page.getByTestId('free-list')).toHaveAttribute('data-count', '3');
    await expect(page.getByTestId('heap-metrics').locator('[data-metric="freeBytes"] dd')).toHaveText('4024 B in 3 blocks');

    // Hovering a block names it; clicking an owner's block selects that process everywhere.
    const map = page.getByTestId('heap-map');
    await map.hover({ position: await mapPoint(page, 'heap-map', 12) });
    await expect(page.getByTestId('heap-map-hover')).toContainText('0x1000–0x1017 · 24 B = 8 header + 15 payload + 1 padding · pid');
    await map.click({ position: await mapPoint(page, 'heap-map', 12) });
    await expect(page.locator('.mem-legend button.selected')).toContainText('memtrace');

    // Step back two ticks: the state after free(ptr[0]).
    await stepTimeline(page, 2, 'Step back');
    await expect(current(page)).toContainText('free(ptr[0])');
    await expect(current(page)).toContainText('returned 0');
    await expect(page.getByTestId('step-list').locator('li[data-status="pending"]')).toHaveCount(3);
    await expect(mapBlocks(page)).toHaveCount(5);
    await expect(mapBlocks(page).nth(0)).toHaveAttribute('data-free', 'yes');
    await expect(mapBlocks(page).nth(0)).toHaveAttribute('data-size', '48');

    // To the last operation: the map shows the heap the trace leaves, four blocks held and the holes between.
    await stepTimeline(page, 3);
    await expect(current(page)).toContainText('ptr[5] = malloc(35)');
    await expect(current(page)).toContainText('returned 4232, searched 3');
    await expect(page.getByTestId('step-list').locator('li[data-status="done"]')).toHaveCount(8);
    await expect(mapBlocks(page).and(page.locator('[data-free="no"]'))).toHaveCount(4);
    await expect(page.getByTestId('heap-ended')).toHaveCount(0);
    // One tick later memtrace exits holding them: they are reclaimed and marked as leaked, and the
    // tab says the map now shows the heap after the exit, with a way back to the trace's last step.
    await stepTimeline(page, 1);
    await expect(mapBlocks(page)).toHaveCount(1);
    await expect(mapBlocks(page).nth(0)).toContainText(/leaked by pid \d+ \(memtrace\), reclaimed at its exit/);
    const end = await currentTick(page);
    await expect(page.getByTestId('heap-ended')).toContainText(`exited at tick ${end}`);
    await page.getByTestId('heap-last-step').click();
    await expect.poll(() => currentTick(page)).toBe(end - 1);
    await expect(mapBlocks(page).and(page.locator('[data-free="no"]'))).toHaveCount(4);
    await stepTimeline(page, 1);

    // The fragmentation chart has a point per call.
    await page.getByRole('tab', { name: 'Fragmentation over time' }).click();
    await expect(page.getByTestId('frag-chart')).toHaveAttribute('data-points', '9');
    expect(errors).toEqual([]);
  });

  test('the worst-fit example: the Trace menu names the trace that ran, and the map after its last step agrees with its ENOMEM', async ({ page }, info) => {
    const errors = watchConsole(page);
    await openApp(page);
    await page.getByRole('tab', { name: 'Memory' }).click();
    await page.getByTestId('trace-source').selectOption('first-vs-best.ops');
    await page.getByTestId('examples').selectOption({ label: 'Free-space management: worst fit splinters the big hole' });
    await page.getByLabel('Speed in ticks per second').selectOption('1000');
    await page.getByTestId('play').click();
    await expect(page.getByTestId('heap-ended')).toBeVisible({ timeout: 20_000 });
    await page.getByTestId('play').click();
    await expect(page.getByTestId('trace-source')).toHaveValue(/^run:\d+$/);
    await expect(page.getByTestId('trace-source').locator('option:checked')).toHaveText(/^the trace pid \d+ ran$/);
    await expect(page.getByTestId('trace-text')).toHaveValue(/\+56,\+8,\+24,\+8,\+40,\+8,-0,-2,-4,\+24,\+40,\+56,\+248/);
    await page.getByTestId('heap-last-step').click();
    await expect(current(page)).toContainText('ptr[9] = malloc(248)');
    await expect(current(page)).toContainText('failed: ENOMEM, searched 4');
    // What glassbox run prints for that step: 320 B free in 4 free blocks, largest 176.
    await expect(page.getByTestId('heap-metrics').locator('[data-metric="freeBytes"] dd')).toHaveText('320 B in 4 blocks');
    await expect(page.getByTestId('heap-metrics').locator('[data-metric="largestFree"] dd')).toHaveText('176 B');
    await expect(page.getByTestId('free-list')).toHaveAttribute('data-count', '4');
    await page.screenshot({ path: info.outputPath('worst-fit-last-step-1440.png') });
    expect(errors).toEqual([]);
  });

  test('the trace loader takes your own text, says what is wrong with it, and generates seeded random traces', async ({ page }) => {
    const errors = watchConsole(page);
    await openApp(page);
    await page.getByRole('tab', { name: 'Memory' }).click();
    await page.getByTestId('trace-text').fill('+10,+20,-0');
    await expect(page.getByTestId('trace-source')).toHaveValue('custom');
    await expect(page.getByTestId('trace-summary')).toHaveText('3 operations');
    await page.getByTestId('trace-text').fill('a 0 16\nr 0 oops\n');
    await expect(page.getByTestId('trace-summary')).toHaveText('line 2 ("r 0 oops"): expected "r id size"');
    await page.getByTestId('trace-run').click();
    await expect(page.getByTestId('trace-loader')).toContainText('expected "r id size"');
    await expect(page.getByTestId('step-list')).toHaveCount(0);

    await page.getByTestId('trace-source').selectOption('random');
    await expect(page.getByTestId('trace-summary')).toHaveText('40 operations');
    const first = await page.getByTestId('trace-text').inputValue();
    expect(first).toMatch(/^# random trace: seed 1, 40 ops/);
    await page.getByLabel('seed').fill('2');
    await expect(page.getByTestId('trace-text')).not.toHaveValue(first);
    await page.getByLabel('seed').fill('1');
    await expect(page.getByTestId('trace-text')).toHaveValue(first);
    await page.getByTestId('trace-run').click();
    await expect(rows(page)).toHaveCount(40);
    expect(errors).toEqual([]);
  });

  test('compare mode: first-vs-best under the four placement policies', async ({ page }) => {
    const errors = watchConsole(page);
    await openApp(page);
    await page.getByRole('tab', { name: 'Memory' }).click();
    await page.getByTestId('memory-mode-compare').click();
    await page.getByTestId('trace-source').selectOption('first-vs-best.ops');
    await page.getByTestId('lab-arena').selectOption('toy');
    await page.getByTestId('lab-preset').selectOption('policies');
    await expect(page.locator('[data-testid^="lab-config-"]')).toHaveCount(4);
    await page.getByTestId('lab-compare').click();

    await expect(page.getByTestId('lab-op')).toContainText('step 8 of 8: ptr[5] = malloc(35)');
    const cell = (metric: string, col: number) => page.locator(`[data-metric="${metric}"][data-col="${col}"]`);
    for (const [i, name] of ['first fit', 'next fit', 'best fit', 'worst fit'].entries()) await expect(page.getByTestId(`lab-col-${i}`)).toContainText(name);
    // First and worst fit carved up the 40-byte hole, so the 35-byte request fails; best fit kept it whole.
    await expect(cell('outcome', 0)).toHaveText('failed: ENOMEM, searched 3');
    await expect(cell('outcome', 1)).toHaveText('returned 0, searched 2');
    await expect(cell('outcome', 2)).toHaveText('returned 0, searched 3');
    await expect(cell('outcome', 3)).toHaveText('failed: ENOMEM, searched 3');
    expect(await Promise.all([0, 1, 2, 3].map((i) => cell('failed', i).textContent()))).toEqual(['1', '0', '0', '1']);
    expect(await Promise.all([0, 1, 2, 3].map((i) => cell('externalFragmentation', i).textContent()))).toEqual(['62%', '33%', '33%', '62%']);
    expect(await Promise.all([0, 1, 2, 3].map((i) => cell('inUse', i).textContent()))).toEqual(['35 B of 100 B', '70 B of 100 B', '70 B of 100 B', '35 B of 100 B']);
    await expect(cell('failed', 1)).toHaveClass(/best/);

    // Step back one: the 15-byte request, placed differently by each policy.
    await page.getByTestId('lab-prev').click();
    await expect(page.getByTestId('lab-op')).toContainText('step 7 of 8: ptr[4] = malloc(15)');
    expect(await Promise.all([0, 1, 2, 3].map((i) => cell('outcome', i).textContent()))).toEqual([
      'returned 0, searched 1',
      'returned 80, searched 1',
      'returned 50, searched 3',
      'returned 0, searched 3',
    ]);
    expect(await Promise.all([0, 1, 2, 3].map((i) => cell('largestFree', i).textContent()))).toEqual(['25 B', '40 B', '40 B', '25 B']);
    // Best fit's map: ptr[4] sits in the 20-byte hole at 50.
    await expect(page.getByTestId('lab-map-2-blocks').locator('li[data-addr="50"]')).toHaveAttribute('data-size', '15');
    await expect(page.getByTestId('lab-map-0-blocks').locator('li[data-addr="0"]')).toHaveAttribute('data-free', 'no');
    await expect(page.getByTestId('lab-chart')).toHaveAttribute('data-points', '9');
    expect(errors).toEqual([]);
  });

  test('screenshots in both themes', async ({ page }) => {
    const errors = watchConsole(page);
    await openApp(page);
    await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Pause');
    await page.getByRole('tab', { name: 'Memory' }).click();
    await page.getByTestId('trace-source').selectOption('realloc.rep');
    await page.getByTestId('trace-run').click();
    await expect(rows(page)).toHaveCount(9);
    await stepTimeline(page, 6);
    for (const theme of ['dark', 'light'] as const) {
      await switchTheme(page, theme);
      await page.getByTestId('heap-map').hover({ position: await mapPoint(page, 'heap-map', 30) });
      await expect(page.getByTestId('heap-map-hover')).toContainText(/payload .* pid \d+ \(memtrace\) · pointer 0x10/);
      await page.screenshot({ path: `test-results/screenshots/memory-${theme}.png` });
    }
    await page.getByTestId('memory-mode-compare').click();
    await page.getByTestId('trace-source').selectOption('first-vs-best.ops');
    await page.getByTestId('lab-arena').selectOption('toy');
    await page.getByTestId('lab-preset').selectOption('policies');
    await page.getByTestId('lab-compare').click();
    await page.getByTestId('lab-prev').click();
    for (const theme of ['dark', 'light'] as const) {
      await switchTheme(page, theme);
      await page.getByTestId('lab-map-2').hover({ position: await mapPoint(page, 'lab-map-2', 55) });
      await page.screenshot({ path: `test-results/screenshots/memory-compare-${theme}.png` });
    }
    expect(errors).toEqual([]);
  });
});

/** Where on a heap map's canvas the byte at `offset` from the arena's base is drawn. */
async function mapPoint(page: Page, testId: string, offset: number): Promise<{ x: number; y: number }> {
  const g = await page.getByTestId(testId).evaluate((el) => {
    const d = (el as HTMLElement).dataset;
    return { gutter: Number(d.gutter), bpr: Number(d.bytesPerRow), rowH: Number(d.rowHeight), width: el.getBoundingClientRect().width };
  });
  const col = offset % g.bpr;
  return { x: g.gutter + ((g.width - g.gutter) * (col + 0.5)) / g.bpr, y: Math.floor(offset / g.bpr) * g.rowH + g.rowH / 2 };
}
