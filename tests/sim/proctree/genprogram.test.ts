import { describe, expect, it } from 'vitest';
import { genActionsFrom, genProcessNames, genProgramText, parseGenProgram } from '../../../src/sim/proctree/genprogram.ts';

describe("generator.py's -A program text", () => {
  it('reads nested forks and waits as a tree', () => {
    const r = parseGenProgram('fork b,1 {fork c,2 {} fork d,3 {} wait wait} wait');
    expect(r).toEqual({
      ok: true,
      actions: [
        {
          op: 'fork',
          child: 'b',
          sleep: 1,
          body: [{ op: 'fork', child: 'c', sleep: 2, body: [] }, { op: 'fork', child: 'd', sleep: 3, body: [] }, { op: 'wait' }, { op: 'wait' }],
        },
        { op: 'wait' },
      ],
    });
    if (r.ok) expect(genProcessNames(r.actions)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('takes the spacing generator.py takes: spaces around commas, braces run together', () => {
    const loose = parseGenProgram('  fork b , 1{fork c,2{}wait}   wait ');
    const tight = parseGenProgram('fork b,1 {fork c,2 {} wait} wait');
    expect(loose).toEqual(tight);
    if (tight.ok) expect(genProgramText(tight.actions)).toBe('fork b,1 {fork c,2 {} wait} wait');
  });

  it('reads back the text it writes', () => {
    for (const text of ['', 'fork b,0 {} wait', 'fork b,4 {fork c,4 {} wait} wait fork d,1 {} wait', 'fork p1,2 {} fork Q_2,3 {} wait wait']) {
      const r = parseGenProgram(text);
      expect(r.ok).toBe(true);
      if (r.ok) expect(genProgramText(r.actions)).toBe(text);
    }
  });

  it('names what is wrong with a bad program', () => {
    const error = (text: string) => {
      const r = parseGenProgram(text);
      return r.ok ? null : r.error;
    };
    expect(error('fork b,1 {}')).toBe('process a forks 1 more child than it waits for (every fork needs a wait)');
    expect(error('wait fork b,1 {}')).toBe('process a waits with no child left to wait for');
    expect(error('fork b,1 {fork c,1 {}} wait')).toBe('process b forks 1 more child than it waits for (every fork needs a wait)');
    expect(error('fork b,1 {} wait }')).toBe("word 6: '}' closes no fork");
    expect(error('fork b,1 { wait')).toMatch(/1 fork body is not closed/);
    expect(error('fork b {} wait')).toBe("word 2: 'b' is not NAME,SECONDS");
    expect(error('fork b,x {} wait')).toMatch(/^word 2: sleep/);
    expect(error('fork b,-1 {} wait')).toMatch(/^word 2: sleep/);
    expect(error('fork b,1 wait')).toBe('word 3: fork b,1 must be followed by {body} (an empty one is {})');
    expect(error('fork a,1 {} wait')).toBe("word 2: 'a' is the first process; a child needs another name");
    expect(error('fork b,1 {} fork b,1 {} wait wait')).toBe("word 6: process name 'b' is used twice");
    expect(error('fork toolongname,1 {} wait')).toMatch(/1 to 9 letters/);
    expect(error('exit')).toBe("word 1: 'exit' is not fork, wait, { or }");
    expect(error('fork')).toBe('word 1: fork needs NAME,SECONDS then {body}');
  });

  it('checks a tree given as JSON by the same rules', () => {
    expect(genActionsFrom([{ op: 'fork', child: 'b', sleep: 1, body: [] }, { op: 'wait' }])).toEqual(parseGenProgram('fork b,1 {} wait'));
    expect(genActionsFrom('fork b,1 {} wait')).toEqual({ ok: false, error: 'actions: expected an array of actions' });
    expect(genActionsFrom([{ op: 'fork', child: 'b', sleep: 1.5, body: [] }, { op: 'wait' }])).toMatchObject({ ok: false, error: expect.stringMatching(/^actions\[0\]: sleep 1.5/) });
    expect(genActionsFrom([{ op: 'fork', child: 'b', sleep: 1 }, { op: 'wait' }])).toEqual({ ok: false, error: 'actions[0].body: expected an array of actions' });
    expect(genActionsFrom([{ op: 'exit' }])).toMatchObject({ ok: false });
    expect(genActionsFrom([{ op: 'fork', child: 'b', sleep: 1, body: [{ op: 'wait' }] }, { op: 'wait' }])).toEqual({ ok: false, error: 'process b waits with no child left to wait for' });
  });
});
