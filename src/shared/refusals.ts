import { EAGAIN, errnoName } from '../sim/abi/errno.ts';
import type { TimedInput } from '../sim/machine/machine.ts';

/**
 * Inputs of a scenario that the kernel turned down (a process over the process limit, a
 * signal to no one), counted by reason, so the command line and the app say the same thing
 * in the same words: "5 of the scenario's processes not started: the process limit ...".
 */
export type Refusals = Map<string, number>;

export function noteRefusal(tally: Refusals, input: TimedInput, errno: number, maxProcs: number): void {
  const why = errno === EAGAIN && input.kind === 'spawn' ? `the process limit (kernel.limits.maxProcs) is ${maxProcs}` : errnoName(errno);
  const what = input.kind === 'spawn' ? `not started: ${why}` : `${input.kind} inputs refused: ${why}`;
  tally.set(what, (tally.get(what) ?? 0) + 1);
}

export function refusalNotices(tally: Refusals): string[] {
  return [...tally].map(([what, n]) => `${n} ${what.startsWith('not started') ? `of the scenario's processes ${what}` : what}`);
}
