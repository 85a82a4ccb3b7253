import type { CommandPart, FunctionDef } from './ast.ts';
import type { ExpansionEnv } from './expand.ts';
import { createHistory, type History } from './history.ts';
import { createJobTable, type JobTable } from './jobs.ts';

/**
 * Everything one running shell knows: its variables, positional parameters, last status,
 * jobs and history. It lives in the shell program's own memory (the generator), never in
 * the kernel's state: the kernel sees only the syscalls the shell makes.
 */
export interface Shell {
  /** The name messages start with: `sh: foo: command not found`. */
  name: string;
  pid: number;
  /** The shell's own process group: the one that gets the terminal back after a job. */
  pgid: number;
  /** Prompts, line editing, job notices. */
  interactive: boolean;
  /** Job control: each job in its own process group, the terminal handed to the foreground one. */
  monitor: boolean;
  vars: Record<string, string>;
  /** Variables passed on to the commands the shell starts. */
  exported: Record<string, true>;
  /** `$0`, `$1`, ...: index 0 is the shell's or the script's name. */
  positional: string[];
  /** `$?`. */
  status: number;
  /** `$!`: the pid of the last background job, or null before there is one. */
  lastBg: number | null;
  options: ShellOptions;
  /** Functions by name (no prototype, so any name is safe). */
  functions: Record<string, FunctionDef>;
  /** `alias name=value`: a command's first word is replaced by its alias before parsing its words. */
  aliases: Record<string, string>;
  /** Variables `readonly` has fixed. */
  readonly: Record<string, true>;
  /** `local` saves in the innermost frame what a variable was before the function changed it (undefined: unset). */
  frames: Record<string, string | undefined>[];
  /** A pending `break n` / `continue n` / `return`: lists stop running until a loop or function takes it. */
  control: { kind: 'break' | 'continue'; levels: number } | { kind: 'return' } | null;
  /** Loops the shell is inside now, for `break` and `continue`. */
  loopDepth: number;
  /** Above 0 while running an `if`/`while` condition or a `&&`/`||` operand, where `set -e` does not apply. */
  conditionDepth: number;
  /** Set by ^C (and by a foreground job ^C killed): the running command list stops and the prompt comes back. */
  interrupted: boolean;
  /** The status of the last command substitution in the command being expanded (`x=$(false)` fails), or null. */
  substStatus: number | null;
  /** Aliases being replaced right now, so `alias ls='ls -l'` does not expand forever. */
  expandingAliases: string[];
  /** Here-documents made so far: each gets a temporary file of its own number. */
  hereDocs: number;
  jobs: JobTable;
  history: History;
  /** Set by `exit` (and by `set -e` on a failure): the status the shell ends with. */
  exiting: number | null;
  /** Descriptors at 10 and above that the shell holds for itself (saved copies, relocated files). */
  held: Record<number, true>;
  /** `exit` with stopped jobs warns once before it really leaves, as bash does. */
  warnedStopped: boolean;
}

export interface ShellOptions {
  errexit: boolean;
  xtrace: boolean;
  /** `set -u`: expanding an unset variable is an error. */
  nounset: boolean;
  /** `set -o pipefail`: a pipeline fails with its last failing command's status. */
  pipefail: boolean;
}

export function createShell(init: {
  name?: string;
  pid: number;
  pgid: number;
  interactive: boolean;
  env: Record<string, string>;
  positional: string[];
}): Shell {
  // Without a prototype, a variable may be called `__proto__` or `constructor` like any other.
  const vars: Record<string, string> = Object.create(null);
  const exported: Record<string, true> = Object.create(null);
  for (const [key, value] of Object.entries(init.env)) {
    vars[key] = value;
    exported[key] = true;
  }
  return {
    name: init.name ?? 'sh',
    pid: init.pid,
    pgid: init.pgid,
    interactive: init.interactive,
    monitor: init.interactive,
    vars,
    exported,
    positional: init.positional,
    status: 0,
    lastBg: null,
    options: { errexit: false, xtrace: false, nounset: false, pipefail: false },
    functions: Object.create(null),
    aliases: Object.create(null),
    readonly: Object.create(null),
    frames: [],
    control: null,
    loopDepth: 0,
    conditionDepth: 0,
    interrupted: false,
    substStatus: null,
    expandingAliases: [],
    hereDocs: 0,
    jobs: createJobTable(),
    history: createHistory(),
    exiting: null,
    held: {},
    warnedStopped: false,
  };
}

/** A valid variable name: a letter or underscore, then letters, digits and underscores. */
export function isName(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text);
}

export function getVar(sh: Shell, name: string): string | undefined {
  return Object.hasOwn(sh.vars, name) ? sh.vars[name] : undefined;
}

export function setVar(sh: Shell, name: string, value: string): void {
  sh.vars[name] = value;
}

export function unsetVar(sh: Shell, name: string): void {
  delete sh.vars[name];
  delete sh.exported[name];
}

/** `local name`: from now until the function returns, name's old value is kept aside. */
export function makeLocal(sh: Shell, name: string): void {
  const frame = sh.frames[sh.frames.length - 1];
  if (!frame || Object.hasOwn(frame, name)) return;
  frame[name] = getVar(sh, name);
}

/** A function's return: every variable it made local gets its old value back. */
export function popFrame(sh: Shell): void {
  const frame = sh.frames.pop();
  if (!frame) return;
  for (const [name, value] of Object.entries(frame)) {
    if (value === undefined) delete sh.vars[name];
    else sh.vars[name] = value;
  }
}

/** The environment a command gets: the exported variables, then its own `NAME=value` prefixes. */
export function environment(sh: Shell, extra: Record<string, string> = {}): Record<string, string> {
  const entries = Object.keys(sh.exported).flatMap((name) => (Object.hasOwn(sh.vars, name) ? [[name, sh.vars[name]]] : []));
  // fromEntries makes every name an own property, `__proto__` included.
  return Object.fromEntries([...entries, ...Object.entries(extra)]);
}

/** Extra answers expansion may need: command substitutions' output and `$RANDOM` numbers, fetched beforehand. */
export interface Prepared {
  outputs: Map<CommandPart, string>;
  randoms: number[];
}

/** What word expansion reads; `glob` answers from directories the caller has already listed. */
export function expansionEnv(sh: Shell, glob: ExpansionEnv['glob'] = () => null, prepared: Prepared | null = null): ExpansionEnv {
  let nextRandom = 0;
  return {
    commandOutput: (part) => prepared?.outputs.get(part) ?? '',
    random: () => (prepared ? (prepared.randoms[nextRandom++ % Math.max(1, prepared.randoms.length)] ?? 0) : 0),
    nounset: sh.options.nounset,
    error: null,
    vars: sh.vars,
    special: {
      '?': String(sh.status),
      $: String(sh.pid),
      '!': sh.lastBg === null ? '' : String(sh.lastBg),
      '#': String(Math.max(0, sh.positional.length - 1)),
      positional: sh.positional,
    },
    glob,
  };
}

/** A string as one shell word that means exactly itself. */
export function quote(text: string): string {
  if (text !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, "'\\''")}'`;
}
