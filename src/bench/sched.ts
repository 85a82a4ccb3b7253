import { runWorkload } from '../sim/machine/run-workload.ts';
import { generateWorkload } from '../sim/sched/generate.ts';
import type { SchedConfig } from '../sim/sched/policy.ts';
import { cpuTotal } from '../sim/sched/workload.ts';
import { type Benchmark, fmtRate, timeMs } from './types.ts';

/**
 * Every policy runs the same workload through the real kernel (runWorkload): 10,000 jobs
 * and 10,000,000 CPU ticks, arriving at random with the CPU about 95% loaded, so ready
 * queues stay long. The Gantt trace is off (traceCap 0): the figures are the scheduler's
 * and the kernel's cost per scheduling event, which is what must stay flat, not per tick.
 */
const POLICIES: Array<{ name: string; sched: SchedConfig }> = [
  { name: 'FIFO', sched: { policy: 'fifo', quantum: 10 } },
  { name: 'SJF', sched: { policy: 'sjf', quantum: 10 } },
  { name: 'STCF', sched: { policy: 'stcf', quantum: 10 } },
  { name: 'RR q=10', sched: { policy: 'rr', quantum: 10 } },
  { name: 'priority (preemptive, aging 1000)', sched: { policy: 'priority', quantum: 10, options: { aging: 1000 } } },
  { name: 'MLFQ (3 levels, q=10, boost 1000)', sched: { policy: 'mlfq', quantum: 10, options: { boost: 1000 } } },
  { name: 'lottery q=10', sched: { policy: 'lottery', quantum: 10 } },
  { name: 'stride q=10', sched: { policy: 'stride', quantum: 10 } },
  { name: 'CFS (latency 48, granularity 6)', sched: { policy: 'cfs', quantum: 10 } },
];

export const schedBench: Benchmark = {
  name: 'sched',
  description: 'each scheduling policy on 10,000 jobs / 10,000,000 CPU ticks through the kernel',
  run({ quick }) {
    const jobs = quick ? 1_000 : 10_000;
    const ticks = quick ? 1_000_000 : 10_000_000;
    const workload = generateWorkload({
      seed: 1,
      jobs,
      totalCpu: ticks,
      length: [1, 2000],
      meanGap: Math.round(ticks / jobs / 0.95),
      tickets: [1, 200],
      priority: [0, 9],
      nice: [-5, 5],
    });
    const total = workload.jobs.reduce((a, j) => a + cpuTotal(j), 0);
    const lines = [`workload: ${jobs.toLocaleString()} jobs, ${total.toLocaleString()} CPU ticks, seed 1, trace off`];
    for (const { name, sched } of POLICIES) {
      const out: Array<ReturnType<typeof runWorkload>> = [];
      const ms = timeMs(() => {
        out.push(runWorkload(workload, sched, { traceCap: 0 }));
      });
      const r = out[0];
      if ('error' in r) {
        lines.push(`${name}: error: ${r.error}`);
        continue;
      }
      const switches = r.state.stats.contextSwitches;
      lines.push(
        `${name}: ${ms.toFixed(0)} ms, ${switches.toLocaleString()} context switches (${((ms * 1000) / Math.max(1, switches)).toFixed(2)} µs each), ` +
          `${fmtRate((r.summary.span.end / ms) * 1000, 'simulated ticks')}; ` +
          `mean response ${r.average.response.toFixed(0)}, turnaround ${r.average.turnaround.toFixed(0)}, waiting ${r.average.waiting.toFixed(0)}`,
      );
    }
    return lines;
  },
};
