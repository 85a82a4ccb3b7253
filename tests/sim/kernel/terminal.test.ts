import { describe, expect, it } from 'vitest';
import { createMachine, runTo, screen, type } from '../../../src/sim/machine/machine.ts';

describe('the terminal, end to end through the kernel', () => {
  it('echo prints its arguments', () => {
    const m = createMachine();
    runTo(m, 2);
    type(m, 'echo hello\n');
    runTo(m, 10);
    expect(screen(m)).toContain('$ echo hello\nhello\n$ ');
  });

  it('ps lists init, the shell and itself', () => {
    const m = createMachine();
    type(m, 'ps\n');
    runTo(m, 10);
    const out = screen(m);
    expect(out).toMatch(/\n\s+1\s+0\s+1\s+\w+\s+\d+ init sh\n/);
    expect(out).toMatch(/\n\s+2\s+1\s+2\s+\w+\s+\d+ sh\n/);
    expect(out).toMatch(/\n\s+3\s+2\s+3\s+R\+\s+\d+ ps\n/);
  });

  it('an unknown command is reported and the shell carries on', () => {
    const m = createMachine();
    type(m, 'frobnicate\necho still here\n');
    runTo(m, 10);
    expect(screen(m)).toContain('sh: frobnicate: command not found\n');
    expect(screen(m)).toContain('still here\n');
  });

  it('^C interrupts the foreground job but not the shell', () => {
    const m = createMachine();
    type(m, 'cpu 1000\n');
    runTo(m, 20);
    expect(Object.values(m.state.procs).some((p) => p.name === 'cpu')).toBe(true);
    type(m, '\x03');
    runTo(m, 25);
    expect(Object.values(m.state.procs).some((p) => p.name === 'cpu')).toBe(false);
    type(m, 'echo alive\n');
    runTo(m, 30);
    expect(screen(m)).toContain('^C\n$ echo alive\nalive\n');
  });

  it('^D on an empty line ends the shell, and init starts a new one', () => {
    const m = createMachine();
    runTo(m, 2);
    type(m, '\x04');
    runTo(m, 5);
    expect(screen(m)).toContain('exit\n');
    expect(screen(m)).toContain('[login shell ended; starting a new one]');
    type(m, 'echo again\n');
    runTo(m, 10);
    expect(screen(m)).toContain('again\n');
  });

  it('backspace erases the last character before the line is read', () => {
    const m = createMachine();
    runTo(m, 2);
    type(m, 'echo hellp\x7fo\n');
    runTo(m, 10);
    expect(screen(m)).toContain('\nhello\n');
  });

  it('keys that arrive together are taken one line at a time, so the shell answers in between', () => {
    const m = createMachine();
    runTo(m, 2);
    type(m, 'cpu 100 &\necho next\n');
    runTo(m, 10);
    expect(screen(m)).toMatch(/\$ cpu 100 &\n\[1\] 3\n\$ echo next\n/);
  });

  it('a job continued by kill -CONT is listed as running again (wait reports continued children)', () => {
    const m = createMachine();
    runTo(m, 2);
    for (const [line, t] of [['sleep 100 &', 5], ['kill -STOP %1', 10], ['kill -CONT %1', 15], ['jobs', 20]] as const) {
      type(m, `${line}\n`);
      runTo(m, t);
    }
    expect(screen(m)).toMatch(/\$ jobs\n\[1\]\+\s+Running\s+sleep 100 &\n/);
    expect(Object.values(m.state.procs).find((p) => p.name === 'sleep')?.state).toBe('blocked');
  });
});
