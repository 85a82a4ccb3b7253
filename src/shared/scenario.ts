import { z } from 'zod';
import type { KernelConfig } from '../sim/kernel/state.ts';
import { mergeConfig, type TimedInput } from '../sim/machine/machine.ts';
import { PROGRAMS } from '../sim/machine/programs.ts';
import { POLICIES, policyNames } from '../sim/sched/registry.ts';
import { resolveVmConfig } from '../sim/vm/config.ts';
import { ONLINE_POLICIES } from '../sim/vm/replacement.ts';
import { TLB_REPLACEMENTS } from '../sim/vm/tlb.ts';
import { VM_SCHEMES } from '../sim/vm/types.ts';
import { MAX_BRANCHES } from './limits.ts';
import { DiskActionSchema, HeapLabConfigSchema, MAX_FILE_BYTES, WinsizeSchema } from './protocol.ts';

/**
 * A scenario file: a seed, the kernel's configuration, the processes to start and the
 * keystrokes to type, each at a tick. It reproduces a run exactly. The schema is the one
 * place the format is defined; a bad file gets errors that name the field.
 */
const pid = z.number().int().min(1);
/** A program the kernel can start; a name that is not one is an error, never skipped. */
const programName = z
  .string()
  .min(1)
  .max(64)
  .refine((name) => Object.hasOwn(PROGRAMS, name), { message: 'no such program (`help` in the shell lists them)' });
const tick = z.number().int().min(0).max(1e9);

