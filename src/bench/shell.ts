import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { runShellScript } from '../sim/machine/run-script.ts';
import { type Benchmark, timeMs } from './types.ts';

/**
 * The shell as a language, headless: a for loop over a command substitution and an
 * arithmetic while loop, in ticks and wall time, against /bin/bash on the same machine
 * (the ratio is the simulated shell's wall time over bash's; the aim is at most 20x).
 */

const SCRIPTS = (n: number) => [
  { name: 'for over $(seq)', script: `for i in $(seq 1 ${n}); do echo $i; done | wc -l`, expect: String(n) },
  { name: 'arithmetic while', script: `i=0; while [ $i -lt ${n} ]; do i=$((i + 1)); done; echo $i`, expect: String(n) },
];

function bashMs(script: string): number | null {
  if (!existsSync('/bin/bash')) return null;
  let ok = false;
  const ms = timeMs(() => {
    ok = spawnSync('/bin/bash', ['-c', script], { env: { LC_ALL: 'C', PATH: process.env.PATH ?? '/usr/bin:/bin' } }).status === 0;
  });
  return ok ? ms : null;
}

export const shellBench: Benchmark = {
  name: 'shell',
  description: 'loops in the simulated shell against bash: for over $(seq 1 N), and an arithmetic while to N',
  run({ quick, fail }) {
    const n = quick ? 500 : 10_000;
    const lines: string[] = [];
    for (const { name, script, expect } of SCRIPTS(n)) {
      let r: ReturnType<typeof runShellScript> | null = null;
      const ms = timeMs(() => {
        r = runShellScript(script, { maxTicks: 50_000_000 });
      });
      const result = r as unknown as ReturnType<typeof runShellScript>;
      const answer = result.output.trim();
      if (answer !== expect) fail?.(`${name}: printed ${JSON.stringify(answer)}, not ${expect}`);
      const bash = bashMs(script);
      const ratio = bash === null ? 'bash not found' : `bash ${bash.toFixed(0)} ms, ${(ms / bash).toFixed(1)}x bash's wall time`;
      lines.push(`${name} (N=${n}): ${result.ticks.toLocaleString()} ticks, ${ms.toFixed(0)} ms wall; ${ratio}`);
    }
    return lines;
  },
};
