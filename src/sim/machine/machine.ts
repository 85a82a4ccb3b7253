import type { Program } from '../abi/program.ts';
import { type KernelInput, advance, applyInput, boot, createKernelState, DEFAULT_CONFIG } from '../kernel/kernel.ts';
import { createRuntime, type Runtime } from '../kernel/runtime.ts';
import type { KernelConfig, KernelState } from '../kernel/state.ts';
import { PROGRAMS } from './programs.ts';
import { ttyTranscript } from '../tty/tty.ts';

/** A booted kernel and its runtime: what the host, the CLI and the tests drive. */
export interface Machine {
  state: KernelState;
  rt: Runtime;
}

/** An input stamped with the tick at which it is applied. */
export type TimedInput = KernelInput & { tick: number };

export function mergeConfig(partial: Partial<KernelConfig> = {}): KernelConfig {
  return {
    ...DEFAULT_CONFIG,
    ...partial,
    sched: { ...DEFAULT_CONFIG.sched, ...partial.sched },
    limits: { ...DEFAULT_CONFIG.limits, ...partial.limits },
    heap: { ...DEFAULT_CONFIG.heap, ...partial.heap },
    ipc: { ...DEFAULT_CONFIG.ipc, ...partial.ipc },
  };
}

export function createMachine(config: Partial<KernelConfig> = {}, programs: Record<string, Program> = PROGRAMS): Machine {
  const state = createKernelState(mergeConfig(config), Object.keys(programs));
  const rt = createRuntime(programs);
  boot(state, rt);
  return { state, rt };
}

/**
 * Runs up to tick `until`, applying each input when its tick comes (inputs must be sorted
 * by tick). This is the one definition of "replay": the live host and every headless
 * run go through it, so they cannot drift apart. `refused` hears of each input the kernel
 * turned down (a spawn over the process limit), with its errno.
 */
export function runTo(m: Machine, until: number, inputs: readonly TimedInput[] = [], from = 0, refused?: (input: TimedInput, errno: number) => void): number {
  let i = from;
  while (i < inputs.length && inputs[i].tick < m.state.tick) i++;
  for (;;) {
    while (i < inputs.length && inputs[i].tick === m.state.tick && inputs[i].tick <= until) {
      const input = inputs[i++];
      const answer = applyInput(m.state, m.rt, input);
      if (answer < 0) refused?.(input, -answer);
    }
    if (m.state.tick >= until) return i;
    const stop = i < inputs.length ? Math.min(until, inputs[i].tick) : until;
    advance(m.state, m.rt, stop - m.state.tick);
  }
}

/** Types into the terminal now. */
export function type(m: Machine, data: string): void {
  applyInput(m.state, m.rt, { kind: 'tty', data });
}

/** Everything the terminal has shown, with the \r of line ends removed. */
export function screen(m: Machine): string {
  return ttyTranscript(m.state.tty).replace(/\r\n/g, '\n');
}
