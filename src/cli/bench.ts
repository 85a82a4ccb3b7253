import { BENCHMARKS } from '../bench/index.ts';

/** Runs the named benchmarks (all by default) and prints their figures. */
export function bench(names: string[], quick: boolean): number {
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length) {
    process.stderr.write(`glassbox: unknown benchmark ${unknown.join(', ')} (known: ${BENCHMARKS.map((b) => b.name).join(', ')})\n`);
    return 2;
  }
  for (const b of BENCHMARKS) {
    if (names.length && !names.includes(b.name)) continue;
    process.stdout.write(`\n== ${b.name}: ${b.description}\n`);
    for (const line of b.run({ quick })) process.stdout.write(`   ${line}\n`);
  }
  return 0;
}
