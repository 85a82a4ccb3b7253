import { expect, test } from '@playwright/test';
import { ganttBars, openApp, terminalText, typeInTerminal, watchConsole } from './helpers.ts';

test.describe('the scheduler views', () => {
  test('compare FIFO, SJF, RR and MLFQ on one workload', async ({ page }) => {
    const errors = watchConsole(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await openApp(page);
    await page.getByRole('tab', { name: 'Scheduler' }).click();
    await page.getByTestId('mode-compare').click();
    await page.getByTestId('workload-text').fill('-l 30,10,20');
    for (const [i, p] of ['fifo', 'sjf', 'rr', 'mlfq'].entries()) await page.getByTestId(`policy-${i}`).selectOption(p);
    await page.getByTestId('compare').click();
    const table = page.getByTestId('lab-metrics');
    await expect(table.locator('tbody tr')).toHaveCount(4);
    const row = (policy: string) => table.locator(`tr[data-policy="${policy}"] td`);
    // OSTEP's numbers for lengths 30, 10, 20: FIFO turnaround (30+40+60)/3, SJF (10+30+60)/3.
    await expect(row('fifo').nth(2)).toHaveText('43.33');
    await expect(row('sjf').nth(2)).toHaveText('33.33');
    await expect(row('sjf').nth(1)).toHaveText('13.33');
    // Round robin trades turnaround for response: the best response of the four.
    await expect(row('rr').nth(1)).toHaveText('5');
    for (const p of ['fifo', 'sjf', 'rr', 'mlfq']) await expect.poll(() => ganttBars(page, `lab-gantt-${p}`, 'run')).toBeGreaterThan(0);
    // One naming in the charts and the job table: the jobs, as scheduler.py numbers them, not the pids the kernel gave them.
    await expect(page.getByTestId('lab-gantt-fifo')).toHaveAttribute('data-labels', 'job 0, job 1, job 2');
    await expect(page.locator('.lab-jobs tbody tr').first().locator('td').first()).toContainText('job 0');
    const chart = (await page.getByTestId('lab-gantt-fifo').boundingBox())!;
    // FIFO runs job 0 first, for 30 of the 60 ticks: the first quarter of the CPU lane.
    await page.mouse.move(chart.x + 86 + (chart.width - 100) / 4, chart.y + 6 + 12);
    await expect(page.getByTestId('gantt-tip')).toContainText(/^job 0 \(pid \d+\)/);
    await page.screenshot({ path: 'test-results/screenshots/scheduler-compare-dark.png' });
    await page.getByTestId('theme-toggle').click();
    await page.screenshot({ path: 'test-results/screenshots/scheduler-compare-light.png' });
    expect(errors).toEqual([]);
  });

  test('the live view shows the running process, the ready queue and the state counts', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await openApp(page);
    await expect.poll(() => terminalText(page)).toContain('$');
    for (const line of ['cpu 200 &', 'job cpu:4 io:8 cpu:4 io:8 cpu:4 &', 'cpu 100 &']) {
      await typeInTerminal(page, line);
      await page.keyboard.press('Enter');
    }
    await page.getByRole('tab', { name: 'Scheduler' }).click();
    // The shell took its typed lines at the hurried pace, so the job may be done already: show its whole run.
    await page.getByLabel('Ticks shown').selectOption('2000');
    await expect.poll(async () => ganttBars(page, 'gantt', 'run')).toBeGreaterThan(3);
    await expect.poll(async () => ganttBars(page, 'gantt', 'io')).toBeGreaterThan(0);
    await expect(page.getByTestId('ready-queues')).toContainText('Round robin');
    await expect(page.getByTestId('state-diagram').locator('[data-state="running"]')).toHaveText('1');
    await expect(page.getByTestId('metrics-table').locator('tbody').first().locator('tr')).toHaveCount(3);
    await expect(page.getByTestId('metrics-system')).toContainText('init');
    await expect(page.getByTestId('metrics-system')).toContainText('sh');
    await page.screenshot({ path: 'test-results/screenshots/scheduler-live-dark.png' });
  });

  test('a compared run can be loaded into the machine and stepped through', async ({ page }) => {
    await openApp(page);
    await page.getByRole('tab', { name: 'Scheduler' }).click();
    await page.getByTestId('mode-compare').click();
    await page.getByTestId('workload-text').fill('-l 8,4');
    await page.getByTestId('compare').click();
    await page.getByTestId('lab-metrics').locator('tr[data-policy="sjf"] button').click();
    await expect(page.getByTestId('scenario-name')).toHaveText('SJF · 2 jobs');
    await page.getByTestId('mode-live').click();
    await page.locator('.gantt header h2').click();
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowRight');
    // The jobs start before the login shell, as pids 2 (8 ticks) and 3 (4 ticks); SJF runs pid 3 first.
    await expect(page.getByTestId('ready-queues').locator('.cpu-line .pid-chip')).toHaveText('3 job');
    await expect(page.getByTestId('ready-queues').locator('.queue .pid-chip')).toContainText(['2']);
  });

  test('the session can be re-run under another scheduler, back to the same tick', async ({ page }) => {
    await openApp(page);
    await expect.poll(() => terminalText(page)).toContain('$');
    await typeInTerminal(page, 'cpu 100 &');
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Scheduler' }).click();
    await page.locator('.gantt header h2').click();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
    const tick = await page.getByTestId('tick').locator('b').textContent();
    await page.getByTestId('rerun-policy').selectOption('cfs');
    await page.getByTestId('rerun').click();
    await expect(page.getByTestId('ready-queues')).toContainText('CFS');
    await expect(page.getByTestId('tick').locator('b')).toHaveText(tick ?? '');
    await expect.poll(() => terminalText(page)).toContain('cpu 100 &');
  });
});
