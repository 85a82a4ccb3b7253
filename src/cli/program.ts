import { Command, CommanderError, InvalidArgumentError } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { MAX_WINSIZE } from '../sim/tty/tty.ts';

// The option parser and every subcommand (main.ts loads it for all but the quickest
// conform calls). Each subcommand's module is imported only when that subcommand runs: a
// one-line `conform` problem should not pay for loading the shell, the kernel or the web
// server.

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number >= 0');
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0');
  return n;
}

/** A comma-separated list of words, none of them empty. */
function words(value: string): string[] {
  const list = value.split(',').map((w) => w.trim());
  if (list.some((w) => w === '')) throw new InvalidArgumentError('expected words separated by commas');
  return list;
}

/** A side of the terminal's window: whole cells, as many as a window may have. */
function windowSide(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WINSIZE) throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_WINSIZE}`);
  return n;
}

/** The glassbox command line, through the option parser. Returns the exit status. */
export async function runProgram(argv: string[]): Promise<number> {
  let status = 0;
  const program = new Command()
    .name('glassbox')
    .description('Glassbox: an operating system you can see inside. Run the simulated kernel headless.')
    .version(pkg.version, '-V, --version', 'print the version')
    .exitOverride()
    .showHelpAfterError('(run "glassbox --help" for usage)');

  program
    .command('run')
    .description('run a scenario headless and print per-process metrics, or a shell script and print its output')
    .argument('<file>', 'scenario file (JSON), or a shell script')
    .option('--json', 'print the report as JSON')
    .option('--until <tick>', 'stop at this tick (default: the scenario\'s "until", else when the workload is done)', nonNegativeInt)
    .option('--cols <n>', 'the terminal\'s width in columns', windowSide, 80)
    .option('--rows <n>', 'the terminal\'s height in rows', windowSide, 24)
    .action(async (file: string, o: { json?: boolean; until?: number; cols: number; rows: number }) => {
      const { runScenario } = await import('./run.ts');
      status = await runScenario(file, { json: Boolean(o.json), until: o.until, winsize: { cols: o.cols, rows: o.rows } });
    });

  program
    .command('shell')
    .description('the simulated terminal in this one (Ctrl-] leaves)')
    .argument('[scenario]', 'scenario file to start from')
    .option('--speed <ticks>', 'ticks per second', positive, 200)
    .action(async (file: string | undefined, o: { speed: number }) => {
      const { shell } = await import('./shell.ts');
      status = await shell({ scenario: file, speed: o.speed });
    });

  program
    .command('conform')
    .description('answer an OSTEP simulator problem: JSON input on stdin, JSON answer on stdout')
    .argument('<sim>', 'simulator name, e.g. malloc, scheduler, mlfq')
    .option('--batch', 'stdin holds an array of inputs; print an array of answers')
    .action(async (sim: string, o: { batch?: boolean }) => {
      const { conform } = await import('./conform.ts');
      status = await conform(sim, Boolean(o.batch));
    });

  program
    .command('bench')
    .description('run the benchmarks and print their figures')
    .argument('[names...]', 'only these benchmarks')
    .option('--quick', 'smaller sizes, for a fast check')
    .option('--only <words>', 'only the parts whose name holds one of these comma-separated words (e.g. paging,scheduler RR)', words)
    .action(async (names: string[], o: { quick?: boolean; only?: string[] }) => {
      const { bench } = await import('./bench.ts');
      status = bench(names, Boolean(o.quick), o.only ?? []);
    });

  program
    .command('web')
    .description('serve the browser edition (run "npm run build" first)')
    .option('--port <port>', 'port (0 = any free port)', nonNegativeInt, 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--renderer <dir>', 'serve the page from this folder instead of the build in out/renderer')
    .action(async (o: { port: number; host: string; renderer?: string }) => {
      const { web } = await import('./web.ts');
      status = await web(o);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    throw err;
  }
  return status;
}
