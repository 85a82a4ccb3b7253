import { describe, expect, it } from 'vitest';
import type { Program } from '../../../src/sim/abi/program.ts';
import { SIGKILL } from '../../../src/sim/abi/signals.ts';
import * as sys from '../../../src/sim/libc/sys.ts';
import { runShellScript } from '../../../src/sim/machine/run-script.ts';
import { out, run } from './harness.ts';

/** Ticks between the two `uptime -p` lines a command printed around something. */
const elapsed = (text: string) => {
  const [a, b] = text.match(/up (\d+) tick/g)!.map((s) => Number(s.match(/\d+/)![0]));
  return b - a;
};

describe('ps', () => {
  it('lists every process with Linux\'s STAT codes', () => {
    const text = out(['sh', '-c', 'sleep 50 & ps']);
    const lines = text.split('\n');
    expect(lines[0]).toBe('  PID  PPID  PGID STAT  TIME CMD');
    expect(text).toMatch(/\n +1 +0 +1 S +\d+ init\n/);
    expect(text).toMatch(/\n +\d+ +\d+ +\d+ S +0 sleep 50\n/);
    expect(text).toMatch(/\n +\d+ +\d+ +\d+ R +0 ps\n/);
  });

  it('-l adds the state in words, the niceness and the arrival tick', () => {
    const text = out(['nice', '-n', '5', 'ps', '-l']);
    expect(text.split('\n')[0]).toBe('S STATE     PID  PPID  PGID  NI ARRIVE  TIME   VSZ   RSS CMD');
    expect(text).toMatch(/\nS blocked +\d+ +\d+ +\d+ +0 +\d+ +\d+ +\d+K +\d+K nice -n 5 ps -l\n/);
    expect(text).toMatch(/\nR running +\d+ +\d+ +\d+ +5 +\d+ +\d+ +\d+K +\d+K ps -l\n/);
  });

  it('-l gives VSZ and RSS exactly: in KiB for whole-KiB pages, in bytes for smaller ones, never a fraction', () => {
    for (const pageSize of [256, 512, 1024, 4096]) {
      const vm = { pageSize, physMemSize: 16384 };
      const unit = pageSize % 1024 === 0 ? (b: number) => `${b / 1024}K` : (b: number) => `${b}B`;
      const row = out(['ps', '-l'], { config: { vm } })
        .split('\n')
        .find((l) => l.endsWith(' ps -l'));
      expect(row, `ps -l with ${pageSize}-byte pages`).toMatch(pageSize % 1024 === 0 ? / \d+K +\d+K ps -l$/ : / \d+B +\d+B ps -l$/);
      const free = out(['free'], { config: { vm } });
      expect(free, `free with ${pageSize}-byte pages`).toContain(`Mem:`);
      expect(free).not.toMatch(/\d\.\d/);
      expect(free).toMatch(new RegExp(`Mem: +${unit(16384)} `));
    }
  });

  it('shows a child that has exited but not been waited for as a zombie', () => {
    const parent: Program = function* () {
      yield* sys.spawn({ program: 'true', argv: ['true'] });
      yield* sys.sleep(3);
      const ps = yield* sys.spawn({ program: 'ps', argv: ['ps'] });
      yield* sys.wait(ps);
      return 0;
    };
    expect(out(['parent'], { programs: { parent } })).toMatch(/ Z +0 \[true\] <defunct>\n/);
  });

  it('refuses options it does not know', () => {
    expect(run(['ps', '-Q']).err).toBe("ps: invalid option -- 'Q'\nTry 'ps --help' for more information.\n");
  });
});

describe('kill', () => {
  it('sends TERM by default, or the signal named, to a pid', () => {
    expect(out(['sh', '-c', 'sleep 100 & env kill $!; wait $!; echo $?'])).toBe('143\n');
    expect(out(['sh', '-c', 'sleep 100 & env kill -s KILL $!; wait $!; echo $?'])).toBe('137\n');
    expect(out(['sh', '-c', 'sleep 100 & env kill -INT $!; wait $!; echo $?'])).toBe('130\n');
  });

  it('signals a whole process group given as a negative pid', () => {
    const signals: Array<number | null> = [];
    const group: Program = function* () {
      const a = yield* sys.spawn({ program: 'sleep', argv: ['sleep', '100'], pgid: 0 });
      const b = yield* sys.spawn({ program: 'sleep', argv: ['sleep', '100'], pgid: a });
      const k = yield* sys.spawn({ program: 'kill', argv: ['kill', '-9', `-${a}`] });
      yield* sys.wait(k);
      for (const pid of [a, b]) {
        const r = yield* sys.wait(pid);
        signals.push(sys.isWaitResult(r) ? r.signal : null);
      }
      return 0;
    };
    run(['group'], { programs: { group } });
    expect(signals).toEqual([SIGKILL, SIGKILL]);
  });

  it('lists and translates signals as bash does', () => {
    expect(out(['kill', '-l']).split('\n')[0]).toBe(' 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 6) SIGABRT');
    expect(out(['kill', '-l', '9', 'TERM', '130'])).toBe('KILL\n15\nINT\n');
    expect(run(['kill', '-l', 'FOO'])).toEqual({ out: '', err: 'kill: FOO: invalid signal specification\n', status: 1 });
  });

  it('reports bad signals, bad pids and missing processes', () => {
    const usage = 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n';
    expect(run(['kill'])).toEqual({ out: '', err: usage, status: 2 });
    expect(run(['kill', '-9'])).toEqual({ out: '', err: usage, status: 2 });
    expect(run(['kill', '-FOO', '1'])).toEqual({ out: '', err: 'kill: FOO: invalid signal specification\n', status: 1 });
    expect(run(['kill', 'abc'])).toEqual({ out: '', err: 'kill: abc: arguments must be process or job IDs\n', status: 1 });
    expect(run(['kill', '999'])).toEqual({ out: '', err: 'kill: (999) - No such process\n', status: 1 });
    expect(run(['kill', '-0', '1'])).toEqual({ out: '', err: '', status: 0 });
  });
});

