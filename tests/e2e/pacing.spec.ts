import { expect, test } from '@playwright/test';
import { currentTick, openApp, terminalText } from './helpers.ts';

/** An example's scripted commands are typed where the student can watch, and run at the speed chosen. */
test('an example types its commands at a readable pace, the clock waiting, and does not rush them', async ({ page }, info) => {
  await openApp(page);
  await page.getByTestId('examples').selectOption({ label: 'Dining philosophers: a deadlock, then the fix' });
  await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
  await page.getByTestId('play').click();
  // The script types "philosophers &" at tick 2: watch the line grow while the clock stands there.
  const partial: { tick: number; line: string }[] = [];
  for (let i = 0; i < 60; i++) {
    const line = (await terminalText(page)).split('\n').at(-1) ?? '';
    const tick = await currentTick(page);
    if (line.startsWith('$ ph') && line.length < '$ philosophers &'.length) partial.push({ tick, line });
    if ((await terminalText(page)).includes('philosophers &\n')) break;
    await page.waitForTimeout(50);
  }
  expect(partial.length, 'moments the command was seen half typed').toBeGreaterThanOrEqual(3);
  expect(new Set(partial.map((p) => p.line)).size, 'the line grew key by key').toBeGreaterThanOrEqual(3);
  expect(new Set(partial.map((p) => p.tick)), 'time stood still while it was typed').toEqual(new Set([2]));
  await page.screenshot({ path: info.outputPath('typing.png') });
  // The scripted foreground run is not hurried: at 20 ticks/s the ordered table (from tick 64) takes seconds, not a blink.
  await expect.poll(() => terminalText(page), { timeout: 20_000 }).toContain('$ philosophers --ordered\n');
  const started = Date.now();
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain('everyone has eaten');
  expect(Date.now() - started, 'ms the ordered table took to finish').toBeGreaterThan(1000);
});
