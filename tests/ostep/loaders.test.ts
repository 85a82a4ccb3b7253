import { describe, expect, it } from 'vitest';
import { answer, SOLVERS } from '../../src/sim/ostep/index.ts';
import { loadSolver, SOLVER_LOADERS } from '../../src/sim/ostep/loaders.ts';
import { plainConform } from '../../src/cli/main.ts';

describe('solvers loaded one at a time', () => {
  it('load the very solvers the whole table holds, for the same simulators', async () => {
    expect(Object.keys(SOLVER_LOADERS).sort()).toEqual(Object.keys(SOLVERS).sort());
    for (const sim of Object.keys(SOLVERS)) expect(await loadSolver(sim)).toBe(SOLVERS[sim]);
  });

  it('know no simulator by an inherited name', async () => {
    for (const sim of ['toString', '__proto__', 'constructor', 'nosuch']) {
      expect(await loadSolver(sim)).toBeUndefined();
      expect(answer(sim, {})).toEqual({ error: expect.stringContaining(`simulator "${sim}" is not supported`) });
    }
  });
});

describe('the plain conform call', () => {
  it('is taken without the option parser only in its plain forms', () => {
    expect(plainConform(['conform', 'malloc'])).toEqual({ sim: 'malloc', batch: false });
    expect(plainConform(['conform', 'malloc', '--batch'])).toEqual({ sim: 'malloc', batch: true });
    expect(plainConform(['conform', '--batch', 'fork'])).toEqual({ sim: 'fork', batch: true });
    for (const argv of [['conform'], ['conform', '--help'], ['conform', '--batch'], ['conform', 'a', 'b'], ['conform', '--batch', '--batch', 'a'], ['conform', 'a', '--bach'], ['run', 'x']]) {
      expect(plainConform(argv)).toBeNull();
    }
  });
});