describe('nice, env, sleep, true and false', () => {
  it('nice prints the niceness, or runs a command with it raised and returns its status', () => {
    expect(out(['nice'])).toBe('0\n');
    expect(out(['nice', '-n', '3', 'nice'])).toBe('3\n');
    expect(out(['nice', '-7', 'nice'])).toBe('7\n');
    expect(out(['nice', 'nice'])).toBe('10\n');
    expect(run(['nice', 'false']).status).toBe(1);
    expect(run(['nice', 'nosuchcmd'])).toEqual({ out: '', err: "nice: 'nosuchcmd': No such file or directory\n", status: 127 });
    expect(run(['nice', '-n', 'x', 'true'])).toEqual({ out: '', err: "nice: invalid adjustment 'x'\n", status: 125 });
  });

  it('env prints or changes the environment a command gets', () => {
    expect(out(['env', '-i', 'A=1', 'B=2'])).toBe('A=1\nB=2\n');
    expect(out(['env', '-i', 'A=1', 'env'])).toBe('A=1\n');
    expect(out(['env', '-i', 'A=1', 'B=2', 'env', '-u', 'A'])).toBe('B=2\n');
    expect(run(['env', 'nosuchcmd'])).toEqual({ out: '', err: "env: 'nosuchcmd': No such file or directory\n", status: 127 });
  });

  it('sleep blocks for the ticks asked, summed', () => {
    expect(elapsed(out(['sh', '-c', 'uptime -p; sleep 10 5; uptime -p']))).toBeGreaterThanOrEqual(15);
    expect(run(['sleep', 'x'])).toEqual({ out: '', err: "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n", status: 1 });
    expect(run(['sleep']).err).toBe("sleep: missing operand\nTry 'sleep --help' for more information.\n");
  });

  it('true and false exit 0 and 1', () => {
    expect(run(['true'])).toEqual({ out: '', err: '', status: 0 });
    expect(run(['false'])).toEqual({ out: '', err: '', status: 1 });
  });
});

describe('uptime, free and clear', () => {
  it('uptime tells the tick and counts the processes', () => {
    expect(out(['uptime'])).toMatch(/^ up \d+ ticks, {2}\d+ processes, {2}\d+ runnable, \d+ blocked\n$/);
    expect(out(['uptime', '-s'])).toBe('tick 0\n');
  });

  it('free reports the kernel heap from heapinfo', () => {
    const text = out(['free']);
    expect(text.split('\n')[0].trim().split(/\s+/)).toEqual(['total', 'used', 'free', 'largest', 'allocated', 'free-blocks']);
    expect(text.split('\n')[1]).toMatch(/^Heap: +4096 +0 +4096 +4096 +0 +1$/);
    expect(out(['free', '-v'])).toMatch(/\nallocator: +list, first fit, addr order, immediate coalescing\n/);
  });

  it('free on a narrow terminal goes on in a second block with its own headings, each figure under its name', () => {
    const text = runShellScript('free', { winsize: { cols: 49, rows: 24 } }).output;
    const lines = text.trimEnd().split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(49);
    expect(lines.map((l) => l.trim().split(/\s+/)[0])).toEqual(['total', 'Heap:', 'Mem:', 'Swap:', 'PgTbl:', 'Code:', 'allocated', 'Heap:']);
    const rightEdges = (l: string) => [...l.matchAll(/\S+/g)].map((m) => m.index + m[0].length);
    expect(rightEdges(lines[7]).slice(1)).toEqual(rightEdges(lines[6]));
  });

  it('free fits a terminal of 70 columns, each figure under the right edge of its heading', () => {
    const lines = out(['free']).trimEnd().split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(70);
    const rightEdges = (l: string) => [...l.matchAll(/\S+/g)].map((m) => m.index + m[0].length);
    const heads = rightEdges(lines[0]);
    expect(rightEdges(lines[1]).slice(1)).toEqual(heads);
    for (const l of lines.slice(2)) expect(rightEdges(l).slice(1)).toEqual(heads.slice(0, 3));
  });

  it('clear writes the escape sequences that clear a terminal', () => {
    expect(out(['clear'])).toBe('\x1b[H\x1b[2J\x1b[3J');
    expect(out(['clear', '-x'])).toBe('\x1b[H\x1b[2J');
  });
});

