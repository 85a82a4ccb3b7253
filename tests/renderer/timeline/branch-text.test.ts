import { describe, expect, it } from 'vitest';
import { branchNotice, branchRow, savedBranches } from '../../../src/renderer/timeline/branch-text.ts';

const change = { seq: 1, branch: 2, from: 1, tick: 120, fromEnd: 455, fromScenario: 'Terminal', dropped: null };

describe('what the timeline says about branches', () => {
  it('a fork names the new branch, the tick and the kept future', () => {
    expect(branchNotice({ ...change, kind: 'fork' }, 'Terminal')).toEqual({
      text: 'New branch 2 from tick 120: the previous future (ticks 120–455) is kept as branch 1.',
      back: 1,
    });
  });

  it('a load (step through) names the session it kept', () => {
    expect(branchNotice({ ...change, kind: 'load', tick: 0 }, 'FIFO · 3 jobs').text).toBe(
      'Opened “FIFO · 3 jobs” as branch 2: the session you were in (“Terminal”, ticks 0–455) is kept as branch 1.',
    );
  });

  it('a switch says where it is now and what it kept, and a let-go branch is said out loud', () => {
    const r = branchNotice({ ...change, kind: 'switch', branch: 1, from: 2, tick: 300, dropped: 3 }, 'Terminal');
    expect(r.text).toBe('Now on branch 1 at tick 300: branch 2 (“Terminal”, ticks 0–455) is kept. Branch 3, the one left longest ago, was let go to keep memory bounded.');
    expect(r.back).toBe(2);
  });

  it("a row names the branch's scenario only when it is not the current one's", () => {
    const b = { id: 1, name: 'branch 1', parent: null, forkTick: 0, endTick: 455, scenarioName: 'Terminal', cause: 'the start', inputs: 2, current: false };
    expect(branchRow(b, 'Terminal')).toEqual({ name: 'branch 1', span: 'tick 0 → 455', what: 'the start' });
    expect(branchRow(b, 'FIFO').what).toBe('the start · Terminal');
  });
});

describe('what saving says about branches', () => {
  it('names the branches in the file and those left out', () => {
    expect(savedBranches({ saved: 0, leftOut: 0 })).toBeUndefined();
    expect(savedBranches({ saved: 2, leftOut: 0 })).toBe('It holds this branch and the 2 other branches of this run; opening it brings them back.');
    expect(savedBranches({ saved: 1, leftOut: 1 })).toBe(
      'It holds this branch and the 1 other branch of this run; opening it brings them back. 1 other branch of another scenario is not in it: switch to it and save it on its own.',
    );
  });
});
