import { cfs } from './cfs.ts';
import { fifo } from './fifo.ts';
import { lottery } from './lottery.ts';
import { mlfq } from './mlfq.ts';
import { multi } from './multi.ts';
import { PER_CPU_SUFFIX, perCpu } from './percpu.ts';
import type { SchedConfig, SchedPolicy } from './policy.ts';
import { priority } from './priority.ts';
import { roundRobin } from './rr.ts';
import { sjf, stcf } from './sjf.ts';
import { stride } from './stride.ts';

/** Every scheduling policy, by name. */
export const POLICIES: Record<string, SchedPolicy<never>> = {
  fifo: fifo as SchedPolicy<never>,
  sjf: sjf as SchedPolicy<never>,
  stcf: stcf as SchedPolicy<never>,
  rr: roundRobin as SchedPolicy<never>,
  priority: priority as SchedPolicy<never>,
  mlfq: mlfq as SchedPolicy<never>,
  lottery: lottery as SchedPolicy<never>,
  stride: stride as SchedPolicy<never>,
  cfs: cfs as SchedPolicy<never>,
  multi: multi as SchedPolicy<never>,
};

/** Per-CPU variants of every policy; they hold no state of their own, so one each serves every kernel. */
const PER_CPU: Record<string, SchedPolicy<unknown>> = Object.fromEntries(
  Object.keys(POLICIES).map((name) => [name + PER_CPU_SUFFIX, perCpu(POLICIES[name] as SchedPolicy<unknown>)]),
);

/**
 * Every policy and per-CPU variant by name, in a Map: names come from users (`constructor`
 * is not a policy), and a Map has no prototype to look through. It is also what the kernel
 * asks on every scheduling call, so the lookup is one hash probe.
 */
const BY_NAME: ReadonlyMap<string, SchedPolicy<unknown>> = new Map([
  ...Object.entries(POLICIES as Record<string, SchedPolicy<unknown>>),
  ...Object.entries(PER_CPU),
]);

/** A policy by name; "rr+per-cpu" is round robin with per-CPU run queues. */
export function getPolicy(name: string): SchedPolicy<unknown> | undefined {
  return BY_NAME.get(name);
}

/** The policy a configuration asks for: its `policy`, wrapped when options.runQueues is 'per-cpu'. */
export function policyNameFor(cfg: SchedConfig): string {
  return cfg.options?.runQueues === 'per-cpu' ? cfg.policy + PER_CPU_SUFFIX : cfg.policy;
}

/** What is wrong with a scheduler configuration, one line each (empty = fine). */
export function checkSchedConfig(cfg: SchedConfig): string[] {
  const pol = getPolicy(policyNameFor(cfg));
  if (!pol) return [`policy: unknown policy "${cfg.policy}" (known: ${policyNames().join(', ')})`];
  const errors = pol.check(cfg);
  const cost = cfg.options?.switchCost;
  if (cost !== undefined && !(typeof cost === 'number' && Number.isInteger(cost) && cost >= 0 && cost <= 1000)) {
    errors.push(`options.switchCost: expected an integer from 0 to 1000, got ${JSON.stringify(cost)}`);
  }
  if (!(Number.isFinite(cfg.quantum) && cfg.quantum >= 1)) errors.push(`quantum: expected a number >= 1, got ${cfg.quantum}`);
  return errors;
}

/** Ticks a context switch costs under this configuration (options.switchCost, default 0). */
export function switchCostOf(cfg: SchedConfig): number {
  const c = cfg.options?.switchCost;
  return typeof c === 'number' && Number.isInteger(c) && c > 0 ? Math.min(c, 1000) : 0;
}

export function policyNames(): string[] {
  return Object.keys(POLICIES);
}
