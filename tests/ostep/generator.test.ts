import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EINVAL } from '../../src/sim/abi/errno.ts';
import { logItems } from '../../src/sim/base/ringlog.ts';
import * as sys from '../../src/sim/libc/sys.ts';
import { PROGRAMS } from '../../src/sim/machine/programs.ts';
import { runShellScript } from '../../src/sim/machine/run-script.ts';
import { type GenEvent, runForkgen } from '../../src/sim/machine/run-forkgen.ts';
import { solve } from '../../src/sim/ostep/index.ts';
import { solveGenerator } from '../../src/sim/ostep/generator.ts';
import { type GenAction, genProgramText } from '../../src/sim/proctree/genprogram.ts';
import { TICKS_PER_SECOND } from '../../src/sim/programs/forkgen.ts';
import { loadCases, mismatch } from './cases.ts';

/**
 * A direct model of the README's rules for generator.py, with no kernel: a fork records
 * at the parent's time; the child begins `sleep` later and ends when its body does; a wait
 * takes the earliest-ending child still unreaped. `tie` is set when a wait had two such
 * children ending in the same second (the README drops those cases: the reaped one is a race).
 */
function model(actions: readonly GenAction[]): { processes: Record<string, GenEvent[]>; tie: boolean } {
  const processes: Record<string, GenEvent[]> = {};
  let tie = false;
  const run = (name: string, body: readonly GenAction[], begin: number): number => {
    const events: GenEvent[] = [{ t: begin, event: 'begin' }];
    processes[name] = events;
    let t = begin;
    const pending: Array<{ child: string; end: number }> = [];
    for (const a of body) {
      if (a.op === 'fork') {
        events.push({ t, event: 'fork', child: a.child });
        pending.push({ child: a.child, end: run(a.child, a.body, t + a.sleep) });
      } else {
        const first = Math.min(...pending.map((p) => p.end));
        if (pending.filter((p) => p.end === first).length > 1) tie = true;
        const k = pending.findIndex((p) => p.end === first);
        t = Math.max(t, first);
        events.push({ t, event: 'wait', child: pending[k].child });
        pending.splice(k, 1);
      }
    }
    if (name !== 'a') events.push({ t, event: 'end' });
    return t;
  };
  run('a', actions, 0);
  return { processes, tie };
}

/** Random valid programs: a few forks per body, a few levels deep, waits interleaved. */
const programs: fc.Arbitrary<GenAction[]> = fc
  .letrec<{ body: Array<{ fork: boolean; sleep: number; body: unknown }> }>((tie) => ({
    body: fc.array(
      fc.record({ fork: fc.boolean(), sleep: fc.integer({ min: 0, max: 6 }), body: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant([]), tie('body')) }),
      { maxLength: 5 },
    ),
  }))
  .body.map((raw) => {
    const names = 'bcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
    let next = 0;
    const build = (items: Array<{ fork: boolean; sleep: number; body: unknown }>): GenAction[] => {
      const out: GenAction[] = [];
      let outstanding = 0;
      for (const it of items) {
        if (it.fork && next < names.length) {
          out.push({ op: 'fork', child: names[next++], sleep: it.sleep, body: build(it.body as typeof items) });
          outstanding++;
        } else if (!it.fork && outstanding > 0) {
          out.push({ op: 'wait' });
          outstanding--;
        }
      }
      for (; outstanding > 0; outstanding--) out.push({ op: 'wait' });
      return out;
    };
    return build(raw);
  });

