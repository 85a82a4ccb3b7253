import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJson } from '../sim/ostep/json-text.ts';
import { JsonWriter } from '../sim/ostep/json-writer.ts';
import { answer } from '../sim/ostep/index.ts';
import { PROBLEM_FAMILIES, type ProblemFamily } from './ostep-problems.ts';
import type { Benchmark } from './types.ts';

/**
 * The OSTEP simulators, three ways:
 * - growth: each problem family answered in process (answer and JSON text, no I/O) at n
 *   and 10n. The exponent k is log(time ratio) / log(size ratio), where size is the input
 *   plus the answer in characters, so an answer that is longer by nature (lottery prints
 *   every job at every decision) is not counted against the solver. k > 1.3 fails the
 *   benchmark: a solver has gone worse than O(n log n) of its input plus output.
 * - bench size: the problems the targets name, through the real command (`glassbox
 *   conform`, as the conformance checker runs it), with wall time and peak memory. Peak
 *   memory over 300 MiB fails the benchmark.
 * - side by side: where python3 and an OSTEP tree (OSTEP_DIR) are present, OSTEP runs a
 *   problem of the same size (the same problem where its flags can carry it) and the ratio
 *   and both peak memories are printed; otherwise the line says why there is no ratio.
 */

const MAX_K = 1.3;
const MAX_RSS_MIB = 300;
const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'glassbox.cjs');

/** CPU milliseconds this process has used (user and system), steadier than wall time on a busy machine. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Answers in process, discarding the text. Returns CPU milliseconds and the answer's length in bytes. */
function answerOnce(sim: string, input: unknown): { ms: number; chars: number } {
  const t0 = cpuMs();
  let chars = 0;
  const w = new JsonWriter((bytes) => {
    chars += bytes.length;
  });
  writeJson(w, answer(sim, input));
  w.flush();
  return { ms: cpuMs() - t0, chars };
}

