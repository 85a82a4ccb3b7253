#!/usr/bin/env node
// The glassbox command. It runs the bundle in out/cli (built by `npm install` and
// `npm run build`, see scripts/build-cli.mjs) while every source file in it is unchanged;
// otherwise it runs the TypeScript sources through tsx, so an edit takes effect at once.
// Either way it prints nothing of its own: stdout belongs to the subcommand.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import module from 'node:module';

const bundle = new URL('../out/cli/', import.meta.url);

/** Whether the bundle exists and was built from the sources as they are now. */
function bundleIsCurrent() {
  if (process.env.GLASSBOX_FROM_SOURCE) return false;
  try {
    const manifest = JSON.parse(readFileSync(new URL('manifest.json', bundle), 'utf8'));
    // Plain path strings: a URL per source file costs more than the stat itself.
    const root = fileURLToPath(new URL('../', import.meta.url));
    for (const f of manifest.inputs) {
      const s = statSync(root + f.path, { throwIfNoEntry: false });
      if (!s || s.size !== f.size || s.mtimeMs !== f.mtimeMs) return false;
    }
    return true;
  } catch {
    return false;
  }
}

let main;
if (bundleIsCurrent()) {
  // Node 22.1 and later can keep V8's compiled code between runs (in the system's temporary
  // folder), so a command after the first skips most of the parsing and compiling. Older
  // versions have no such cache and simply compile each time.
  module.enableCompileCache?.();
  ({ main } = await import(new URL('main.mjs', bundle).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
// A reader that goes away (`glassbox conform ... | head`) ends the command quietly, with the
// status a shell gives a command that SIGPIPE ended, not with a stack trace.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(128 + 13);
  throw err;
});
process.exitCode = await main(process.argv.slice(2));
