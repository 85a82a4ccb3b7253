#!/usr/bin/env node
// The glassbox command. It runs the bundle in out/cli (built by `npm install` and
// `npm run build`, see scripts/build-cli.mjs) while every source file in it is unchanged;
// otherwise it runs the TypeScript sources through tsx, so an edit takes effect at once.
// Either way it prints nothing of its own: stdout belongs to the subcommand.
// It is a CommonJS file, read and compiled synchronously: an ES module entry costs Node a
// round trip through its thread pool per file read, which a one-line problem notices.
const { readFileSync, statSync } = require('node:fs');
const module_ = require('node:module');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

const root = join(__dirname, '..');
const bundle = join(root, 'out', 'cli');

/** Whether the bundle exists and was built from the sources as they are now. */
function bundleIsCurrent() {
  if (process.env.GLASSBOX_FROM_SOURCE) return false;
  try {
    const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8'));
    // Plain path strings: a join per source file costs more than the stat itself.
    const prefix = `${root}/`;
    for (const f of manifest.inputs) {
      const s = statSync(prefix + f.path, { throwIfNoEntry: false });
      if (!s || s.size !== f.size || s.mtimeMs !== f.mtimeMs) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * A CommonJS bundle, run with V8's compiled code kept beside it at build time (`<file>.cache`;
 * scripts/build-cli.mjs wraps the source the same way). Without the cache, or with one a
 * different V8 made, it is compiled as usual.
 */
function loadCompiled(file) {
  const source = readFileSync(file, 'utf8');
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    // no cache: compile
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, module_.createRequire(file), mod, file, dirname(file));
  return mod.exports;
}

async function run(argv) {
  const current = bundleIsCurrent();
  // The conformance checker's call, once per problem: straight to the one-file command,
  // which writes to standard output itself, synchronously, and ends quietly when the reader goes.
  const fast = current && argv[0] === 'conform' ? loadCompiled(join(bundle, 'conform.cjs')) : null;
  const call = fast?.plainConform(argv);
  if (call) return fast.conform(call.sim, call.batch);
  let main;
  if (current) {
    // Node 22.1 and later can keep V8's compiled code between runs (in the system's temporary
    // folder), so a command after the first skips most of the parsing and compiling. Older
    // versions have no such cache and simply compile each time.
    module_.enableCompileCache?.();
    ({ main } = await import(pathToFileURL(join(bundle, 'main.mjs')).href));
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    ({ main } = await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href));
  }
  // A reader that goes away (`glassbox conform ... | head`) ends the command quietly, with the
  // status a shell gives a command that SIGPIPE ended, not with a stack trace.
  process.stdout.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(128 + 13);
    throw err;
  });
  return main(argv);
}

run(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (err) => {
    // As an uncaught error would end it: the stack, and status 1.
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
