import { expect, type Page, test } from '@playwright/test';
import { currentTick, openApp, terminalText, typeInTerminal } from './helpers.ts';

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

/** WCAG's contrast ratio between an element's text colour and the first opaque background behind it. */
function contrastOf(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) throw new Error(`no ${sel}`);
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    let bg: number[] = [];
    for (let e: Element | null = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) {
        bg = c.slice(0, 3);
        break;
      }
    }
    const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }, selector);
}

test.describe('the Files view', () => {
  test('the block map key says in words what a corner and an outline mean', async ({ page }, info) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page);
    await page.getByRole('tab', { name: 'Files', exact: true }).click();
    const key = page.getByTestId('block-map-legend');
    await expect(key).toContainText('changed, not yet written to disk');
    await expect(key).toContainText('read, written by the last operation');
    await bothThemes(page, (t) => info.outputPath(`block-map-key-1024-${t}.png`));
  });

  test('scrolled, the journal and crash panel keeps its section heading whole at the top', async ({ page }, info) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page);
    await page.getByRole('tab', { name: 'Files', exact: true }).click();
    await page.getByRole('tab', { name: 'Journal & crash', exact: true }).click();
    const panel = page.locator('.scroll-panel').filter({ has: page.getByTestId('crash-panel') });
    for (const by of [12, 20, 40]) {
      await panel.evaluate((el, y) => {
        el.scrollTop = y;
      }, by);
      const [box, heading] = [await panel.boundingBox(), await page.getByTestId('crash-panel').getByRole('heading', { name: 'Journal' }).boundingBox()];
      expect(box && heading && heading.y >= box.y, `scrolled by ${by}, the Journal heading starts inside the panel`).toBe(true);
    }
    await bothThemes(page, (t) => info.outputPath(`crash-panel-scrolled-1024-${t}.png`));
  });
});

test('once the processes that paged have exited, the paging chart says it shows the whole machine, not an idle init', async ({ page }, info) => {
  await openApp(page);
  await typeInTerminal(page, 'memtouch -p loop -k 5 -n 60\n');
  await expect.poll(() => terminalText(page)).toContain('60 reads (loop)');
  await page.getByRole('tab', { name: 'Memory', exact: true }).click();
  await page.getByTestId('memory-mode-vm').click();
  const legend = page.getByTestId('vm-view').getByRole('list', { name: 'Legend' });
  await expect(legend).toContainText('RSS memtouch');
  await expect(legend).toContainText('faults per tick (all processes)');
  await expect(legend).not.toContainText('(init 1)');
  await bothThemes(page, (t) => info.outputPath(`vm-chart-after-1440-${t}.png`));
});

test('a warning reads at WCAG AA contrast in both themes: the notice and the crash lab’s armed line', async ({ page }, info) => {
  await openApp(page);
  const processes = Array.from({ length: 70 }, () => ({ program: 'cpu', argv: ['cpu', '50'] }));
  const json = JSON.stringify({ glassbox: 1, name: 'Too many', kernel: { limits: { maxProcs: 64 } }, processes });
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Load scenario' }).click();
  await (await chooser).setFiles({ name: 'too-many.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  await expect(page.getByTestId('load-warnings')).toBeVisible();
  await page.getByRole('tab', { name: 'Files', exact: true }).click();
  await page.getByRole('tab', { name: 'Journal & crash', exact: true }).click();
  await page.getByRole('button', { name: 'Arm', exact: true }).click();
  await expect(page.getByTestId('crash-state')).toContainText('Armed');
  for (const theme of ['dark', 'light']) {
    if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) await page.getByTestId('theme-toggle').click();
    for (const sel of ['.notice.warn strong', '[data-testid="load-warnings"] li', '[data-testid="crash-state"]']) {
      expect(await contrastOf(page, sel), `${sel} in the ${theme} theme`).toBeGreaterThanOrEqual(4.5);
    }
    await page.screenshot({ path: info.outputPath(`warning-${theme}.png`) });
  }
});

test('in a short panel a wrapped header keeps its controls whole: the multiprocessor example at 1024x700, its notice open', async ({ page }, info) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp(page);
  const two = await page.getByTestId('examples').locator('option', { hasText: 'Two CPUs' }).textContent();
  await page.getByTestId('examples').selectOption({ label: two ?? '' });
  await expect(page.getByRole('tab', { name: 'Scheduler', exact: true })).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('play').click();
  await expect.poll(() => currentTick(page)).toBeGreaterThan(30);
  const header = page.locator('.panel.gantt > header');
  const { scroll, client } = await header.evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight }));
  expect(scroll, 'the Gantt header is as tall as what it holds').toBeLessThanOrEqual(client);
  const [h, now] = [await header.boundingBox(), await page.getByRole('button', { name: 'now', exact: true }).boundingBox()];
  expect(h && now && now.y + now.height <= h.y + h.height + 1, 'the now button lies inside the header').toBe(true);
  await bothThemes(page, (t) => info.outputPath(`gantt-header-1024-${t}.png`));
});
