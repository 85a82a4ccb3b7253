import type { ProcessContext } from '../abi/program.ts';
import { SIGINT, SIGQUIT, SIGTSTP } from '../abi/signals.ts';
import * as sys from '../libc/sys.ts';

/**
 * init (pid 1): starts the login program on the terminal as its own foreground process
 * group, restarts it when it exits (as getty does), and reaps every orphan it adopts.
 */
export function* init(ctx: ProcessContext): sys.Sys<number> {
  const [, program, ...args] = ctx.argv;
  for (const sig of [SIGINT, SIGQUIT, SIGTSTP]) yield* sys.sigaction(sig, 'ignore');
  let login = program ? yield* startLogin(program, args) : -1;
  for (;;) {
    const r = yield* sys.wait(-1);
    if (!sys.isWaitResult(r)) continue;
    if (r.pid === login && program) {
      yield* sys.print('\n[login shell ended; starting a new one]\n');
      login = yield* startLogin(program, args);
    }
  }
}

function* startLogin(program: string, args: string[]): sys.Sys<number> {
  const pid = yield* sys.spawn({ program, argv: [program, ...args], pgid: 0, resetSignals: true });
  if (pid > 0) yield* sys.tcsetpgrp(pid);
  else yield* sys.eprint(`init: cannot start ${program}\n`);
  return pid;
}
