import { nextInt, nextRange, type RngState, seedRng } from '../sim/base/rng.ts';
import { randomTrace } from '../sim/memory/trace.ts';
import { answer } from '../sim/ostep/index.ts';

/**
 * Problems for OSTEP's simulators at any size, in the conformance input format
 * (tests/conformance/ostep/README.md), seeded so every run of the benchmark answers the
 * same ones. `size` is the one number that grows the problem: ops, jobs, accesses or
 * actions, as the simulator takes them. Each family also names the OSTEP command line for
 * a problem of that size and shape (relative to the OSTEP tree, with -c), passing the very
 * same problem where OSTEP takes it as flags and a random one of the same size where it
 * only draws its own.
 */
export interface ProblemFamily {
  /** What this family is called in the benchmark's lines. */
  name: string;
  sim: string;
  make(size: number): unknown;
  ostepArgs(size: number, input: unknown): string[];
  /** Sizes for the growth check (n, then 10n) and the one the targets name. */
  growth: number;
  bench: number;
  /** Why OSTEP's run of the problem is not timed beside ours (no ratio is printed), if it is not. */
  noRatio?: string;
}

/** The longest single argument Linux passes to a program (MAX_ARG_STRLEN is 128 KiB). */
const MAX_ARG = 100_000;
/** A list as one flag value, or null when it is too long to pass. */
const listArg = (items: Array<string | number>): string | null => {
  const s = items.join(',');
  return s.length <= MAX_ARG ? s : null;
};

const ints = (rng: RngState, n: number, lo: number, hi: number): number[] => Array.from({ length: n }, () => nextRange(rng, lo, hi));

function mallocProblem(ops: number, listOrder: string, policy = 'FIRST') {
  const trace = randomTrace({ seed: 1, ops, minSize: 1, maxSize: 100, allocPercent: 50 });
  return {
    heapSize: 1_000_000,
    baseAddr: 0,
    headerSize: 0,
    align: -1,
    policy,
    listOrder,
    coalesce: true,
    ops: trace.map((o) => (o.kind === 'alloc' ? { op: 'alloc', size: o.size } : { op: 'free', ptr: o.id })),
  };
}

function mallocArgs(size: number, input: unknown): string[] {
  const p = input as ReturnType<typeof mallocProblem>;
  const ops = listArg(p.ops.map((o) => (o.op === 'alloc' ? `+${o.size}` : `-${o.ptr}`)));
  const base = ['vm-freespace/malloc.py', '-S', String(p.heapSize), '-b', '0', '-p', p.policy, '-l', p.listOrder, '-C', '-c'];
  return ops ? [...base, '-A', ops] : [...base, '-s', '1', '-r', '100', '-P', '50', '-n', String(size)];
}

function schedulerProblem(jobs: number, policy: string) {
  return { policy, quantum: policy === 'RR' ? 1 : null, jobs: ints(seedRng(jobs), jobs, 1, 10) };
}

function schedulerArgs(size: number, input: unknown): string[] {
  const p = input as ReturnType<typeof schedulerProblem>;
  const list = listArg(p.jobs);
  return ['cpu-sched/scheduler.py', '-p', p.policy, '-q', '1', ...(list ? ['-l', list] : ['-j', String(size), '-m', '10', '-s', '1']), '-c'];
}

function mlfqProblem(jobs: number) {
  const rng = seedRng(jobs + 1);
  return {
    numQueues: 3,
    quantum: [10, 10, 10],
    allotment: [1, 1, 1],
    boost: 100,
    ioTime: 5,
    stay: false,
    iobump: false,
    jobs: Array.from({ length: jobs }, () => ({ start: nextInt(rng, 10 * jobs), run: nextRange(rng, 1, 20), ioFreq: nextInt(rng, 8) })),
  };
}

function mlfqArgs(_size: number, input: unknown): string[] {
  const p = input as ReturnType<typeof mlfqProblem>;
  // mlfq.py's -l takes start,run,ioFreq per job, the jobs separated by colons.
  const all = p.jobs.map((j) => `${j.start},${j.run},${j.ioFreq}`).join(':');
  const jobs = all.length <= MAX_ARG ? all : null;
  return ['cpu-sched-mlfq/mlfq.py', '-n', '3', '-q', '10', '-a', '1', '-B', '100', '-i', '5', ...(jobs ? ['-l', jobs] : ['-j', String(p.jobs.length)]), '-c'];
}

