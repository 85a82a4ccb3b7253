#!/usr/bin/env node
// Sums the test runners' JSON reports into the one line CI reads:
// "N passed, N failed, N skipped". A failed step that ran no tests (the typecheck, the
// build) counts as one failure, so a red run never reads as "0 failed".
import { existsSync, readFileSync } from 'node:fs';

const status = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
let skipped = 0;

function read(path) {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

const vitest = read('reports/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
}

const pw = read('reports/playwright.json');
if (pw?.stats) {
  passed += (pw.stats.expected ?? 0) + (pw.stats.flaky ?? 0);
  failed += pw.stats.unexpected ?? 0;
  skipped += pw.stats.skipped ?? 0;
}

if (status !== 0 && failed === 0) {
  console.log('ci: a step failed before or outside the test runners (see the output above)');
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
