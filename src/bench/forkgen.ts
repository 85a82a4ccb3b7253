import { runForkgen } from '../sim/machine/run-forkgen.ts';
import { parseGenProgram } from '../sim/proctree/genprogram.ts';
import { generatorProblem } from './ostep-problems.ts';
import { type Benchmark, fmtRate } from './types.ts';

/** CPU milliseconds `fn` takes (user and system): steadier than wall time on a busy machine. */
function cpuMs(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

/**
 * generator.py programs run for real on the kernel (forkgen, machine/run-forkgen.ts): a
 * large random program, booted, run to the end and read back from the kernel's records.
 */
export const forkgenBench: Benchmark = {
  name: 'forkgen',
  description: "a large random generator.py program run on the kernel: its fork/begin/wait/end events per second",
  run({ quick, fail = () => {} }) {
    const lines: string[] = [];
    for (const forks of quick ? [50] : [500, 5_000]) {
      const parsed = parseGenProgram(generatorProblem(forks).program);
      if (!parsed.ok) {
        fail(`forkgen: the random program does not parse: ${parsed.error}`);
        continue;
      }
      let run: ReturnType<typeof runForkgen> | null = null;
      const ms = cpuMs(() => {
        run = runForkgen(parsed.actions);
      });
      const done = run as ReturnType<typeof runForkgen> | null;
      if (done === null || 'error' in done) {
        fail(`forkgen, ${forks} forks: ${done?.error ?? 'not run'}`);
        continue;
      }
      const events = Object.values(done.processes).reduce((n, e) => n + e.length, 0);
      lines.push(
        `${forks.toLocaleString()} forks: ${events.toLocaleString()} events over ${done.ticks.toLocaleString()} ticks in ${ms.toFixed(0)} ms of CPU = ${fmtRate((events / ms) * 1000, 'events')} (${fmtRate(((forks + 1) / ms) * 1000, 'processes')}, boot and read-back included)`,
      );
    }
    return lines;
  },
};
