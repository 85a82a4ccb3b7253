import { textSequence } from './answer.ts';

/**
 * OSTEP cpu-intro/process-run.py: processes made of CPU and I/O instructions on one CPU,
 * with process-run's own state machine (it has no time slices, so it is not a scheduling
 * policy): the current process runs until it issues an I/O (SWITCH_ON_IO) or ends
 * (SWITCH_ON_END); an I/O takes `ioLength` ticks and then an `io_done` instruction on the
 * CPU; a finished I/O either waits its turn (IO_RUN_LATER) or takes the CPU at once
 * (IO_RUN_IMMEDIATE). The rules are in tests/conformance/ostep/README.md.
 */
type Instr = 'cpu' | 'io' | 'io_done';
type PState = 'RUNNING' | 'READY' | 'BLOCKED' | 'DONE';

interface ProcessRunInput {
  instructions: Instr[][];
  ioLength: number;
  switchBehavior: 'SWITCH_ON_IO' | 'SWITCH_ON_END';
  ioDoneBehavior: 'IO_RUN_LATER' | 'IO_RUN_IMMEDIATE';
}

interface Proc {
  code: Instr[];
  pc: number;
  state: PState;
  /** Ticks at which its outstanding I/Os complete. */
  ioDone: number[];
}

/** Expands OSTEP's -P program syntax ("c2,i,c1": 2 CPU, an I/O, 1 CPU). Errors name the token. */
export function expandProgram(text: string): Instr[] | { error: string } {
  const out: Instr[] = [];
  if (text === '') return out;
  for (const token of text.split(',')) {
    if (token === 'i') out.push('io', 'io_done');
    else if (/^c\d+$/.test(token)) for (let k = Number(token.slice(1)); k > 0; k--) out.push('cpu');
    else return { error: `bad instruction '${token}' in program '${text}' (expected cN or i)` };
  }
  return out;
}

function parse(input: unknown): ProcessRunInput | { error: string } {
  if (!input || typeof input !== 'object') return { error: 'input: expected an object' };
  const o = input as Record<string, unknown>;
  let instructions: Instr[][];
  if (Array.isArray(o.instructions)) {
    if (!o.instructions.every((p) => Array.isArray(p) && p.every((x) => x === 'cpu' || x === 'io' || x === 'io_done'))) {
      return { error: 'instructions: expected lists of cpu, io and io_done' };
    }
    instructions = o.instructions as Instr[][];
  } else if (Array.isArray(o.programs) && o.programs.every((p) => typeof p === 'string')) {
    instructions = [];
    for (const prog of o.programs as string[]) {
      const r = expandProgram(prog);
      if ('error' in r) return r;
      instructions.push(r);
    }
  } else return { error: 'instructions (or programs): expected one entry per process' };
  if (instructions.length === 0) return { error: 'instructions: expected at least one process' };
  if (!(typeof o.ioLength === 'number' && Number.isInteger(o.ioLength) && o.ioLength >= 0)) return { error: 'ioLength: expected an integer >= 0' };
  if (o.switchBehavior !== 'SWITCH_ON_IO' && o.switchBehavior !== 'SWITCH_ON_END') return { error: 'switchBehavior: expected SWITCH_ON_IO or SWITCH_ON_END' };
  if (o.ioDoneBehavior !== 'IO_RUN_LATER' && o.ioDoneBehavior !== 'IO_RUN_IMMEDIATE') return { error: 'ioDoneBehavior: expected IO_RUN_LATER or IO_RUN_IMMEDIATE' };
  return { instructions, ioLength: o.ioLength, switchBehavior: o.switchBehavior, ioDoneBehavior: o.ioDoneBehavior };
}

interface Tick {
  t: number;
  ioDone: boolean;
  procs: string[];
  cpu: number;
  ios: number;
}

/** A tick as JSON.stringify writes it: the process states are fixed words (RUN:cpu, READY, ...). */
function tickJson(k: Tick): string {
  let procs = '';
  for (let i = 0; i < k.procs.length; i++) procs += i === 0 ? `"${k.procs[i]}"` : `,"${k.procs[i]}"`;
  return `{"t":${k.t},"ioDone":${k.ioDone},"procs":[${procs}],"cpu":${k.cpu},"ios":${k.ios}}`;
}

export function solveProcessRun(input: unknown): unknown {
  const parsed = parse(input);
  if ('error' in parsed) return parsed;
  const p = parsed;
  const procs: Proc[] = p.instructions.map((code, i) => ({ code, pc: 0, state: i === 0 ? 'RUNNING' : 'READY', ioDone: [] }));
  let current = 0;
  const runnable = () => {
    let n = 0;
    for (const q of procs) if (q.state === 'READY' || q.state === 'RUNNING') n++;
    return n;
  };
  const runNow = (pid: number) => {
    current = pid;
    procs[pid].state = 'RUNNING';
  };
  const pickNext = () => {
    const n = procs.length;
    for (let k = 1; k <= n; k++) {
      const pid = (current + k) % n;
      if (procs[pid].state === 'READY') return runNow(pid);
    }
  };
  const doneCheck = () => {
    const c = procs[current];
    if (c.pc >= c.code.length && c.state === 'RUNNING') {
      c.state = 'DONE';
      pickNext();
    }
  };

  // The ticks are lazy (answer.ts); the totals are read after the last one.
  let totalTime = 0;
  let cpuBusy = 0;
  let ioBusy = 0;
  function* ticks(): Generator<Tick> {
    // Every process that is not DONE ends within a bounded time; the cap guards against a rule bug.
    const limit = 10 + procs.length + procs.reduce((a, q) => a + q.code.length * (p.ioLength + 2), 0);
    for (let t = 1; procs.some((q) => q.state !== 'DONE') && t <= limit; t++) {
      let ioDone = false;
      procs.forEach((q, pid) => {
        if (!q.ioDone.includes(t)) return;
        q.ioDone = q.ioDone.filter((x) => x !== t);
        q.state = 'READY';
        ioDone = true;
        if (p.ioDoneBehavior === 'IO_RUN_IMMEDIATE') {
          if (current !== pid && procs[current].state === 'RUNNING') procs[current].state = 'READY';
          runNow(pid);
        } else {
          if (p.switchBehavior === 'SWITCH_ON_END' && runnable() > 1) runNow(pid);
          if (runnable() === 1) runNow(pid);
        }
        doneCheck();
      });
      const cur = procs[current];
      let ran: Instr | null = null;
      if (cur.state === 'RUNNING' && cur.pc < cur.code.length) ran = cur.code[cur.pc++];
      let ios = 0;
      for (const q of procs) for (const x of q.ioDone) if (x > t) ios++;
      totalTime++;
      yield { t, ioDone, procs: procs.map((q, pid) => (pid === current && ran ? `RUN:${ran}` : q.state)), cpu: ran ? 1 : 0, ios };
      if (ran) cpuBusy++;
      if (ios > 0) ioBusy++;
      if (ran === 'io') {
        cur.state = 'BLOCKED';
        cur.ioDone.push(t + p.ioLength + 1);
        if (p.switchBehavior === 'SWITCH_ON_IO') pickNext();
      }
      doneCheck();
    }
  }
  const pending = ticks();
  return {
    ticks: textSequence(pending, tickJson),
    stats: () => {
      // Ticks not read yet (by a consumer that skipped them) still count.
      for (let r = pending.next(); !r.done; r = pending.next());
      return { totalTime, cpuBusy, ioBusy };
    },
  };
}
