import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SIGINT, SIGTSTP } from '../../../src/sim/abi/signals.ts';
import { createTty, outputSince, TTY_INPUT_MAX, ttyRead, ttyReceive, ttyTranscript, ttyWrite } from '../../../src/sim/tty/tty.ts';

describe('the line discipline', () => {
  it('echoes, buffers a line, and read() returns it whole', () => {
    const t = createTty();
    expect(ttyReceive(t, 'ls -l').readable).toBe(false);
    expect(ttyRead(t, 100)).toBeNull();
    expect(ttyReceive(t, '\r').readable).toBe(true);
    expect(ttyRead(t, 100)).toBe('ls -l\n');
    expect(ttyTranscript(t)).toBe('ls -l\r\n');
  });

  it('returns at most one line per read in canonical mode', () => {
    const t = createTty();
    ttyReceive(t, 'one\ntwo\n');
    expect(ttyRead(t, 100)).toBe('one\n');
    expect(ttyRead(t, 2)).toBe('tw');
    expect(ttyRead(t, 100)).toBe('o\n');
  });

  it('erases with backspace, ^U and ^W', () => {
    const t = createTty();
    ttyReceive(t, 'abc\x7f\x7fX\n');
    expect(ttyRead(t, 100)).toBe('aX\n');
    ttyReceive(t, 'gone\x15kept\n');
    expect(ttyRead(t, 100)).toBe('kept\n');
    ttyReceive(t, 'echo two words\x17\x17more\n');
    expect(ttyRead(t, 100)).toBe('echo more\n');
    ttyReceive(t, '\x7f\x7f\n'); // backspace on an empty line does nothing
    expect(ttyRead(t, 100)).toBe('\n');
  });

  it('turns ^C and ^Z into signals and discards the partial line', () => {
    const t = createTty();
    const r = ttyReceive(t, 'half\x03rest\x1a');
    expect(r.signals).toEqual([SIGINT, SIGTSTP]);
    expect(t.line).toBe('');
    expect(ttyTranscript(t)).toContain('^C\r\n');
  });

  it('^D gives end of file on an empty line and sends a partial line as it is', () => {
    const t = createTty();
    ttyReceive(t, 'abc\x04');
    expect(ttyRead(t, 100)).toBe('abc');
    ttyReceive(t, '\x04');
    expect(ttyRead(t, 100)).toBe('');
    expect(ttyRead(t, 100)).toBeNull();
  });

  it('drops escape sequences (arrow keys) in canonical mode but passes them in raw mode', () => {
    const t = createTty();
    ttyReceive(t, 'a\x1b[Ab\x1bOC\n');
    expect(ttyRead(t, 100)).toBe('ab\n');
    t.canonical = false;
    t.echo = false;
    ttyReceive(t, '\x1b[A');
    expect(ttyRead(t, 100)).toBe('\x1b[A');
  });

  it('writes with \\n turned into \\r\\n, and readers can follow the output log', () => {
    const t = createTty();
    ttyWrite(t, 'a\nb\n');
    const first = outputSince(t.out, null);
    expect(first.text).toBe('a\r\nb\r\n');
    ttyWrite(t, 'c');
    const next = outputSince(t.out, first.cursor);
    expect(next).toMatchObject({ text: 'c', reset: false });
  });

  it('a reader whose place was dropped from the log starts over', () => {
    const t = createTty();
    const start = outputSince(t.out, null).cursor;
    for (let i = 0; i < 1000; i++) ttyWrite(t, 'x'.repeat(1000));
    const r = outputSince(t.out, start);
    expect(r.reset).toBe(true);
    expect(r.text.length).toBe(t.out.cap * 1000);
  });

  it('never lets input grow without bound, and survives any bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 300 }), { maxLength: 40 }), fc.boolean(), (chunks, raw) => {
        const t = createTty();
        t.canonical = !raw;
        for (const c of chunks) ttyReceive(t, c);
        expect(t.input.length).toBeLessThanOrEqual(TTY_INPUT_MAX);
        while (ttyRead(t, 64) !== null) {
          /* drain */
        }
      }),
    );
  });
});
