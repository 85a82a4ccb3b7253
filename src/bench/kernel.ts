import { enablePatches, freeze, produceWithPatches } from 'immer';
import { applyInput } from '../sim/kernel/kernel.ts';
import { createMachine, runTo } from '../sim/machine/machine.ts';
import { type Benchmark, fmtRate, timeMs } from './types.ts';

enablePatches();

function cpuBound(processes: number, quantum: number) {
  const m = createMachine({ login: null, sched: { policy: 'rr', quantum }, limits: { maxProcs: processes + 8, maxFds: 32, syscallsPerTick: 64 } });
  for (let i = 0; i < processes; i++) {
    applyInput(m.state, m.rt, { kind: 'spawn', request: { program: 'cpu', argv: ['cpu', String(1e9)] } });
  }
  return m;
}

/** Average JSON bytes of the patches per frame when each frame runs `ticksPerFrame` ticks. */
function patchBytesPerFrame(processes: number, ticksPerFrame: number, frames: number): number {
  const m = cpuBound(processes, 10);
  let state = freeze(m.state, true);
  let bytes = 0;
  for (let f = 0; f < frames; f++) {
    const [next, patches] = produceWithPatches(state, (draft) => {
      runTo({ state: draft, rt: m.rt }, draft.tick + ticksPerFrame);
    });
    state = next;
    bytes += JSON.stringify(patches).length;
  }
  return bytes / frames;
}

export const kernelBench: Benchmark = {
  name: 'kernel',
  description: 'kernel ticks per second (CPU-bound, 100 processes) and patch bytes per streamed frame',
  run({ quick }) {
    const lines: string[] = [];
    const ticks = quick ? 200_000 : 10_000_000;
    for (const quantum of [4, 10, 100]) {
      const m = cpuBound(100, quantum);
      const ms = timeMs(() => runTo(m, ticks));
      lines.push(
        `headless, 100 CPU-bound processes, RR quantum ${quantum}: ${ticks.toLocaleString()} ticks in ${ms.toFixed(0)} ms = ${fmtRate((ticks / ms) * 1000, 'ticks')} (${m.state.stats.contextSwitches.toLocaleString()} context switches)`,
      );
    }
    const frames = quick ? 5 : 30;
    for (const procs of [1, 100]) {
      const sizes = [10, 100, 1_000, 10_000].map((tpf) => `${tpf} ticks/frame: ${patchBytesPerFrame(procs, tpf, frames).toFixed(0)} B`);
      lines.push(`patch bytes per frame, ${procs} CPU-bound process${procs === 1 ? '' : 'es'} (RR quantum 10): ${sizes.join(', ')}`);
    }
    return lines;
  },
};
