import { noteRefusal, type Refusals, refusalNotices } from '../shared/refusals.ts';
import { logItems } from '../sim/base/ringlog.ts';
import type { ExitRecord, KernelState } from '../sim/kernel/state.ts';
import { createMachine, runTo, screen, type TimedInput } from '../sim/machine/machine.ts';
import { runShellScript } from '../sim/machine/run-script.ts';
import { cpuCaches, metricsTable } from '../sim/kernel/sched-selectors.ts';
import { signalName } from '../sim/abi/signals.ts';
import { processRows } from '../sim/kernel/proc-selectors.ts';
import { ipcStatus } from '../sim/kernel/ipc-selectors.ts';
import type { HeapMetrics } from '../sim/abi/heap.ts';
import { tlbHitRate, type VmStatInfo } from '../sim/abi/vm.ts';
import { fsStatfs } from '../sim/fs/index.ts';
import { journalView } from '../sim/fs/selectors.ts';
import { heapMetrics } from '../sim/memory/metrics.ts';
import { vmCounters } from '../sim/vm/selectors.ts';
import { readText } from './io.ts';
import { escapeForTerminal } from './terminal-text.ts';

/** Per-process figures for a finished (or still running) process. */
export interface ProcessMetrics {
  pid: number;
  command: string;
  arrival: number;
  firstRun: number | null;
  finish: number | null;
  cpu: number;
  response: number | null;
  turnaround: number | null;
  wait: number;
  status: string;
}

export interface RunReport {
  scenario: string;
  ticks: number;
  processes: ProcessMetrics[];
  averages: { response: number | null; turnaround: number | null; wait: number | null };
  cpuUtilisation: number;
  contextSwitches: number;
  /**
   * Jain's fairness index of CPU per share among the workload's live processes, under a
   * proportional-share policy (lottery, stride, CFS), as the Scheduler's metrics show it;
   * null otherwise, or with fewer than two such processes.
   */
  fairness: number | null;
  /**
   * Each CPU over the whole run: the fraction of ticks it was busy, and of ticks it ran a
   * process warm in its cache; and the pids warm and warming in its cache at the end, as the
   * scheduler view's cache strip shows them.
   */
  cpus: Array<{ cpu: number; utilisation: number; warm: number; busyTicks: number; warmTicks: number; cacheWarm: number[]; cacheWarming: number[] }>;
  /** The kernel heap's figures at the end, as the Memory tab's Kernel heap view shows them. */
  heap: HeapMetrics;
  /** The pager's counters since boot, as vmstat prints them and the Virtual memory view shows them. */
  vm: VmStatInfo & { tlbHitRate: string | null };
  /** The file system at the end, as df and the Files tab show it. */
  fs: FsFigures;
  /** Pipes, message queues and semaphores alive at the end, as the IPC views show them. */
  ipc: IpcFigures;
  terminal: string;
  /** What the reader must know to trust the figures: the run hit a cap, inputs were refused. */
  notices: string[];
}

export interface FsFigures {
  journal: string;
  dataBlocks: number;
  dataBlocksUsed: number;
  inodes: number;
  inodesUsed: number;
  /** Blocks written to the disk since boot (the figure a crash is armed against). */
  blockWrites: number;
  commits: number;
  checkpoints: number;
}

export interface IpcFigures {
  pipes: { id: number; capacity: number; used: number; bytesWritten: number; bytesRead: number; readers: number[]; writers: number[] }[];
  queues: { id: number; key: number; count: number; capacity: number }[];
  semaphores: { id: number; key: number; value: number; initial: number; holders: { pid: number; count: number }[]; waiters: number[] }[];
  /** Each cycle of processes waiting on each other, as pids. */
  deadlocks: number[][];
}

function ipcFigures(s: KernelState): IpcFigures {
  const st = ipcStatus(s);
  return {
    pipes: st.pipes.map(({ id, capacity, used, bytesWritten, bytesRead, readers, writers }) => ({ id, capacity, used, bytesWritten, bytesRead, readers, writers })),
    queues: st.queues.map(({ id, key, count, capacity }) => ({ id, key, count, capacity })),
    semaphores: st.sems.map(({ id, key, value, initial, holders, waiters }) => ({ id, key, value, initial, holders, waiters })),
    deadlocks: st.deadlocks,
  };
}

