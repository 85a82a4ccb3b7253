import { defineConfig } from '@playwright/test';
import { findBrowser } from './scripts/e2e-browser.mjs';

const PORT = Number(process.env.GLASSBOX_E2E_PORT ?? 47613);

// Say once, in the runner (not in every worker), which browser carries the tests.
const browser = await findBrowser();
if (!process.env.TEST_WORKER_INDEX) console.log(`e2e browser: ${browser.source}${browser.path ? ` (${browser.path})` : ''}`);

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'reports/playwright.json' }]] : [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: browser.path,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `node bin/glassbox.cjs web --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