const SchedSchema = z
  .object({
    policy: z
      .string()
      .refine((p) => Object.hasOwn(POLICIES, p), { message: `unknown policy (known: ${policyNames().join(', ')})` }),
    quantum: z.number().int().min(1).max(1e6).optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const count = (max: number) => z.number().int().min(0).max(max);

/** kernel.disk: mkfs's geometry, the mount options, or a saved image (see src/sim/fs). */
const DiskSchema = z
  .object({
    geometry: z
      .object({ blockSize: count(65_536), blocks: count(1 << 20), dataBlocks: count(1 << 20), inodes: count(1 << 16), journalBlocks: count(1 << 16) })
      .partial()
      .strict()
      .optional(),
    options: z
      .object({ journal: z.enum(['none', 'ordered', 'data']), dirInsert: z.enum(['first-free', 'append']), cacheBlocks: count(1 << 16), commitEvery: count(1 << 16) })
      .partial()
      .strict()
      .optional(),
    image: z.string().max(MAX_FILE_BYTES).optional(),
  })
  .strict();

/** kernel.ipc: pipe, queue and semaphore limits (out-of-range numbers are clamped by ipc/config.ts). */
const IpcSchema = z
  .object({
    pipeCapacity: count(1 << 20),
    pipeAtomic: count(1 << 20),
    mqCapacity: count(4096),
    msgMax: count(1 << 16),
    semMax: count(1 << 30),
    shmMaxSlots: count(1 << 16),
    maxObjects: count(4096),
    signalLogCap: count(1 << 20),
  })
  .partial()
  .strict();

/**
 * kernel.vm: the translation scheme, page, address-space and memory sizes, the TLB, the
 * replacement policy and the swap area (see src/sim/vm/config.ts). The settings are checked
 * together, so a page size that does not divide memory is an error here, not at boot.
 */
const VmSchema = z
  .object({
    scheme: z.enum(VM_SCHEMES),
    pageSize: z.number().int(),
    addressSpaceSize: z.number().int(),
    physMemSize: z.number().int(),
    levels: z.number().int(),
    tlb: z
      .object({ entries: z.number().int(), ways: z.number().int(), replacement: z.enum(TLB_REPLACEMENTS), asids: z.boolean() })
      .partial()
      .strict(),
    policy: z.enum(ONLINE_POLICIES as [string, ...string[]]),
    useBits: z.number().int(),
    wsWindow: z.number().int(),
    pffHigh: z.number().int(),
    pffLow: z.number().int(),
    swapSlots: z.number().int(),
    lowWater: z.number().int(),
    highWater: z.number().int(),
    diskTicks: z.number().int(),
    codePages: z.number().int(),
    stackPages: z.number().int(),
  })
  .partial()
  .strict()
  .superRefine((v, ctx) => {
    const r = resolveVmConfig(v as Parameters<typeof resolveVmConfig>[0]);
    if ('error' in r) ctx.addIssue({ code: 'custom', message: r.error.replace(/^vm\./, '') });
  });

const KernelSchema = z
  .object({
    cpus: z.number().int().min(1).max(8).optional(),
    sched: SchedSchema.optional(),
    limits: z
      .object({
        maxProcs: z.number().int().min(4).max(100_000).optional(),
        maxFds: z.number().int().min(4).max(1024).optional(),
        syscallsPerTick: z.number().int().min(1).max(10_000).optional(),
        copyBytesPerTick: z.number().int().min(0).max(1_000_000).optional(),
      })
      .strict()
      .optional(),
    login: z
      .object({ program: programName, argv: z.array(z.string()).max(64) })
      .strict()
      .nullable()
      .optional(),
    traceCap: z.number().int().min(10).max(1_000_000).optional(),
    disk: DiskSchema.optional(),
    ipc: IpcSchema.optional(),
    heap: HeapLabConfigSchema.extend({ historyCap: z.number().int().min(0).max(100_000).optional() }).partial().strict().optional(),
    vm: VmSchema.optional(),
    /** A cache per CPU (OSTEP's multi.py model): processes with a working set run `warmRate` times as fast once it is warm. */
    cache: z
      .object({
        size: z.number().int().min(0).max(1_000_000),
        warmupTime: z.number().int().min(0).max(1_000_000),
        warmRate: z.number().int().min(1).max(16),
      })
      .strict()
      .optional(),
  })
  .strict();

const ProcessSchema = z
  .object({
    at: tick.default(0),
    program: programName,
    argv: z.array(z.string().max(4096)).max(256).optional(),
    nice: z.number().int().min(-20).max(19).optional(),
    tickets: z.number().int().min(1).max(1_000_000).optional(),
    priority: z.number().int().min(0).max(139).optional(),
    expected: z.number().int().min(0).optional(),
    /** CPUs it may run on (honoured with per-CPU run queues). */
    affinity: z.array(z.number().int().min(0).max(7)).min(1).max(8).optional(),
    /** Lottery ticket currency (see the lottery policy's `currencies` option). */
    currency: z.string().min(1).max(40).optional(),
    /** Memory it touches as it runs, in the units of kernel.cache's size. */
    workingSet: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict();

const InputSchema = z.union([
  z.object({ at: tick, tty: z.string().max(65_536) }).strict(),
  z.object({ at: tick, signal: z.number().int().min(1).max(31), pid }).strict(),
  z.object({ at: tick, disk: DiskActionSchema }).strict(),
  /** The terminal's window was resized to this many columns and rows. */
  z.object({ at: tick, winsize: WinsizeSchema }).strict(),
]);

/**
 * Another branch of the same run (same seed and kernel): its whole input log from tick 0,
 * the tick where it leaves the saved line's history, how far it was run, and what set it
 * apart. Loading the file keeps each as a branch to switch to.
 */
const BranchSchema = z
  .object({
    fork: tick,
    until: tick,
    note: z.string().max(200).optional(),
    processes: z.array(ProcessSchema).max(100_000).default([]),
    inputs: z.array(InputSchema).max(1_000_000).default([]),
  })
  .strict()
  .refine((b) => b.until >= b.fork, { message: 'must not be before fork', path: ['until'] });

export const ScenarioSchema = z
  .object({
    glassbox: z.literal(1, { message: 'must be 1 (the scenario format version)' }),
    name: z.string().max(200).default('Untitled'),
    description: z.string().max(10_000).optional(),
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    kernel: KernelSchema.default({}),
    processes: z.array(ProcessSchema).max(100_000).default([]),
    inputs: z.array(InputSchema).max(1_000_000).default([]),
    until: tick.optional(),
    branches: z.array(BranchSchema).max(MAX_BRANCHES - 1).optional(),
  })
  .strict();

export type Scenario = z.infer<typeof ScenarioSchema>;

export interface FieldError {
  /** Dotted path of the offending field, e.g. "kernel.sched.quantum" or "processes[2].program". */
  field: string;
  message: string;
}

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; errors: FieldError[] };

function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(top level)';
}

/** Parses and validates scenario text. Never throws. */
export function parseScenario(text: string): LoadResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [{ field: '(file)', message: `not valid JSON: ${(err as Error).message}` }] };
  }
  return validateScenario(raw);
}

