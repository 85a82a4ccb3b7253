import { ENOENT } from '../kernel/errno.ts';
import type { ProcessContext } from '../kernel/runtime.ts';
import { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, signalDescription } from '../kernel/signals.ts';
import { describeErrno } from './basic.ts';
import * as sys from './sys.ts';

/**
 * A minimal command runner for the terminal: one command per line, `&` to run it in the
 * background, `exit` to leave. It reaches the kernel only through syscalls: each command
 * is a spawned process in its own process group, brought to the foreground while it runs.
 */
export function* minish(_ctx: ProcessContext): sys.Sys<number> {
  for (const sig of [SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU]) yield* sys.sigaction(sig, 'ignore');
  const myPgid = yield* sys.getpgid(0);
  let status = 0;
  for (;;) {
    yield* reapBackground();
    yield* sys.print('$ ');
    const line = yield* sys.read(0, 1024);
    if (typeof line === 'number' || line === '') {
      yield* sys.print('exit\n');
      return status;
    }
    let words = line.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    const background = words[words.length - 1] === '&';
    if (background) words = words.slice(0, -1);
    if (words.length === 0) continue;
    const [cmd, ...args] = words;
    if (cmd === 'exit') return args[0] ? Number(args[0]) & 0xff : status;
    if (cmd === 'help') {
      yield* sys.print('Commands: echo, ps, cpu N, sleep N, true, false, exit. End a line with & to run it in the background.\n');
      continue;
    }
    const pid = yield* sys.spawn({ program: cmd, argv: words, pgid: 0, resetSignals: true });
    if (pid === -ENOENT) {
      yield* sys.eprint(`sh: ${cmd}: command not found\n`);
      status = 127;
      continue;
    }
    if (pid < 0) {
      yield* sys.eprint(`sh: ${cmd}: ${describeErrno(pid)}\n`);
      status = 126;
      continue;
    }
    if (background) {
      yield* sys.print(`[${pid}]\n`);
      continue;
    }
    yield* sys.tcsetpgrp(pid);
    const r = yield* sys.wait(pid, { untraced: true });
    yield* sys.tcsetpgrp(myPgid);
    if (!sys.isWaitResult(r)) continue;
    if (r.stopped) {
      yield* sys.print(`\n[${pid}]+  Stopped                 ${words.join(' ')}\n`);
      status = 128 + (r.signal ?? 0);
    } else if (r.signal !== null) {
      if (r.signal !== SIGINT) yield* sys.print(`${signalDescription(r.signal)}\n`);
      status = 128 + r.signal;
    } else {
      status = r.code ?? 0;
    }
  }
}

/** Collects finished background commands and says so, as a shell does before its prompt. */
function* reapBackground(): sys.Sys<void> {
  for (;;) {
    const r = yield* sys.wait(-1, { nohang: true });
    if (!sys.isWaitResult(r)) return;
    const how = r.signal !== null ? signalDescription(r.signal) : r.code === 0 ? 'Done' : `Exit ${r.code}`;
    yield* sys.print(`[${r.pid}]+  ${how}\n`);
  }
}
