import { compareHeapConfigs } from '../sim/labs/memory.ts';
import { pagingLab } from '../sim/labs/paging.ts';
import { forkLab } from '../sim/labs/proctree.ts';
import { PROGRAMS } from '../sim/machine/programs.ts';
import { policyNames } from '../sim/sched/registry.ts';
import type { CommandArgs, CommandName, CommandResult } from '../shared/protocol.ts';
import type { FieldError } from '../shared/scenario.ts';
import { schedLab, workloadScenario } from './labs.ts';
import type { Session } from './session.ts';

/** A command that could not be carried out: what was wrong, and for a scenario the fields. */
export class Failure {
  constructor(
    readonly error: string,
    readonly errors?: FieldError[],
  ) {}
}

type Handler<C extends CommandName> = (session: Session, args: CommandArgs<C>) => CommandResult<C> | Failure;

/**
 * The host's half of the command table in shared/protocol.ts: one handler per command,
 * and the compiler insists there is one for every entry. A handler gets arguments the
 * table's schema has already validated, as objects.
 */
export const HANDLERS: { [C in CommandName]: Handler<C> } = {
  hello: (session) => ({
    state: session.current,
    status: session.status(),
    programs: Object.keys(PROGRAMS).sort(),
    policies: policyNames(),
  }),
  play: (session) => session.play(),
  pause: (session) => session.pause(),
  step: (session, { n }) => session.step(n),
  stepBack: (session, { n }) => session.stepBack(n),
  seek: (session, { tick }) => session.seek(tick),
  setSpeed: (session, { ticksPerSecond, hurry }) => session.setSpeed(ticksPerSecond, hurry),
  ttyInput: (session, { data }) => session.ttyInput(data),
  resizeTty: (session, { cols, rows }) => session.resizeTty(cols, rows),
  loadScenario: (session, { json, name }) => {
    const r = session.loadScenario(json, name);
    return r.ok ? { status: r.status, warnings: r.warnings } : invalid(r.errors, 'the scenario is not valid');
  },
  saveScenario: (session) => session.saveScenario(),
  reset: (session) => session.reset(),
  signal: (session, { pid, sig }) => {
    const r = session.signal(pid, sig);
    return r.ok ? session.status() : new Failure(r.error ?? 'the signal was not sent');
  },
  disk: (session, { action }) => session.disk(action),
  spawn: (session, { program, argv }) => {
    if (!Object.hasOwn(PROGRAMS, program)) return new Failure(`no program named "${program}"`);
    const r = session.spawn(program, argv);
    return r.ok ? { pid: r.pid, status: r.status } : new Failure(r.error);
  },
  heapLab: (_session, { trace, configs }) => {
    const r = compareHeapConfigs(trace, configs);
    return 'error' in r ? new Failure(r.error) : r;
  },
  schedLab: (_session, { workload, policies, cpus }) => {
    const r = schedLab(workload, policies, cpus);
    return r.ok ? r : new Failure(r.error);
  },
  loadWorkload: (session, { workload, sched, cpus }) => {
    const sc = workloadScenario(workload, sched, cpus);
    if (!sc.ok) return new Failure(sc.error, [{ field: 'workload', message: sc.error }]);
    // Compare's "step through": the session it replaces is always kept, as a branch to return to.
    return loaded(session.loadScenario(sc.scenario, undefined, true), 'the workload is not valid');
  },
  saveDiskImage: (session) => session.saveDiskImage(),
  reconfigure: (session, { sched, cpus }) => loaded(session.reconfigure(sched, cpus), 'the configuration is not valid'),
  forkLab: (_session, { actions, leafOnly, localReparent }) => {
    const r = forkLab(actions, { leafOnly, localReparent });
    return r.ok ? r : new Failure(r.error);
  },
  pagingLab: (_session, { refs, frames, policies, useBits, seed }) => {
    const r = pagingLab(refs, frames, policies, { useBits, seed });
    return 'error' in r ? new Failure(r.error) : r;
  },
  branches: (session) => session.listBranches(),
  switchBranch: (session, { id, tick }) => {
    const r = session.switchBranch(id, tick);
    return r.ok ? { status: r.status } : new Failure(r.error);
  },
  loadDiskImage: (session, { text, name }) => {
    const r = session.loadDiskImage(text, name);
    return r.ok ? { status: r.status, problem: r.problem } : new Failure(r.error);
  },
};

/** A load's result in the one reply shape: the status, or the field errors with a summary. */
function loaded(r: { ok: true; status: CommandResult<'step'> } | { ok: false; errors: FieldError[] }, summary: string): { status: CommandResult<'step'> } | Failure {
  return r.ok ? { status: r.status } : invalid(r.errors, summary);
}

function invalid(errors: FieldError[], summary: string): Failure {
  return new Failure(`${summary}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, errors);
}