describe('generator conformance (OSTEP cpu-api/generator.py)', () => {
  for (const c of loadCases('generator')) {
    it(c.id, () => {
      expect(mismatch(c.expected, solve('generator', c.input), c.tolerance ?? 0)).toBeNull();
    });
  }

  it("prints generator.py's own trace, line for line, as it runs on the kernel", () => {
    for (const c of loadCases('generator')) {
      const r = runShellScript(`forkgen '${(c.input as { program: string }).program}'`);
      expect(r.status).toBe(0);
      expect(r.output, c.id).toBe((c as unknown as { raw: string }).raw);
    }
  });

  it('tells the user at the terminal what is wrong with a command line', () => {
    expect(runShellScript('forkgen')).toMatchObject({ status: 1, output: expect.stringContaining('forkgen: no program') });
    expect(runShellScript("forkgen 'fork b,1 {}'")).toMatchObject({
      status: 1,
      output: "forkgen: bad program 'fork b,1 {}': process a forks 1 more child than it waits for (every fork needs a wait)\n",
    });
    expect(runShellScript("forkgen -t 0 'fork b,1 {} wait'")).toMatchObject({ status: 1, output: expect.stringContaining('ticks per second must be 1 to 1000') });
    expect(runShellScript('forkgen --child b 1 0 10')).toMatchObject({ status: 2, output: expect.stringContaining("forkgen's own way to start a child") });
    expect(runShellScript("forkgen ''")).toMatchObject({ status: 0, output: '  0 a+\n' });
    // -t sets the length of a second; the trace counts seconds all the same.
    expect(runShellScript("forkgen -t 3 'fork b,2 {} wait'")).toMatchObject({ status: 0, ticks: expect.any(Number), output: '  0 a+\n  0 a->b\n  2      b+\n  2      b-\n  2 a<-b\n' });
  });

  it('names each process after the program (setname), as the tree and the Gantt lanes show them', () => {
    const r = runShellScript("forkgen -q 'fork b,1 {} wait'");
    const names = logItems(r.machine.state.exited).filter((e) => e.argv[0] === 'forkgen').map((e) => e.name);
    expect(names.sort()).toEqual(['a', 'b']);
    const lanes = logItems(r.machine.state.trace).filter((sl) => sl.kind === 'wait' && sl.why === 'waiting: sleep').map((sl) => sl.name);
    expect(lanes).toEqual(['b']);
  });

  it('setname keeps 15 characters and refuses an empty name or a control character', () => {
    const seen: Array<number | string> = [];
    const namer = function* (): sys.Sys<number> {
      for (const name of ['', 'bad\nname', 'a-very-long-process-name']) seen.push(yield* sys.setname(name));
      seen.push((yield* sys.ps()).find((p) => p.argv[0] === 'namer')!.name);
      return 0;
    };
    runShellScript('namer', { programs: { ...PROGRAMS, namer } });
    expect(seen).toEqual([-EINVAL, -EINVAL, 0, 'a-very-long-pro']);
  });

  it("says so when a child's part of the program is too long for its command line", () => {
    const inner = Array.from({ length: 400 }, (_, i) => `fork c${i},0 {} wait`).join(' ');
    const r = solveGenerator({ program: `fork b,1 {${inner}} wait` });
    expect(r).toEqual({ error: expect.stringMatching(/forkgen: a could not fork b: E2BIG/) });
  });

  it('rejects malformed input with an error, not a throw', () => {
    expect(solveGenerator(null)).toEqual({ error: expect.stringContaining('input must be an object') });
    expect(solveGenerator({})).toEqual({ error: expect.stringContaining('needs program') });
    expect(solveGenerator({ program: 42 })).toEqual({ error: expect.stringContaining('program must be a string') });
    expect(solveGenerator({ program: 'fork b,1 {}' })).toEqual({ error: 'program: process a forks 1 more child than it waits for (every fork needs a wait)' });
    expect(solveGenerator({ actions: [{ op: 'wait' }] })).toEqual({ error: 'process a waits with no child left to wait for' });
    expect(solveGenerator({ program: 'fork b,1 {} wait', actions: [{ op: 'fork', child: 'b', sleep: 2, body: [] }, { op: 'wait' }] })).toEqual({
      error: 'program and actions describe different programs ("fork b,1 {} wait" and "fork b,2 {} wait")',
    });
  });

  it('takes the program as a tree alone', () => {
    expect(solveGenerator({ actions: [{ op: 'fork', child: 'b', sleep: 2, body: [] }, { op: 'wait' }] })).toEqual({
      processes: {
        a: [
          { t: 0, event: 'begin' },
          { t: 0, event: 'fork', child: 'b' },
          { t: 2, event: 'wait', child: 'b' },
        ],
        b: [
          { t: 2, event: 'begin' },
          { t: 2, event: 'end' },
        ],
      },
    });
  });

  it('reads a run from the kernel: the sleeps and waits are whole seconds of ticks', () => {
    const run = runForkgen([{ op: 'fork', child: 'b', sleep: 3, body: [] }, { op: 'wait' }]);
    if ('error' in run) throw new Error(run.error);
    expect(run.ticks).toBe(3 * TICKS_PER_SECOND);
    const children = Object.values(run.machine.state.procs).filter((p) => p.ppid === run.rootPid);
    expect(children).toEqual([]);
  });

  test.prop([programs], { numRuns: 150 })('agrees with the direct model, and every event is where the rules put it', (actions) => {
    const m = model(actions);
    fc.pre(!m.tie);
    const run = runForkgen(actions);
    if ('error' in run) throw new Error(`${genProgramText(actions)}: ${run.error}`);
    expect(run.processes).toEqual(m.processes);
    const forkedAt = new Map<string, number>();
    const endedAt = new Map<string, number>();
    for (const events of Object.values(run.processes)) {
      for (let i = 1; i < events.length; i++) expect(events[i].t).toBeGreaterThanOrEqual(events[i - 1].t);
      for (const e of events) if (e.event === 'fork') forkedAt.set(e.child!, e.t);
    }
    for (const [name, events] of Object.entries(run.processes)) {
      if (name === 'a') continue;
      expect(events[0].t).toBeGreaterThanOrEqual(forkedAt.get(name)!);
      endedAt.set(name, events[events.length - 1].t);
    }
    for (const events of Object.values(run.processes)) {
      for (const e of events) if (e.event === 'wait') expect(e.t).toBeGreaterThanOrEqual(endedAt.get(e.child!)!);
    }
  });
});
