import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type RunReport, report } from '../../src/cli/run.ts';
import { parseScenario, type Scenario, scenarioConfig, scenarioInputs } from '../../src/shared/scenario.ts';
import { SIGSEGV } from '../../src/sim/abi/signals.ts';
import { logItems } from '../../src/sim/base/ringlog.ts';
import { fsLookup } from '../../src/sim/fs/index.ts';
import type { ExitRecord, KernelState } from '../../src/sim/kernel/state.ts';
import { createMachine, type Machine, runTo, screen } from '../../src/sim/machine/machine.ts';
import { heapMetrics } from '../../src/sim/memory/metrics.ts';
import { tableTree } from '../../src/sim/vm/selectors.ts';
import type { Slice } from '../../src/sim/sched/slice.ts';

/**
 * The scenario library: every file in resources/scenarios parses, runs headless to its
 * `until` (or until its workload is done) without a process crashing, and does what its
 * description promises a student.
 */
const dir = join(import.meta.dirname, '..', '..', 'resources', 'scenarios');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

function load(file: string): Scenario {
  const r = parseScenario(readFileSync(join(dir, file), 'utf8'));
  if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.errors)}`);
  return r.scenario;
}

/** True when nothing is left but init and an idle login shell (as `glassbox run` decides). */
function quiescent(s: KernelState): boolean {
  return Object.values(s.procs).every(
    (p) => p.pid === 1 || (p.ppid === 1 && p.state === 'blocked' && s.config.login !== null && p.name === s.config.login.program),
  );
}

interface Run {
  m: Machine;
  s: KernelState;
  screen: string;
  exits: ExitRecord[];
  report: RunReport;
}

function finish(sc: Scenario, m: Machine, end = m.state.tick): Run {
  const exits = logItems(m.state.exited);
  return { m, s: m.state, screen: screen(m), exits, report: report(sc.name, m.state, '', end) };
}

/**
 * Runs a scenario as `glassbox run` does: to `until` when it has one, otherwise until the
 * workload has finished (the report then ends at the last exit). `stops` maps ticks to
 * callbacks that look at the machine on the way.
 */
function run(sc: Scenario, stops: Record<number, (m: Machine) => void> = {}): Run {
  const m = createMachine(scenarioConfig(sc));
  const inputs = scenarioInputs(sc);
  let cursor = 0;
  for (const t of Object.keys(stops).map(Number).sort((a, b) => a - b)) {
    cursor = runTo(m, t, inputs, cursor);
    stops[t](m);
  }
  if (sc.until !== undefined) {
    runTo(m, sc.until, inputs, cursor);
    return finish(sc, m);
  }
  const lastInput = inputs.length ? inputs[inputs.length - 1].tick : 0;
  cursor = runTo(m, Math.max(lastInput, m.state.tick), inputs, cursor);
  while (m.state.tick < 100_000 && !quiescent(m.state)) cursor = runTo(m, m.state.tick + 50, inputs, cursor);
  return finish(sc, m, Math.max(lastInput, ...logItems(m.state.exited).map((e) => e.finish)));
}

/** A copy of a scenario with some of its settings changed: what the descriptions invite a student to try. */
function variant(sc: Scenario, change: (copy: Scenario) => void): Scenario {
  const copy = structuredClone(sc);
  change(copy);
  return copy;
}

function sched(sc: Scenario): { policy: string; quantum?: number; options?: Record<string, unknown> } {
  if (!sc.kernel.sched) throw new Error('the scenario has no scheduler settings');
  return sc.kernel.sched;
}

function heap(sc: Scenario): Record<string, unknown> {
  return (sc.kernel as { heap: Record<string, unknown> }).heap;
}

const exitOf = (r: Run, command: string): ExitRecord => {
  const e = r.exits.find((x) => x.argv.join(' ') === command);
  if (!e) throw new Error(`no exit record for "${command}"`);
  return e;
};

const slicesOf = (s: KernelState, name: string): Slice[] => logItems(s.trace).filter((sl) => sl.name === name && !sl.kind);
const cpuOf = (m: Machine, pid: number): number => m.state.procs[pid].acct.cpu;
const errors = (s: KernelState): string[] => logItems(s.log).flatMap((e) => (e.kind === 'error' ? [e.text] : []));
const notes = (s: KernelState): string[] => logItems(s.log).flatMap((e) => (e.kind === 'sched' ? [e.text] : []));

/** Each scenario's promise, as its description words it. Every file must have one. */
const promises: Record<string, (sc: Scenario, r: Run) => void> = {
  '04-process-states.json': (_sc, r) => {
    const listings = r.screen.split('$ ps -l\n').slice(1);
    expect(listings).toHaveLength(2);
    for (const l of listings) {
      expect(l).toMatch(/^S blocked .* io -t 20 6$/m);
      expect(l).toMatch(/^S blocked .* sleep 50$/m);
      expect(l).toMatch(/^R ready .* cpu 60$/m);
      expect(l).toMatch(/^R running .* ps -l$/m);
    }
    expect(r.screen).toContain('every job has exited');
    expect(exitOf(r, 'io -t 20 6').blocked).toBeGreaterThan(100);
  },

  '05-terminal-tour.json': (_sc, r) => {
    // A fork tree three deep: the login shell (pid 2), a child shell, and its children.
    const childShell = exitOf(r, 'sh -c cpu 25 & cpu 25 & wait');
    expect(childShell.ppid).toBe(2);
    expect(r.exits.filter((e) => e.name === 'cpu' && e.argv[1] === '25').map((e) => e.ppid)).toEqual([childShell.pid, childShell.pid]);
    const subshell = exitOf(r, 'cpu 30').ppid;
    expect(exitOf(r, 'cpu 20').ppid).toBe(subshell);
    expect(subshell).not.toBe(2);
    expect(r.screen).toMatch(/\[3\]\+ +Running +sh -c/);
    // The line typed while cpu 12 held the foreground waited its turn; then `wait` outlasted every job.
    // (echo is a builtin, as in bash, so the shell prints `all done` itself.)
    expect(r.screen.indexOf('all done\n')).toBeGreaterThan(r.screen.indexOf('$ cpu 12'));
    expect(r.exits.filter((e) => e.name === 'cpu').length).toBe(6);
  },

  '05-pipes-and-redirection.json': (_sc, r) => {
    expect(r.screen).toContain('$ seq 1 400 | grep 7 | wc -l\n76\n');
    for (const name of ['seq', 'grep', 'wc']) expect(slicesOf(r.s, name).length).toBeGreaterThan(0);
    expect(slicesOf(r.s, 'grep').some((sl) => /pipe \d+ is empty/.test(sl.until ?? ''))).toBe(true);
    expect(slicesOf(r.s, 'wc').some((sl) => /pipe \d+ is empty/.test(sl.until ?? ''))).toBe(true);
    expect(r.screen).toContain('$ wc -l < /tmp/root.txt\n4\n');
    expect(r.screen).toContain('status 1\ncat: /no/such/file: No such file or directory\n');
    expect(r.screen).toContain('1\n2\n3\nbin\n');
  },

  '05-fork-and-wait.json': (_sc, r) => {
    // generator.py's trace, as generator.py -c prints it for this program (e before d at 2 is the kernel's order).
    expect(r.screen).toContain(
      ['  0 a+', '  0 a->b', '  0 a->e', '  1      b+', '  1      b->c', '  1      b->d', '  2                     e+', '  2                     e-'].join('\n'),
    );
    expect(r.screen).toContain(['  2 a<-e', '  2      b<-d', '  4           c+', '  4           c-', '  4      b<-c', '  4      b-', '  4 a<-b\n$ '].join('\n'));
    // The tree: a under the shell, b and e under a, c and d under b; each child slept, then a wait reaped it.
    const a = r.exits.find((e) => e.argv[0] === 'forkgen' && e.argv[1] !== '--child')!;
    expect(a.ppid).toBe(2);
    const child = (name: string) => r.exits.find((e) => e.argv[1] === '--child' && e.argv[2] === name)!;
    // Each process goes by its name in the program, in the tree and on the Gantt chart.
    expect([a, ...['b', 'c', 'd', 'e'].map(child)].map((e) => e.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(['b', 'e'].map((n) => child(n).ppid)).toEqual([a.pid, a.pid]);
    expect(['c', 'd'].map((n) => child(n).ppid)).toEqual([child('b').pid, child('b').pid]);
    const bars = logItems(r.s.trace).filter((sl) => sl.kind === 'wait');
    for (const n of ['b', 'c', 'd', 'e']) expect(bars.some((sl) => sl.pid === child(n).pid && sl.why === 'waiting: sleep')).toBe(true);
    expect(bars.some((sl) => sl.pid === a.pid && sl.why === `waiting: child:${a.pid}`)).toBe(true);
    expect(logItems(r.s.log).filter((e) => e.kind === 'reap' && e.text.startsWith(`pid ${a.pid} `))).toHaveLength(2);
  },

  '05-signals-and-job-control.json': (sc, r) => {
    expect(exitOf(r, 'cpu 500').signal).toBe(2);
    expect(r.screen.match(/status 130/g)).toHaveLength(2);
    const bg = exitOf(r, 'cpu 300');
    expect(bg.signal).toBe(15);
    const sigs = logItems(r.s.ipc.signalLog).filter((x) => x.to === bg.pid).map((x) => x.sig);
    expect(sigs).toEqual(expect.arrayContaining([19, 18, 15]));
    expect(r.screen).toMatch(new RegExp(`^ +${bg.pid} +2 +${bg.pid} T .* cpu 300$`, 'm'));
    // While stopped it gets no CPU at all.
    const seen: number[] = [];
    run(sc, { 45: (m) => seen.push(cpuOf(m, bg.pid)), 59: (m) => seen.push(cpuOf(m, bg.pid)) });
    expect(seen[1]).toBe(seen[0]);
    expect(r.screen).toContain('sigcatch: caught SIGINT (2); the handler runs on top of the count');
    expect(exitOf(r, 'sigcatch').exitCode).toBe(130);
  },

  '06-context-switch-cost.json': (sc, r) => {
    expect(r.report.ticks).toBe(89);
    expect(r.report.cpuUtilisation).toBeLessThan(0.7);
    expect(r.s.stats.switchTicks).toBe(r.s.stats.contextSwitches);
    const free = run(variant(sc, (c) => (sched(c).options = {})));
    expect(free.report.ticks).toBe(60);
    expect(free.report.cpuUtilisation).toBe(1);
    const longer = run(variant(sc, (c) => (sched(c).quantum = 10)));
    expect(longer.report.cpuUtilisation).toBeGreaterThan(0.9);
  },

  '07-fifo-convoy.json': (sc, r) => {
    expect(r.report.averages.turnaround).toBe(110);
    const sjf = load('07-sjf-shortest-first.json');
    expect(sjf.processes).toEqual(sc.processes);
    expect(run(sjf).report.averages.turnaround!).toBeLessThan(r.report.averages.turnaround!);
  },

  '07-sjf-shortest-first.json': (_sc, r) => {
    expect(r.report.averages.turnaround).toBe(50);
    expect(r.report.averages.response).toBe(10);
    expect(exitOf(r, 'cpu 100').firstRun).toBe(20);
  },

  '07-stcf-late-arrivals.json': (sc, r) => {
    expect(r.report.averages.turnaround).toBe(50);
    const first = slicesOf(r.s, 'cpu').find((sl) => sl.pid === 2)!;
    expect([first.start, first.end]).toEqual([0, 10]);
    expect(first.until).toMatch(/needs 10 < 90 left/);
    const sjf = run(variant(sc, (c) => (sched(c).policy = 'sjf')));
    expect(sjf.report.averages.turnaround!).toBeCloseTo(103.33, 1);
  },

  '07-round-robin.json': (sc, r) => {
    expect(r.report.averages.response).toBe(4);
    expect(exitOf(r, 'cpu 10').finish).toBe(34);
    const fifo = run(variant(sc, (c) => (sched(c).policy = 'fifo')));
    expect(fifo.report.averages.response!).toBeGreaterThan(25);
    expect(fifo.report.averages.turnaround!).toBeLessThan(r.report.averages.turnaround!);
  },

  '08-mlfq.json': (_sc, r) => {
    const long = exitOf(r, 'job 120');
    const interactive = r.exits.filter((e) => e.argv.includes('--io-every'));
    expect(interactive).toHaveLength(2);
    for (const e of interactive) {
      expect(e.firstRun).toBe(e.arrival);
      expect(e.finish).toBeLessThan(long.finish);
    }
    const n = notes(r.s);
    expect(n).toContain(`pid ${long.pid} demoted from priority 2 to 1: used its allotment of 1 quantum`);
    expect(n).toContain(`pid ${long.pid} demoted from priority 1 to 0: used its allotment of 1 quantum`);
    expect(n.some((t) => t.startsWith('priority boost (every 60 ticks)'))).toBe(true);
    expect(n.some((t) => t.startsWith(`pid ${interactive[0].pid} demoted`))).toBe(false);
  },

  '08-mlfq-gaming.json': (sc, r) => {
    const honest = exitOf(r, 'job 100');
    const gamer = exitOf(r, 'job 100 --io-every 9 --io-time 1');
    expect(gamer.finish).toBe(121);
    expect(honest.finish).toBe(200);
    expect(notes(r.s).some((t) => t.startsWith(`pid ${gamer.pid} demoted`))).toBe(false);
    const fair = run(variant(sc, (c) => (sched(c).options = { ...sched(c).options, stay: false })));
    expect(exitOf(fair, 'job 100 --io-every 9 --io-time 1').finish).toBeGreaterThan(exitOf(fair, 'job 100').finish);
    expect(notes(fair.s).some((t) => t.startsWith(`pid ${gamer.pid} demoted`))).toBe(true);
  },

  '09-lottery.json': (sc, r) => {
    expect(exitOf(r, 'cpu 100').pid).toBe(2);
    expect(r.exits[0].pid).toBe(2);
    let share = 0;
    run(sc, { 100: (m) => (share = cpuOf(m, 2) / 100) });
    expect(share).toBeGreaterThan(0.65);
    expect(share).toBeLessThan(0.85);
  },

  '09-stride.json': (sc, r) => {
    let at80: number[] = [];
    run(sc, { 80: (m) => (at80 = [2, 3, 4].map((pid) => cpuOf(m, pid))) });
    expect(at80).toEqual([20, 10, 50]);
    expect(r.exits[0].pid).toBe(4);
    expect(r.exits[0].finish).toBe(160);
  },

  '09-cfs-nice.json': (sc, r) => {
    let share = 0;
    run(sc, { 200: (m) => (share = cpuOf(m, 2) / (cpuOf(m, 2) + cpuOf(m, 3))) });
    expect(share).toBeGreaterThan(0.7);
    expect(share).toBeLessThan(0.8);
    expect(r.exits[0].pid).toBe(2);
    expect(r.exits[0].finish).toBe(260);
  },

  '10-multiprocessor.json': (sc, r) => {
    // Pids 2 and 4 share CPU 1's cache, pid 3 has CPU 0's; each warms in 10 ticks and then
    // does 2 ticks of work per tick: pid 3 ends at 10 + 45 = 55.
    expect(r.report.ticks).toBe(85);
    expect(r.report.processes.filter((p) => p.pid > 1).map((p) => [p.pid, p.finish])).toEqual([
      [2, 85],
      [3, 55],
      [4, 85],
    ]);
    expect(notes(r.s)).toContain('cpu 0 stole pid 2 from cpu 1 (2 waiting there)');
    const lanes = new Set(slicesOf(r.s, 'cpu').filter((sl) => sl.pid === 2).map((sl) => sl.cpu));
    expect([...lanes].sort()).toEqual([0, 1]);
    // The stolen job warms CPU 1's cache again: both CPUs run warm 65 of their 85 ticks.
    expect(r.report.cpus.map((c) => [c.busyTicks, c.warmTicks])).toEqual([
      [85, 65],
      [85, 65],
    ]);
    const pinned = run(variant(sc, (c) => (sched(c).options = { ...sched(c).options, migrate: false })));
    expect(pinned.report.ticks).toBe(110);
    expect(pinned.report.cpus.map((c) => c.busyTicks)).toEqual([55, 110]);
    // One shared queue: the jobs bounce between CPUs and rarely find their cache warm.
    const shared = run(variant(sc, (c) => (sched(c).options = {})));
    expect(shared.report.ticks).toBe(110);
    expect(shared.report.cpus.map((c) => [c.busyTicks, c.warmTicks])).toEqual([
      [110, 40],
      [110, 40],
    ]);
    const cold = run(variant(sc, (c) => delete (c.kernel as { cache?: unknown }).cache));
    expect(cold.report.ticks).toBe(150);
    expect(cold.report.cpus.every((c) => c.warmTicks === 0)).toBe(true);
  },

  '14-memory-leak.json': (_sc, r) => {
    const leaks = logItems(r.s.heapLeaks);
    expect(leaks.map((l) => [l.name, l.size])).toEqual([
      ['alloc', 16],
      ['alloc', 32],
      ['alloc', 48],
    ]);
    const h = heapMetrics(r.s.heap);
    expect([h.allocatedBlocks, h.freeBlocks, h.largestFree]).toEqual([0, 1, 4096]);
    expect(r.screen).toContain('free(4104) failed: EINVAL');
  },

  '17-placement-policies.json': (sc, r) => {
    expect(heap(sc).policy).toBe('worst');
    expect(r.screen).toContain('ptr[9] = malloc(248) failed: ENOMEM (searched 4)\n  heap: 192 B in use (144 asked for), 320 B free in 4 free blocks, largest 176');
    for (const policy of ['first', 'best']) {
      const other = run(variant(sc, (c) => (heap(c).policy = policy)));
      expect(other.screen).toMatch(/ptr\[9\] = malloc\(248\) returned \d+/);
      expect(other.screen).not.toContain('failed');
    }
  },

  '17-no-coalescing.json': (sc, r) => {
    expect(r.screen).toContain('256 B free in 4 free blocks, largest 64\nptr[4] = malloc(200) failed: ENOMEM');
    for (const coalesce of ['immediate', 'deferred']) {
      const other = run(variant(sc, (c) => (heap(c).coalesce = coalesce)));
      expect(other.screen).toMatch(/ptr\[4\] = malloc\(200\) returned \d+/);
    }
  },

  '15-base-and-bounds.json': (sc, r) => {
    // The second memtouch finds no contiguous room for its 5-page image, although frames are free.
    expect(r.screen).toContain('$ memtouch -k 2 -n 4\nsh: memtouch: Cannot allocate memory\n');
    expect(r.screen).toContain('40 reads (loop) over 2 pages: 0 minor faults, 0 major faults; the whole image, 5 pages, is resident (base-bounds, 16 frames)');
    // Paged, the same two processes fit in the same frames.
    const paged = run(variant(sc, (c) => (c.kernel.vm = { ...c.kernel.vm, scheme: 'linear' })));
    expect(paged.screen).not.toContain('Cannot allocate memory');
    expect(paged.screen).toContain('4 reads (loop) over 2 pages: 2 minor faults');
  },

  '20-multilevel-page-table.json': (sc, r) => {
    // The tree takes the directory and one table; the other 31 tables are absent and cost nothing.
    // Its resident set is its four heap pages and the entry page of memtouch's shared code.
    expect(r.screen).toContain('vsz 10 pages, rss 5 (1 shared code), page tables 2 frames');
    // Four processes (init, the shell, memtouch, pmap) with two table frames each, and each program's entry page once.
    expect(r.screen).toMatch(/frames {7}64 total {5}48 free {6}8 page tables/);
    expect(r.screen).toMatch(/code {10}4 frames {6}4 mapped {6}4 programs \(shared\)/);
    // While memtouch runs: the directory with 30 of its 32 entries invalid, and two striped frames.
    let absent = -1;
    let tableFrames = -1;
    run(sc, {
      30: (m) => {
        absent = tableTree(m.state.vm, 3)?.absent ?? -1;
        tableFrames = m.state.vm.frames.table.filter((t, f) => t >= 0 && m.state.vm.frames.owners[f][0] === 3).length;
      },
    });
    expect([absent, tableFrames]).toEqual([30, 2]);
    // Once it exits, its tables' frames are free again.
    expect(r.s.vm.frames.owners.every((o) => !o.includes(3))).toBe(true);
    // A linear table of 1,024 entries fills 16 frames whatever the process touches.
    const linear = run(variant(sc, (c) => (c.kernel.vm = { ...c.kernel.vm, scheme: 'linear' })));
    expect(linear.screen).toContain('vsz 10 pages, rss 5 (1 shared code), page tables 16 frames');
  },

  '22-clock-few-frames.json': (sc, r) => {
    // A loop one and a half times the size of memory: every access faults under the clock.
    expect(r.screen).toContain('36 writes (loop) over 6 pages: 6 minor faults, 30 major faults; resident 4 of 6 pages (CLOCK, 5 frames)');
    expect(r.s.vm.stats.evictions).toBeGreaterThanOrEqual(30);
    const paging = logItems(r.s.trace).filter((sl: Slice) => sl.kind === 'io' && sl.why.startsWith('page fault'));
    expect(paging.length).toBe(32); // 30 swap-ins, and 2 first touches that had to write a dirty victim out
    // The loop that fits takes only its first-touch faults.
    const fits = run(variant(sc, (c) => (c.inputs[0] = { at: 2, tty: 'memtouch -k 4 -n 36 -w\n' })));
    expect(fits.screen).toContain('36 writes (loop) over 4 pages: 4 minor faults, 0 major faults');
  },

  '22-thrashing.json': (sc, r) => {
    expect(r.screen.match(/5 minor faults, 35 major faults/g)?.length).toBe(3);
    // Thrashing: the CPU mostly waits for the disk.
    expect(r.s.stats.idleTicks).toBeGreaterThan(r.s.tick / 2);
    const alone = run(variant(sc, (c) => (c.inputs[0] = { at: 2, tty: 'memtouch -p loop -k 5 -n 40 -w &\n' })));
    expect(alone.screen).toContain('40 writes (loop) over 5 pages: 5 minor faults, 0 major faults');
  },

  '22-page-fault-frequency.json': (sc, r) => {
    // The looping process settles on its 4 pages and keeps them: no page of it goes to swap.
    expect(r.screen).toContain('240 writes (loop) over 4 pages: 4 minor faults, 0 major faults; resident 4 of 4 pages (PFF');
    const ws = /240 writes \(ws\) over 8 pages: (\d+) minor faults, (\d+) major faults/.exec(r.screen);
    expect(ws).not.toBeNull();
    const faults = Number(ws![1]) + Number(ws![2]);
    expect(Number(ws![2])).toBeGreaterThan(0);
    // With both thresholds at the top every fault counts as slow: each set shrinks to a page and faults far more.
    const starved = run(
      variant(sc, (c) => {
        Object.assign(c.kernel.vm!, { pffHigh: 1000, pffLow: 1000 });
        c.until = 3000;
      }),
    );
    const w = /240 writes \(ws\) over 8 pages: (\d+) minor faults, (\d+) major faults; resident (\d+)/.exec(starved.screen);
    expect(Number(w![1]) + Number(w![2])).toBeGreaterThan(2 * faults);
    expect(Number(w![3])).toBeLessThanOrEqual(1);
  },

  '17-buddy.json': (_sc, r) => {
    expect(r.screen).toContain('ptr[0] = malloc(20) returned 4104');
    expect(r.screen).toContain('heap: 32 B in use (20 asked for)');
    expect(r.screen).toContain('heap: 256 B in use (150 asked for), 256 B free in 1 free block');
    const h = heapMetrics(r.s.heap);
    expect([h.allocatedBlocks, h.freeBlocks, h.largestFree]).toEqual([0, 1, 512]);
    expect(logItems(r.s.heapLeaks)).toEqual([]);
  },

  '30-producer-consumer-pipe.json': (_sc, r) => {
    expect(r.screen).toContain('consumer: end of file after 12 items');
    expect(slicesOf(r.s, 'producer').filter((sl) => sl.until === 'blocked: pipe 1 is full').length).toBeGreaterThanOrEqual(3);
    expect(exitOf(r, 'producer 12').finish).toBeLessThan(exitOf(r, 'consumer --work 5').finish);
  },

  '31-semaphores-and-queues.json': (_sc, r) => {
    expect(r.screen).toContain('consumer: done after 6 items; removed queue 1');
    expect(r.screen).toContain('consumer: done after 8 items; removed the buffer and its semaphores');
    const stops = slicesOf(r.s, 'producer').map((sl) => sl.until);
    expect(stops).toContain('blocked: queue 1 is full');
    expect(stops).toContain('blocked: semaphore 3 is 0');
    expect(r.screen).toMatch(/^ +9 +3 +\d +\d+ /m);
    expect([r.s.ipc.queues, r.s.ipc.sems, r.s.ipc.segments]).toEqual([{}, {}, {}]);
  },

  '32-dining-philosophers.json': (sc, r) => {
    let cycle: number[][] = [];
    run(sc, { 45: (m) => (cycle = structuredClone(m.state.ipc.deadlocks)) });
    expect(cycle).toHaveLength(1);
    expect(cycle[0]).toHaveLength(5);
    expect(r.screen).toContain('philosophers: deadlock!');
    expect(r.screen).toContain('philosophers: interrupted; the forks are cleared away');
    expect(r.screen).toContain('philosophers: everyone has eaten');
    for (let seat = 0; seat < 5; seat++) expect(r.screen).toContain(`philosopher ${seat} is full`);
    expect(r.s.ipc.deadlocks).toEqual([]);
    expect(r.s.ipc.sems).toEqual({});
  },

  '39-files-and-links.json': (_sc, r) => {
    expect(r.screen).toMatch(/^(\d+) -rw-r--r-- 2 12 \d+ a\.txt\n\1 -rw-r--r-- 2 12 \d+ b\.txt$/m);
    expect(r.screen).toContain('hello, disk\n');
    expect(r.screen).toMatch(/Inode: \d+ +Links: 1/);
    const b = fsLookup(r.s.fs, '/', '/home/notes/b.txt');
    expect(b).toBeGreaterThan(0);
    expect(fsLookup(r.s.fs, '/', '/home/notes/a.txt')).toBeLessThan(0);
    expect(r.screen).toMatch(new RegExp(`^${b} -rw-r--r-- 1 12 \\d+ b\\.txt$`, 'm'));
  },

  '42-journal-crash.json': (sc, r) => {
    let fsck: KernelState['lastFsck'] = null;
    run(sc, { 42: (m) => (fsck = structuredClone(m.state.lastFsck)) });
    expect(fsck).toMatchObject({ tick: 41, repair: false, report: { clean: true, findings: [] } });
    expect(r.screen).toContain('[power cycled at tick 40: journal replayed 1 transaction]');
    expect(r.screen).toContain('committed before the crash\n');
    expect(fsLookup(r.s.fs, '/', '/home/saved.txt')).toBeGreaterThan(0);
    expect(fsLookup(r.s.fs, '/', '/home/new')).toBeGreaterThan(0);
    expect(fsLookup(r.s.fs, '/', '/home/new/lost.txt')).toBeLessThan(0);
    expect(r.screen).toMatch(/\$ fsck\n.*\n {2}blocks \d+-\d+ are the swap partition.*\nfsck: clean\n/);
  },

  '42-no-journal-fsck.json': (sc, r) => {
    let fsck: KernelState['lastFsck'] = null;
    run(sc, { 42: (m) => (fsck = structuredClone(m.state.lastFsck)) });
    expect(fsck!.report.clean).toBe(false);
    expect(fsck!.report.findings.map((f) => f.kind)).toEqual(['inode-bitmap', 'inode-bitmap', 'data-bitmap', 'data-bitmap', 'link-count']);
    expect(r.screen).toContain("fsck: 5 problems found; run 'fsck -y' to repair");
    expect(r.screen).toContain('fsck: 5 problems found and repaired');
    expect(r.screen).toMatch(/\$ fsck; ls -R \/home; cat \/home\/saved.txt\n.*\n {2}blocks \d+-\d+ are the swap partition.*\nfsck: clean\n\/home:\nsaved\.txt\ncommitted before the crash\n/);
    expect(fsLookup(r.s.fs, '/', '/home/saved.txt')).toBeGreaterThan(0);
  },
};

/** Log entries of kind 'error' a scenario means to produce. */
const expectedErrors: Record<string, RegExp> = {
  '32-dining-philosophers.json': /^deadlock: /,
};

describe('the scenario library', () => {
  it('has scenarios named in book order, each with a check of its promise', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
    for (const f of files) expect(f).toMatch(/^\d\d-[a-z0-9]+(-[a-z0-9]+)*\.json$/);
    expect(Object.keys(promises).sort()).toEqual(files);
  });

  describe.each(files)('%s', (file) => {
    const sc = load(file);

    it('is written for a student: a name, and a description that names its OSTEP chapter', () => {
      expect(sc.name).not.toBe('Untitled');
      expect(sc.description?.length ?? 0).toBeGreaterThan(300);
      expect(sc.description).toMatch(/^OSTEP chapter \d+ \(/);
      expect(sc.description).toContain(`chapter ${Number(file.slice(0, 2))} (`);
      expect(sc.description).toMatch(/Think about/);
    });

    it('runs headless to its end without a crash, and keeps its promise', () => {
      const r = run(sc);
      const allowed = expectedErrors[file];
      expect(errors(r.s).filter((e) => !allowed?.test(e))).toEqual([]);
      expect(r.exits.filter((e) => e.signal === SIGSEGV)).toEqual([]);
      // It stops at a sensible point: whatever it started has finished.
      expect(quiescent(r.s)).toBe(true);
      if (sc.until !== undefined) {
        const last = Math.max(0, ...sc.inputs.map((i) => i.at), ...sc.processes.map((p) => p.at));
        expect(last).toBeLessThan(sc.until);
      }
      promises[file](sc, r);
    });
  });
});
