import { describe, expect, it } from 'vitest';
import { createMachine, type Machine, runTo, screen, type } from '../../../src/sim/machine/machine.ts';
import { columnLayout } from '../../../src/sim/programs/ls.ts';

/** Types a line at the shell and lets the machine run a while. */
function enter(m: Machine, line: string, ticks = 200): void {
  type(m, line);
  runTo(m, m.state.tick + ticks);
}

/** What the screen shows after `marker` (the last time it appears). */
const shownAfter = (m: Machine, marker: string) => screen(m).slice(screen(m).lastIndexOf(marker) + marker.length);

describe('the coreutils on the terminal', () => {
  it('ls lays names out in columns on a terminal, and one a line with -1', () => {
    const m = createMachine();
    runTo(m, 5);
    enter(m, 'mkdir /tmp/c; cd /tmp/c; touch alpha beta gamma delta epsilon zeta eta theta iota kappa\n');
    enter(m, 'ls\n');
    expect(shownAfter(m, '$ ls\n')).toBe('alpha  beta  delta  epsilon  eta  gamma  iota  kappa  theta  zeta\n$ ');
    enter(m, 'ls -1 | head -n 2\n');
    expect(shownAfter(m, '$ ls -1 | head -n 2\n')).toBe('alpha\nbeta\n$ ');
  });

  it('cat answers each line as it is typed, and ends at ^D', () => {
    const m = createMachine();
    runTo(m, 5);
    enter(m, 'cat -n\n');
    enter(m, 'first\n');
    expect(shownAfter(m, '$ cat -n\n')).toBe('first\n     1\tfirst\n');
    enter(m, '\x04');
    enter(m, 'echo back\n');
    expect(shownAfter(m, '\n$ echo back\n')).toBe('back\n$ ');
  });

  it('^C stops a command that would run forever', () => {
    const m = createMachine();
    runTo(m, 5);
    enter(m, 'yes > /dev/null\n', 50);
    enter(m, '\x03', 20);
    enter(m, 'echo alive\n');
    expect(screen(m)).toContain('^C\n$ echo alive\nalive\n');
  });

  it('man pages read on the terminal', () => {
    const m = createMachine();
    runTo(m, 5);
    enter(m, 'man ps | head -n 4\n');
    expect(shownAfter(m, '$ man ps | head -n 4\n')).toMatch(/^PS\(1\) +Glassbox Manual +PS\(1\)\n\nNAME\n {7}ps - report a snapshot of the processes\n\$ $/);
  });
});

describe('column layout', () => {
  it('fills columns down then across, as many as fit the width', () => {
    expect(columnLayout(['a', 'b', 'c', 'd', 'e'], 80)).toEqual(['a  b  c  d  e']);
    expect(columnLayout(['aaaa', 'b', 'cc', 'd', 'eeeee'], 12)).toEqual(['aaaa  d', 'b     eeeee', 'cc']);
    expect(columnLayout(['wide-name', 'x'], 5)).toEqual(['wide-name', 'x']);
    expect(columnLayout([], 80)).toEqual([]);
  });
});
