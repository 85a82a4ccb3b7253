// The browser edition's figures, measured in Chromium against a built app (npm run build):
//   first contact: page load to prompt, Enter to the answer of `echo hi` and of
//   `seq 1 1000 | grep 7 | wc -l` at the default settings;
//   a wide window: five CPU-bound jobs at full speed with a 10,000-tick Gantt window,
//   frames per second of the page and how long a keystroke takes to echo.
// It prints figures; it asserts nothing. Usage: node scripts/bench-ui.mjs [--port N]
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { findBrowser } from './e2e-browser.mjs';

const port = Number(process.argv[process.argv.indexOf('--port') + 1]) || 47699;
const server = spawn(process.execPath, ['bin/glassbox.cjs', 'web', '--port', String(port)], { stdio: ['ignore', 'ignore', 'inherit'] });
const browserInfo = await findBrowser();
const browser = await chromium.launch({ executablePath: browserInfo.path, args: ['--no-sandbox', '--disable-gpu'] });

const text = (page) => page.evaluate(() => window.__glassboxTerminal?.text() ?? '');
async function until(page, test, timeoutMs = 30_000) {
  const t0 = performance.now();
  for (;;) {
    if (test(await text(page))) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) throw new Error('timed out');
    await sleep(5);
  }
}
const ms = (v) => `${Math.round(v)} ms`;

try {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      break;
    } catch {
      await sleep(100);
    }
  }
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  console.log(`browser: ${browserInfo.source}`);

  // First contact.
  const t0 = performance.now();
  await page.goto(`http://127.0.0.1:${port}/`);
  await until(page, (t) => /\$ $/.test(t));
  console.log(`first contact: prompt on screen ${ms(performance.now() - t0)} after navigation`);
  await page.locator('.terminal-host .xterm-helper-textarea').focus();
  await page.keyboard.type('echo hi');
  await page.keyboard.press('Enter');
  console.log(`first contact: echo hi answered ${ms(await until(page, (t) => /echo hi\nhi\n\$ $/.test(t)))} after Enter`);
  await page.keyboard.type('seq 1 1000 | grep 7 | wc -l');
  await page.keyboard.press('Enter');
  console.log(`first contact: seq 1 1000 | grep 7 | wc -l answered ${ms(await until(page, (t) => /wc -l\n\s*271\n\$ $/.test(t)))} after Enter`);

  // A wide window under load.
  for (let i = 0; i < 5; i++) {
    await page.keyboard.type('cpu 100000000 &');
    await page.keyboard.press('Enter');
  }
  await until(page, (t) => (t.match(/\[\d+\] \d+/g) ?? []).length >= 5);
  await page.getByLabel('Speed in ticks per second').selectOption('100000');
  await page.getByLabel('Ticks shown').selectOption('10000');
  await sleep(3000); // fill the window
  const fps = await page.evaluate(
    () =>
      new Promise((resolve) => {
        let frames = 0;
        const start = performance.now();
        const count = () => {
          frames++;
          if (performance.now() - start < 5000) requestAnimationFrame(count);
          else resolve((frames * 1000) / (performance.now() - start));
        };
        requestAnimationFrame(count);
      }),
  );
  const tick = await page.getByTestId('tick').locator('b').textContent();
  const achieved = await page.getByTestId('achieved-speed').textContent().catch(() => 'the asked speed');
  console.log(`wide window: ${fps.toFixed(1)} fps over 5 s, 5 CPU-bound jobs at 100,000 ticks/s asked (${achieved}), window 10,000 ticks, tick ${tick}`);
  await page.locator('.terminal-host .xterm-helper-textarea').focus();
  const echoes = [];
  for (const ch of 'abcdefghijklmnopqrst') {
    const before = await text(page);
    const start = performance.now();
    await page.keyboard.type(ch);
    for (;;) {
      const now = await text(page);
      if (now !== before && now.endsWith(ch)) break;
      if (performance.now() - start > 30_000) throw new Error('keystroke never echoed');
      await sleep(2);
    }
    echoes.push(performance.now() - start);
  }
  echoes.sort((a, b) => a - b);
  console.log(`wide window: keystroke echo median ${ms(echoes[10])}, 90th percentile ${ms(echoes[18])}, worst ${ms(echoes[19])} (20 keys)`);
} finally {
  await browser.close();
  server.kill();
}
