import { describe, expect, it } from 'vitest';
import { logItems } from '../../../../src/sim/base/ringlog.ts';
import { sh, Terminal } from './helpers.ts';

/** What the bash tables cannot show: time, processes, randomness, the interactive shell. */

function spawned(r: ReturnType<typeof sh>): string[] {
  return logItems(r.machine.state.exited)
    .filter((e) => e.pid !== r.pid)
    .map((e) => e.argv.join(' '));
}

describe('the shell as a language', () => {
  it('runs a command substitution as a real child shell through a pipe', () => {
    const r = sh('x=$(ls src); echo $x');
    expect(r.output).toBe('main.c util.c util.h\n');
    expect(spawned(r)).toEqual(['ls src', 'sh -c ls src sh']);
  });

  it('charges an endless loop of builtins ticks, so a time limit stops it', () => {
    const r = sh('while true; do :; done', { maxTicks: 50 });
    expect(r.status).toBeNull();
    expect(r.ticks).toBe(50);
  });

  it('stops a busy loop in the interactive shell with ^C and gives the prompt back', () => {
    const t = new Terminal().type('while true; do :; done\r', 200).type('\x03', 50).type('echo back $?\r', 50);
    expect(t.text).toContain('back 130');
  });

  it('leaves a loop when ^C ends the job running in it', () => {
    const t = new Terminal().type('while true; do sleep 100; done\r', 50).type('\x03', 50).type('echo after $?\r', 50);
    expect(t.text).toContain('after 130');
  });

  it('draws $RANDOM from the kernel: the same seed gives the same numbers', () => {
    const a = sh('echo $RANDOM $RANDOM').output;
    const b = sh('echo $RANDOM $RANDOM').output;
    expect(a).toMatch(/^[0-9]+ [0-9]+\n$/);
    expect(a).toBe(b);
    const [x, y] = a.trim().split(' ').map(Number);
    expect(x).toBeLessThan(32768);
    expect(x).not.toBe(y);
  });

  it('expands aliases, and an alias naming itself only once', () => {
    const r = sh("alias ll='echo long'\nll x\nalias echo='echo said'\necho hi\nalias\nunalias ll; ll 2>&1");
    expect(r.output).toBe("long x\nsaid hi\nalias echo='echo said'\nalias ll='echo long'\nsh: ll: command not found\n");
  });

  it('says clearly that [[ ]] is left out', () => {
    const r = sh('[[ -d src ]]; echo $?');
    expect(r.output).toBe("sh: [[: bash's [[ ... ]] is not part of this shell; use [ ... ] (the test command) instead\n2\n");
  });

  it('passes functions to child shells: in a pipeline and in a substitution', () => {
    expect(sh('f() { echo "f $1"; }; f a | cat; echo $(f b)').output).toBe('f a\nf b\n');
  });

  it('refuses recursion past the limit instead of exhausting the host', () => {
    const r = sh('f() { f; }; f; echo survived');
    expect(r.output).toContain('maximum function nesting level exceeded');
    expect(r.output).toContain('survived\n');
  });

  it('leaves a brace sequence longer than the limit as written, rather than exhausting the host', () => {
    expect(sh('echo {1..999999999} {1..3}').output).toBe('{1..999999999} 1 2 3\n');
  });
});

describe('history expansion at the terminal', () => {
  it('runs !! and !prefix, showing the line first, and says when an event is not there', () => {
    const t = new Terminal().type('echo one\r', 30).type('echo two\r', 30).type('!!\r', 30).type('!echo o\r', 30).type('!zz\r', 30).type("echo '!!'\r", 30);
    expect(t.text).toContain('$ !!\necho two\ntwo\n');
    expect(t.text).toContain('$ !echo o\necho two o\ntwo o\n');
    expect(t.text).toContain('$ !zz\nsh: !zz: event not found\n');
    expect(t.text).toContain("$ echo '!!'\n!!\n");
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: the name is shell syntax, not a template.
  it('leaves the ! of $!, ${!name} and [!...] to the shell, as bash does', () => {
    const t = new Terminal()
      .type('sleep 1 &\r', 30)
      .type('echo pid=$!\r', 30)
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell source.
      .type('v=HOME; echo ${!v}\r', 30)
      .type('case b in [!a]) echo not-a;; esac\r', 30);
    expect(t.text).not.toContain('event not found');
    expect(t.text).toMatch(/\npid=\d+\n/);
    expect(t.text).toContain('\nnot-a\n');
  });
});