function lotteryProblem(jobs: number) {
  const rng = seedRng(jobs + 2);
  const list = Array.from({ length: jobs }, () => ({ length: nextRange(rng, 1, 10), tickets: nextRange(rng, 1, 100) }));
  const draws = list.reduce((a, j) => a + j.length, 0);
  return { quantum: 1, jobs: list, randoms: ints(rng, draws, 0, 1_000_000) };
}

function lotteryArgs(_size: number, input: unknown): string[] {
  const p = input as ReturnType<typeof lotteryProblem>;
  const list = listArg(p.jobs.map((j) => `${j.length}:${j.tickets}`));
  // lottery.py draws its own random numbers: same jobs, different draws.
  return ['cpu-sched-lottery/lottery.py', ...(list ? ['-l', list] : ['-j', String(p.jobs.length)]), '-q', '1', '-s', '0', '-c'];
}

function processRunProblem(instructions: number) {
  const rng = seedRng(instructions + 3);
  const programs = Array.from({ length: 4 }, () => {
    const tokens: string[] = [];
    for (let left = instructions / 4; left > 0; ) {
      if (nextInt(rng, 4) === 0) {
        tokens.push('i');
        left -= 2;
      } else {
        const c = Math.min(left, nextRange(rng, 1, 5));
        tokens.push(`c${c}`);
        left -= c;
      }
    }
    return tokens.join(',');
  });
  return { programs, ioLength: 5, switchBehavior: 'SWITCH_ON_IO', ioDoneBehavior: 'IO_RUN_LATER' };
}

function processRunArgs(_size: number, input: unknown): string[] {
  const p = input as ReturnType<typeof processRunProblem>;
  return ['cpu-intro/process-run.py', '-P', p.programs.join(':'), '-L', '5', '-S', 'SWITCH_ON_IO', '-I', 'IO_RUN_LATER', '-c'];
}

function pagingProblem(accesses: number, policy: string) {
  const rng = seedRng(accesses + 4);
  return { policy, cacheSize: 10, addresses: ints(rng, accesses, 0, 99) };
}

function pagingArgs(size: number, input: unknown): string[] {
  const p = input as ReturnType<typeof pagingProblem>;
  const list = listArg(p.addresses);
  return ['vm-beyondphys-policy/paging-policy.py', '-p', p.policy, '-C', '10', ...(list ? ['-a', list] : ['-n', String(size), '-m', '100', '-s', '1']), '-c'];
}

function linearProblem(accesses: number) {
  const rng = seedRng(accesses + 5);
  const pageTable = Array.from({ length: 16 }, (_, i) => (i % 3 === 0 ? null : nextInt(rng, 64)));
  return { addressSpaceSize: 65536, physMemSize: 262144, pageSize: 4096, pageTable, addresses: ints(rng, accesses, 0, 65535) };
}

function linearArgs(size: number): string[] {
  return ['vm-paging/paging-linear-translate.py', '-a', '64k', '-p', '256k', '-P', '4k', '-n', String(size), '-s', '1', '-c'];
}

function multilevelProblem(accesses: number) {
  // One real two-level memory image (the first conformance case's), read many times.
  const rng = seedRng(accesses + 6);
  const memory = Array.from({ length: 128 }, (_, page) =>
    Array.from({ length: 32 }, (_, b) => {
      // Page 0 is the page directory: entries valid (bit 7) and pointing at pages 1-127.
      const byte = page === 0 ? 0x80 | (1 + ((b * 7) % 127)) : page < 64 ? 0x80 | nextInt(rng, 128) : nextInt(rng, 256);
      return byte.toString(16).padStart(2, '0');
    }).join(''),
  );
  return { pageSize: 32, numPhysPages: 128, vaBits: 15, pdbr: 0, memory, addresses: ints(rng, accesses, 0, 32767) };
}

function multilevelArgs(size: number): string[] {
  return ['vm-smalltables/paging-multilevel-translate.py', '-n', String(size), '-s', '1', '-c'];
}

function relocationProblem(accesses: number) {
  const rng = seedRng(accesses + 9);
  return { addressSpaceSize: 65536, physMemSize: 262144, base: 100_000, limit: 40_000, addresses: ints(rng, accesses, 0, 65535) };
}

