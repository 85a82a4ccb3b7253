import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, scenarioInputs } from '../../src/shared/scenario.ts';

describe('scenario files', () => {
  it.each([
    ['{ not json', '(file)', /not valid JSON/],
    ['{"glassbox":2}', 'glassbox', /format version/],
    ['{"glassbox":1,"kernel":{"cpus":99}}', 'kernel.cpus', /8/],
    ['{"glassbox":1,"kernel":{"sched":{"policy":"fair-ish"}}}', 'kernel.sched.policy', /unknown policy/],
    ['{"glassbox":1,"processes":[{"program":"cpu"},{"program":""}]}', 'processes[1].program', /./],
    ['{"glassbox":1,"inputs":[{"at":-3,"tty":"x"}]}', 'inputs[0].at', />=0/],
    ['{"glassbox":1,"seed":"abc"}', 'seed', /number/],
    ['{"glassbox":1,"kernel":{"vm":{"pageSize":1000}}}', 'kernel.vm', /pageSize must be a power of two/],
    ['{"glassbox":1,"kernel":{"vm":{"policy":"OPT"}}}', 'kernel.vm.policy', /./],
    ['{"glassbox":1,"kernel":{"vm":{"tlb":{"entries":8,"ways":3}}}}', 'kernel.vm', /tlb.ways must divide tlb.entries/],
    ['{"glassbox":1,"kernel":{"vm":{"frames":4}}}', 'kernel.vm', /frames/],
  ])('%s is rejected, naming %s', (text, field, message) => {
    const r = parseScenario(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.field)).toContain(field);
      expect(r.errors.find((e) => e.field === field)!.message).toMatch(message);
    }
  });

  it('every scenario in resources/scenarios is valid', () => {
    const dir = join(import.meta.dirname, '..', '..', 'resources', 'scenarios');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const r = parseScenario(readFileSync(join(dir, f), 'utf8'));
      expect(r.ok ? 'ok' : `${f}: ${JSON.stringify(r.errors)}`).toBe('ok');
    }
  });

  it('inputs come out sorted by tick, keeping file order at equal ticks', () => {
    const r = parseScenario(
      JSON.stringify({
        glassbox: 1,
        processes: [{ at: 5, program: 'cpu' }, { at: 0, program: 'echo' }],
        inputs: [{ at: 5, tty: 'a' }, { at: 2, tty: 'b' }],
      }),
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(scenarioInputs(r.scenario).map((i) => [i.tick, i.kind])).toEqual([[0, 'spawn'], [2, 'tty'], [5, 'spawn'], [5, 'tty']]);
  });

  it('processes may be pinned to CPUs and funded in a ticket currency, and a saved session keeps both', () => {
    const r = parseScenario(JSON.stringify({ glassbox: 1, processes: [{ program: 'cpu', affinity: [1], currency: 'alice' }] }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [spawn] = scenarioInputs(r.scenario);
    expect(spawn).toMatchObject({ kind: 'spawn', request: { sched: { affinity: [1], currency: 'alice' } } });
    expect(parseScenario(JSON.stringify({ glassbox: 1, processes: [{ program: 'cpu', affinity: [9] }] })).ok).toBe(false);
  });
});
