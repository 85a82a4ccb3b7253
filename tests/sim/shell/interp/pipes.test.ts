import { describe, expect, it } from 'vitest';
import { SIGPIPE } from '../../../../src/sim/abi/signals.ts';
import { logItems } from '../../../../src/sim/base/ringlog.ts';
import { sh, Terminal } from './helpers.ts';

describe('pipelines', () => {
  it('connects each command to the next through a pipe', () => {
    expect(sh('cat b.txt | sort | uniq -c | sort -rn | head -1').output).toBe('      2 two\n');
  });

  it('carries more than a pipe holds: the writer blocks until the reader catches up', () => {
    expect(sh('seq 2000 | wc -l').output).toBe('2000\n');
  });

  it('ends a writer whose reader is gone with SIGPIPE, and takes the last command’s status', () => {
    const r = sh('yes | head -2; echo $?');
    expect(r.output).toBe('y\ny\n0\n');
    const yes = logItems(r.machine.state.exited).find((e) => e.name === 'yes');
    expect(yes?.signal).toBe(SIGPIPE);
  });

  it('closes its copies of the pipe ends, so readers see end of file', () => {
    // If the shell kept a write end open, cat would wait for input forever.
    const r = sh('echo one | cat | cat | cat');
    expect(r).toMatchObject({ output: 'one\n', status: 0 });
  });

  it('inverts the status with !', () => {
    expect(sh('! echo x | grep -q y; echo $?').output).toBe('0\n');
  });

  it('reports a command that is not found and still runs the others', () => {
    expect(sh('nosuch | echo still; echo $?').output).toBe('sh: nosuch: command not found\nstill\n0\n');
    expect(sh('echo x | nosuch; echo $?').output).toBe('sh: nosuch: command not found\n127\n');
  });

  it('runs builtins and subshells in a pipeline as child shells', () => {
    expect(sh('echo x | read v; echo "[$v]"').output).toBe('[]\n');
    expect(sh('(echo a; echo b) | (read first; cat; echo "$first")').output).toBe('b\na\n');
    expect(sh('cd src | pwd').output).toBe('/home/ada\n');
  });

  it('applies a command’s own redirections after the pipe, so 2>&1 sends stderr down the pipe', () => {
    expect(sh('cat nosuch 2>&1 | wc -l').output).toBe('1\n');
    expect(sh('echo hidden > f | cat; cat f').output).toBe('hidden\n');
  });

  it('runs a background pipeline as one job', () => {
    expect(sh('seq 3 | wc -l & wait; echo done').output).toBe('3\ndone\n');
  });

  it('puts every process of an interactive pipeline in one new process group, which gets the terminal', () => {
    const t = new Terminal().type('ps | cat | cat\n', 40);
    // PID PPID PGID STAT TIME CMD; STAT has a + for the terminal's foreground group.
    const rows = t.text
      .split('\n')
      .filter((l) => /^\s*\d+\s+\d+\s+\d+\s/.test(l))
      .map((l) => l.trim().split(/\s+/));
    const pipeline = rows.filter((r) => r[5] === 'ps' || r[5] === 'cat');
    expect(pipeline.length).toBe(3);
    expect(new Set(pipeline.map((r) => r[2]))).toEqual(new Set([pipeline[0][0]]));
    expect(pipeline.every((r) => r[3].endsWith('+'))).toBe(true);
    const shell = rows.find((r) => r[5] === 'sh');
    expect(shell?.[2]).toBe(shell?.[0]);
    expect(shell?.[3]).not.toContain('+');
  });
});
