import type { ProcessContext } from '../abi/program.ts';
import { isLock } from '../abi/ipc.ts';
import * as sys from '../libc/sys.ts';
import { describeErrno } from './basic.ts';

/**
 * ipcs and ipcrm, as on Unix: list the IPC objects (with who sleeps on each, which a real
 * ipcs does not show, and any deadlock), and remove queues, semaphores and segments.
 */

const pids = (xs: number[]): string => (xs.length ? xs.join(',') : '-');

/** ipcs: pipes, message queues, semaphores, shared-memory segments and deadlocks. */
export function* ipcs(): sys.Sys<number> {
  const st = yield* sys.ipcs();
  let out = '------ Pipes ------\n   ID  USED/CAP  READERS   WRITERS   BLOCKED\n';
  for (const p of st.pipes) {
    const blocked = [...p.blockedReaders.map((pid) => `${pid}(r)`), ...p.blockedWriters.map((w) => `${w.pid}(w)`)];
    out += `${pad(p.id, 5)}  ${`${p.used}/${p.capacity}`.padEnd(8)}  ${pids(p.readers).padEnd(8)}  ${pids(p.writers).padEnd(8)}  ${blocked.join(',') || '-'}\n`;
  }
  out += '------ Message Queues ------\n  KEY    ID  MSGS/CAP  SENDERS  RECEIVERS\n';
  for (const q of st.queues) {
    out += `${pad(q.key, 5)} ${pad(q.id, 5)}  ${`${q.count}/${q.capacity}`.padEnd(8)}  ${pids(q.blockedSenders).padEnd(7)}  ${pids(q.blockedReceivers.map((r) => r.pid))}\n`;
  }
  // Only a lock has holders; a counting semaphore is told by its value against its start (isLock).
  out += '------ Semaphores ------\n  KEY    ID  VALUE   INIT  HOLDERS  WAITERS\n';
  for (const s of st.sems) {
    const holders = isLock(s) ? pids(s.holders.map((h) => h.pid)) : 'n/a';
    out += `${pad(s.key, 5)} ${pad(s.id, 5)}  ${pad(s.value, 5)}  ${pad(s.initial, 5)}  ${holders.padEnd(7)}  ${pids(s.waiters)}\n`;
  }
  out += '------ Shared Memory ------\n  KEY    ID  SLOTS\n';
  for (const m of st.segments) out += `${pad(m.key, 5)} ${pad(m.id, 5)}  ${m.slots.map((v) => JSON.stringify(v)).join(' ')}\n`;
  for (const c of st.deadlocks) out += `deadlock: pids ${[...c, c[0]].join(' -> ')}\n`;
  yield* sys.print(out);
  return 0;
}

function pad(n: number, w: number): string {
  return String(n).padStart(w);
}

const KINDS = { '-q': 'mq', '-s': 'sem', '-m': 'shm' } as const;

/** ipcrm -q ID | -s ID | -m ID ...: removes message queues, semaphores, segments. */
export function* ipcrm(ctx: ProcessContext): sys.Sys<number> {
  const args = ctx.argv.slice(1);
  if (args.length === 0 || args.length % 2 !== 0) {
    yield* sys.eprint('usage: ipcrm -q ID | -s ID | -m ID ...\n');
    return 1;
  }
  let status = 0;
  for (let i = 0; i < args.length; i += 2) {
    const kind = KINDS[args[i] as keyof typeof KINDS];
    const id = Number(args[i + 1]);
    if (!kind || !Number.isInteger(id)) {
      yield* sys.eprint(`ipcrm: bad option or id '${args[i]} ${args[i + 1]}'\n`);
      status = 1;
      continue;
    }
    const r = yield* sys.ipcrm(kind, id);
    if (r < 0) {
      yield* sys.eprint(`ipcrm: ${args[i]} ${id}: ${describeErrno(r)}\n`);
      status = 1;
    }
  }
  return status;
}