/** CPU time per answer in one round: repeated until at least `minMs` in all (a few milliseconds are mostly timer noise). */
function timeRound(sim: string, input: unknown, minMs: number): { ms: number; chars: number } {
  let total = 0;
  let runs = 0;
  let chars = 0;
  do {
    const one = answerOnce(sim, input);
    total += one.ms;
    chars = one.chars;
    runs++;
  } while (total < minMs);
  return { ms: total / runs, chars };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * CPU time per answer at n and at 10n: the median of `rounds` rounds at each, taken in
 * turn, after a warm-up at each. The first answer at 10n pays for growing the heap to its
 * size and the first at n for compiling; a single such run read as the time once made a
 * linear solver look like size^1.28.
 */
function timePair(sim: string, small: unknown, large: unknown, minMs: number, rounds: number) {
  answerOnce(sim, small);
  answerOnce(sim, large);
  const a: number[] = [];
  const b: number[] = [];
  let charsA = 0;
  let charsB = 0;
  for (let r = 0; r < rounds; r++) {
    const x = timeRound(sim, small, minMs);
    const y = timeRound(sim, large, minMs);
    a.push(x.ms);
    b.push(y.ms);
    charsA = x.chars;
    charsB = y.chars;
  }
  return { a: { ms: median(a), chars: charsA }, b: { ms: median(b), chars: charsB } };
}

/** `check` false is quick mode: one run at each size, nothing judged. */
function growth(f: ProblemFamily, n: number, check: boolean, fail: (why: string) => void): string {
  const small = f.make(n);
  const large = f.make(10 * n);
  const { a, b } = timePair(f.sim, small, large, check ? 100 : 0, check ? 3 : 1);
  const sizeA = JSON.stringify(small).length + a.chars;
  const sizeB = JSON.stringify(large).length + b.chars;
  const k = Math.log(b.ms / a.ms) / Math.log(sizeB / sizeA);
  const bad = check && k > MAX_K;
  if (bad) fail(`${f.name}: time grows as size^${k.toFixed(2)} from n=${n} to ${10 * n} (limit ${MAX_K})`);
  return (
    `  ${f.name.padEnd(28)} n=${String(n).padStart(7)}: ${a.ms.toFixed(1).padStart(8)} ms   10n: ${b.ms.toFixed(1).padStart(9)} ms   ` +
    `size x${(sizeB / sizeA).toFixed(1).padStart(5)}   k = ${k.toFixed(2)}${bad ? '  FAIL' : ''}`
  );
}

interface CommandRun {
  ok: boolean;
  /** Wall time, and the CPU time (user and system) the program used: on a busy machine the second is the steadier. */
  seconds: number;
  cpuSeconds: number;
  peakMiB: number;
  error?: string;
}

// Reports the command's peak memory and CPU time on the way out, without the command knowing.
const REPORT_RSS = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nglassbox-bench-maxrss '+u.maxRSS+' '+(u.userCPUTime+u.systemCPUTime)+'\\n')})`;

/** One problem through `glassbox conform`, input from a file and the answer thrown away. */
function viaCommand(sim: string, inputFile: string): CommandRun {
  const stdin = openSync(inputFile, 'r');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', REPORT_RSS, bin, 'conform', sim], {
    stdio: [stdin, 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const seconds = (performance.now() - t0) / 1000;
  closeSync(stdin);
  const m = /glassbox-bench-maxrss (\d+) (\d+)/.exec(r.stderr ?? '');
  const peakMiB = m ? Number(m[1]) / 1024 : Number.NaN;
  const cpuSeconds = m ? Number(m[2]) / 1e6 : Number.NaN;
  if (r.status !== 0) return { ok: false, seconds, cpuSeconds, peakMiB, error: `exit status ${r.status}: ${(r.stderr ?? '').trim().slice(0, 200)}` };
  return { ok: true, seconds, cpuSeconds, peakMiB };
}

// Runs OSTEP's program under a Python wrapper that times it and reads its peak memory.
const PY_WRAPPER = [
  'import resource, subprocess, sys, time',
  't = time.perf_counter()',
  'r = subprocess.run([sys.executable] + sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)',
  'dt = time.perf_counter() - t',
  'u = resource.getrusage(resource.RUSAGE_CHILDREN)',
  // The last line of a failed run's errors (a traceback ends with its cause) goes first.
  "last = r.stderr.decode('utf8', 'replace').strip().splitlines()[-1:] if r.returncode else []",
  "sys.stderr.write(''.join(l + '\\n' for l in last))",
  "sys.stderr.write('%d %f %f %d\\n' % (r.returncode, dt, u.ru_utime + u.ru_stime, u.ru_maxrss))",
].join('\n');

function viaOstep(ostepDir: string, args: string[]): CommandRun {
  const [script, ...rest] = args;
  const r = spawnSync('python3', ['-c', PY_WRAPPER, join(ostepDir, script), ...rest], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const m = /(-?\d+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr ?? '');
  if (!m) return { ok: false, seconds: Number.NaN, cpuSeconds: Number.NaN, peakMiB: Number.NaN, error: (r.stderr ?? r.error?.message ?? '').trim().slice(0, 200) };
  const cause = (r.stderr ?? '').slice(0, m.index).trim().slice(-200);
  const error = m[1] === '0' ? undefined : `exit status ${m[1]}${cause ? `: ${cause}` : ''}`;
  return { ok: m[1] === '0', seconds: Number(m[2]), cpuSeconds: Number(m[3]), peakMiB: Number(m[4]) / 1024, error };
}

/** Why OSTEP cannot be run here, or null when it can. */
function ostepMissing(): string | null {
  const py = spawnSync('python3', ['-c', 'pass']);
  if (py.error || py.status !== 0) return 'python3 is not installed';
  const dir = process.env.OSTEP_DIR;
  if (!dir) return 'OSTEP_DIR is not set (point it at a checkout of ostep-homework)';
  if (!existsSync(join(dir, 'vm-freespace', 'malloc.py'))) return `OSTEP_DIR (${dir}) holds no vm-freespace/malloc.py`;
  return null;
}

const fmtRun = (r: CommandRun): string =>
  r.ok ? `${r.seconds.toFixed(3).padStart(7)} s (CPU ${r.cpuSeconds.toFixed(3).padStart(7)} s), peak ${r.peakMiB.toFixed(0).padStart(4)} MiB` : `failed (${r.error})`;

/** How many times the first run's time the second's is, wall and CPU. */
const ratio = (a: CommandRun, b: CommandRun, digits: number): string =>
  `${(b.seconds / a.seconds).toFixed(digits)}x (CPU ${(b.cpuSeconds / a.cpuSeconds).toFixed(digits)}x)`;

/** Whether a family is among those asked for: its name or its simulator's holds one of the words (any case). */
const isChosen = (f: ProblemFamily, only: readonly string[]): boolean =>
  only.length === 0 || only.some((w) => f.name.toLowerCase().includes(w.toLowerCase()) || f.sim.toLowerCase().includes(w.toLowerCase()));

/** The first case of each chosen family's conformance file: the tiniest problems, with OSTEP's own flags. */
function tiniest(families: readonly ProblemFamily[]): Array<{ sim: string; input: unknown; args: string[]; noRatio?: string }> {
  const dir = join(root, 'tests', 'conformance', 'ostep');
  const sims = [...new Set(families.map((f) => f.sim))];
  return sims.map((sim) => {
    const cases = JSON.parse(readFileSync(join(dir, `${sim}.json`), 'utf8')) as Array<{ input: unknown; args: string[] }>;
    return { sim, input: cases[0].input, args: cases[0].args, noRatio: PROBLEM_FAMILIES.find((f) => f.sim === sim)?.noRatio };
  });
}

export const ostepBench: Benchmark = {
  name: 'ostep',
  description: "OSTEP's simulators: growth from n to 10n, time and peak memory at bench size through the command, and against OSTEP",
  run({ quick, only = [], fail = () => {} }) {
    const out: string[] = [];
    const families = PROBLEM_FAMILIES.filter((f) => isChosen(f, only));
    if (families.length === 0) {
      fail(`no problem family matches ${only.join(', ')} (families: ${PROBLEM_FAMILIES.map((f) => f.name).join(', ')})`);
      return out;
    }
    const scale = quick ? 0.01 : 1;
    const tmp = mkdtempSync(join(tmpdir(), 'glassbox-ostep-'));
    try {
      out.push(`growth (CPU time in process, answer written to nowhere; fails when k > ${MAX_K}${quick ? '; not checked in quick mode' : ''}):`);
      for (const f of families) out.push(growth(f, Math.max(10, Math.round(f.growth * scale)), !quick, fail));

      const missing = ostepMissing();
      const ostepDir = process.env.OSTEP_DIR ?? '';
      out.push(missing ? `OSTEP side by side: no ratios, because ${missing}` : `OSTEP side by side: OSTEP_DIR=${ostepDir}`);
      const pyFloor = missing === 'python3 is not installed' ? null : viaOstep('', ['-c', 'pass']);
      if (pyFloor?.ok) out.push(`  python3 start-up (python3 -c pass): ${fmtRun(pyFloor)}`);

      out.push('tiniest problems (the first conformance case of each), through `glassbox conform`:');
      for (const t of quick ? tiniest(families).slice(0, 1) : tiniest(families)) {
        const file = join(tmp, `${t.sim}-tiny.json`);
        writeFileSync(file, JSON.stringify(t.input));
        const g = viaCommand(t.sim, file);
        if (!g.ok) fail(`${t.sim} (tiniest): ${g.error}`);
        let line = `  ${t.sim.padEnd(28)} glassbox ${fmtRun(g)}`;
        if (t.noRatio) {
          line += `   OSTEP: no ratio, because ${t.noRatio}`;
        } else if (!missing) {
          const o = viaOstep(ostepDir, t.args);
          line += `   OSTEP ${fmtRun(o)}${o.ok && g.ok ? `   glassbox/OSTEP time ${ratio(o, g, 2)}` : ''}`;
        }
        out.push(line);
      }

      out.push(`bench-size problems through \`glassbox conform\` (fails when the peak passes ${MAX_RSS_MIB} MiB):`);
      for (const f of quick ? families.slice(0, 1) : families) {
        const n = Math.max(10, Math.round(f.bench * scale));
        const input = f.make(n);
        const file = join(tmp, `${f.sim}.json`);
        writeFileSync(file, JSON.stringify(input));
        const g = viaCommand(f.sim, file);
        if (!g.ok) fail(`${f.name} n=${n}: ${g.error}`);
        else if (g.peakMiB > MAX_RSS_MIB) fail(`${f.name} n=${n}: peak memory ${g.peakMiB.toFixed(0)} MiB (limit ${MAX_RSS_MIB})`);
        let line = `  ${f.name.padEnd(28)} n=${String(n).padStart(7)}: glassbox ${fmtRun(g)}`;
        if (f.noRatio) {
          line += '   OSTEP: no ratio (see the tiniest problems)';
        } else if (!missing) {
          const o = viaOstep(ostepDir, f.ostepArgs(n, input));
          line += `   OSTEP ${fmtRun(o)}${o.ok && g.ok ? `   OSTEP/glassbox time ${ratio(g, o, 1)}` : ''}`;
        }
        out.push(line);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    return out;
  },
};
