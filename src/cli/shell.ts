import { describeErrors, parseScenario, scenarioConfig, scenarioInputs } from '../shared/scenario.ts';
import { createMachine, type Machine, runTo, type } from '../sim/machine/machine.ts';
import { applyInput } from '../sim/kernel/kernel.ts';
import { type OutputCursor, outputSince, validWinsize } from '../sim/tty/tty.ts';
import { readText } from './io.ts';
import { escapeForTerminal } from './terminal-text.ts';

/** ^] leaves, as in telnet: ^C, ^Z and ^D belong to the simulated terminal. */
const QUIT = '\x1d';

/**
 * The simulated terminal in the real one. The host terminal goes into raw mode so every
 * key, ^C included, reaches the simulated TTY, whose line discipline does the echoing.
 * The kernel runs in real time at `speed` ticks per second. With input from a pipe
 * instead of a terminal, it runs until the input is used up and the machine is idle.
 */
export function shell(opts: { scenario?: string; speed: number }): Promise<number> {
  let m: Machine;
  let inputs: ReturnType<typeof scenarioInputs> = [];
  if (opts.scenario) {
    const file = readText(opts.scenario);
    if (!file.ok) {
      process.stderr.write(`glassbox: ${file.error}\n`);
      return Promise.resolve(2);
    }
    const parsed = parseScenario(file.text);
    if (!parsed.ok) {
      process.stderr.write(`glassbox: ${opts.scenario} is not a valid scenario:\n${describeErrors(parsed.errors)}\n`);
      return Promise.resolve(2);
    }
    m = createMachine(scenarioConfig(parsed.scenario));
    inputs = scenarioInputs(parsed.scenario);
  } else {
    m = createMachine();
  }
  const interactive = Boolean(process.stdin.isTTY);
  let cursor: OutputCursor | null = null;
  let inputCursor = 0;
  let carry = 0;
  let last = performance.now();
  let stdinDone = false;
  let idleSince: number | null = null;

  // The simulated terminal has the size of the real one, and follows it when it is resized.
  const fitWindow = () => {
    const { columns, rows } = process.stdout;
    if (process.stdout.isTTY && validWinsize(columns, rows)) applyInput(m.state, m.rt, { kind: 'winsize', cols: columns, rows });
  };
  fitWindow();
  process.stdout.on('resize', fitWindow);

  const flush = () => {
    const r = outputSince(m.state.tty.out, cursor);
    cursor = r.cursor;
    if (r.text) process.stdout.write(process.stdout.isTTY ? escapeForTerminal(r.text, 'interactive') : r.text);
  };

  if (interactive) {
    process.stdin.setRawMode(true);
    process.stderr.write('glassbox shell: the simulated terminal. Press Ctrl-] to leave.\r\n');
  }
  process.stdin.setEncoding('utf8');

  return new Promise((resolve) => {
    const finish = (code: number) => {
      clearInterval(timer);
      process.stdout.off('resize', fitWindow);
      flush();
      if (interactive) process.stdin.setRawMode(false);
      process.stdin.pause();
      if (interactive) process.stdout.write('\r\n');
      resolve(code);
    };
    process.stdin.on('data', (data: string) => {
      if (interactive && data.includes(QUIT)) return finish(0);
      type(m, data);
      flush();
    });
    process.stdin.on('end', () => {
      stdinDone = true;
    });
    const timer = setInterval(() => {
      const now = performance.now();
      carry += ((now - last) * opts.speed) / 1000;
      last = now;
      const n = Math.floor(carry);
      carry -= n;
      if (n > 0) inputCursor = runTo(m, m.state.tick + n, inputs, inputCursor);
      flush();
      if (!interactive && stdinDone) {
        // Piped input: leave once everything typed has been read and nothing is running.
        const busy = m.state.tty.input.length > 0 || Object.values(m.state.procs).some((p) => p.state === 'ready' || p.state === 'running' || (p.state === 'blocked' && p.wchan !== 'tty' && p.pid !== 1));
        if (busy) idleSince = null;
        else if (idleSince === null) idleSince = now;
        else if (now - idleSince > 100) finish(0);
      }
    }, 10);
  });
}
