import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ENOTTY } from '../../../src/sim/abi/errno.ts';
import { SIGWINCH } from '../../../src/sim/abi/signals.ts';
import { logItems } from '../../../src/sim/base/ringlog.ts';
import { applyInput } from '../../../src/sim/kernel/kernel.ts';
import { createMachine, type Machine, runTo, screen, type } from '../../../src/sim/machine/machine.ts';
import { wrapLine } from '../../../src/sim/programs/layout.ts';
import * as sys from '../../../src/sim/libc/sys.ts';

/** Types a line at the shell and returns what the command printed (up to the next prompt). */
function run(m: Machine, line: string, ticks = 400): string {
  const before = screen(m).length;
  type(m, `${line}\n`);
  runTo(m, m.state.tick + ticks);
  const shown = screen(m).slice(before);
  const start = shown.indexOf('\n') + 1;
  return shown.slice(start, shown.lastIndexOf('$ '));
}

function resize(m: Machine, cols: number, rows: number): number {
  return applyInput(m.state, m.rt, { kind: 'winsize', cols, rows });
}

function booted(cols?: number, rows = 24): Machine {
  const m = createMachine();
  if (cols !== undefined) resize(m, cols, rows);
  runTo(m, 5);
  return m;
}

describe('the terminal has a size', () => {
  it('starts at 80x24, and stty, tput and the shell report what the window sets', () => {
    const m = booted();
    expect(run(m, 'stty size')).toBe('24 80\n');
    resize(m, 132, 40);
    expect(run(m, 'stty size')).toBe('40 132\n');
    expect(run(m, 'stty')).toBe('rows 40; columns 132;\n');
    expect(run(m, 'tput cols; tput lines')).toBe('132\n40\n');
    expect(run(m, 'echo $COLUMNS $LINES')).toBe('132 40\n');
    expect(run(m, 'echo $(tput cols)')).toBe('132\n');
  });

  it('winsize answers ENOTTY for a descriptor that is not the terminal', () => {
    const m = booted();
    expect(run(m, 'echo | stty size')).toBe("stty: 'standard input': Inappropriate ioctl for device\n");
    expect(run(m, 'stty rows 10')).toMatch(/resize the window instead/);
    // The syscall itself, on a pipe's end.
    let answer: unknown = null;
    const probe = function* () {
      const fds = yield* sys.pipe();
      answer = typeof fds === 'number' ? fds : yield* sys.winsize(fds[0]);
      return 0;
    };
    const m2 = createMachine({}, { ...m.rt.programs, probe });
    applyInput(m2.state, m2.rt, { kind: 'spawn', request: { program: 'probe', argv: ['probe'] } });
    runTo(m2, 20);
    expect(answer).toBe(-ENOTTY);
  });

  it('a resize sends SIGWINCH to the foreground group only when the size changes, and it is ignored by default', () => {
    const m = booted();
    run(m, 'sleep 300 &');
    type(m, 'sleep 200\n');
    runTo(m, m.state.tick + 10);
    const fg = m.state.tty.fgPgid!;
    const winches = () => logItems(m.state.ipc.signalLog).filter((e) => e.sig === SIGWINCH);
    expect(resize(m, 100, 30)).toBe(0);
    const sent = winches();
    expect(sent.length).toBeGreaterThan(0);
    expect(resize(m, 100, 30)).toBe(0);
    expect(winches()).toHaveLength(sent.length);
    for (const e of sent) {
      expect(m.state.procs[e.to].pgid).toBe(fg);
      expect(e.outcome).toBe('ignored');
    }
    expect(m.state.procs[sent[0].to].state).not.toBe('zombie');
    expect(resize(m, 0, 30)).toBeLessThan(0);
    expect(resize(m, 100.5, 30)).toBeLessThan(0);
    expect([m.state.tty.cols, m.state.tty.rows]).toEqual([100, 30]);
  });

  it('ls fills columns to the window', () => {
    const m = booted(40);
    run(m, 'mkdir /tmp/c; cd /tmp/c; touch alpha beta gamma delta epsilon zeta eta theta iota kappa');
    expect(run(m, 'ls')).toBe('alpha  delta    eta    iota   theta\nbeta   epsilon  gamma  kappa  zeta\n');
  });
});

describe('wrapLine', () => {
  it('breaks between words, continues at the indent, and never splits a word', () => {
    expect(wrapLine('  heap: 100 B in use, largest 48', 16, 4)).toEqual(['  heap: 100 B in', '    use, largest', '    48']);
    expect(wrapLine('short', 10, 2)).toEqual(['short']);
    expect(wrapLine('a verylongwordindeed b', 8, 4)).toEqual(['a', 'verylongwordindeed', '    b']);
    expect(wrapLine('       indented-word-here x', 19, 7)).toEqual(['indented-word-here', '       x']);
  });
});

/** The commands whose output must fit the terminal, and how their words are compared. */
const PROGRAMS: { cmd: string; skipFirst?: boolean; anyOrder?: boolean; distinct?: boolean }[] = [
  { cmd: 'man ls', skipFirst: true },
  { cmd: 'man memtrace', skipFirst: true },
  { cmd: 'ls /tmp/d', anyOrder: true },
  { cmd: 'ps' },
  { cmd: 'ps -l' },
  { cmd: 'memtrace +10,+2000,-0,+5,+30,-1' },
  // A narrow free goes on in a second block with its headings and row name again.
  { cmd: 'free -v', anyOrder: true, distinct: true },
  { cmd: 'heapinfo' },
  { cmd: 'pmap' },
  { cmd: 'vmstat' },
  { cmd: 'alloc leak 2' },
  { cmd: 'alloc fragment 512' },
];

/** The same session (a job with a long command line in the background) in a window `cols` wide. */
function outputs(cols: number): string[] {
  const m = booted(cols);
  run(m, 'mkdir /tmp/d; cd /tmp/d; touch a bb ccc notes.txt Makefile main.c x11 scheduler.c quite-a-long-name.md y zz README');
  run(m, 'sh -c "sleep 100000; echo a long command line for ps to show in its last column" &');
  return PROGRAMS.map((p) => run(m, p.cmd));
}

const words = (text: string, p: (typeof PROGRAMS)[number]) => {
  const lines = text.split('\n');
  const all = (p.skipFirst ? lines.slice(1) : lines).join(' ').split(/\s+/).filter(Boolean);
  const w = p.distinct ? [...new Set(all)] : all;
  return p.anyOrder ? w.sort() : w;
};

describe('programs lay out their output to the width', () => {
  const wide = outputs(1000);

  test.prop([fc.integer({ min: 20, max: 200 })], { numRuns: 12, examples: [[20], [200], [80]] })(
    'no line is wider than the terminal, and no word or number is split',
    (cols) => {
      const narrow = outputs(cols);
      PROGRAMS.forEach((p, i) => {
        expect(narrow[i].length, p.cmd).toBeGreaterThan(0);
        for (const line of narrow[i].split('\n')) {
          // Only a word longer than the whole width may stand out, alone on its line.
          if (line.length > cols) expect(line.trim(), `${p.cmd} at ${cols}`).not.toMatch(/\s/);
        }
        expect(words(narrow[i], p), `${p.cmd} at ${cols}`).toEqual(words(wide[i], p));
      });
    },
  );
});
