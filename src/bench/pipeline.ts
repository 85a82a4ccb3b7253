import { runShellScript } from '../sim/machine/run-script.ts';
import { type Benchmark, fmtRate, timeMs } from './types.ts';

/** A shell pipeline run headless: how fast the kernel moves data between processes. */
export const pipelineBench: Benchmark = {
  name: 'pipeline',
  description: 'seq 1 N | grep 7 | wc -l through the simulated shell, headless',
  run({ quick }) {
    const n = quick ? 5_000 : 100_000;
    const lines: string[] = [];
    for (const copyBytesPerTick of [0, 256]) {
      let result: ReturnType<typeof runShellScript> | null = null;
      const ms = timeMs(() => {
        result = runShellScript(`seq 1 ${n} | grep 7 | wc -l`, {
          config: { limits: { maxProcs: 64, maxFds: 32, syscallsPerTick: 64, copyBytesPerTick } },
          maxTicks: 50_000_000,
        });
      });
      const r = result as unknown as ReturnType<typeof runShellScript>;
      const answer = r.output.trim().split('\n').pop();
      const cost = copyBytesPerTick ? `data costs 1 tick per ${copyBytesPerTick} B` : 'data moves in no time';
      lines.push(
        `${cost}: answer ${answer}, ${r.ticks.toLocaleString()} ticks in ${ms.toFixed(0)} ms wall = ${fmtRate((r.ticks / ms) * 1000, 'ticks')}, ${fmtRate((n / ms) * 1000, 'lines')} through the pipeline`,
      );
    }
    return lines;
  },
};
