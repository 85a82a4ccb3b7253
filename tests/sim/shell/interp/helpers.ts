import { createMachine, type Machine, runTo, screen, type } from '../../../../src/sim/machine/machine.ts';
import { type RunScriptOptions, runShellScript } from '../../../../src/sim/machine/run-script.ts';

/** The home directory every headless test runs in, and what is in it. */
export const HOME = '/home/ada';

export const FILES: Record<string, string> = {
  [`${HOME}/a.txt`]: 'apple\nbanana\ncherry\n',
  [`${HOME}/b.txt`]: 'one\ntwo\nthree\ntwo\n',
  [`${HOME}/notes.md`]: '# notes\nhello world\n',
  [`${HOME}/.hidden`]: 'secret\n',
  [`${HOME}/my file.txt`]: 'spaced out\n',
  [`${HOME}/src/main.c`]: 'int main(void) { return 0; }\n',
  [`${HOME}/src/util.c`]: 'int twice(int x) { return 2 * x; }\n',
  [`${HOME}/src/util.h`]: 'int twice(int x);\n',
  [`${HOME}/empty/`]: '',
};

/** Runs a script with `sh -c` in HOME, with FILES on the disk. */
export function sh(script: string, opts: RunScriptOptions = {}) {
  return runShellScript(script, { files: FILES, cwd: HOME, env: { HOME }, ...opts });
}

/** Keys, with names for the ones that are hard to read in a string. */
export const KEY = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  home: '\x1b[H',
  end: '\x1b[F',
  del: '\x1b[3~',
  backspace: '\x7f',
  tab: '\t',
  ctrlA: '\x01',
  ctrlC: '\x03',
  ctrlD: '\x04',
  ctrlE: '\x05',
  ctrlK: '\x0b',
  ctrlL: '\x0c',
  ctrlU: '\x15',
  ctrlW: '\x17',
  ctrlZ: '\x1a',
} as const;

/**
 * A booted machine with the login shell at its prompt, driven the way a user drives it:
 * type, let time pass, look at the screen.
 */
export class Terminal {
  readonly m: Machine;

  constructor(config: Parameters<typeof createMachine>[0] = {}) {
    this.m = createMachine(config);
    this.wait(2);
  }

  /** Types keys, then lets `ticks` ticks pass. */
  type(keys: string, ticks = 20): this {
    type(this.m, keys);
    return this.wait(ticks);
  }

  wait(ticks: number): this {
    runTo(this.m, this.m.state.tick + ticks);
    return this;
  }

  /** The raw transcript, escape sequences and all. */
  get transcript(): string {
    return screen(this.m);
  }

  /** The screen as a terminal would show it: cursor movements and erasures carried out. */
  get text(): string {
    return render(screen(this.m));
  }

  /** The processes alive now, as `name:state`. */
  procs(): string[] {
    return Object.values(this.m.state.procs).map((p) => `${p.name}:${p.state}`);
  }
}

/**
 * A small terminal emulator for tests: the characters, \n, \r, \b, and the cursor and
 * erase sequences the line editor sends (CSI n C/D, CSI K, CSI H with CSI 2J).
 */
export function render(transcript: string): string {
  let lines: string[][] = [[]];
  let row = 0;
  let col = 0;
  // One column per character (code point), as the line editor counts them.
  const chars = [...transcript];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '\x1b') {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what this reads.
      const m = /^\x1b\[([0-9;]*)([A-Za-z])/.exec(chars.slice(i, i + 16).join(''));
      if (!m) continue;
      i += m[0].length - 1;
      const n = m[1] === '' ? 1 : Number(m[1]);
      if (m[2] === 'D') col = Math.max(0, col - n);
      else if (m[2] === 'C') col += n;
      else if (m[2] === 'K') lines[row].length = Math.min(lines[row].length, col);
      else if (m[2] === 'J') {
        lines = [[]];
        row = 0;
        col = 0;
      }
      continue;
    }
    if (ch === '\n') {
      row++;
      col = 0;
      lines[row] ??= [];
    } else if (ch === '\r') {
      col = 0;
    } else if (ch === '\b') {
      col = Math.max(0, col - 1);
    } else {
      const line = lines[row];
      while (line.length < col) line.push(' ');
      line[col++] = ch;
    }
  }
  return lines.map((l) => l.join('').trimEnd()).join('\n');
}
