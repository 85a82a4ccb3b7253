import { type JobResult, runWorkload } from '../machine/run-workload.ts';
import type { Averages, RunSummary } from '../sched/metrics.ts';
import { type OstepFlavor, parseOstepJobs } from '../sched/ostep-input.ts';
import type { SchedConfig } from '../sched/policy.ts';
import { getPolicy, policyNameFor } from '../sched/registry.ts';
import type { Slice } from '../sched/slice.ts';
import { type JobSpec, parseJobArgs, type Workload } from '../sched/workload.ts';

/**
 * The scheduling lab: one workload under several policies, each run through the real
 * kernel, with the results lined up for a side-by-side view. Workloads are written as
 * OSTEP's simulators take them, or one job per line ("ARRIVAL BURSTS [key=value...]").
 */
export type WorkloadFormat = OstepFlavor | 'jobs';

export interface WorkloadText {
  format: WorkloadFormat;
  text: string;
  /** I/O length for the mlfq and process-run formats. */
  ioTime?: number;
  /** The seed for the formats that draw random jobs, and for the machine each policy runs on (a lottery's draws); default 1. */
  seed?: number;
}

/** Most jobs a lab workload may have, and most Gantt slices kept per run for drawing. */
export const LAB_MAX_JOBS = 200;
export const LAB_MAX_SLICES = 20_000;

const ATTRS = ['nice', 'tickets', 'priority'] as const;

/** "ARRIVAL BURSTS [nice=N] [tickets=N] [priority=N]" per line; # starts a comment. */
export function parseJobLines(text: string): Workload | { error: string } {
  const jobs: JobSpec[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*/, '').trim();
    if (!line) continue;
    const [at, ...rest] = line.split(/\s+/);
    const where = `line ${i + 1}`;
    if (!/^\d+$/.test(at)) return { error: `${where}: arrival '${at}' is not a whole number of ticks` };
    const job: JobSpec = { arrival: Number(at), bursts: [] };
    const burstTokens: string[] = [];
    for (const tok of rest) {
      const kv = /^(\w+)=(-?\d+)$/.exec(tok);
      if (!kv) {
        burstTokens.push(tok);
        continue;
      }
      const key = kv[1] as (typeof ATTRS)[number];
      if (!ATTRS.includes(key)) return { error: `${where}: unknown attribute '${kv[1]}' (known: ${ATTRS.join(', ')})` };
      job[key] = Number(kv[2]);
    }
    const bursts = parseJobArgs(burstTokens);
    if ('error' in bursts) return { error: `${where}: ${bursts.error}` };
    job.bursts = bursts.bursts;
    jobs.push(job);
  }
  if (jobs.length === 0) return { error: 'no jobs: write one per line, e.g. "0 cpu:10 io:5 cpu:10"' };
  return { jobs };
}

export function parseWorkloadText(w: WorkloadText): Workload | { error: string } {
  const parsed = w.format === 'jobs' ? parseJobLines(w.text) : parseOstepJobs(w.format, w.text, { ioTime: w.ioTime, seed: w.seed });
  if ('error' in parsed) return parsed;
  if (parsed.jobs.length > LAB_MAX_JOBS) return { error: `${parsed.jobs.length} jobs is too many for the lab (at most ${LAB_MAX_JOBS})` };
  return parsed;
}

export interface LabRun {
  policy: string;
  label: string;
  tieBreak: string;
  jobs: JobResult[];
  average: Averages;
  summary: RunSummary;
  fairness: number | null;
  slices: Slice[];
  /** False when the run had more slices than the lab keeps for drawing. */
  traceComplete: boolean;
}

export type LabResult = { ok: true; jobs: JobSpec[]; runs: LabRun[] } | { ok: false; error: string };

/** Runs the workload under each configuration. A failure names the policy it came from. */
export function compareSchedPolicies(w: WorkloadText, configs: SchedConfig[], cpus = 1): LabResult {
  const workload = parseWorkloadText(w);
  if ('error' in workload) return { ok: false, error: workload.error };
  const runs: LabRun[] = [];
  for (const [i, cfg] of configs.entries()) {
    const r = runWorkload(workload, cfg, { cpus, traceCap: LAB_MAX_SLICES, seed: w.seed });
    if ('error' in r) return { ok: false, error: `policies[${i}] (${cfg.policy}): ${r.error}` };
    runs.push({
      policy: policyNameFor(cfg),
      label: getPolicy(policyNameFor(cfg))?.label ?? cfg.policy,
      tieBreak: r.tieBreak,
      jobs: r.jobs,
      average: r.average,
      summary: r.summary,
      fairness: r.fairness,
      slices: r.slices,
      traceComplete: r.traceComplete,
    });
  }
  return { ok: true, jobs: workload.jobs, runs };
}
