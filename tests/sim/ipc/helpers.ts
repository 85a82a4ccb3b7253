import type { Program } from '../../../src/sim/abi/program.ts';
import type { SpawnRequest } from '../../../src/sim/abi/syscalls.ts';
import { applyInput } from '../../../src/sim/kernel/kernel.ts';
import type { KernelConfig } from '../../../src/sim/kernel/state.ts';
import { createMachine, type Machine, runTo } from '../../../src/sim/machine/machine.ts';
import { PROGRAMS } from '../../../src/sim/machine/programs.ts';

/**
 * A machine with no login shell: init, the standard programs and the test's own programs.
 * Processes started with `start` are init's children on the terminal.
 */
export function machineWith(programs: Record<string, Program> = {}, config: Partial<KernelConfig> = {}): Machine {
  return createMachine({ login: null, ...config }, { ...PROGRAMS, ...programs });
}

/** Starts a program from outside (as a scenario does); returns its pid. */
export function start(m: Machine, program: string, argv: string[] = [program], extra: Partial<SpawnRequest> = {}): number {
  return applyInput(m.state, m.rt, { kind: 'spawn', request: { program, argv, ...extra } });
}

/** Runs `ticks` more ticks. */
export function run(m: Machine, ticks: number): void {
  runTo(m, m.state.tick + ticks);
}

/** Sends a signal from outside (the UI), now. */
export function signal(m: Machine, pid: number, sig: number): void {
  applyInput(m.state, m.rt, { kind: 'signal', pid, sig });
}

/** The processes still in the table, other than init. */
export function liveUserProcs(m: Machine): number[] {
  return Object.values(m.state.procs)
    .filter((p) => p.pid !== 1)
    .map((p) => p.pid);
}
