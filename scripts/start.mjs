#!/usr/bin/env node
// `npm start`: build, then open the desktop app if an Electron binary is available;
// otherwise try once to fetch one, and if that fails too, serve the browser edition.
// `npm run web` (--web) always serves the browser edition.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const webOnly = process.argv.includes('--web');

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
}

/** The Electron binary's path, or null. require('electron') throws when it is missing. */
function electronBinary() {
  try {
    const r = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8' });
    return r.status === 0 && r.stdout ? r.stdout : null;
  } catch {
    return null;
  }
}

const build = run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build']);
if (build.status !== 0) process.exit(build.status ?? 1);

let reason = 'the browser edition was asked for';
if (!webOnly) {
  let bin = electronBinary();
  if (!bin) {
    console.log('glassbox: no Electron binary yet; trying to download it once…');
    const fetch = run(process.execPath, [join(root, 'node_modules/electron/install.js')], { stdio: 'pipe', timeout: 120_000 });
    bin = fetch.status === 0 ? electronBinary() : null;
    reason = 'no Electron binary is installed and it could not be downloaded here';
  }
  if (bin) {
    const child = spawn(bin, ['.'], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
  }
}

if (webOnly || !electronBinary()) {
  console.log(`glassbox: starting the browser edition (${reason}).`);
  const child = spawn(process.execPath, [join(root, 'bin/glassbox.cjs'), 'web', ...process.argv.slice(2).filter((a) => a !== '--web')], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}
