/**
 * The fork/wait programs of OSTEP's cpu-api/generator.py, as text and as a tree. The text
 * is generator.py's `-A` syntax: `fork b,1 {fork c,2 {} wait} wait` means the first
 * process, a, forks b; b sleeps 1 second, forks c (which sleeps 2 and exits) and waits for
 * it; a waits for b. A body must wait exactly as many times as it forks, and a wait needs
 * a child not yet waited for (generator.py's C program would fail its assert otherwise).
 *
 * A pure text format with no state: the `forkgen` program parses it, as does the
 * conformance solver that runs forkgen on the kernel.
 */

export type GenAction = { op: 'fork'; child: string; sleep: number; body: GenAction[] } | { op: 'wait' };

/** The first process: the one the program text describes, which every other descends from. */
export const ROOT_NAME = 'a';
/** generator.py keeps a name in a 10-byte C string. */
const NAME = /^[A-Za-z0-9_]{1,9}$/;
/** Longest sleep accepted, in seconds (a day): a longer one is a typo, not a lesson. */
export const MAX_SLEEP = 86_400;

export type GenParse = { ok: true; actions: GenAction[] } | { ok: false; error: string };

/** Parses generator.py's `-A` program text. Errors say which word was wrong and why. */
export function parseGenProgram(text: string): GenParse {
  // As generator.py: spaces around a comma go, braces stand apart, words split on spaces.
  const words = text.replace(/\s*,\s*/g, ',').replace(/[{}]/g, ' $& ').split(/\s+/).filter((w) => w !== '');
  const stack: GenAction[][] = [[]];
  const names = new Set([ROOT_NAME]);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const body = stack[stack.length - 1];
    if (w === 'wait') {
      body.push({ op: 'wait' });
    } else if (w === '}') {
      if (stack.length === 1) return { ok: false, error: `word ${i + 1}: '}' closes no fork` };
      stack.pop();
    } else if (w === 'fork') {
      const spec = words[i + 1];
      if (spec === undefined || spec === '{' || spec === '}') return { ok: false, error: `word ${i + 1}: fork needs NAME,SECONDS then {body}` };
      const parts = spec.split(',');
      if (parts.length !== 2) return { ok: false, error: `word ${i + 2}: '${spec}' is not NAME,SECONDS` };
      const [child, secs] = parts;
      const bad = checkFork(child, Number(secs), names);
      if (bad || !/^\d+$/.test(secs)) return { ok: false, error: `word ${i + 2}: ${bad ?? `sleep '${secs}' is not a whole number of seconds`}` };
      if (words[i + 2] !== '{') return { ok: false, error: `word ${i + 3}: fork ${spec} must be followed by {body} (an empty one is {})` };
      names.add(child);
      const inner: GenAction[] = [];
      body.push({ op: 'fork', child, sleep: Number(secs), body: inner });
      stack.push(inner);
      i += 2;
    } else {
      return { ok: false, error: `word ${i + 1}: '${w}' is not fork, wait, { or }` };
    }
  }
  if (stack.length > 1) return { ok: false, error: `${stack.length - 1} fork bod${stack.length === 2 ? 'y is' : 'ies are'} not closed with '}'` };
  const waits = checkWaits(stack[0], ROOT_NAME);
  return waits ? { ok: false, error: waits } : { ok: true, actions: stack[0] };
}

/** Why a fork of `child` sleeping `sleep` seconds is not allowed, or null. */
function checkFork(child: string, sleep: number, names: Set<string>): string | null {
  if (!NAME.test(child)) return `process name '${child}' must be 1 to 9 letters, digits or _`;
  if (names.has(child)) return child === ROOT_NAME ? `'${ROOT_NAME}' is the first process; a child needs another name` : `process name '${child}' is used twice`;
  if (!Number.isInteger(sleep) || sleep < 0 || sleep > MAX_SLEEP) return `sleep ${sleep} must be a whole number of seconds from 0 to ${MAX_SLEEP}`;
  return null;
}

/** Why a body's waits do not match its forks (checked depth first), or null. */
function checkWaits(body: readonly GenAction[], who: string): string | null {
  let outstanding = 0;
  for (const a of body) {
    if (a.op === 'fork') {
      outstanding++;
      const inner = checkWaits(a.body, a.child);
      if (inner) return inner;
    } else if (outstanding-- === 0) {
      return `process ${who} waits with no child left to wait for`;
    }
  }
  return outstanding > 0 ? `process ${who} forks ${outstanding} more ${outstanding === 1 ? 'child than it waits for' : 'children than it waits for'} (every fork needs a wait)` : null;
}

/**
 * The same tree from untrusted JSON (`{op:"fork", child, sleep, body}` / `{op:"wait"}`),
 * checked by the rules the text follows.
 */
export function genActionsFrom(value: unknown): GenParse {
  const names = new Set([ROOT_NAME]);
  const walk = (v: unknown, path: string): GenAction[] | string => {
    if (!Array.isArray(v)) return `${path}: expected an array of actions`;
    const out: GenAction[] = [];
    for (const [i, a] of v.entries()) {
      const at = `${path}[${i}]`;
      const o = (typeof a === 'object' && a !== null ? a : {}) as Record<string, unknown>;
      if (o.op === 'wait') {
        out.push({ op: 'wait' });
        continue;
      }
      if (o.op !== 'fork') return `${at}: expected {op:"fork", child, sleep, body} or {op:"wait"}`;
      if (typeof o.child !== 'string') return `${at}.child: expected a process name`;
      const bad = checkFork(o.child, typeof o.sleep === 'number' ? o.sleep : Number.NaN, names);
      if (bad) return `${at}: ${bad}`;
      names.add(o.child);
      const body = walk(o.body, `${at}.body`);
      if (typeof body === 'string') return body;
      out.push({ op: 'fork', child: o.child, sleep: o.sleep as number, body });
    }
    return out;
  };
  const actions = walk(value, 'actions');
  if (typeof actions === 'string') return { ok: false, error: actions };
  const waits = checkWaits(actions, ROOT_NAME);
  return waits ? { ok: false, error: waits } : { ok: true, actions };
}

/** The tree as `-A` text, in generator.py's own spacing: `fork b,1 {fork c,2 {} wait} wait`. */
export function genProgramText(actions: readonly GenAction[]): string {
  return actions.map((a) => (a.op === 'wait' ? 'wait' : `fork ${a.child},${a.sleep} {${genProgramText(a.body)}}`)).join(' ');
}

/** Every process the program makes, `a` first, in the order their forks appear in the text. */
export function genProcessNames(actions: readonly GenAction[]): string[] {
  const out = [ROOT_NAME];
  const walk = (body: readonly GenAction[]) => {
    for (const a of body) {
      if (a.op === 'fork') {
        out.push(a.child);
        walk(a.body);
      }
    }
  };
  walk(actions);
  return out;
}