/** The file system's figures: df's counts, and the journal's and the disk's. */
function fsFigures(s: KernelState): FsFigures {
  const f = fsStatfs(s.fs);
  const j = journalView(s.fs);
  return {
    journal: f.journal,
    dataBlocks: f.dataBlocks,
    dataBlocksUsed: f.dataBlocks - f.freeBlocks,
    inodes: f.inodes,
    inodesUsed: f.inodes - f.freeInodes,
    blockWrites: s.fs.dev.writes,
    commits: j.commits,
    checkpoints: j.checkpoints,
  };
}

function fromExit(e: ExitRecord): ProcessMetrics {
  return {
    pid: e.pid,
    command: e.argv.join(' '),
    arrival: e.arrival,
    firstRun: e.firstRun,
    finish: e.finish,
    cpu: e.cpu,
    response: e.firstRun === null ? null : e.firstRun - e.arrival,
    turnaround: e.finish - e.arrival,
    wait: e.ready,
    status: e.signal !== null ? `killed by ${signalName(e.signal)}` : `exit ${e.exitCode}`,
  };
}


/** Metrics for every process that ran: the exited ones, then those still alive. */
export function report(name: string, s: KernelState, terminal: string, end = s.tick, notices: string[] = []): RunReport {
  const procs = logItems(s.exited).map(fromExit);
  // The live ones as the process table shows them (one selector for both).
  for (const p of processRows(s)) {
    if (p.state === 'zombie') continue;
    procs.push({
      pid: p.pid,
      command: p.command,
      arrival: p.arrival,
      firstRun: p.firstRun,
      finish: null,
      cpu: p.cpu,
      response: p.response,
      turnaround: null,
      wait: p.waiting,
      status: p.state,
    });
  }
  procs.sort((a, b) => a.pid - b.pid);
  // The workload's figures, defined once with the live view: system processes are left out
  // and utilisation is over the span of the work.
  const table = metricsTable(s);
  const work = table.rows.filter((r) => !r.system);
  const done = work.filter((r) => r.finished);
  return {
    scenario: name,
    ticks: end,
    processes: procs,
    averages: {
      response: done.some((r) => r.response !== null) ? table.average.response : null,
      turnaround: done.length ? table.average.turnaround : null,
      wait: work.length ? table.average.waiting : null,
    },
    // The workload's utilisation over the span of its work, as the live view shows it;
    // a fraction of the time there was, so never over 1.
    cpuUtilisation: Math.min(1, table.utilisation),
    contextSwitches: s.stats.contextSwitches,
    fairness: table.fairness,
    // Each CPU's busy and warm ticks over the whole run, and its cache at the end, as the scheduler view's cache strip shows them.
    cpus: cpuCaches(s, end).map((c) => ({ cpu: c.cpu, utilisation: c.utilisation, warm: c.warm, busyTicks: c.busyTicks, warmTicks: c.warmTicks, cacheWarm: c.warmPids.map((w) => w.pid), cacheWarming: c.warming.map((w) => w.pid) })),
    heap: heapMetrics(s.heap),
    vm: { ...vmCounters(s.vm), tlbHitRate: tlbHitRate(vmCounters(s.vm)) },
    fs: fsFigures(s),
    ipc: ipcFigures(s),
    terminal,
    notices,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Each CPU's busy and warm time, and its cache at the end, on one line (machines with more than one CPU or with caches). */
function cpuLines(r: RunReport): string {
  if (r.cpus.length < 2 && r.cpus.every((c) => c.warmTicks === 0 && c.cacheWarm.length === 0 && c.cacheWarming.length === 0)) return '';
  const pids = (xs: number[]) => (xs.length ? xs.join(' ') : '-');
  return r.cpus
    .map((c) => `CPU ${c.cpu}: busy ${pct(c.utilisation)}, warm ${pct(c.warm)}; cache warm ${pids(c.cacheWarm)}, warming ${pids(c.cacheWarming)}\n`)
    .join('');
}

/** The heap, the pager and the file system at the end, one line each. */
function subsystemLines(r: RunReport): string {
  const h = r.heap;
  const v = r.vm;
  const f = r.fs;
  return (
    `Heap: ${h.inUse} of ${h.heapSize} B in use (${h.payload} asked for), ${h.freeBytes} B free in ${h.freeBlocks} block${h.freeBlocks === 1 ? '' : 's'}, largest ${h.largestFree} B; ` +
    `fragmentation internal ${pct(h.internalFragmentation)}, external ${pct(h.externalFragmentation)}; ${h.totalSearched} free-list elements searched; ${h.failed} failed\n` +
    `Paging: ${v.minorFaults} minor and ${v.majorFaults} major faults, ${v.evictions} evictions; ${v.freeFrames} of ${v.frames} frames free; ` +
    `TLB ${v.tlbHits} hits, ${v.tlbMisses} misses${v.tlbHitRate === null ? '' : ` (hit rate ${v.tlbHitRate})`}\n` +
    `Files: ${f.dataBlocksUsed} of ${f.dataBlocks} data blocks and ${f.inodesUsed} of ${f.inodes} inodes in use; ${f.blockWrites} block writes, ${f.commits} journal commits\n`
  );
}

function asJsonObject(text: string): { ok: true } | { ok: false; error: string } {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? { ok: true } : { ok: false, error: 'its JSON is not an object' };
  } catch (err) {
    return { ok: false, error: `not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
}

/** A run stops at `until`, or when no process but init and the login shell is left (capped). */
const DEFAULT_LIMIT = 1_000_000;

export interface RunOptions {
  json: boolean;
  until?: number;
  /** The terminal's size (80x24 when absent). */
  winsize?: { cols: number; rows: number };
}

export async function runScenario(path: string, opts: RunOptions): Promise<number> {
  const file = readText(path);
  if (!file.ok) {
    process.stderr.write(`glassbox: ${file.error}\n`);
    return 2;
  }
  // Decided by content: a scenario is a JSON object; anything else (even `{ echo a; } | wc`)
  // is a shell script. Only a file named .json is held to being JSON.
  const json = asJsonObject(file.text);
  if (!json.ok) {
    if (!path.endsWith('.json')) return runScript(path, file.text, opts);
    process.stderr.write(`glassbox: ${path} is not a scenario: ${json.error}\n`);
    return 2;
  }
  // The scenario schema (and zod behind it) is loaded only for a scenario: a script starts without it.
  const { describeErrors, parseScenario, scenarioConfig, scenarioInputs } = await import('../shared/scenario.ts');
  const parsed = parseScenario(file.text);
  if (!parsed.ok) {
    process.stderr.write(`glassbox: ${path} is not a valid scenario:\n${describeErrors(parsed.errors)}\n`);
    return 2;
  }
  const sc = parsed.scenario;
  const m = createMachine(scenarioConfig(sc));
  const inputs = scenarioInputs(sc);
  // The terminal has its size before anything runs, as a window opened at that size.
  if (opts.winsize) inputs.unshift({ tick: 0, kind: 'winsize', ...opts.winsize });
  const refused: Refusals = new Map();
  const onRefused = (input: TimedInput, errno: number) => noteRefusal(refused, input, errno, m.state.config.limits.maxProcs);
  const lastInput = inputs.length ? inputs[inputs.length - 1].tick : 0;
  const until = opts.until ?? sc.until;
  const notices: string[] = [];
  let end: number | undefined;
  if (until !== undefined) {
    runTo(m, until, inputs, 0, onRefused);
  } else {
    // Run until the workload has finished: nothing left but the system's own processes.
    // The run is reported as ending when the last process did, unless it hit the cap.
    let cursor = runTo(m, lastInput, inputs, 0, onRefused);
    while (m.state.tick < DEFAULT_LIMIT && !quiescent(m.state)) cursor = runTo(m, m.state.tick + 1000, inputs, cursor, onRefused);
    if (quiescent(m.state)) {
      end = logItems(m.state.exited).reduce((latest, e) => Math.max(latest, e.finish), lastInput);
    } else {
      notices.push(`stopped at the cap of ${DEFAULT_LIMIT.toLocaleString('en')} ticks with processes still running (--until sets another end)`);
    }
  }
  notices.push(...refusalNotices(refused));
  for (const n of notices) process.stderr.write(`glassbox: ${escapeForTerminal(n)}\n`);
  const r = report(sc.name, m.state, screen(m), end, notices);
  process.stdout.write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : formatReport(r, Boolean(process.stdout.isTTY)));
  return 0;
}

/** True when only init and an idle login shell remain (both blocked). */
function quiescent(s: KernelState): boolean {
  for (const key in s.procs) {
    const p = s.procs[key];
    if (p.pid === 1) continue;
    if (p.ppid === 1 && p.state === 'blocked' && s.config.login && p.name === s.config.login.program) continue;
    return false;
  }
  return true;
}

const num = (v: number | null, w: number) => (v === null ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(2)).padStart(w);

/**
 * The report as text. Names and commands come from the scenario and are shown with their
 * control characters escaped; the terminal's text is escaped too when it goes to a terminal.
 */
export function formatReport(r: RunReport, toTerminal = false): string {
  let out = `Scenario: ${escapeForTerminal(r.scenario)}\nTicks: ${r.ticks}   CPU utilisation: ${(r.cpuUtilisation * 100).toFixed(1)}%   Context switches: ${r.contextSwitches}${r.fairness === null ? '' : `   Jain's fairness: ${r.fairness.toFixed(3)}`}\n\n`;
  out += '  PID ARRIVE  FIRST FINISH    CPU  RESP  TURN  WAIT  STATUS            COMMAND\n';
  for (const p of r.processes) {
    out += `${num(p.pid, 5)} ${num(p.arrival, 6)} ${num(p.firstRun, 6)} ${num(p.finish, 6)} ${num(p.cpu, 6)} ${num(p.response, 5)} ${num(p.turnaround, 5)} ${num(p.wait, 5)}  ${p.status.padEnd(17)} ${escapeForTerminal(p.command)}\n`;
  }
  out += `\nAverages (the workload; init and the login shell left out): response ${num(r.averages.response, 0)}, turnaround ${num(r.averages.turnaround, 0)}, wait ${num(r.averages.wait, 0)}\n`;
  out += subsystemLines(r);
  out += cpuLines(r);
  if (r.terminal.trim()) {
    const terminal = toTerminal ? escapeForTerminal(r.terminal) : r.terminal;
    out += `\nTerminal:\n${terminal}${terminal.endsWith('\n') ? '' : '\n'}`;
  }
  for (const n of r.notices) out += `\nNote: ${escapeForTerminal(n)}\n`;
  return out;
}

/**
 * A shell script instead of a scenario: it runs as `sh -c` on a fresh machine's terminal
 * and what the terminal showed is printed as it is; the exit status is the script's.
 */
/** The status of a command whose output pipe was closed by its reader, as if SIGPIPE had ended it. */
const PIPE_CLOSED = 128 + 13;

function runScript(path: string, text: string, opts: RunOptions): number {
  // HOME as the interactive shell has it, so `cd` alone works in a script too.
  const toTerminal = Boolean(process.stdout.isTTY);
  // As text, the output goes out as it is made: the terminal keeps only its last few hundred
  // kilobytes, and a reader that has gone (`| head`) ends the run.
  const onOutput = opts.json
    ? undefined
    : (chunk: string) => {
        process.stdout.write(toTerminal ? escapeForTerminal(chunk) : chunk);
        return !process.stdout.destroyed;
      };
  const r = runShellScript(text, { maxTicks: opts.until ?? 1_000_000, env: { HOME: '/' }, winsize: opts.winsize, onOutput });
  if (process.stdout.destroyed) return PIPE_CLOSED;
  if (opts.json) {
    const notices = r.machine.state.tty.out.first > 0 ? ['the terminal field holds the end of the output; the terminal had dropped what came before it'] : [];
    const summary = report(path, r.machine.state, r.output, undefined, notices);
    process.stdout.write(`${JSON.stringify({ ...summary, status: r.status, signal: r.signal }, null, 2)}\n`);
  } else if (r.outputLost) {
    process.stderr.write(`glassbox: ${path}: some output was lost: the terminal dropped it before it could be printed\n`);
  }
  if (r.status === null) {
    process.stderr.write(`glassbox: ${path}: ${r.signal !== null ? `the shell was killed by signal ${r.signal}` : `still running at tick ${r.ticks}`}\n`);
    // As a shell reports a child a signal killed: 128 + the signal's number.
    return r.signal !== null ? 128 + r.signal : 1;
  }
  return r.status;
}
