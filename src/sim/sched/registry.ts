import type { SchedPolicy } from './policy.ts';
import { roundRobin } from './rr.ts';

/** Every scheduling policy, by name. */
export const POLICIES: Record<string, SchedPolicy<never>> = {
  rr: roundRobin as SchedPolicy<never>,
};

export function getPolicy(name: string): SchedPolicy<unknown> | undefined {
  return POLICIES[name] as SchedPolicy<unknown> | undefined;
}

export function policyNames(): string[] {
  return Object.keys(POLICIES);
}
