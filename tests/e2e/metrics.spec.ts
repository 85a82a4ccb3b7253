import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { currentTick, openApp } from './helpers.ts';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, 'resources', 'scenarios');

/** Every example about scheduling: no login shell, only jobs for the scheduler. */
const EXAMPLES = readdirSync(dir)
  .filter((f) => /^(0[6-9]|10)-.*\.json$/.test(f))
  .map((file) => ({ file, name: JSON.parse(readFileSync(join(dir, file), 'utf8')).name as string }));

/** What the book (and each example's description) says. */
const BOOK: Record<string, { response?: number; turnaround?: number; waiting?: number; utilisation?: number }> = {
  '06-context-switch-cost.json': { utilisation: 67.4 },
  '07-fifo-convoy.json': { response: 70, turnaround: 110, waiting: 70 },
  '07-sjf-shortest-first.json': { response: 10, turnaround: 50 },
  '07-round-robin.json': { response: 4 },
  '07-stcf-late-arrivals.json': { turnaround: 50 },
  '08-mlfq.json': { response: 0 },
};

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

async function runToTick(page: Page, tick: number): Promise<void> {
  await page.getByLabel('Speed in ticks per second').selectOption('100000');
  await page.getByTestId('play').click();
  await expect.poll(() => currentTick(page)).toBeGreaterThan(tick);
  await page.getByTestId('play').click();
}

test.describe('scheduling metrics agree with glassbox run and with the book', () => {
  for (const ex of EXAMPLES) {
    test(ex.file, async ({ page }) => {
      const cli = spawnSync(process.execPath, [join(root, 'bin', 'glassbox.cjs'), 'run', join(dir, ex.file), '--json'], { encoding: 'utf8' });
      expect(cli.status).toBe(0);
      const r = JSON.parse(cli.stdout) as { ticks: number; averages: { response: number; turnaround: number; wait: number }; cpuUtilisation: number };
      await openApp(page);
      await page.getByTestId('examples').selectOption({ label: ex.name });
      await expect(page.getByTestId('scenario-name')).toHaveText(ex.name);
      await runToTick(page, r.ticks + 20);
      const cells = page.getByTestId('metrics-average').locator('td');
      await expect(cells.nth(1)).toHaveText(fmt(r.averages.response));
      await expect(cells.nth(2)).toHaveText(fmt(r.averages.turnaround));
      await expect(cells.nth(3)).toHaveText(fmt(r.averages.wait));
      await expect(page.getByTestId('metrics-utilisation')).toHaveText(`${(r.cpuUtilisation * 100).toFixed(1)}%`);
      // init is listed apart, not averaged in.
      await expect(page.getByTestId('metrics-system')).toContainText('init');
      const book = BOOK[ex.file];
      if (book?.response !== undefined) await expect(cells.nth(1)).toHaveText(fmt(book.response));
      if (book?.turnaround !== undefined) await expect(cells.nth(2)).toHaveText(fmt(book.turnaround));
      if (book?.waiting !== undefined) await expect(cells.nth(3)).toHaveText(fmt(book.waiting));
      if (book?.utilisation !== undefined) await expect(page.getByTestId('metrics-utilisation')).toHaveText(`${book.utilisation.toFixed(1)}%`);

      // Compare, on the session's own workload under its own scheduler, gives the same numbers;
      // but the lab's machines have no caches, so a workload with working sets is refused, saying why.
      await page.getByTestId('mode-compare').click();
      await page.getByTestId('lab-from-session').click();
      if (JSON.parse(readFileSync(join(dir, ex.file), 'utf8')).kernel?.cache) {
        await expect(page.getByRole('alert')).toContainText("has a working set, and the lab's machines have no caches to warm it");
        return;
      }
      await expect(page.getByTestId('workload-text')).not.toHaveValue('-l 30,10,20');
      await page.getByTestId('compare').click();
      const lab = page.getByTestId('lab-metrics').locator('tbody tr').first().locator('td');
      await expect(lab.nth(1)).toHaveText(fmt(r.averages.response));
      await expect(lab.nth(2)).toHaveText(fmt(r.averages.turnaround));
      await expect(lab.nth(3)).toHaveText(fmt(r.averages.wait));
      await expect(lab.nth(4)).toHaveText(`${(r.cpuUtilisation * 100).toFixed(1)}%`);
      await page.getByTestId('mode-live').click();
    });
  }

  test('screenshot of the convoy metrics at 1024x700', async ({ page }, info) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page);
    await page.getByTestId('examples').selectOption({ label: 'FIFO and the convoy effect' });
    await runToTick(page, 200);
    // Every column the averages are about fits inside the panel.
    const panel = (await page.getByTestId('metrics-table').locator('xpath=ancestor::section[1]').boundingBox())!;
    const waiting = (await page.getByTestId('metrics-table').locator('th', { hasText: 'waiting' }).boundingBox())!;
    expect(waiting.x + waiting.width).toBeLessThanOrEqual(panel.x + panel.width);
    await page.screenshot({ path: info.outputPath('convoy-metrics-1024.png') });
  });
});
