import { logItem } from '../base/ringlog.ts';
import type { Program } from '../abi/program.ts';
import { fsClose, fsMkdir, fsOpen, fsSync, fsWrite } from '../fs/index.ts';
import { advance, applyInput } from '../kernel/kernel.ts';
import type { KernelConfig } from '../kernel/state.ts';
import { type OutputCursor, outputSince } from '../tty/tty.ts';
import { createMachine, type Machine, screen } from './machine.ts';

/**
 * Runs a shell script headless: boots a machine with no login shell, puts the given files
 * on its disk, starts `sh -c script` on the terminal (stdin, stdout and stderr all the
 * terminal, as init's are), and runs until that shell has exited. What the terminal showed
 * and the shell's exit status come back, with the machine for a closer look.
 */

export interface RunScriptOptions {
  /** Kernel settings (the login shell is always off). */
  config?: Partial<KernelConfig>;
  programs?: Record<string, Program>;
  /** Files to create first, by absolute path; a path ending in `/` is a directory. Parents are made as needed. */
  files?: Record<string, string>;
  /** The shell's working directory (made if missing); `/` by default. */
  cwd?: string;
  env?: Record<string, string>;
  /** `$1`, `$2`, ... for the script. */
  args?: string[];
  /** Give up after this many ticks (the status is then null). */
  maxTicks?: number;
  /** The terminal's size (80x24 when absent). */
  winsize?: { cols: number; rows: number };
  /**
   * Receives everything the terminal shows, as it is shown (with `\r\n` as `\n`). The
   * terminal keeps only its last few hundred kilobytes for redrawing, so a caller that
   * wants all of a long run's output takes it here. Returning false stops the run (the
   * reader has gone away).
   */
  onOutput?: (text: string) => boolean;
}

export interface RunScriptResult {
  /** What the terminal still holds (its last few hundred kilobytes), with `\r\n` as `\n`. */
  output: string;
  /** True when output went past onOutput unread: the terminal dropped it before it was taken. */
  outputLost: boolean;
  /** The shell's exit status, or null if it was still running at maxTicks or was killed. */
  status: number | null;
  /** The signal that killed the shell, if one did. */
  signal: number | null;
  ticks: number;
  pid: number;
  machine: Machine;
}

export function runShellScript(script: string, opts: RunScriptOptions = {}): RunScriptResult {
  const m = createMachine({ ...opts.config, login: null }, opts.programs);
  const cwd = opts.cwd ?? '/';
  makeFiles(m, { ...opts.files, [cwd.endsWith('/') ? cwd : `${cwd}/`]: '' });
  if (opts.winsize) applyInput(m.state, m.rt, { kind: 'winsize', ...opts.winsize });
  const pid = applyInput(m.state, m.rt, {
    kind: 'spawn',
    request: { program: 'sh', argv: ['sh', '-c', script, 'sh', ...(opts.args ?? [])], env: opts.env ?? {}, cwd },
  });
  const limit = opts.maxTicks ?? 100_000;
  const reader = opts.onOutput ? outputReader(m, opts.onOutput) : null;
  if (pid > 0) advance(m.state, m.rt, limit - m.state.tick, () => (reader !== null && !reader.take()) || !isAlive(m, pid));
  reader?.take(true);
  const record = findExit(m, pid);
  return {
    output: screen(m),
    outputLost: reader?.lost ?? false,
    status: record ? record.exitCode : null,
    signal: record ? record.signal : null,
    ticks: m.state.tick,
    pid,
    machine: m,
  };
}

/**
 * Takes the terminal's new output after every step of the run, before its log can drop it.
 * A `\r` at the end of what was taken is held back, as its `\n` may be the next step's.
 */
function outputReader(m: Machine, onOutput: (text: string) => boolean) {
  let cursor: OutputCursor | null = null;
  let held = '';
  const reader = {
    lost: false,
    /** Passes on what is new; false when the reader wants no more. */
    take(last = false): boolean {
      const out = m.state.tty.out;
      if (cursor !== null && cursor.seq === out.next - 1 && (logItem(out, cursor.seq)?.length ?? 0) === cursor.len) {
        return last && held ? onOutput(held) : true;
      }
      const next = outputSince(out, cursor);
      if (next.reset && cursor !== null) reader.lost = true;
      cursor = next.cursor;
      let text = held + next.text;
      held = '';
      if (!last && text.endsWith('\r')) {
        held = '\r';
        text = text.slice(0, -1);
      }
      return text === '' || onOutput(text.replace(/\r\n/g, '\n'));
    },
  };
  return reader;
}

function isAlive(m: Machine, pid: number): boolean {
  const p = m.state.procs[pid];
  return p !== undefined && p.state !== 'zombie';
}

function findExit(m: Machine, pid: number): { exitCode: number | null; signal: number | null } | null {
  const log = m.state.exited;
  for (let i = log.next - 1; i >= log.first; i--) {
    const e = logItem(log, i);
    if (e?.pid === pid) return e;
  }
  return null;
}

/** Puts files on the disk directly, before anything runs: the setting of the scene, not part of the run. */
function makeFiles(m: Machine, files: Record<string, string>): void {
  const fs = m.state.fs;
  for (const [path, content] of Object.entries(files).sort(([a], [b]) => a.length - b.length)) {
    const parts = path.split('/').filter(Boolean);
    const dirs = path.endsWith('/') ? parts : parts.slice(0, -1);
    for (let i = 1; i <= dirs.length; i++) fsMkdir(fs, '/', `/${dirs.slice(0, i).join('/')}`);
    if (path.endsWith('/')) continue;
    const inum = fsOpen(fs, '/', path, { write: true, create: true, truncate: true });
    if (inum < 0) continue;
    fsWrite(fs, inum, 0, content);
    fsClose(fs, inum);
  }
  fsSync(fs);
}
