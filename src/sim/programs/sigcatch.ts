import { EINTR } from '../abi/errno.ts';
import type { ProcessContext } from '../abi/program.ts';
import { parseSignal, SIGINT, signalName } from '../abi/signals.ts';
import * as sys from '../libc/sys.ts';

/**
 * sigcatch [--sleep] [SIG...]: catches the signals named (SIGINT by default) and counts to
 * ten, a step of CPU work at a time. Each signal runs the handler on top of the count, and
 * the count resumes where it was. With --sleep it sleeps between steps instead, so a
 * signal interrupts the sleep, which fails with EINTR. A third ^C ends it.
 */
export function* sigcatch(ctx: ProcessContext): sys.Sys<number> {
  const args = ctx.argv.slice(1);
  const sleeping = args[0] === '--sleep';
  const names = sleeping ? args.slice(1) : args;
  const sigs = names.length ? names.map(parseSignal) : [SIGINT];
  if (sigs.some((s) => s === null)) {
    yield* sys.eprint('usage: sigcatch [--sleep] [SIG...]\n');
    return 2;
  }
  let caught = 0;
  for (const sig of sigs as number[]) {
    const r = yield* sys.sigaction(sig, function* (n: number) {
      caught++;
      yield* sys.print(`sigcatch: caught ${signalName(n)} (${caught}); the handler runs on top of the count\n`);
      if (n === SIGINT && caught >= 3) yield* sys.exit(130);
    });
    if (r < 0) {
      yield* sys.eprint(`sigcatch: cannot catch ${signalName(sig)}\n`);
      return 1;
    }
  }
  yield* sys.print(`sigcatch: catching ${(sigs as number[]).map(signalName).join(', ')}; counting to 10\n`);
  for (let i = 1; i <= 10; i++) {
    const r = sleeping ? yield* sys.sleep(5) : yield* sys.cpu(5);
    yield* sys.print(r === -EINTR ? `sigcatch: step ${i} was cut short (EINTR)\n` : `sigcatch: ${i}\n`);
  }
  return 0;
}
