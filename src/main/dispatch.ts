import { parseCommand, type Reply } from '../shared/protocol.ts';
import { Failure, HANDLERS } from './commands.ts';
import type { Session } from './session.ts';

/**
 * Carries out one untrusted command on a session: validated against the command table,
 * then handed to that command's handler. A malformed command gets a failure reply and
 * changes nothing. Never throws.
 */
export function handleCommand(session: Session, raw: unknown): Reply<unknown> {
  const parsed = parseCommand(raw);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const { cmd, ...args } = parsed.command;
  const handler = HANDLERS[cmd] as (session: Session, args: unknown) => unknown;
  try {
    const out = handler(session, args);
    if (out instanceof Failure) return out.errors ? { ok: false, error: out.error, errors: out.errors } : { ok: false, error: out.error };
    return { ok: true, result: out };
  } catch (err) {
    // A kernel bug must not take the host down; report it and keep serving.
    return { ok: false, error: `internal error: ${err instanceof Error ? err.message : String(err)}` };
  }
}