function relocationArgs(size: number, input: unknown): string[] {
  const p = input as ReturnType<typeof relocationProblem>;
  // relocation.py draws its own addresses (it takes none as flags): same registers and size, its own draws.
  return ['vm-mechanism/relocation.py', '-a', '64k', '-p', '256k', '-b', String(p.base), '-l', String(p.limit), '-n', String(size), '-s', '1', '-c'];
}

function segmentationProblem(accesses: number) {
  const rng = seedRng(accesses + 10);
  return {
    addressSpaceSize: 65536,
    physMemSize: 262144,
    seg0: { base: 0, limit: 20_000 },
    seg1: { base: 200_000, limit: 20_000 },
    addresses: ints(rng, accesses, 0, 65535),
  };
}

function segmentationArgs(size: number, input: unknown): string[] {
  const p = input as ReturnType<typeof segmentationProblem>;
  const list = listArg(p.addresses);
  const regs = ['-b', String(p.seg0.base), '-l', String(p.seg0.limit), '-B', String(p.seg1.base), '-L', String(p.seg1.limit)];
  return ['vm-segmentation/segmentation.py', '-a', '64k', '-p', '256k', ...regs, ...(list ? ['-A', list] : ['-n', String(size), '-s', '1']), '-c'];
}

/**
 * multi.py on 4 CPUs with per-CPU queues and stealing: jobs of 10 to 100 ticks with working
 * sets of 10 to 100 (up to ten fit a CPU's cache of 100). The victims are drawn ahead, as
 * many as the run can ask for: one per CPU per peek while any job is left.
 */
function multiProblem(jobs: number) {
  const rng = seedRng(jobs + 11);
  const list = Array.from({ length: jobs }, (_, i) => ({ name: `j${i}`, runTime: 10 * nextRange(rng, 1, 10), workingSet: 10 * nextRange(rng, 1, 10), affinity: [] as number[] }));
  const numCpus = 4;
  const peekInterval = 30;
  const work = list.reduce((a, j) => a + j.runTime, 0);
  return {
    numCpus,
    quantum: 10,
    perCpuQueues: true,
    peekInterval,
    warmupTime: 10,
    warmRate: 2,
    cacheSize: 100,
    jobs: list,
    stealVictims: ints(rng, numCpus * (Math.ceil(work / peekInterval) + 1), 0, numCpus - 1),
  };
}

function multiArgs(_size: number, input: unknown): string[] {
  const p = input as ReturnType<typeof multiProblem>;
  const list = listArg(p.jobs.map((j) => `${j.name}:${j.runTime}:${j.workingSet}`));
  const args = ['-n', String(p.numCpus), '-q', String(p.quantum), '-p', '-P', String(p.peekInterval), '-w', String(p.warmupTime), '-r', String(p.warmRate), '-M', String(p.cacheSize)];
  // multi.py draws its own victims: the same jobs and machine, its own steals.
  return ['cpu-sched-multi/multi.py', '-s', '1', ...args, ...(list ? ['-L', list] : ['-j', String(p.jobs.length), '-R', '100', '-W', '100']), '-t', '-T', '-C', '-S', '-c'];
}

const NAMES = (i: number): string => `p${i}`;

function forkProblem(actions: number) {
  const rng = seedRng(actions + 7);
  const live = ['a'];
  let made = 0;
  const list: string[] = [];
  for (let i = 0; i < actions; i++) {
    if (live.length > 1 && nextInt(rng, 10) < 3) {
      const at = 1 + nextInt(rng, live.length - 1);
      list.push(`${live[at]}-`);
      live[at] = live[live.length - 1];
      live.pop();
    } else {
      const child = NAMES(made++);
      list.push(`${live[nextInt(rng, live.length)]}+${child}`);
      live.push(child);
    }
  }
  return { actions: list, leafOnly: false, localReparent: false };
}

function forkArgs(size: number, input: unknown): string[] {
  const list = listArg((input as ReturnType<typeof forkProblem>).actions);
  // fork.py names processes with letters; a long random run is the comparable problem.
  return ['cpu-api/fork.py', ...(list && size <= 26 ? ['-A', list] : ['-a', String(size), '-s', '1', '-f', '0.7']), '-c'];
}

