// Finds a Chromium for the end-to-end tests, so that `npm install && npm test` works on a
// machine with no browser of its own. In order of preference:
//   1. CHROMIUM_PATH, when set (an explicit choice always wins);
//   2. Playwright's own Chromium, when `npx playwright install` has put one in its cache;
//   3. a system Chromium or Chrome;
//   4. the headless Chromium shipped inside the @sparticuz/chromium npm package, which it
//      unpacks to the temporary directory on first use (a couple of seconds).
// The result says where the browser came from, so the test output can name it.
import { accessSync, constants } from 'node:fs';

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
];

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function playwrightsOwn() {
  try {
    const { chromium } = await import('playwright-core');
    const path = chromium.executablePath();
    return path && executable(path) ? path : null;
  } catch {
    return null;
  }
}

async function packaged() {
  try {
    const { default: chromium } = await import('@sparticuz/chromium');
    const path = await chromium.executablePath();
    return path && executable(path) ? path : null;
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** @returns {Promise<{ path: string | undefined, source: string }>} */
export async function findBrowser() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (executable(fromEnv)) return { path: fromEnv, source: 'CHROMIUM_PATH' };
    return { path: fromEnv, source: `CHROMIUM_PATH (not an executable file: ${fromEnv})` };
  }
  const own = await playwrightsOwn();
  if (own) return { path: own, source: "Playwright's own Chromium" };
  const system = SYSTEM_BROWSERS.find(executable);
  if (system) return { path: system, source: 'the system Chromium' };
  const shipped = await packaged();
  if (typeof shipped === 'string') return { path: shipped, source: 'the Chromium inside @sparticuz/chromium' };
  const why = shipped?.error ? `: ${shipped.error}` : '';
  return { path: undefined, source: `no Chromium found (set CHROMIUM_PATH)${why}` };
}
