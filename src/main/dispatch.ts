import { type Command, type CommandName, parseCommand, type Reply } from '../shared/protocol.ts';
import { compareHeapConfigs } from '../sim/labs/memory.ts';
import { forkLab } from '../sim/labs/proctree.ts';
import { PROGRAMS } from '../sim/programs/index.ts';
import { policyNames } from '../sim/sched/registry.ts';
import { schedLab, workloadScenario } from './labs.ts';
import type { Session } from './session.ts';

/**
 * Carries out one untrusted command on a session. The message is validated first; a
 * malformed one gets an error reply and changes nothing. Never throws.
 */
export function handleCommand(session: Session, raw: unknown): Reply<CommandName> {
  const parsed = parseCommand(raw);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  try {
    return { ok: true, result: run(session, parsed.command) } as Reply<CommandName>;
  } catch (err) {
    // A kernel bug must not take the host down; report it and keep serving.
    return { ok: false, error: `internal error: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function run(session: Session, c: Command): unknown {
  switch (c.cmd) {
    case 'hello':
      return {
        state: session.current,
        status: session.status(),
        programs: Object.keys(PROGRAMS).sort(),
        policies: policyNames(),
      };
    case 'play':
      return session.play();
    case 'pause':
      return session.pause();
    case 'step':
      return session.step(c.n);
    case 'stepBack':
      return session.stepBack(c.n);
    case 'seek':
      return session.seek(c.tick);
    case 'setSpeed':
      return session.setSpeed(c.ticksPerSecond);
    case 'ttyInput':
      return session.ttyInput(c.data);
    case 'loadScenario':
      return session.loadScenario(c.json, c.name);
    case 'saveScenario':
      return session.saveScenario();
    case 'reset':
      return session.reset();
    case 'signal':
      return session.signal(c.pid, c.sig);
    case 'disk':
      return session.disk(c.action);
    case 'spawn':
      if (!Object.hasOwn(PROGRAMS, c.program)) return { ok: false, error: `no program named "${c.program}"` };
      return session.spawn(c.program, c.argv);
    case 'heapLab':
      return compareHeapConfigs(c.trace, c.configs);
    case 'reconfigure':
      return session.reconfigure(c.sched, c.cpus);
    case 'saveDiskImage':
      return session.saveDiskImage();
    case 'loadDiskImage':
      return session.loadDiskImage(c.text, c.name);
    case 'forkLab':
      return forkLab(c.actions, { leafOnly: c.leafOnly, localReparent: c.localReparent });
    case 'schedLab':
      return schedLab(c.workload, c.policies, c.cpus);
    case 'loadWorkload': {
      const sc = workloadScenario(c.workload, c.sched, c.cpus);
      if (!sc.ok) return { ok: false, errors: [{ field: 'workload', message: sc.error }] };
      return session.loadScenario(JSON.stringify(sc.scenario));
    }
  }
}