/** Validates a scenario that is already an object (one the host built, or parsed JSON). Never throws. */
export function validateScenario(raw: unknown): LoadResult {
  const r = ScenarioSchema.safeParse(raw);
  if (!r.success) {
    return { ok: false, errors: r.error.issues.map((i) => ({ field: fieldPath(i.path), message: i.message })) };
  }
  return { ok: true, scenario: r.data };
}

/** Errors as lines: "kernel.sched.quantum: expected number". */
export function describeErrors(errors: FieldError[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join('\n');
}

/** The kernel configuration a scenario asks for, with defaults filled in. */
export function scenarioConfig(sc: Scenario): KernelConfig {
  const k = sc.kernel;
  const base = mergeConfig();
  return mergeConfig({
    ...(k as Partial<KernelConfig>),
    seed: sc.seed,
    cpus: k.cpus ?? base.cpus,
    sched: { ...base.sched, ...k.sched, quantum: k.sched?.quantum ?? base.sched.quantum },
    limits: { ...base.limits, ...k.limits },
    login: k.login === undefined ? base.login : k.login,
    traceCap: k.traceCap ?? base.traceCap,
  });
}

/** The scenario's processes and keystrokes as kernel inputs, sorted by tick (stable). */
export function scenarioInputs(sc: Pick<Scenario, 'processes' | 'inputs'>): TimedInput[] {
  const out: TimedInput[] = [];
  for (const p of sc.processes) {
    out.push({
      tick: p.at,
      kind: 'spawn',
      request: {
        program: p.program,
        argv: p.argv ?? [p.program],
        sched: { nice: p.nice, tickets: p.tickets, priority: p.priority, expected: p.expected ?? null, affinity: p.affinity ?? null, currency: p.currency ?? null, workingSet: p.workingSet ?? null },
      },
    });
  }
  for (const i of sc.inputs) {
    if ('tty' in i) out.push({ tick: i.at, kind: 'tty', data: i.tty });
    else if ('disk' in i) out.push({ tick: i.at, kind: 'disk', action: i.disk });
    else if ('winsize' in i) out.push({ tick: i.at, kind: 'winsize', ...i.winsize });
    else out.push({ tick: i.at, kind: 'signal', pid: i.pid, sig: i.signal });
  }
  return out.map((x, i) => [x, i] as const).sort((a, b) => a[0].tick - b[0].tick || a[1] - b[1]).map(([x]) => x);
}

/** A scenario that reproduces a session: its configuration and every input it received. */
export function toScenario(name: string, config: KernelConfig, inputs: readonly TimedInput[], until?: number): Scenario {
  const { seed, cpus, sched, limits, login, traceCap, ...rest } = config;
  const scInputs: Scenario['inputs'] = [];
  for (const i of inputs) {
    if (i.kind === 'tty') scInputs.push({ at: i.tick, tty: i.data });
    else if (i.kind === 'signal') scInputs.push({ at: i.tick, signal: i.sig, pid: i.pid });
    else if (i.kind === 'disk') scInputs.push({ at: i.tick, disk: i.action });
    else if (i.kind === 'winsize') scInputs.push({ at: i.tick, winsize: { cols: i.cols, rows: i.rows } });
  }
  return {
    glassbox: 1,
    name,
    seed,
    kernel: { ...rest, cpus, sched, limits, login, traceCap },
    processes: spawnsAsProcesses(inputs),
    inputs: scInputs,
    ...(until === undefined ? {} : { until }),
  };
}

function spawnsAsProcesses(inputs: readonly TimedInput[]): Scenario['processes'] {
  const processes: Scenario['processes'] = [];
  for (const i of inputs) {
    if (i.kind !== 'spawn') continue;
    const r = i.request;
    processes.push({
      at: i.tick,
      program: r.program,
      argv: r.argv,
      ...(r.sched?.nice === undefined ? {} : { nice: r.sched.nice }),
      ...(r.sched?.tickets === undefined ? {} : { tickets: r.sched.tickets }),
      ...(r.sched?.priority === undefined ? {} : { priority: r.sched.priority }),
      ...(r.sched?.expected == null ? {} : { expected: r.sched.expected }),
      ...(r.sched?.affinity == null ? {} : { affinity: [...r.sched.affinity] }),
      ...(r.sched?.currency == null ? {} : { currency: r.sched.currency }),
      ...(r.sched?.workingSet == null ? {} : { workingSet: r.sched.workingSet }),
    });
  }
  return processes;
}
