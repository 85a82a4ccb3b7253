import type { Redirect } from './ast.ts';
import { printCommand } from './printer.ts';
import { environment, quote, type Shell } from './state.ts';

/** What one spawn needs: a program, or a child shell (launch.ts starts it). */
export interface ProcSpec {
  program: string;
  argv: string[];
  env: Record<string, string>;
  redirects: Redirect[];
}

/**
 * A child shell running `source`. Its variables come with it: exported ones in the
 * environment, the shell's other variables as assignments in front of the source (a
 * spawned shell shares no memory with this one), and the -e and -x options if they are on.
 */
export function childShell(sh: Shell, source: string, redirects: Redirect[] = []): ProcSpec {
  const prelude: string[] = [];
  const locals = Object.keys(sh.vars).filter((name) => !sh.exported[name]);
  if (locals.length > 0) prelude.push(`${locals.map((name) => `${name}=${quote(sh.vars[name])}`).join(' ')};`);
  for (const fn of Object.values(sh.functions)) prelude.push(`${printCommand(fn)};`);
  for (const [name, value] of Object.entries(sh.aliases)) prelude.push(`alias ${quote(name)}=${quote(value)};`);
  if (sh.options.nounset) prelude.push('set -u;');
  if (sh.options.pipefail) prelude.push('set -o pipefail;');
  if (sh.options.errexit) prelude.push('set -e;');
  // Tracing starts after the prelude, so only the command itself is traced, as in bash.
  if (sh.options.xtrace) prelude.push('set -x;');
  const script = [...prelude, source].join(' ');
  return { program: 'sh', argv: ['sh', '-c', script, ...sh.positional], env: environment(sh), redirects };
}
