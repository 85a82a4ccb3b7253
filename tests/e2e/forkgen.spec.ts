import { expect, type Page, test } from '@playwright/test';
import { currentTick, ganttBars, openApp, terminalText, watchConsole } from './helpers.ts';

/** The tree node of a pid, whose title reads "pid N, parent P, group G\ncommand\nstate". */
const node = (page: Page, pid: number) => page.getByTestId('process-tree').locator(`g.tree-node[data-pid="${pid}"]`);
/** The nodes of forkgen's processes: their command lines name it. */
const forkgenNodes = (page: Page) => page.getByTestId('process-tree').locator('g.tree-node', { has: page.locator('title', { hasText: 'forkgen' }) });

test.describe("the fork-and-wait example (generator.py's programs)", () => {
  test('the tree grows with every fork and shrinks with every wait, and the trace comes out in order', async ({ page }, info) => {
    const errors = watchConsole(page);
    await openApp(page);
    await page.getByTestId('examples').selectOption({ label: "fork and wait: generator.py's programs" });
    await expect(page.getByRole('banner')).toContainText('fork and wait');
    await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
    await expect.poll(() => currentTick(page)).toBe(0);
    // The shell starts forkgen at tick 4; a second is ten ticks, so at tick 18 b (begun at 1 s)
    // has forked c and d, and e and d are still asleep.
    const step = page.getByRole('button', { name: 'Step', exact: true });
    for (let i = 0; i < 18; i++) await step.click();
    await expect.poll(() => currentTick(page)).toBe(18);
    const parents: Array<[number, number, string, string]> = [
      [3, 2, 'a', 'forkgen fork b,1'],
      [4, 3, 'b', 'forkgen --child b 1'],
      [5, 3, 'e', 'forkgen --child e 2'],
      [6, 4, 'c', 'forkgen --child c 3'],
      [7, 4, 'd', 'forkgen --child d 1'],
    ];
    for (const [pid, ppid, name, command] of parents) {
      await expect(node(page, pid).locator('title')).toHaveText(new RegExp(`^pid ${pid}, parent ${ppid}, .*\\n${command}.*\\nblocked$`));
      await expect(node(page, pid).locator('text.tree-name')).toHaveText(`${pid} ${name}`);
    }
    await expect(forkgenNodes(page)).toHaveCount(5);
    await page.screenshot({ path: info.outputPath('forkgen-tree-1440.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: info.outputPath('forkgen-tree-1024.png') });
    await page.setViewportSize({ width: 1440, height: 900 });

    // Past tick 24 d and e have ended and been reaped: b and a waited for them.
    for (let i = 0; i < 8; i++) await step.click();
    await expect.poll(() => currentTick(page)).toBe(26);
    await expect(node(page, 5)).toHaveCount(0);
    await expect(node(page, 7)).toHaveCount(0);
    await expect(forkgenNodes(page)).toHaveCount(3);

    await page.getByLabel('Speed in ticks per second').selectOption('1000');
    await page.getByTestId('play').click();
    await expect.poll(() => terminalText(page)).toContain('  4 a<-b');
    await page.getByTestId('play').click();
    await expect(forkgenNodes(page)).toHaveCount(0);
    const trace = (await terminalText(page)).split('\n').filter((l) => /^ {2}\d /.test(l));
    expect(trace.map((l) => l.trim().replace(/\s+/g, ' '))).toEqual([
      '0 a+',
      '0 a->b',
      '0 a->e',
      '1 b+',
      '1 b->c',
      '1 b->d',
      '2 e+',
      '2 e-',
      '2 d+',
      '2 d-',
      '2 a<-e',
      '2 b<-d',
      '4 c+',
      '4 c-',
      '4 b<-c',
      '4 b-',
      '4 a<-b',
    ]);
    await page.screenshot({ path: info.outputPath('forkgen-done-1440.png') });
    // The kernel events hold every spawn before the reap that ends it: a reaps e (pid 5) after forking it.
    await page.getByRole('tab', { name: 'Kernel events' }).click();
    const log = page.getByTestId('event-log');
    await expect(log).toContainText('pid 3 reaped pid 4');
    // Newest first: read from the bottom, a forks b and e, b forks c and d, then the reaps come d, e, c, b.
    const lines = (await log.locator('li').allTextContents()).reverse();
    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    const order = ['spawned pid 4', 'spawned pid 5', 'spawned pid 6', 'spawned pid 7', 'reaped pid 7', 'reaped pid 6', 'reaped pid 4'].map(at);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(at('pid 3 reaped pid 5')).toBeGreaterThan(at('pid 3 spawned pid 5'));
    expect(at('pid 3 reaped pid 5')).toBeLessThan(at('pid 4 reaped pid 6'));
    // The Gantt chart draws the sleeps and the waits for children as wait bars.
    await page.getByRole('tab', { name: 'Scheduler' }).click();
    await expect.poll(() => ganttBars(page, 'gantt', 'wait')).toBeGreaterThanOrEqual(6);
    await page.screenshot({ path: info.outputPath('forkgen-gantt-1440.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: info.outputPath('forkgen-gantt-1024.png') });
    expect(errors).toEqual([]);
  });
});