/**
 * The vsfs file system's size, inodes and data blocks alike. vsfs.py draws its own ops
 * and stops when its inodes run out; 1,024 lasts it through 3,000 ops (512 does not).
 */
const VSFS_SIZE = 1024;

function vsfsProblem(ops: number) {
  const rng = seedRng(ops + 8);
  const numInodes = VSFS_SIZE;
  const numData = VSFS_SIZE;
  const dirs = ['/'];
  const files: string[] = [];
  let inodes = 1;
  let blocks = 1;
  let made = 0;
  const list: Array<Record<string, string>> = [];
  const under = (dir: string, name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);
  while (list.length < ops) {
    const roll = nextInt(rng, 10);
    if (roll < 3 && inodes < numInodes - 1) {
      const path = under(dirs[nextInt(rng, dirs.length)], `f${made++}`);
      list.push({ op: 'creat', path });
      files.push(path);
      inodes++;
    } else if (roll < 4 && inodes < numInodes - 1 && blocks < numData - 1 && dirs.length < 16) {
      const path = under(dirs[nextInt(rng, dirs.length)], `d${made++}`);
      list.push({ op: 'mkdir', path });
      dirs.push(path);
      inodes++;
      blocks++;
    } else if (roll < 6 && files.length > 0 && blocks < numData - 1) {
      list.push({ op: 'write', path: files[nextInt(rng, files.length)], data: 'x' });
      blocks++; // at most one block each: counted as if every write took a new one
    } else if (files.length > 0) {
      const at = nextInt(rng, files.length);
      list.push({ op: 'unlink', path: files[at] });
      files[at] = files[files.length - 1];
      files.pop();
      inodes--;
      blocks = Math.max(1 + dirs.length - 1, blocks - 1);
    } else {
      const path = under('/', `f${made++}`);
      list.push({ op: 'creat', path });
      files.push(path);
      inodes++;
    }
  }
  return { numInodes, numData, ops: list };
}

function vsfsArgs(size: number): string[] {
  return ['file-implementation/vsfs.py', '-i', String(VSFS_SIZE), '-d', String(VSFS_SIZE), '-n', String(size), '-s', '1', '-c'];
}

function fsckProblem(inodes: number) {
  // A real image from the file system, with one bitmap bit flipped.
  const vsfs = { numInodes: inodes, numData: inodes, ops: [] as Array<Record<string, string>> };
  for (let i = 0; i < Math.min(inodes / 2, 100); i++) vsfs.ops.push(i % 4 === 0 ? { op: 'mkdir', path: `/d${i}` } : { op: 'creat', path: `/f${i}` });
  // Only the last state is wanted: take the states one by one (answer.ts) and keep it.
  const states = (answer('vsfs', vsfs) as { states: Iterable<{ dataBitmap: string }> }).states;
  let image: { dataBitmap: string } | null = null;
  for (const s of states) image = s;
  if (!image) throw new Error('fsck problem: the file system made no state'); // a bug in this generator
  const bits = image.dataBitmap;
  const at = bits.length - 1;
  return { image: { ...image, dataBitmap: bits.slice(0, at) + (bits[at] === '1' ? '0' : '1') } };
}

function fsckArgs(size: number): string[] {
  return ['file-journaling/fsck.py', '-i', String(size), '-d', String(size), '-n', String(size / 2), '-s', '1', '-c'];
}

/**
 * A random generator.py program with `forks` processes besides a: each body forks a few
 * children (with subtrees of up to 20), waits now and then, and waits for the rest at its
 * end; sleeps of 0 to 3 seconds.
 */
export function generatorProblem(forks: number) {
  const rng = seedRng(forks + 5);
  let made = 0;
  const body = (count: number): string => {
    const out: string[] = [];
    let outstanding = 0;
    for (let left = count; left > 0; ) {
      const below = nextInt(rng, Math.min(left - 1, 20) + 1);
      out.push(`fork p${made++},${nextInt(rng, 4)} {${body(below)}}`);
      left -= below + 1;
      outstanding++;
      if (nextInt(rng, 10) < 4) {
        out.push('wait');
        outstanding--;
      }
    }
    for (; outstanding > 0; outstanding--) out.push('wait');
    return out.join(' ');
  };
  return { program: body(forks) };
}

