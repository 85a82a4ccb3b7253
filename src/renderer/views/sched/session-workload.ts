import type { SchedConfig } from '../../../sim/sched/policy.ts';

/** What the lab needs to run the workload the machine runs: its jobs as text, its scheduler and CPUs. */
export interface SessionWorkload {
  text: string;
  sched: SchedConfig;
  cpus: number;
  /** The session's seed: a lottery draws the same tickets in the lab as in the machine. */
  seed: number;
  jobs: number;
}

interface SavedProcess {
  at?: number;
  program: string;
  argv?: string[];
  nice?: number;
  tickets?: number;
  priority?: number;
  affinity?: number[];
  currency?: string;
  workingSet?: number;
}

/**
 * The session's jobs (from its saved scenario) as the lab's "jobs, one per line" text, with
 * its scheduler and CPU count, so Compare runs the very workload the machine runs. Only
 * `cpu` and `job` processes are jobs: a scenario that starts anything else, or pins jobs to
 * CPUs or currencies or gives them working sets the lab's lines cannot say, gets an error
 * naming the process.
 */
export function sessionWorkload(json: string): SessionWorkload | { error: string } {
  let sc: { seed?: number; kernel?: { sched?: SchedConfig; cpus?: number }; processes?: SavedProcess[] };
  try {
    sc = JSON.parse(json);
  } catch {
    return { error: 'the session could not be read as a scenario' };
  }
  const lines: string[] = [];
  for (const [i, p] of (sc.processes ?? []).entries()) {
    const args = (p.argv ?? [p.program]).slice(1);
    const where = `processes[${i}] (${p.program})`;
    let bursts: string;
    if (p.program === 'cpu') bursts = `cpu:${args[0] ?? 10}`;
    else if (p.program === 'job') bursts = args.join(' ');
    else return { error: `${where} is not a cpu or job process, so the session is not a workload the lab can run` };
    if (p.affinity || p.currency) return { error: `${where} has an ${p.affinity ? 'affinity' : 'currency'}, which the lab's job lines cannot say` };
    // The lab's machines have no caches, so a job there would run cold all the way: another workload.
    if (p.workingSet !== undefined) return { error: `${where} has a working set, and the lab's machines have no caches to warm it` };
    const attrs = (['nice', 'tickets', 'priority'] as const).flatMap((k) => (p[k] === undefined ? [] : [`${k}=${p[k]}`]));
    lines.push([String(p.at ?? 0), bursts, ...attrs].join(' '));
  }
  if (lines.length === 0) return { error: 'the session has started no cpu or job processes yet' };
  const sched = sc.kernel?.sched;
  // A session's saved scenario spells out its whole configuration, the quantum included.
  if (!sched || typeof sched.quantum !== 'number') return { error: "the session's scenario names no scheduler and quantum" };
  return { text: `${lines.join('\n')}\n`, sched, cpus: sc.kernel?.cpus ?? 1, seed: sc.seed ?? 1, jobs: lines.length };
}
