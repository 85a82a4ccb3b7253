import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { currentTick, openApp, watchConsole } from './helpers.ts';

const root = join(import.meta.dirname, '..', '..');
const scenario = join(root, 'resources', 'scenarios', '10-multiprocessor.json');
const NAME = 'Two CPUs with caches: per-CPU queues, affinity and migration';

async function runPast(page: Page, tick: number, speed: string): Promise<void> {
  await page.getByLabel('Speed in ticks per second').selectOption(speed);
  await page.getByTestId('play').click();
  await expect.poll(() => currentTick(page)).toBeGreaterThan(tick);
  await page.getByTestId('play').click();
}

test.describe('CPU caches in the scheduler view', () => {
  test('each CPU shows its cache strip, and its busy and warm ticks agree with glassbox run', async ({ page }) => {
    const errors = watchConsole(page);
    const cli = spawnSync(process.execPath, [join(root, 'bin', 'glassbox.cjs'), 'run', scenario, '--json'], { encoding: 'utf8' });
    expect(cli.status).toBe(0);
    const r = JSON.parse(cli.stdout) as { ticks: number; cpus: Array<{ busyTicks: number; warmTicks: number }> };
    await page.setViewportSize({ width: 1440, height: 900 });
    await openApp(page);
    await page.getByTestId('examples').selectOption({ label: NAME });
    await expect(page.getByTestId('scenario-name')).toHaveText(NAME);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('tab', { name: 'Scheduler' }).click();
    // Early on: pid 3 alone on CPU 0, pids 2 and 4 taking turns on CPU 1, each warming for 10 ticks of its own.
    await runPast(page, 25, '20');
    await expect(page.getByTestId('cache-strip-0')).toContainText('3 warm');
    await expect(page.getByTestId('cache-strip-1')).toContainText('cache 100/100');
    await page.screenshot({ path: 'test-results/screenshots/multi-cpu-caches-1440.png' });
    // Past the end of the work: the figures are the ones glassbox run reports.
    await runPast(page, r.ticks + 5, '1000');
    for (const [cpu, c] of r.cpus.entries()) {
      await expect(page.getByTestId(`cache-time-${cpu}`)).toContainText(`busy ${c.busyTicks} (`);
      await expect(page.getByTestId(`cache-time-${cpu}`)).toContainText(`warm ${c.warmTicks} (`);
    }
    expect(r.cpus.map((c) => [c.busyTicks, c.warmTicks])).toEqual([
      [85, 65],
      [85, 65],
    ]);
    expect(errors).toEqual([]);
  });

  test("the scheduler menu offers multi.py's policy, with its quantum, and re-runs the session under it", async ({ page }) => {
    const errors = watchConsole(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openApp(page);
    await page.getByTestId('examples').selectOption({ label: NAME });
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('tab', { name: 'Scheduler' }).click();
    await runPast(page, 20, '20');
    await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
    // A tick already on its way when the pause went out may still arrive: read the tick once it holds.
    let tick = -1;
    await expect
      .poll(async () => {
        const before = tick;
        tick = await currentTick(page);
        return tick === before;
      })
      .toBe(true);
    await page.getByTestId('rerun-policy').selectOption('multi');
    await expect(page.getByTestId('rerun-quantum')).toBeEnabled();
    await page.getByTestId('rerun').click();
    await expect(page.getByTestId('ready-queues')).toContainText('Multiprocessor round robin with caches');
    await expect(page.getByTestId('rerun-policy')).toHaveValue('multi');
    await expect.poll(() => currentTick(page)).toBe(tick);
    await expect(page.getByTestId('cache-strip-0')).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/multi-cpu-rerun-multi-1440.png' });
    expect(errors).toEqual([]);
  });

  test('the cache strip fits at 1024x700', async ({ page }) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page);
    await page.getByTestId('examples').selectOption({ label: NAME });
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('tab', { name: 'Scheduler' }).click();
    await runPast(page, 12, '20');
    await expect(page.getByTestId('cache-strip-1')).toBeVisible();
    // Nothing of either strip, its figures included, runs past its panel.
    const panel = (await page.getByTestId('ready-queues').boundingBox())!;
    for (const id of ['cache-strip-0', 'cache-strip-1', 'cache-time-0', 'cache-time-1']) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.x + box.width, id).toBeLessThanOrEqual(panel.x + panel.width + 1);
    }
    await page.screenshot({ path: 'test-results/screenshots/multi-cpu-caches-1024.png' });
  });
});
