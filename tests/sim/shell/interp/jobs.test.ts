import { describe, expect, it } from 'vitest';
import { KEY, Terminal } from './helpers.ts';

/** The shell is pid 2 (init starts it), in its own process group. */
const SHELL = 2;

function byName(t: Terminal, name: string) {
  return Object.values(t.m.state.procs).filter((p) => p.name === name);
}

describe('job control at the terminal', () => {
  it('starts a background job, says [n] pid, and lists it with jobs', () => {
    const t = new Terminal().type('cpu 500 &\n').type('jobs\n');
    expect(t.text).toContain('$ cpu 500 &\n[1] 3\n$ jobs\n[1]+  Running                 cpu 500 &\n$');
    expect(t.m.state.procs[3].pgid).toBe(3);
  });

  it('stops the foreground job on ^Z, then fg continues it with the terminal', () => {
    const t = new Terminal().type('cpu 300\n').type(KEY.ctrlZ);
    expect(t.text).toContain('$ cpu 300\n^Z\n[1]+  Stopped                 cpu 300\n$');
    expect(byName(t, 'cpu')[0].state).toBe('stopped');
    expect(t.m.state.tty.fgPgid).toBe(SHELL);
    t.type('fg\n', 5);
    expect(t.text).toContain('$ fg\ncpu 300\n');
    expect(byName(t, 'cpu')[0].state).not.toBe('stopped');
    expect(t.m.state.tty.fgPgid).toBe(3);
    t.wait(400).type('jobs\n');
    expect(byName(t, 'cpu')).toEqual([]);
    expect(t.text).toMatch(/cpu 300\n\$ jobs\n\$$/);
    expect(t.m.state.tty.fgPgid).toBe(SHELL);
  });

  it('bg continues a stopped job in the background', () => {
    const t = new Terminal().type('cpu 300\n').type(KEY.ctrlZ).type('bg\n').type('jobs\n');
    expect(t.text).toContain('$ bg\n[1]+ cpu 300 &\n$ jobs\n[1]+  Running                 cpu 300 &\n');
    expect(byName(t, 'cpu')[0].state).not.toBe('stopped');
    expect(t.m.state.tty.fgPgid).toBe(SHELL);
  });

  it('sends ^C to the foreground job only: the background job and the shell carry on', () => {
    const t = new Terminal().type('cpu 900 &\n').type('cpu 900\n').type(KEY.ctrlC).type('echo $?\n');
    expect(byName(t, 'cpu').length).toBe(1);
    expect(byName(t, 'cpu')[0].pid).toBe(3);
    // An interrupted job gets no word of its own: the terminal already moved to a new line.
    expect(t.text).toContain('$ cpu 900\n^C\n$ echo $?\n130\n');
  });

  it('kill %1 terminates a job, announced before the next prompt', () => {
    const t = new Terminal().type('cpu 900 &\n').type('kill %1\n');
    expect(t.text).toContain('$ kill %1\n[1]+  Terminated              cpu 900\n$');
    expect(byName(t, 'cpu')).toEqual([]);
  });

  it('announces finished jobs once, with Done, Exit n or the signal, and marks + and -', () => {
    const t = new Terminal().type('cpu 30 &\n').type('false &\n').type('cpu 900 &\n').type('kill -9 %3\n', 60).type('\n').type('\n');
    expect(t.text).toContain('[1]   Done                    cpu 30\n');
    expect(t.text).toContain('[2]-  Exit 1                  false\n');
    expect(t.text).toContain('[3]+  Killed                  cpu 900\n');
    expect(t.text.match(/Done/g)?.length).toBe(1);
  });

  it('reaps a background job as soon as it ends, even while the shell waits at its prompt', () => {
    const t = new Terminal().type('cpu 10 &\n', 50);
    // No key pressed since: SIGCHLD's handler reaped it, and the notice waits for the prompt.
    expect(byName(t, 'cpu')).toEqual([]);
    expect(t.text).not.toContain('Done');
    t.type('\n');
    expect(t.text).toContain('[1]+  Done                    cpu 10\n');
  });

  it('stops a background job that reads the terminal (SIGTTIN); fg gives it the terminal', () => {
    const t = new Terminal().type('cat &\n').type('\n');
    expect(t.text).toContain('[1]+  Stopped                 cat\n');
    t.type('fg\n').type('hello\n').type(KEY.ctrlD).type('echo back\n');
    expect(t.text).toContain('$ fg\ncat\nhello\nhello\n$ echo back\nback\n');
  });

  it('runs foreground jobs in canonical mode, so the terminal edits their input', () => {
    const t = new Terminal().type('cat\n').type(`helo${KEY.backspace}lo\n`).type(KEY.ctrlD);
    expect(t.text).toContain('hello\nhello\n$');
    expect(t.m.state.tty.canonical).toBe(false); // back at the prompt: the shell edits
  });

  it('^C ends the wait builtin, not the job it waits for', () => {
    const t = new Terminal().type('cpu 900 &\n').type('wait\n').type(KEY.ctrlC).type('echo $?; jobs\n');
    expect(t.text).toContain('$ wait\n^C\n$ echo $?; jobs\n130\n[1]+  Running                 cpu 900 &\n');
  });

  it('warns once about stopped jobs on exit, then hangs them up', () => {
    const t = new Terminal().type('cpu 900\n').type(KEY.ctrlZ).type('exit\n');
    expect(t.text).toContain('$ exit\nThere are stopped jobs.\n$');
    t.type('exit\n');
    expect(t.text).toContain('$ exit\nexit\n');
    expect(byName(t, 'cpu')).toEqual([]);
  });

  it('leaves no zombie and no stray process group once everything has finished', () => {
    const t = new Terminal()
      .type('cpu 20 & cpu 15 | cat &\n')
      .type('yes | head -1\n', 60)
      .type('cpu 500\n')
      .type(KEY.ctrlZ)
      .type('fg\n', 600)
      .type('\n');
    const procs = Object.values(t.m.state.procs);
    expect(procs.map((p) => `${p.pid}:${p.name}:${p.state}`)).toEqual(['1:init:blocked', `${SHELL}:sh:blocked`]);
    expect(t.m.state.tty.fgPgid).toBe(SHELL);
  });
});
