/**
 * The glassbox command line. Returns the exit status.
 *
 * `conform <sim>` (with or without `--batch`) is what the conformance checker runs, once
 * per problem, and a small problem is answered in a few milliseconds: loading the option
 * parser would cost more than that. So that one plain form goes straight to the command;
 * everything else, help and mistakes included, goes through the parser (program.ts).
 */
export async function main(argv: string[]): Promise<number> {
  const call = plainConform(argv);
  if (call) {
    const { conform } = await import('./conform.ts');
    return conform(call.sim, call.batch);
  }
  const { runProgram } = await import('./program.ts');
  return runProgram(argv);
}

/** `conform <sim>` or `conform <sim> --batch` (either order), or null for anything else. */
export function plainConform(argv: readonly string[]): { sim: string; batch: boolean } | null {
  if (argv[0] !== 'conform' || argv.length < 2 || argv.length > 3) return null;
  const rest = argv.slice(1);
  const batch = rest.includes('--batch');
  const names = rest.filter((a) => a !== '--batch');
  if (names.length !== 1 || rest.length !== names.length + (batch ? 1 : 0) || names[0].startsWith('-')) return null;
  return { sim: names[0], batch };
}
