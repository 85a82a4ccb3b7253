import { spawnSync } from 'node:child_process';
import { BENCHMARKS } from '../bench/index.ts';

/**
 * V8's young generation at its full size (16 MiB a semi-space) from the start. V8 starts a
 * process with a small one and grows it as objects survive, so a first run's figures
 * depended on what was allocated before it: loading the sources through tsx grows it
 * while compiling them, the bundle does not, and the same code then timed about 10%
 * slower from the bundle (more scavenges, and an early full collection). Fixed at full
 * size, a figure is the simulator's whatever loaded it.
 */
const HEAP_FLAGS = ['--min-semi-space-size=16'];

/** Set in a benchmark's own process, which runs it rather than starting another. */
const CHILD = 'GLASSBOX_BENCH_CHILD';

/**
 * Runs the named benchmarks (all by default) and prints their figures. Each runs in a
 * process of its own, with the heap set up as above: code one benchmark warms up (or
 * deoptimises) in the JIT must not colour the next one's figures, nor the loader's
 * allocations the first one's.
 */
export function bench(names: string[], quick: boolean, only: readonly string[] = []): number {
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length) {
    process.stderr.write(`glassbox: unknown benchmark ${unknown.join(', ')} (known: ${BENCHMARKS.map((b) => b.name).join(', ')})\n`);
    return 2;
  }
  const chosen = BENCHMARKS.filter((b) => names.length === 0 || names.includes(b.name));
  if (!process.env[CHILD]) {
    let status = 0;
    for (const b of chosen) {
      const args = [...HEAP_FLAGS, process.argv[1], 'bench', b.name, ...(quick ? ['--quick'] : []), ...(only.length ? ['--only', only.join(',')] : [])];
      const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, [CHILD]: '1' } });
      if (r.status !== 0) status = r.status ?? 1;
    }
    return status;
  }
  const failures: string[] = [];
  for (const b of chosen) {
    process.stdout.write(`\n== ${b.name}: ${b.description}\n`);
    for (const line of b.run({ quick, only, fail: (why) => failures.push(why) })) process.stdout.write(`   ${line}\n`);
  }
  for (const why of failures) process.stdout.write(`   FAILED: ${why}\n`);
  return failures.length ? 1 : 0;
}
