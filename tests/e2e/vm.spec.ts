import { expect, type Page, test } from '@playwright/test';
import { ganttBars, openApp, terminalText, typeInTerminal, watchConsole } from './helpers.ts';

/** Opens the Memory tab's Virtual memory mode. */
async function openVm(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Memory' }).click();
  await page.getByTestId('memory-mode-vm').click();
  await expect(page.getByTestId('vm-view')).toBeVisible();
}

/** Starts the machine unless it is already running (a fresh session plays by itself). */
async function ensurePlaying(page: Page): Promise<void> {
  if ((await page.getByTestId('play').getAttribute('aria-label')) === 'Play') await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Pause');
}

const majorFaults = async (page: Page): Promise<number> => Number(/(\d+) major/.exec((await page.getByTestId('vm-counters').textContent()) ?? '')?.[1] ?? 0);

test.describe('virtual memory', () => {
  test('memtouch under the clock with too few frames: faults, the clock hand and a victim', async ({ page }) => {
    const errors = watchConsole(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openApp(page);
    await page.getByTestId('examples').selectOption({ label: 'The clock algorithm with too few frames' });
    await expect(page.getByTestId('scenario-name')).toHaveText('The clock algorithm with too few frames');
    await openVm(page);
    // Loading a scenario leaves the machine paused at tick 0. Step tick by tick (a typed
    // command would otherwise run at full speed) past a few swap-ins, to a tick where a
    // victim was just evicted, so its frame is outlined.
    await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
    const outlined = async () => (await majorFaults(page)) > 3 && (await page.locator('.vm-frame.victim').count()) === 1;
    for (let i = 0; i < 200 && !(await outlined()); i++) {
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await page.waitForTimeout(30);
    }
    await expect(page.locator('.vm-frame.victim')).toHaveCount(1);
    // Five frames: memtouch's page table in one (striped, named in the legend, never the
    // clock's), its pages in the other four, one under the clock hand.
    await expect(page.getByTestId('vm-frames').locator('.vm-frame')).toHaveCount(5);
    await expect(page.getByTestId('vm-frames').locator('.vm-frame.table')).toHaveCount(1);
    await expect(page.getByTestId('vm-frames').locator('.vm-frame.table')).toContainText('PT 0');
    await expect(page.getByTestId('vm-frames-legend')).toContainText('page table');
    // The panel's note may be cut short in a narrow window; it is whole on hover.
    await expect(page.getByRole('region', { name: 'Physical frames' }).locator('header .muted')).toHaveAttribute('title', /free, clock hand at \d+/);
    await expect(page.getByTestId('vm-frames').locator('.vm-frame.hand:not(.table)')).toHaveCount(1);
    await expect(page.getByRole('region', { name: 'Page table (linear)' })).toContainText('1 frame of memory');
    await expect(page.getByTestId('vm-events')).toContainText('evicted by CLOCK');
    // The swap area is the disk's second partition, with the header the kernel checked at boot.
    await expect(page.getByTestId('vm-swap-header')).toContainText('SWAPSPACE2, version 1, 64 pages, 0 bad');
    // The address space shows pages in frames and pages in swap; the walk names its bits.
    await expect(page.getByTestId('vm-space').locator('.vm-page.resident').first()).toBeVisible();
    await expect(page.getByTestId('vm-space').locator('.vm-page.swapped').first()).toBeVisible();
    await expect(page.getByTestId('vm-access')).toContainText('VPN');
    await expect(page.getByTestId('vm-access')).toContainText('offset');
    // The TLB flashes the entry the last access used: a miss here (the page just came back from swap).
    await expect(page.getByTestId('vm-tlb').locator('tr.flash-miss')).toHaveCount(1);
    await expect(page.getByTestId('vm-access')).toContainText('TLB miss');
    await page.screenshot({ path: 'test-results/screenshots/vm-clock-1440.png' });
    // The view scrolls on its own: at the bottom, the chart of fault rate, TLB hit rate and resident sets.
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByTestId('vm-view').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(page.getByTestId('vm-chart')).toBeInViewport();
    await page.screenshot({ path: 'test-results/screenshots/vm-chart.png' });
    await page.getByTestId('vm-view').evaluate((el) => el.scrollTo(0, 0));
    // Pointing at a page in swap shows what an access to it would do, without doing it.
    await page.getByTestId('vm-space').locator('.vm-page.swapped').first().focus();
    await expect(page.getByRole('region', { name: 'The page under the cursor' })).toBeVisible();
    await expect(page.getByTestId('vm-outcome')).toContainText('in swap: a page fault that reads it back');
    await page.screenshot({ path: 'test-results/screenshots/vm-probe-1440.png' });
    await page.mouse.move(0, 0);
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: 'test-results/screenshots/vm-clock-1024.png' });
    await page.getByTestId('theme-toggle').click();
    await page.screenshot({ path: 'test-results/screenshots/vm-clock-1024-other-theme.png' });
    // Each swap-in blocked memtouch for the disk: the Gantt chart's painter has an I/O bar
    // for every one of them so far (its model, as the canvas exposes it for tests).
    await page.setViewportSize({ width: 1440, height: 900 });
    const major = await majorFaults(page);
    await page.getByRole('tab', { name: 'Scheduler' }).click();
    await expect(page.getByTestId('gantt')).toBeVisible();
    const swapIns = await ganttBars(page, 'gantt', 'swap-in');
    expect(swapIns).toBeGreaterThan(3);
    expect(swapIns).toBeLessThanOrEqual(major);
    expect(await ganttBars(page, 'gantt', 'io')).toBeGreaterThanOrEqual(swapIns);
    await page.screenshot({ path: 'test-results/screenshots/vm-gantt-swap-in.png' });
    expect(errors).toEqual([]);
  });

  test('a multi-level page table: absent tables cost nothing, the tables in use take frames', async ({ page }) => {
    const errors = watchConsole(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openApp(page);
    await page.getByTestId('examples').selectOption({ label: 'Smaller tables: a multi-level page table' });
    await expect(page.getByTestId('scenario-name')).toHaveText('Smaller tables: a multi-level page table');
    await openVm(page);
    // Step until memtouch (pid 3) has written its pages (its tree's directory and one table are then in memory).
    const memtouchTables = page.locator('.vm-frame.table').filter({ has: page.locator('.who', { hasText: /^3$/ }) });
    const twoTables = async () => (await memtouchTables.count()) === 2;
    for (let i = 0; i < 60 && !(await twoTables()); i++) {
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await page.waitForTimeout(30);
    }
    await expect(memtouchTables).toHaveCount(2);
    // init and the shell have a directory and a table each too, for their code.
    await expect(page.getByTestId('vm-frames-legend')).toContainText('6 here');
    const table = page.getByRole('region', { name: 'Page table (2 levels)' });
    await expect(table).toContainText('2 frames of memory');
    await expect(page.getByTestId('vm-table-0')).toContainText('page directory · 2/32 valid · in frame');
    await expect(page.getByTestId('vm-table-0')).toContainText('30 entries invalid: 30 page tables absent');
    // The stack's table is in the tree (its entries are valid) but nothing under it was touched.
    await expect(table).toContainText('not in memory yet');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.screenshot({ path: 'test-results/screenshots/vm-multilevel-1440.png' });
    await page.getByTestId('theme-toggle').click();
    await page.screenshot({ path: 'test-results/screenshots/vm-multilevel-1440-other-theme.png' });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: 'test-results/screenshots/vm-multilevel-1024-other-theme.png' });
    await page.getByTestId('theme-toggle').click();
    await page.screenshot({ path: 'test-results/screenshots/vm-multilevel-1024.png' });
    await page.getByTestId('vm-table-0').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screenshots/vm-multilevel-tree-1024.png' });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('vm-table-0').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screenshots/vm-multilevel-tree-1440.png' });
    expect(errors).toEqual([]);
  });

  test('the shell and what it runs have their code resident, one frame per program shared by all its processes', async ({ page }) => {
    const errors = watchConsole(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openApp(page);
    await ensurePlaying(page);
    await expect.poll(() => terminalText(page)).toContain('$');
    // Two sleeps run one program: its code is one frame, mapped by both.
    await typeInTerminal(page, 'sleep 100000 & sleep 100000 & ps -l');
    await page.keyboard.press('Enter');
    // ps -l ends each line with VSZ, RSS (in KiB or bytes, with its unit) and the command: the shell's RSS is not 0.
    await expect.poll(() => terminalText(page)).toMatch(/ \d+[KB] +[1-9]\d*[KB] sh\s/);
    const text = await terminalText(page);
    for (const cmd of ['init', 'sh', 'sleep 100000', 'ps -l']) expect(text).toMatch(new RegExp(` \\d+[KB] +[1-9]\\d*[KB] ${cmd}\\s`));
    await openVm(page);
    const sleepCode = page.getByTestId('vm-frames').locator('.vm-frame.code[data-shared="sleep"]');
    await expect(sleepCode).toHaveCount(1);
    await expect(sleepCode).toContainText('2×');
    await expect(sleepCode).toHaveAttribute('title', /sleep's code page 1, read-only and shared by pids \d+, \d+ \(2 processes running sleep\)/);
    await expect(page.getByTestId('vm-frames').locator('.vm-frame.code[data-shared="sh"]')).toHaveCount(1);
    await expect(page.getByTestId('vm-frames-legend')).toContainText('shared code');
    // The address space names the code's program and its sharers; code not yet touched comes from the program, not zeros.
    await expect(page.getByTestId('vm-space').locator('.vm-page.resident').first()).toHaveAttribute('title', /code, in a frame: \w+'s code, shared by \d process/);
    await expect(page.getByTestId('vm-space').locator('.vm-page.untouched').first()).toContainText('image');
    await page.screenshot({ path: 'test-results/screenshots/vm-shared-code-1440.png' });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByTestId('vm-frames').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screenshots/vm-shared-code-1024.png' });
    await page.getByTestId('theme-toggle').click();
    await page.screenshot({ path: 'test-results/screenshots/vm-shared-code-1024-other-theme.png' });
    expect(errors).toEqual([]);
  });

  test('a segfault shows in the terminal and in the signal log', async ({ page }) => {
    const errors = watchConsole(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openApp(page);
    await ensurePlaying(page);
    await expect.poll(() => terminalText(page)).toContain('$');
    await typeInTerminal(page, 'segfault code');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page)).toContain('Segmentation fault');
    await openVm(page);
    await expect(page.getByTestId('vm-outcome')).toContainText('protection fault (SIGSEGV)');
    await page.screenshot({ path: 'test-results/screenshots/vm-segfault-view.png' });
    await page.getByRole('tab', { name: 'Processes' }).click();
    await page.getByRole('tab', { name: 'Pipes, signals, IPC' }).click();
    await page.getByRole('tab', { name: 'Signals', exact: true }).click();
    await expect(page.getByTestId('signal-log')).toContainText('SIGSEGV');
    await expect(page.getByTestId('signal-log')).toContainText('terminated');
    await page.screenshot({ path: 'test-results/screenshots/vm-segfault-signals.png' });
    expect(errors).toEqual([]);
  });

  test('a process that has not used memory yet shows its whole layout, untouched, with no page table built', async ({ page }) => {
    const errors = watchConsole(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openApp(page);
    await ensurePlaying(page);
    await expect.poll(() => terminalText(page)).toContain('$');
    // cpu stands for a CPU burst, not a program's code: its address space is reserved and never built.
    await typeInTerminal(page, 'cpu 100000 &');
    await page.keyboard.press('Enter');
    await openVm(page);
    const lazy = page.getByTestId('vm-pid').locator('option', { hasText: 'no memory used yet' }).first();
    await expect(lazy).toBeAttached();
    const pid = await lazy.getAttribute('value');
    expect(pid).not.toBeNull();
    await page.getByTestId('vm-pid').selectOption(pid as string);
    await expect(page.locator('.vm-table')).toContainText('not built yet');
    // Its regions are valid and demand-zero, as a fresh space's are: the view shows them, not an empty space.
    await expect(page.getByTestId('vm-space').locator('.vm-page.untouched').first()).toBeVisible();
    await expect(page.getByTestId('vm-space').locator('.vm-page.resident')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screenshots/vm-lazy-space-1440.png' });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: 'test-results/screenshots/vm-lazy-space-1024.png' });
    expect(errors).toEqual([]);
  });

  test('the abbreviations explain themselves and the mode description fits, at both sizes and in both themes', async ({ page }) => {
    const errors = watchConsole(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openApp(page);
    await page.getByTestId('examples').selectOption({ label: 'The clock algorithm with too few frames' });
    await openVm(page);
    for (let i = 0; i < 200 && (await majorFaults(page)) < 2; i++) {
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await page.waitForTimeout(30);
    }
    await expect(page.getByTestId('vm-tlb-ways')).toHaveAccessibleDescription(/set associative|fully associative/);
    await expect(page.getByTestId('vm-tlb-asids')).toHaveAccessibleDescription(/address-space identifiers/);
    const counters = page.getByTestId('vm-counters');
    await expect(counters.locator('[data-term]', { hasText: 'COW' })).toHaveAccessibleDescription(/copy-on-write/);
    await expect(counters.locator('[data-term]', { hasText: 'SIGSEGV' })).toHaveAccessibleDescription(/segmentation fault/);
    await expect(page.getByTestId('vm-policy').locator('[data-term]')).toHaveAccessibleDescription(/^CLOCK: the clock: a hand sweeps/);
    // A walk step breaks only between its two halves, each kept whole.
    const walk = page.getByTestId('vm-access').locator('.vm-walk').first();
    await expect(walk).toContainText('level 0');
    const oneLine = await walk
      .locator(':scope > span')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height < 2 * Number.parseFloat(getComputedStyle(e).fontSize)));
    expect(oneLine).toEqual([true, true]);
    const description = page.locator('.mem-modebar .muted');
    const notClipped = () => description.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= window.innerWidth);
    for (const size of [
      { width: 1440, height: 900 },
      { width: 1024, height: 700 },
    ]) {
      await page.setViewportSize(size);
      for (const theme of ['first', 'second']) {
        expect(await notClipped()).toBe(true);
        await page.screenshot({ path: `test-results/screenshots/vm-terms-${size.width}-${theme}-theme.png` });
        await page.getByTestId('theme-toggle').click();
      }
    }
    await page.getByTestId('memory-mode-vm-compare').click();
    for (const p of ['RAND', 'WS', 'UNOPT']) {
      await expect(page.locator('.vm-policy-picks label', { hasText: p }).locator('input')).toHaveAccessibleDescription(new RegExp(`^${p}: `));
    }
    await expect(page.getByTestId('vm-compare-opt-note').locator('[data-term]', { hasText: 'UNOPT' })).toHaveAccessibleDescription(/worst case/);
    expect(await notClipped()).toBe(true);
    await page.setViewportSize({ width: 1024, height: 700 });
    expect(await notClipped()).toBe(true);
    await page.screenshot({ path: 'test-results/screenshots/vm-terms-compare-1024.png' });
    expect(errors).toEqual([]);
  });

  test('compare mode runs one reference string under several policies', async ({ page }) => {
    await openApp(page);
    await page.getByRole('tab', { name: 'Memory' }).click();
    await page.getByTestId('memory-mode-vm-compare').click();
    await page.getByTestId('vm-compare-run').click();
    await expect(page.getByTestId('vm-compare-OPT')).toBeVisible();
    await expect(page.getByTestId('vm-compare-FIFO').locator('tr.miss').first()).toBeVisible();
    await expect(page.getByTestId('vm-compare-opt-note')).toContainText('they need every future reference');
    await page.screenshot({ path: 'test-results/screenshots/vm-compare.png' });
  });
});
