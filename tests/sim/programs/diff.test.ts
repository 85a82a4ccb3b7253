import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from './harness.ts';

/** Applies diff's normal output to `from`, as patch would: the result must be `to`. */
function applyNormal(from: string[], script: string): string[] {
  const out: string[] = [];
  let at = 0;
  const lines = script.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\d+)(?:,(\d+))?([acd])(\d+)(?:,(\d+))?$/.exec(lines[i]);
    if (!m) continue;
    const a0 = Number(m[1]);
    const a1 = m[2] ? Number(m[2]) : a0;
    const firstOld = m[3] === 'a' ? a0 : a0 - 1;
    while (at < firstOld) out.push(from[at++]);
    if (m[3] !== 'a') at = a1;
    for (i++; i < lines.length && /^(< |---)/.test(lines[i]); i++);
    for (; i < lines.length && lines[i].startsWith('> '); i++) out.push(lines[i].slice(2));
    i--;
  }
  while (at < from.length) out.push(from[at++]);
  return out;
}

describe('diff', () => {
  it('says 0, 1 or 2: same, different, trouble', () => {
    expect(run(['diff', 'a', 'b'], { files: { a: 'x\n', b: 'x\n' } })).toEqual({ out: '', err: '', status: 0 });
    expect(run(['diff', 'a', 'b'], { files: { a: 'x\n', b: 'y\n' } })).toEqual({ out: '1c1\n< x\n---\n> y\n', err: '', status: 1 });
    expect(run(['diff', 'a', 'nosuch'], { files: { a: '' } })).toEqual({ out: '', err: 'diff: nosuch: No such file or directory\n', status: 2 });
  });

  it('the unified header gives each file its modification time as date counts it', () => {
    const r = run(['diff', '-u', 'a', 'b'], { files: { a: 'x\n', b: 'y\n' } });
    expect(r.out).toMatch(/^--- a\t1970-01-01 00:00:\d\d\.000000000 \+0000\n\+\+\+ b\t1970-01-01 00:00:\d\d\.000000000 \+0000\n@@ -1 \+1 @@\n-x\n\+y\n$/);
  });

  const linesArb = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 25 });

  test.prop([linesArb, linesArb], { numRuns: 25 })('patching the first file with the normal output gives the second', (a, b) => {
    const text = (l: string[]) => l.map((x) => `${x}\n`).join('');
    const r = run(['diff', 'a', 'b'], { files: { a: text(a), b: text(b) } });
    expect(r.status).toBe(a.join('\n') === b.join('\n') && a.length === b.length ? 0 : 1);
    expect(applyNormal(a, r.out)).toEqual(b);
  });
});
