import type { ProcessContext } from '../abi/program.ts';
import * as sys from '../libc/sys.ts';

/**
 * Command-line parsing shared by the coreutils, in the manner of GNU getopt_long, so that
 * a command line means here what it means under bash: short flags combine (`-la`), an
 * option's value is attached (`-n5`) or the next word (`-n 5`), long options take
 * `--lines=5` or `--lines 5` and may be abbreviated, `--` ends the options, and options may
 * follow operands (GNU permutes argv) unless a command runs another command (nice, env).
 */

export interface OptionSpec {
  /** Letters that are flags: "alid1". */
  flags?: string;
  /** Letters that take a value: "nc". */
  values?: string;
  /**
   * Long names and the key each stands for: `{ all: 'a', 'lines=': 'n' }`. A trailing "="
   * on the name says it takes a value. A key need not be a letter (a long-only option).
   */
  long?: Record<string, string>;
  /** `-5` stands for `-<numeric> 5` (head -5 is head -n 5). */
  numeric?: string;
  /** Words that look like negative numbers are operands (seq -3 3). */
  negativeNumbers?: boolean;
  /** Stop at the first operand: what follows belongs to a command to run (nice, env). */
  inOrder?: boolean;
  /** The synopsis lines that --help prints. */
  usage: string[];
  /** Exit status for a usage error: 1 for most GNU tools, 2 for ls, grep and sort. */
  status?: number;
  /** Print the synopsis between the complaint and the "Try" line, as grep does. */
  showUsage?: boolean;
}

export interface Args {
  /** Every option given, by key, with its values in order ('' for a flag). */
  opts: Record<string, string[]>;
  operands: string[];
}

export type ParseResult = Args | { error: string } | { help: true };

/** Was option `key` given? */
export const has = (a: Args, key: string): boolean => key in a.opts;

/** The last value given for `key` (later options override earlier ones), or undefined. */
export function last(a: Args, key: string): string | undefined {
  const v = a.opts[key];
  return v ? v[v.length - 1] : undefined;
}

/** Every value given for `key`, in order. */
export const all = (a: Args, key: string): string[] => a.opts[key] ?? [];

function add(a: Args, key: string, value: string): void {
  (a.opts[key] ??= []).push(value);
}

/** Parses argv (without argv[0]); errors are worded as glibc's getopt words them. */
export function parseArgs(argv: readonly string[], spec: OptionSpec): ParseResult {
  const flags = spec.flags ?? '';
  const values = spec.values ?? '';
  const a: Args = { opts: {}, operands: [] };
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--') {
      a.operands.push(...argv.slice(i + 1));
      break;
    }
    const isOperand = w === '-' || !w.startsWith('-') || (spec.negativeNumbers === true && /^-\.?\d/.test(w));
    if (isOperand) {
      if (spec.inOrder) {
        a.operands.push(...argv.slice(i));
        break;
      }
      a.operands.push(w);
      continue;
    }
    if (w.startsWith('--')) {
      const r = parseLong(w, argv[i + 1], spec);
      if ('error' in r || 'help' in r) return r;
      add(a, r.key, r.value);
      if (r.usedNext) i++;
      continue;
    }
    if (spec.numeric && /^-\d+$/.test(w)) {
      add(a, spec.numeric, w.slice(1));
      continue;
    }
    for (let j = 1; j < w.length; j++) {
      const c = w[j];
      if (flags.includes(c)) {
        add(a, c, '');
      } else if (values.includes(c)) {
        if (j + 1 < w.length) add(a, c, w.slice(j + 1));
        else if (i + 1 < argv.length) add(a, c, argv[++i]);
        else return { error: `option requires an argument -- '${c}'` };
        break;
      } else {
        return { error: `invalid option -- '${c}'` };
      }
    }
  }
  return a;
}

interface LongMatch {
  key: string;
  value: string;
  usedNext: boolean;
}

function parseLong(w: string, next: string | undefined, spec: OptionSpec): LongMatch | { error: string } | { help: true } {
  const eq = w.indexOf('=');
  const name = eq < 0 ? w.slice(2) : w.slice(2, eq);
  const names = Object.keys(spec.long ?? {}).concat('help');
  const bare = (n: string) => n.replace(/=$/, '');
  // An exact name wins; otherwise an unambiguous prefix, as getopt_long allows.
  let found = names.filter((n) => bare(n) === name);
  if (found.length === 0) found = names.filter((n) => bare(n).startsWith(name));
  if (found.length === 0) return { error: `unrecognized option '${w}'` };
  if (found.length > 1) {
    return { error: `option '${w}' is ambiguous; possibilities:${found.map((n) => ` '--${bare(n)}'`).join('')}` };
  }
  const full = found[0];
  if (full === 'help') return { help: true };
  const key = spec.long?.[full] ?? full;
  if (!full.endsWith('=')) {
    if (eq >= 0) return { error: `option '--${full}' doesn't allow an argument` };
    return { key, value: '', usedNext: false };
  }
  if (eq >= 0) return { key, value: w.slice(eq + 1), usedNext: false };
  if (next === undefined) return { error: `option '--${bare(full)}' requires an argument` };
  return { key, value: next, usedNext: true };
}

/**
 * Parses the process's arguments. On a usage error it prints the message and the hint
 * GNU prints, and returns the exit status; on --help it prints the synopsis and returns 0.
 */
export function* getopts(ctx: ProcessContext, spec: OptionSpec): sys.Sys<Args | number> {
  const cmd = ctx.argv[0] ?? '';
  const r = parseArgs(ctx.argv.slice(1), spec);
  if ('help' in r) {
    const lines = spec.usage.map((u, i) => `${i === 0 ? 'Usage: ' : '  or:  '}${u}`);
    yield* sys.print(`${lines.join('\n')}\nSee 'man ${cmd}' for the options and examples.\n`);
    return 0;
  }
  if ('error' in r) {
    if (spec.showUsage) yield* sys.eprint(`${cmd}: ${r.error}\nUsage: ${spec.usage[0]}\n`);
    else yield* sys.eprint(`${cmd}: ${r.error}\n`);
    yield* sys.eprint(`Try '${cmd} --help' for more information.\n`);
    return spec.status ?? 1;
  }
  return r;
}

/** `cmd: message` and GNU's "Try 'cmd --help'" line on stderr; returns the status. */
export function* usageError(cmd: string, message: string, status = 1): sys.Sys<number> {
  yield* sys.eprint(`${cmd}: ${message}\nTry '${cmd} --help' for more information.\n`);
  return status;
}
