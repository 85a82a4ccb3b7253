import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { FILES, HOME } from './helpers.ts';

/**
 * Runs a command line in real bash the way the comparison tables need it: `bash -c
 * '<line>' sh` in a temporary directory holding the same files as the simulated disk,
 * with HOME pointing into it and the C locale (so globs sort by byte, as the simulator
 * sorts them). Two differences are normalised away: the temporary directory's path is
 * removed from bash's output (so `$HOME/x` reads `/home/ada/x` in both), and bash's
 * `line N: ` in error messages from `-c` scripts.
 */

let root = '';

/** Makes (and afterwards removes) the temporary directory the lines run in; call inside a describe. */
export function useBashRoot(): void {
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'glassbox-sh-'));
  });
  // Removing a few thousand small directories can take longer than the default hook
  // time when the machine is busy; the removal is cleanup, not what is being tested.
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  }, 120_000);
}

/** A fresh copy of the files under `root`/<n>, so no line sees what another wrote. */
function prepare(n: number): string {
  const base = join(root, String(n));
  for (const [path, content] of Object.entries(FILES)) {
    const real = join(base, path);
    if (path.endsWith('/')) {
      mkdirSync(real, { recursive: true });
      continue;
    }
    mkdirSync(dirname(real), { recursive: true });
    writeFileSync(real, content);
  }
  mkdirSync(join(base, HOME), { recursive: true });
  return base;
}

/** The uid and gid of "nobody", which lines about permissions run as when the tests run as root (root's reads and writes ignore the bits). */
const NOBODY = 65534;

function chownTree(path: string, id: number): void {
  chownSync(path, id, id);
  for (const e of readdirSync(path, { withFileTypes: true })) {
    if (e.isDirectory()) chownTree(join(path, e.name), id);
    else chownSync(join(path, e.name), id, id);
  }
}

/**
 * Runs `line` in bash. With `unprivileged`, when the tests run as root the files are
 * handed to nobody and bash runs as nobody, so the permission bits are checked as the
 * simulated kernel checks them for its one, unprivileged user.
 */
export function bash(line: string, n: number, opts: { unprivileged?: boolean } = {}): { output: string; status: number | null } {
  const base = prepare(n);
  const outPath = join(root, `${n}.out`);
  const fd = openSync(outPath, 'w');
  const drop = opts.unprivileged === true && process.getuid?.() === 0;
  if (drop) {
    chmodSync(root, 0o755);
    chownTree(base, NOBODY);
    chownSync(outPath, NOBODY, NOBODY);
  }
  const r = spawnSync('/bin/bash', ['-c', line, 'sh'], {
    cwd: join(base, HOME),
    env: { HOME: join(base, HOME), PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
    stdio: ['ignore', fd, fd],
    timeout: 10_000,
    ...(drop ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  closeSync(fd);
  const output = readFileSync(outPath, 'utf8')
    .split(base)
    .join('')
    .replace(/^sh: line \d+: /gm, 'sh: ');
  return { output, status: r.status };
}
