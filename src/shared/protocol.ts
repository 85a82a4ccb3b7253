import type { Patch } from 'immer';
import { z } from 'zod';
import type { KernelState } from '../sim/kernel/state.ts';
import type { HeapLab } from '../sim/labs/memory.ts';
import type { ForkLabResult } from '../sim/labs/proctree.ts';
import type { LabResult } from '../sim/labs/sched.ts';
import { COALESCING, DESIGNS, LIST_ORDERS, PLACEMENTS } from '../sim/memory/config.ts';
import type { FieldError } from './scenario.ts';

/**
 * The one declaration of everything that crosses between the host (main) and the
 * renderer. Commands go renderer -> main and get one reply each; events stream main ->
 * renderer. The Electron preload and the browser's WebSocket client both implement
 * GlassboxApi, so the renderer never knows which transport it has. Everything arriving
 * in main is parsed with CommandSchema first: the renderer is untrusted.
 */
export const MAX_STEP = 10_000_000;
export const MAX_SPEED = 10_000_000;
export const MAX_TTY_INPUT = 65_536;
/**
 * The one limit on a file the UI opens (a scenario or a disk image), stated in its menus.
 * A 64 MiB disk in base64 is about 90 MB; images that large are for the command line.
 */
export const MAX_FILE_BYTES = 20_000_000;
export const MAX_SCENARIO_BYTES = MAX_FILE_BYTES;
export const MAX_DISK_IMAGE_BYTES = MAX_FILE_BYTES;
/** The limit as people read it: "20 MB". */
export const MAX_FILE_LABEL = `${MAX_FILE_BYTES / 1_000_000} MB`;
/**
 * The largest message a transport carries: a file at the limit inside a command, with room
 * for JSON's escaping of its quotes and newlines. The server closes a connection that sends
 * more with code 1009 before reading it; the client refuses to send one.
 */
export const MAX_MESSAGE_BYTES = Math.ceil(MAX_FILE_BYTES * 1.5) + 65_536;

/** What the file-system lab may do to the disk (see src/sim/kernel/disk-control.ts). */
export const DiskActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('arm-crash'), afterWrites: z.number().int().min(0).max(1_000_000) }).strict(),
  z.object({ action: z.literal('arm-random-crash'), within: z.number().int().min(1).max(1_000_000) }).strict(),
  z.object({ action: z.literal('disarm') }).strict(),
  z.object({ action: z.literal('power-cycle') }).strict(),
  z.object({ action: z.literal('fsck'), repair: z.boolean() }).strict(),
]);

/** A workload as text: OSTEP's job-list flags or one job per line (see src/sim/labs/sched.ts). */
export const WorkloadTextSchema = z
  .object({
    format: z.enum(['scheduler', 'lottery', 'mlfq', 'process-run', 'jobs']),
    text: z.string().max(100_000),
    ioTime: z.number().int().min(0).max(10_000).optional(),
    seed: z.number().int().min(0).max(0xffffffff).optional(),
  })
  .strict();

