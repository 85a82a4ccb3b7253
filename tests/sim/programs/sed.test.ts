import { describe, expect, it } from 'vitest';
import { Terminal } from '../shell/interp/helpers.ts';
import { run } from './harness.ts';

describe('sed streams', () => {
  it('ends at q on an endless input: yes | sed 3q', () => {
    const t = new Terminal().type('yes | sed 3q; echo status $?\r', 200);
    expect(t.text).toContain('$ yes | sed 3q; echo status $?\ny\ny\ny\nstatus 0\n$');
  });

  it('writes each line before the next arrives', () => {
    const t = new Terminal().type('(echo first; sleep 40; echo second) | sed s/^/got-/\r', 15);
    expect(t.text).toContain('got-first');
    expect(t.text).not.toContain('got-second');
    t.wait(80);
    expect(t.text).toContain('got-first\ngot-second\n$');
  });

  it('keeps the hold space across lines, and knows the last line', () => {
    expect(run(['sed', '1!G;h;$!d'], { stdin: '1\n2\n3\n' }).out).toBe('3\n2\n1\n');
    expect(run(['sed', '-n', '$='], { stdin: 'a\nb' }).out).toBe('2\n');
    expect(run(['sed', '$!N;P;D'], { stdin: 'a\nb\nc\n' }).out).toBe('a\nb\nc\n');
    expect(run(['sed', 'a'], { stdin: '' }).err).toBe("sed: -e expression #1, char 1: expected \\ after `a', `c' or `i'\n");
  });
});
