import pkg from '../../package.json' with { type: 'json' };
import { plainConform } from './plain-conform.ts';

export { plainConform };

/**
 * The glassbox command line. Returns the exit status.
 *
 * `conform <sim>` (with or without `--batch`) is what the conformance checker runs, once
 * per problem, and a small problem is answered in a few milliseconds: loading the option
 * parser would cost more than that. So that one plain form goes straight to the command,
 * and so does a bare `--version`; everything else, help and mistakes included, goes
 * through the parser (program.ts).
 */
export async function main(argv: string[]): Promise<number> {
  const call = plainConform(argv);
  if (call) {
    const { conform } = await import('./conform.ts');
    return conform(call.sim, call.batch);
  }
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    // As the parser prints it.
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const { runProgram } = await import('./program.ts');
  return runProgram(argv);
}