const GENERATOR_NO_RATIO =
  "generator.py compiles its program with gcc and runs it with real sleep() calls, so its time is the program's sleeping, not a simulator's work";

export const PROBLEM_FAMILIES: ProblemFamily[] = [
  { name: 'malloc FIRST ADDRSORT', sim: 'malloc', make: (n) => mallocProblem(n, 'ADDRSORT'), ostepArgs: mallocArgs, growth: 10_000, bench: 200_000 },
  { name: 'malloc BEST SIZESORT+', sim: 'malloc', make: (n) => mallocProblem(n, 'SIZESORT+', 'BEST'), ostepArgs: mallocArgs, growth: 1_000, bench: 20_000 },
  { name: 'malloc FIRST INSERT-FRONT', sim: 'malloc', make: (n) => mallocProblem(n, 'INSERT-FRONT'), ostepArgs: mallocArgs, growth: 500, bench: 20_000 },
  { name: 'scheduler FIFO', sim: 'scheduler', make: (n) => schedulerProblem(n, 'FIFO'), ostepArgs: schedulerArgs, growth: 10_000, bench: 100_000 },
  { name: 'scheduler SJF', sim: 'scheduler', make: (n) => schedulerProblem(n, 'SJF'), ostepArgs: schedulerArgs, growth: 10_000, bench: 100_000 },
  { name: 'scheduler RR', sim: 'scheduler', make: (n) => schedulerProblem(n, 'RR'), ostepArgs: schedulerArgs, growth: 10_000, bench: 100_000 },
  { name: 'mlfq', sim: 'mlfq', make: mlfqProblem, ostepArgs: mlfqArgs, growth: 1_000, bench: 10_000 },
  { name: 'multi (4 CPUs, per-CPU queues)', sim: 'multi', make: multiProblem, ostepArgs: multiArgs, growth: 40, bench: 400 },
  { name: 'lottery', sim: 'lottery', make: lotteryProblem, ostepArgs: lotteryArgs, growth: 50, bench: 1_000 },
  { name: 'process-run', sim: 'process-run', make: processRunProblem, ostepArgs: processRunArgs, growth: 10_000, bench: 100_000 },
  { name: 'paging-policy FIFO', sim: 'paging-policy', make: (n) => pagingProblem(n, 'FIFO'), ostepArgs: pagingArgs, growth: 10_000, bench: 100_000 },
  { name: 'paging-policy LRU', sim: 'paging-policy', make: (n) => pagingProblem(n, 'LRU'), ostepArgs: pagingArgs, growth: 10_000, bench: 100_000 },
  { name: 'paging-policy OPT', sim: 'paging-policy', make: (n) => pagingProblem(n, 'OPT'), ostepArgs: pagingArgs, growth: 10_000, bench: 100_000 },
  { name: 'paging-linear-translate', sim: 'paging-linear-translate', make: linearProblem, ostepArgs: linearArgs, growth: 10_000, bench: 100_000 },
  { name: 'relocation', sim: 'relocation', make: relocationProblem, ostepArgs: relocationArgs, growth: 10_000, bench: 100_000 },
  { name: 'segmentation', sim: 'segmentation', make: segmentationProblem, ostepArgs: segmentationArgs, growth: 10_000, bench: 100_000 },
  { name: 'paging-multilevel-translate', sim: 'paging-multilevel-translate', make: multilevelProblem, ostepArgs: multilevelArgs, growth: 10_000, bench: 100_000 },
  { name: 'fork', sim: 'fork', make: forkProblem, ostepArgs: forkArgs, growth: 150, bench: 3_000 },
  {
    name: 'generator',
    sim: 'generator',
    make: generatorProblem,
    ostepArgs: (_n, input) => ['cpu-api/generator.py', '-A', (input as { program: string }).program, '-c'],
    growth: 200,
    bench: 5_000,
    noRatio: GENERATOR_NO_RATIO,
  },
  { name: 'vsfs', sim: 'vsfs', make: vsfsProblem, ostepArgs: vsfsArgs, growth: 300, bench: 3_000 },
  { name: 'fsck', sim: 'fsck', make: fsckProblem, ostepArgs: fsckArgs, growth: 1_000, bench: 10_000 },
];
