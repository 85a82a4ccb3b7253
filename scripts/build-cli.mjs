#!/usr/bin/env node
// Bundles the glassbox command (src/cli) into out/cli, so a command starts without compiling
// TypeScript. Each subcommand is its own chunk, loaded only when it runs; the plain
// `conform <sim>` call is also one CommonJS file with V8's compiled code beside it. The manifest lists
// every source file that went in (a dependency by its package.json), with its size and
// modification time: bin/glassbox.cjs uses the bundle only while all of them are unchanged,
// and otherwise runs the sources.
// With --if-possible (the `prepare` step of npm install) a failure is reported and ignored:
// the command still works from the sources.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'out', 'cli');
const lenient = process.argv.includes('--if-possible');

/** A source file as the manifest lists it: itself, or for a dependency's file, the dependency's package.json. */
function packageFileOf(path) {
  const m = /^(.*?node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path);
  return m ? `${m[1]}/package.json` : path;
}

async function build() {
  const { build: esbuild } = await import('esbuild');
  const staging = `${outDir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  const result = await esbuild({
    absWorkingDir: root,
    // A browser-edition session runs on a worker thread, from its own entry beside main.
    entryPoints: { main: 'src/cli/main.ts', 'session-worker': 'src/main/session-worker.ts' },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    metafile: true,
    logLevel: 'warning',
    // ws loads these native speed-ups only if installed; without them it uses plain JS.
    external: ['bufferutil', 'utf-8-validate'],
    // Bundled CommonJS packages (ws) call require: give the ES module one.
    banner: { js: "import { createRequire as __glassboxRequire } from 'node:module'; const require = __glassboxRequire(import.meta.url);" },
  });
  // The plain conform call on its own, as one CommonJS file: bin/glassbox.cjs loads it with
  // synchronous reads, where a tree of ES modules costs a round trip through Node's thread
  // pool per file (tens of milliseconds on a busy machine, for a problem solved in one).
  const fast = await esbuild({
    absWorkingDir: root,
    entryPoints: { conform: 'src/cli/conform-entry.ts' },
    outdir: staging,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.cjs' },
    metafile: true,
    logLevel: 'warning',
  });
  await writeCodeCache(join(staging, 'conform.cjs'));
  for (const [path, input] of Object.entries(fast.metafile.inputs)) result.metafile.inputs[path] ??= input;
  // A dependency's files change only when the dependency does, and then its package.json
  // changes too: one check per package instead of one per file (a hundred-odd fewer stats
  // at every start).
  const paths = new Set(Object.keys(result.metafile.inputs).map(packageFileOf));
  const inputs = [...paths].map((path) => {
    const s = statSync(join(root, path));
    return { path, size: s.size, mtimeMs: s.mtimeMs };
  });
  writeFileSync(join(staging, 'manifest.json'), JSON.stringify({ inputs }));
  // Swap the whole directory in at once: a command starting meanwhile sees the old bundle or the new one.
  mkdirSync(dirname(outDir), { recursive: true });
  const old = `${outDir}.${process.pid}.old`;
  try {
    renameSync(outDir, old);
  } catch {
    // no previous bundle
  }
  renameSync(staging, outDir);
  rmSync(old, { recursive: true, force: true });
  return inputs.length;
}

/**
 * V8's compiled code for a CommonJS bundle, kept beside it (`<file>.cache`) so that a start
 * skips compiling it. The bundle is run first on the first conformance case of every
 * simulator, so the solvers' functions are compiled too and go into the cache. A Node
 * whose V8 differs rejects the cache and compiles as usual.
 */
async function writeCodeCache(file) {
  const script = new vm.Script(wrapCommonJs(readFileSync(file, 'utf8')), { filename: file });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  const cases = join(root, 'tests', 'conformance', 'ostep');
  if (existsSync(cases)) {
    for (const name of ['malloc', 'scheduler', 'mlfq', 'lottery', 'process-run', 'fork', 'vsfs', 'fsck', 'paging-policy', 'paging-linear-translate', 'paging-multilevel-translate', 'relocation', 'segmentation']) {
      const path = join(cases, `${name}.json`);
      if (existsSync(path)) await module.exports.warmUp(name, JSON.parse(readFileSync(path, 'utf8'))[0].input);
    }
  }
  writeFileSync(`${file}.cache`, script.createCachedData());
}

/** A CommonJS module's source as Node wraps it; bin/glassbox.cjs wraps it the same way, or V8 rejects the cache. */
const wrapCommonJs = (source) => `(function (exports, require, module, __filename, __dirname) {${source}\n})`;

try {
  const n = await build();
  process.stderr.write(`glassbox: command bundled into out/cli (${n} source files)\n`);
} catch (err) {
  process.stderr.write(`glassbox: could not bundle the command (${err.message}); it will run from the sources\n`);
  if (!lenient) process.exitCode = 1;
}
