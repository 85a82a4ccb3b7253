import { EAGAIN, errnoName } from '../sim/abi/errno.ts';
import type { TimedInput } from '../sim/machine/machine.ts';

/**
 * Inputs of a scenario that the kernel turned down (a process over the process limit, a
 * signal to no one), counted by reason, so the command line and the app say the same thing
 * in the same words: "5 of the scenario's processes not started: the process limit ...".
 */
export type Refusals = Map<string, { count: number; first: number; last: number }>;

/** Counts one refused input under its reason, with the ticks the refusals came at. */
export function noteRefusal(tally: Refusals, input: TimedInput, errno: number, maxProcs: number): void {
  const why = errno === EAGAIN && input.kind === 'spawn' ? `the process limit (kernel.limits.maxProcs) is ${maxProcs}` : errnoName(errno);
  const key = `${input.kind}\0${why}`;
  const seen = tally.get(key);
  if (seen) {
    seen.count++;
    seen.first = Math.min(seen.first, input.tick);
    seen.last = Math.max(seen.last, input.tick);
  } else tally.set(key, { count: 1, first: input.tick, last: input.tick });
}

/** One line per reason; refusals after tick 0 say when they came. */
export function refusalNotices(tally: Refusals): string[] {
  return [...tally].map(([key, { count, first, last }]) => {
    const [kind, why] = key.split('\0');
    const when = last === 0 ? '' : first === last ? ` at tick ${first}` : ` at ticks ${first}–${last}`;
    return kind === 'spawn' ? `${count} of the scenario's processes not started${when}: ${why}` : `${count} ${kind} inputs refused${when}: ${why}`;
  });
}