export const SchedConfigSchema = z
  .object({
    policy: z.string().max(40),
    quantum: z.number().int().min(1).max(1_000_000),
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** The allocator lab: the longest trace text it accepts, and one configuration to compare. */
export const MAX_HEAP_TRACE = 200_000;
const heapBytes = z.number().int().min(0).max(1 << 24);
export const HeapLabConfigSchema = z
  .object({
    design: z.enum(DESIGNS),
    policy: z.enum(PLACEMENTS).optional(),
    order: z.enum(LIST_ORDERS).optional(),
    coalesce: z.enum(COALESCING).optional(),
    base: z.number().int().min(0).max(2 ** 32).optional(),
    size: heapBytes.min(1).optional(),
    headerSize: z.number().int().min(0).max(4096).optional(),
    align: z.number().int().min(1).max(4096).optional(),
    minSplit: heapBytes.min(1).optional(),
    minBlock: heapBytes.min(1).optional(),
    classes: z.array(heapBytes.min(1)).max(64).optional(),
  })
  .strict();

export const CommandSchema = z.discriminatedUnion('cmd', [
  z.object({ cmd: z.literal('hello') }).strict(),
  z.object({ cmd: z.literal('play') }).strict(),
  z.object({ cmd: z.literal('pause') }).strict(),
  z.object({ cmd: z.literal('step'), n: z.number().int().min(1).max(MAX_STEP) }).strict(),
  z.object({ cmd: z.literal('stepBack'), n: z.number().int().min(1).max(MAX_STEP) }).strict(),
  z.object({ cmd: z.literal('seek'), tick: z.number().int().min(0).max(1e12) }).strict(),
  z.object({ cmd: z.literal('setSpeed'), ticksPerSecond: z.number().min(0.1).max(MAX_SPEED) }).strict(),
  z.object({ cmd: z.literal('ttyInput'), data: z.string().max(MAX_TTY_INPUT) }).strict(),
  z.object({ cmd: z.literal('loadScenario'), json: z.string().max(MAX_SCENARIO_BYTES), name: z.string().max(200).optional() }).strict(),
  z.object({ cmd: z.literal('saveScenario') }).strict(),
  z.object({ cmd: z.literal('reset') }).strict(),
  z.object({ cmd: z.literal('signal'), pid: z.number().int().min(1), sig: z.number().int().min(1).max(31) }).strict(),
  z.object({ cmd: z.literal('disk'), action: DiskActionSchema }).strict(),
  z.object({ cmd: z.literal('spawn'), program: z.string().min(1).max(64), argv: z.array(z.string().max(4096)).max(256) }).strict(),
  z.object({ cmd: z.literal('heapLab'), trace: z.string().max(MAX_HEAP_TRACE), configs: z.array(HeapLabConfigSchema).min(2).max(4) }).strict(),
  z
    .object({ cmd: z.literal('schedLab'), workload: WorkloadTextSchema, policies: z.array(SchedConfigSchema).min(1).max(4), cpus: z.number().int().min(1).max(8) })
    .strict(),
  z.object({ cmd: z.literal('loadWorkload'), workload: WorkloadTextSchema, sched: SchedConfigSchema, cpus: z.number().int().min(1).max(8) }).strict(),
  z.object({ cmd: z.literal('saveDiskImage') }).strict(),
  z.object({ cmd: z.literal('reconfigure'), sched: SchedConfigSchema, cpus: z.number().int().min(1).max(8) }).strict(),
  z
    .object({ cmd: z.literal('forkLab'), actions: z.array(z.string().max(40)).max(500), leafOnly: z.boolean(), localReparent: z.boolean() })
    .strict(),
  z.object({ cmd: z.literal('loadDiskImage'), text: z.string().max(MAX_DISK_IMAGE_BYTES), name: z.string().max(200) }).strict(),
]);

export type Command = z.infer<typeof CommandSchema>;
export type CommandName = Command['cmd'];

/** Where the session is in time, and how it moves. */
export interface SessionStatus {
  tick: number;
  playing: boolean;
  /** Ticks per second while playing. */
  speed: number;
  /** The furthest tick this timeline has reached (the scrubber's end). */
  maxTick: number;
  scenarioName: string;
}

export interface Hello {
  state: KernelState;
  status: SessionStatus;
  /** Program names that exist, for the UI's menus. */
  programs: string[];
  policies: string[];
}

export interface CommandResults {
  hello: Hello;
  play: SessionStatus;
  pause: SessionStatus;
  step: SessionStatus;
  stepBack: SessionStatus;
  seek: SessionStatus;
  setSpeed: SessionStatus;
  ttyInput: SessionStatus;
  loadScenario: { ok: true; status: SessionStatus } | { ok: false; errors: FieldError[] };
  saveScenario: { name: string; json: string };
  reset: SessionStatus;
  signal: { ok: boolean; error?: string };
  disk: SessionStatus;
  /** A program started as a child of init (logged as an input, so replays and saved scenarios repeat it). */
  spawn: { ok: true; pid: number; status: SessionStatus } | { ok: false; error: string };
  heapLab: HeapLab | { error: string };
  schedLab: LabResult;
  loadWorkload: { ok: true; status: SessionStatus } | { ok: false; errors: FieldError[] };
  saveDiskImage: { name: string; text: string };
  reconfigure: { ok: true; status: SessionStatus } | { ok: false; errors: FieldError[] };
  forkLab: ForkLabResult;
  loadDiskImage: { ok: true; status: SessionStatus; problem: string | null } | { ok: false; error: string };
}

export type Reply<C extends CommandName> = { ok: true; result: CommandResults[C] } | { ok: false; error: string };

export type GlassboxEvent =
  /** The whole state: on connect, and after a jump in time (step back, seek, load). */
  | { kind: 'snapshot'; state: KernelState; status: SessionStatus }
  /** What changed since the previous event, as immer patches. */
  | { kind: 'patch'; patches: Patch[]; status: SessionStatus }
  | { kind: 'status'; status: SessionStatus };

export interface GlassboxApi {
  request<C extends Command>(command: C): Promise<Reply<C['cmd']>>;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: GlassboxEvent) => void): () => void;
  /** The user's files: a native dialog in the desktop app, upload/download in a browser. */
  files: FileAccess;
  /** Called if the link to the host is lost (the browser edition's socket closed). */
  onDisconnect?(listener: () => void): void;
}

export interface FileAccess {
  /** Asks the user for a scenario file; null if they cancelled. */
  openScenario(): Promise<{ name: string; json: string } | null>;
  /** Asks the user for a disk image file; null if they cancelled. */
  openDiskImage(): Promise<{ name: string; text: string } | null>;
  /** Asks the user where to save `text`; false if they cancelled or it failed. */
  saveText(suggestedName: string, text: string): Promise<boolean>;
}

/** Wire format: a request carries an id; its reply echoes the id. Events carry none. */
export type WireRequest = { id: number; command: unknown };
export type WireMessage = { id: number; reply: Reply<CommandName> } | { event: GlassboxEvent };

/** Validates an untrusted command. The error names the bad field. */
export function parseCommand(raw: unknown): { ok: true; command: Command } | { ok: false; error: string } {
  const r = CommandSchema.safeParse(raw);
  if (r.success) return { ok: true, command: r.data };
  const issue = r.error.issues[0];
  const where = issue.path.length ? issue.path.join('.') : 'command';
  return { ok: false, error: `invalid command: ${where}: ${issue.message}` };
}
