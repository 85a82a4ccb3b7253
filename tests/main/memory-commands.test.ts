import { describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/main/dispatch.ts';
import { Session } from '../../src/main/session.ts';
import type { ReplyTo } from '../../src/shared/protocol.ts';
import { parseScenario } from '../../src/shared/scenario.ts';
import { stateHash } from '../../src/sim/base/hash.ts';

const TOY = { design: 'list', base: 0, size: 100, headerSize: 0, align: 1, minSplit: 1 } as const;

describe('the spawn command', () => {
  it('starts a program as a child of init, logs it, and a saved scenario repeats it', () => {
    const session = new Session();
    session.step(3);
    const r = handleCommand(session, { cmd: 'spawn', program: 'memtrace', argv: ['memtrace', '+40,+10,-0'] }) as ReplyTo<'spawn'>;
    expect(r.ok).toBe(true);
    if (!r.ok) throw new Error('spawn failed');
    const pid = r.result.pid;
    expect(session.current.procs[pid]).toMatchObject({ name: 'memtrace', ppid: 1, argv: ['memtrace', '+40,+10,-0'] });
    session.step(2);
    expect(session.current.heap.stats.allocs).toBe(2);

    const saved = parseScenario(session.saveScenario().json);
    if (!saved.ok) throw new Error('saved scenario does not parse');
    expect(saved.scenario.processes).toEqual([{ at: 3, program: 'memtrace', argv: ['memtrace', '+40,+10,-0'] }]);
    // Back before the spawn and forward again: the same heap.
    const hash = stateHash(session.current);
    session.seek(0);
    session.seek(5);
    expect(stateHash(session.current)).toBe(hash);
    session.dispose();
  });

  it('refuses a program that does not exist, and malformed arguments, changing nothing', () => {
    const session = new Session();
    const before = stateHash(session.current);
    expect(handleCommand(session, { cmd: 'spawn', program: 'rm-rf', argv: [] })).toEqual({ ok: false, error: 'no program named "rm-rf"' });
    expect(handleCommand(session, { cmd: 'spawn', program: 'memtrace', argv: 'x' })).toMatchObject({ ok: false, error: /argv/ });
    expect(handleCommand(session, { cmd: 'spawn', program: 'memtrace', argv: ['x'.repeat(5000)] })).toMatchObject({ ok: false, error: /argv/ });
    expect(handleCommand(session, { cmd: 'spawn', program: '', argv: [] })).toMatchObject({ ok: false, error: /program/ });
    expect(stateHash(session.current)).toBe(before);
    expect(session.timeline).toEqual([]);
    session.dispose();
  });
});

describe('the heapLab command', () => {
  it('compares a trace under two to four configurations without touching the session', () => {
    const session = new Session();
    const before = stateHash(session.current);
    const r = handleCommand(session, {
      cmd: 'heapLab',
      trace: '+40,+10,+20,+10,-0,-2,+15,+35',
      configs: [
        { ...TOY, policy: 'first' },
        { ...TOY, policy: 'best' },
      ],
    }) as ReplyTo<'heapLab'>;
    if (!r.ok) throw new Error(r.error);
    const lab = r.result;
    expect(lab.runs.map((run) => run.error === null && run.outcomes[7].ok)).toEqual([false, true]);
    expect(stateHash(session.current)).toBe(before);
    session.dispose();
  });

  it.each([
    [{ cmd: 'heapLab', trace: '+1', configs: [TOY] }, /configs/],
    [{ cmd: 'heapLab', trace: '+1', configs: [TOY, TOY, TOY, TOY, TOY] }, /configs/],
    [{ cmd: 'heapLab', trace: '+1,'.repeat(70_000), configs: [TOY, TOY] }, /trace/],
    [{ cmd: 'heapLab', trace: '+1', configs: [TOY, { ...TOY, policy: 'random' }] }, /configs\.1\.policy/],
    [{ cmd: 'heapLab', trace: '+1', configs: [TOY, { ...TOY, size: 2 ** 40 }] }, /configs\.1\.size/],
    [{ cmd: 'heapLab', trace: '+1', configs: [TOY, { ...TOY, historyCap: 5 }] }, /historyCap|unrecognized/i],
  ])('refuses %#: a malformed lab request', (raw, message) => {
    const session = new Session();
    const reply = handleCommand(session, raw);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toMatch(message);
    session.dispose();
  });

  it('answers a trace that does not parse with a failure reply that says where', () => {
    const session = new Session();
    expect(handleCommand(session, { cmd: 'heapLab', trace: '+1,?', configs: [TOY, TOY] })).toEqual({
      ok: false,
      error: 'op 2 ("?"): expected +size to allocate or -pointer to free, e.g. +10 or -0',
    });
    session.dispose();
  });
});
