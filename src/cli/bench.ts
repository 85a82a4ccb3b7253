import { spawnSync } from 'node:child_process';
import { BENCHMARKS } from '../bench/index.ts';

/**
 * Runs the named benchmarks (all by default) and prints their figures. With more than one,
 * each runs in a process of its own: code one benchmark warms up (or deoptimises) in the
 * JIT must not colour the next one's figures.
 */
export function bench(names: string[], quick: boolean, only: readonly string[] = []): number {
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length) {
    process.stderr.write(`glassbox: unknown benchmark ${unknown.join(', ')} (known: ${BENCHMARKS.map((b) => b.name).join(', ')})\n`);
    return 2;
  }
  const chosen = BENCHMARKS.filter((b) => names.length === 0 || names.includes(b.name));
  if (chosen.length > 1) {
    let status = 0;
    for (const b of chosen) {
      const args = [process.argv[1], 'bench', b.name, ...(quick ? ['--quick'] : []), ...(only.length ? ['--only', only.join(',')] : [])];
      const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
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
