import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { logItems } from '../../../../src/sim/base/ringlog.ts';
import type { KernelState } from '../../../../src/sim/kernel/state.ts';
import { sh, Terminal } from './helpers.ts';

/**
 * Whatever it is given, the shell never throws: a thrown exception would kill it as a
 * fault (the kernel logs "crashed"). Scripts are random sequences of shell words and
 * operators; keystrokes are random keys, control keys and escape sequences.
 */

const WORDS = [
  'echo', 'cat', 'a.txt', 'src', 'nosuch', 'x=1', '$x', '"$x"', "'q'", '*', 's*/*.c', '?', '[a]*', '~', '$?', '$#', '$1', '$!', '$$',
  '|', '||', '&&', ';', '&', '(', ')', '>', '>>', '<', '2>&1', '>&2', '&>', '3>&-', '>&9', '<&0', '!', '#', '\\', '"', "'", '\n',
  'cd', 'pwd', 'exit', 'export', 'unset', 'set', '-e', '-x', '--', 'shift', 'type', 'source', '.', 'eval', 'read', 'jobs', 'fg',
  'bg', 'wait', 'kill', '%1', '%+', '-9', 'true', 'false', 'cpu', '3', 'sh', '-c', 'history', 'help', ':', 'f', 'seq', 'wc',
];

const script = fc.array(fc.constantFrom(...WORDS), { maxLength: 14 }).map((ws) => ws.join(' '));

const KEYS = ['a', 'e', 'c', 'h', 'o', ' ', '|', '&', ';', '"', "'", '*', '\r', '\t', '\x7f', '\x01', '\x03', '\x04', '\x05', '\x0b', '\x0c', '\x15', '\x17', '\x1a', '\x1c', '\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D', '\x1b[H', '\x1b[F', '\x1b[3~', '\x1b', '\x1bx', '😀'];

function crashes(s: KernelState): string[] {
  return logItems(s.log)
    .filter((e) => e.kind === 'error' && e.text.includes('crashed'))
    .map((e) => e.text);
}

describe('the shell under random input', () => {
  test.prop([script], { numRuns: 150 })('a random script never makes it throw', (source) => {
    const r = sh(source, { maxTicks: 3000 });
    expect(crashes(r.machine.state)).toEqual([]);
  });

  test.prop([fc.array(fc.constantFrom(...KEYS), { maxLength: 60 })], { numRuns: 100 })('random keys never make it throw', (keys) => {
    const t = new Terminal();
    for (const key of keys) t.type(key, 3);
    t.type('\x03', 5).type('echo alive\r', 30);
    expect(crashes(t.m.state)).toEqual([]);
    expect(t.transcript).toContain('alive\n');
  });
});
