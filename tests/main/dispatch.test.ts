import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HANDLERS } from '../../src/main/commands.ts';
import { handleCommand } from '../../src/main/dispatch.ts';
import { COMMANDS, type ReplyTo } from '../../src/shared/protocol.ts';
import { Session } from '../../src/main/session.ts';
import { stateHash } from '../../src/sim/base/hash.ts';

describe('untrusted commands', () => {
  it.each([
    [null, /invalid command/],
    ['play', /invalid command/],
    [{ cmd: 'format-disk' }, /cmd/],
    [{ cmd: 'step' }, /n:/],
    [{ cmd: 'step', n: -1 }, /n:/],
    [{ cmd: 'step', n: 1.5 }, /n:/],
    [{ cmd: 'step', n: 1e12 }, /n:/],
    [{ cmd: 'ttyInput', data: 42 }, /data:/],
    [{ cmd: 'ttyInput', data: 'x'.repeat(70_000) }, /data:/],
    [{ cmd: 'seek', tick: 'soon' }, /tick:/],
    [{ cmd: 'play', extra: true }, /extra/i],
    [{ cmd: 'signal', pid: 1, sig: 99 }, /sig:/],
  ])('%j gets an error reply that names the problem and changes nothing', (raw, message) => {
    const session = new Session();
    const before = stateHash(session.current);
    const reply = handleCommand(session, raw);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toMatch(message);
    expect(stateHash(session.current)).toBe(before);
    session.dispose();
  });

  it('random messages never throw and never change the state unless they are valid', () => {
    const session = new Session();
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const before = session.current;
        const reply = handleCommand(session, raw);
        if (!reply.ok) expect(session.current).toBe(before);
      }),
      { numRuns: 300 },
    );
    session.dispose();
  });

  it('a valid command is carried out and answered', () => {
    const session = new Session();
    const reply = handleCommand(session, { cmd: 'step', n: 5 });
    expect(reply).toMatchObject({ ok: true, result: { tick: 5, playing: false } });
    const hello = handleCommand(session, { cmd: 'hello' }) as ReplyTo<'hello'>;
    expect(hello.ok && hello.result.programs).toContain('echo');
    session.dispose();
  });
});

describe('the command table', () => {
  it('every command in the table has a handler, and nothing else does', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  it('a failure is one shape: ok false, the error in words, field errors beside it, never wrapped in a result', () => {
    const session = new Session();
    const bad = handleCommand(session, { cmd: 'loadScenario', json: '{"glassbox":1,"kernel":{"sched":{"policy":"nope"}}}' });
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('kernel.sched.policy'), errors: [{ field: 'kernel.sched.policy' }] });
    const unknown = handleCommand(session, { cmd: 'reconfigure', sched: { policy: 'nope', quantum: 2 }, cpus: 1 });
    expect(unknown).toMatchObject({ ok: false, errors: [{ field: 'sched' }] });
    for (const reply of [bad, unknown]) expect(reply).not.toHaveProperty('result');
    session.dispose();
  });

  it('a handler gets its arguments as the objects that were sent', () => {
    const session = new Session();
    const sched = { policy: 'sjf', quantum: 3, options: { switchCost: 1 } };
    const reply = handleCommand(session, { cmd: 'reconfigure', sched, cpus: 2 });
    expect(reply.ok).toBe(true);
    expect(session.current.config.sched).toEqual(sched);
    expect(session.current.config.cpus).toBe(2);
    session.dispose();
  });
});
