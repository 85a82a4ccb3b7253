import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/main/dispatch.ts';
import { Session } from '../../src/main/session.ts';
import { parseScenario } from '../../src/shared/scenario.ts';
import { stateHash } from '../../src/sim/base/hash.ts';
import { runShellScript } from '../../src/sim/machine/run-script.ts';
import { ttyTranscript } from '../../src/sim/tty/tty.ts';

/**
 * Names that live on every object's prototype. A table keyed by what a user types must
 * treat them as the ordinary unknown names they are, wherever a name can be given.
 */
const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];
const protoName = fc.constantFrom(...PROTO_NAMES);

/** Command lines that hand a name to the shell, a builtin or a program's own table. */
const commandLine = fc.oneof(
  protoName.map((n) => n),
  protoName.map((n) => `sleep 1; ${n}`),
  protoName.map((n) => `${n} ${n} | ${n}`),
  protoName.map((n) => `kill -s ${n} 1`),
  protoName.map((n) => `man ${n}`),
  protoName.map((n) => `type ${n}`),
  protoName.map((n) => `alloc ${n}`),
  protoName.map((n) => `echo a | tr '[:${n}:]' x`),
  protoName.map((n) => `head -n 1${n} /etc/motd`),
  protoName.map((n) => `${n}=1; echo $${n}`),
  protoName.map((n) => `env ${n}=1 true`),
  protoName.map((n) => `echo a | grep '[[:${n}:]]'`),
);

describe('names that exist on Object.prototype', () => {
  it('typed into the terminal: the shell says what is wrong and keeps serving', () => {
    fc.assert(
      fc.property(fc.array(commandLine, { minLength: 1, maxLength: 4 }), (lines) => {
        const session = new Session();
        for (const line of lines) {
          session.ttyInput(`${line}\n`);
          session.step(60);
        }
        session.ttyInput('echo still-here\n');
        session.step(60);
        expect(ttyTranscript(session.current.tty)).toContain('still-here');
        session.dispose();
      }),
      { numRuns: 25 },
    );
  });

  it('typed while paused, then replayed: the timeline replays without error', () => {
    for (const n of PROTO_NAMES) {
      const session = new Session();
      session.ttyInput(`sleep 1; ${n}\n`);
      session.step(50);
      const at50 = stateHash(session.current);
      session.seek(0);
      session.seek(50);
      expect(stateHash(session.current)).toBe(at50);
      expect(ttyTranscript(session.current.tty)).toMatch(new RegExp(`${n}: (command )?not found`));
      session.dispose();
    }
  });

  it('in a script run headless (`glassbox run`): not found, exit 127', () => {
    for (const n of PROTO_NAMES) {
      const r = runShellScript(`${n}\n`);
      expect(r.status).toBe(127);
      expect(r.output).toContain(n);
    }
  });

  it('in a scenario: program, login program and policy names are errors that name the field', () => {
    fc.assert(
      fc.property(protoName, (n) => {
        const asProgram = parseScenario(JSON.stringify({ glassbox: 1, processes: [{ program: n }] }));
        expect(asProgram).toMatchObject({ ok: false, errors: [{ field: 'processes[0].program' }] });
        const asLogin = parseScenario(JSON.stringify({ glassbox: 1, kernel: { login: { program: n, argv: [] } } }));
        expect(asLogin).toMatchObject({ ok: false, errors: [{ field: 'kernel.login.program' }] });
        const asPolicy = parseScenario(JSON.stringify({ glassbox: 1, kernel: { sched: { policy: n } } }));
        expect(asPolicy).toMatchObject({ ok: false, errors: [{ field: 'kernel.sched.policy' }] });
        const asKey = parseScenario(`{"glassbox":1,"kernel":{"${n}":{}}}`);
        expect(asKey.ok).toBe(false);
      }),
    );
  });

  it('as a command, a program to spawn, a policy or an option: an error reply, nothing changes', () => {
    fc.assert(
      fc.property(protoName, (n) => {
        const session = new Session();
        const before = stateHash(session.current);
        const commands: unknown[] = [
          { cmd: n },
          { cmd: 'spawn', program: n, argv: [] },
          { cmd: 'reconfigure', sched: { policy: n, quantum: 4 }, cpus: 1 },
          { cmd: 'reconfigure', sched: { policy: `${n}+per-cpu`, quantum: 4 }, cpus: 1 },
          { cmd: 'disk', action: { action: n } },
        ];
        for (const c of commands) {
          const reply = handleCommand(session, c);
          const failed = !reply.ok || (typeof reply.result === 'object' && reply.result !== null && 'ok' in reply.result && reply.result.ok === false);
          expect(failed, JSON.stringify(c)).toBe(true);
          if (reply.ok) expect(JSON.stringify(reply)).not.toMatch(/internal error|is not a function/);
        }
        expect(stateHash(session.current)).toBe(before);
        session.dispose();
      }),
    );
  });

  it('as a key in scheduler options: the run is as without it', () => {
    for (const n of PROTO_NAMES) {
      const session = new Session();
      const reply = handleCommand(session, JSON.parse(`{"cmd":"reconfigure","sched":{"policy":"rr","quantum":4,"options":{"${n}":1}},"cpus":1}`));
      expect(reply.ok).toBe(true);
      session.dispose();
    }
  });
});