describe('teaching programs', () => {
  it('io alternates CPU bursts with I/O waits', () => {
    expect(elapsed(out(['sh', '-c', 'uptime -p; io -c 2 -t 4 3; uptime -p']))).toBeGreaterThanOrEqual(18);
    expect(run(['io', 'x'])).toEqual({ out: '', err: "io: invalid number of rounds: 'x'\n", status: 2 });
  });

  it('forkbomb fills the process table, meets EAGAIN, and cleans up after itself', () => {
    const config = { limits: { maxProcs: 16, maxFds: 32, syscallsPerTick: 64 } };
    const r = run(['sh', '-c', 'forkbomb; ps | wc -l'], { config });
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^forkbomb: spawning copies until the kernel refuses\.\.\.\n/);
    expect(r.out).toMatch(/\nforkbomb: spawn failed with EAGAIN \(Resource temporarily unavailable\) after \d+ copies; 16 processes in the table\n/);
    expect(r.out).toMatch(/\nforkbomb: the system has recovered: 4 processes in the table\n/);
    // The header, then init, the harness, sh, and the pipeline's ps and wc.
    expect(r.out.endsWith('\n6\n')).toBe(true);
  });
});

describe('cpus', () => {
  it('shows each CPU, the part of its time run warm, and the processes warm and warming in its cache', () => {
    const parent: Program = function* () {
      const a = yield* sys.spawn({ program: 'cpu', argv: ['cpu', '200'], sched: { workingSet: 60, affinity: [0] } });
      yield* sys.sleep(30);
      const b = yield* sys.spawn({ program: 'cpu', argv: ['cpu', '200'], sched: { workingSet: 60, affinity: [0] } });
      yield* sys.sleep(4);
      const c = yield* sys.spawn({ program: 'cpus', argv: ['cpus'] });
      yield* sys.wait(c);
      for (const pid of [a, b]) yield* sys.kill(pid, SIGKILL);
      return 0;
    };
    const text = out(['parent'], {
      programs: { parent },
      config: { cpus: 2, cache: { size: 100, warmupTime: 10, warmRate: 2 }, sched: { policy: 'rr', quantum: 5, options: { runQueues: 'per-cpu', migrate: false } } },
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('caches: 100 units per CPU; a working set is warm after 10 ticks on a CPU, and then runs 2x');
    expect(lines[1]).toBe('CPU   PID  BUSY %BUSY  WARM %WARM CACHE');
    // The first job warmed CPU 0 and has run warm since; the second shares CPU 0 and is warming.
    expect(lines[2]).toMatch(/^ {2}0 +\d+ +\d+ +[\d.]+ +\d+ +[\d.]+ 60\/100 warm \d+\(60\); warming \d+\(60, \d+ left\)$/);
  });

  it('workset gives the command it runs a working set, which cpus shows in the cache', () => {
    const cache = { cpus: 1, cache: { size: 100, warmupTime: 10, warmRate: 2 }, sched: { policy: 'rr', quantum: 5 } };
    const text = out(['sh', '-c', 'workset 60 cpu 200 & sleep 20; cpus'], { config: cache });
    expect(text.split('\n')[2]).toMatch(/^ {2}0 +\d+ +\d+ +[\d.]+ +\d+ +[\d.]+ 60\/100 warm \d+\(60\); warming -$/);
    // Without workset the same job has no working set: it never runs warm, and nothing fills the cache.
    expect(out(['sh', '-c', 'cpu 200 & sleep 20; cpus'], { config: cache }).split('\n')[2]).toMatch(/ +0 +0\.0 0\/100 warm -; warming -$/);
  });

  it('workset returns the status of its command and names what is wrong with its arguments', () => {
    expect(run(['workset', '5', 'false']).status).toBe(1);
    expect(run(['workset', '5', 'true'])).toEqual({ out: '', err: '', status: 0 });
    expect(run(['workset', '5', 'nosuchcmd'])).toEqual({ out: '', err: "workset: 'nosuchcmd': No such file or directory\n", status: 127 });
    expect(run(['workset', 'x', 'true'])).toMatchObject({ err: "workset: invalid working set size 'x' (expected a whole number of cache units, 0 to 1000000)\n", status: 125 });
    expect(run(['workset', '1000001', 'true']).status).toBe(125);
    expect(run(['workset', '5'])).toMatchObject({ status: 125 });
    expect(run(['workset', '5']).err).toContain("missing command after '5'");
    expect(run(['workset']).err).toContain('missing working set size');
  });

  it('says when the machine has no caches', () => {
    expect(out(['cpus']).split('\n')[0]).toBe('caches: none (the machine has no kernel.cache); every process runs at one tick of work per tick');
  });
});
