import type { Patch } from 'immer';
import { z } from 'zod';
import type { KernelState } from '../sim/kernel/state.ts';
import type { HeapLab } from '../sim/labs/memory.ts';
import type { PagingLab } from '../sim/labs/paging.ts';
import type { ForkLabResult } from '../sim/labs/proctree.ts';
import type { LabResult } from '../sim/labs/sched.ts';
import { COALESCING, DESIGNS, LIST_ORDERS, PLACEMENTS } from '../sim/memory/config.ts';
import { MAX_WINSIZE } from '../sim/tty/tty.ts';
import { REPLACEMENT_POLICIES, type ReplacementPolicy } from '../sim/vm/replacement.ts';
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
export { MAX_DISK_IMAGE_BYTES, MAX_FILE_BYTES, MAX_FILE_LABEL, MAX_MESSAGE_BYTES, MAX_SCENARIO_BYTES } from './limits.ts';
import { MAX_DISK_IMAGE_BYTES, MAX_SCENARIO_BYTES } from './limits.ts';

/** What the file-system lab may do to the disk (see src/sim/kernel/disk-control.ts). */
export const DiskActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('arm-crash'), afterWrites: z.number().int().min(0).max(1_000_000) }).strict(),
  z.object({ action: z.literal('arm-random-crash'), within: z.number().int().min(1).max(1_000_000) }).strict(),
  z.object({ action: z.literal('disarm') }).strict(),
  z.object({ action: z.literal('power-cycle') }).strict(),
  z.object({ action: z.literal('fsck'), repair: z.boolean() }).strict(),
]);

/** A terminal window's size in character cells, as xterm's fit reports it. */
export const WinsizeSchema = z
  .object({ cols: z.number().int().min(1).max(MAX_WINSIZE), rows: z.number().int().min(1).max(MAX_WINSIZE) })
  .strict();

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

/**
 * Declares one command: the schema of its arguments and, as a type only, what it answers
 * when it succeeds. Used as `command<Answer>()({ ...argument schemas })`.
 */
const command =
  <Answer>() =>
  <Shape extends z.ZodRawShape>(args: Shape) => ({ args: z.object(args).strict(), answer: null as unknown as Answer });

/**
 * THE COMMAND TABLE: every command the renderer may send, declared once. The validator
 * (parseCommand), the types of GlassboxApi.request and the host's dispatcher
 * (main/commands.ts must give each entry a handler) all derive from it, so adding a
 * command is one entry here and one handler there.
 */
export const COMMANDS = {
  hello: command<Hello>()({}),
  play: command<SessionStatus>()({}),
  pause: command<SessionStatus>()({}),
  step: command<SessionStatus>()({ n: z.number().int().min(1).max(MAX_STEP) }),
  stepBack: command<SessionStatus>()({ n: z.number().int().min(1).max(MAX_STEP) }),
  seek: command<SessionStatus>()({ tick: z.number().int().min(0).max(1e12) }),
  /** `hurry`: whether a command typed at the terminal runs fast while it works in the foreground. */
  setSpeed: command<SessionStatus>()({ ticksPerSecond: z.number().min(0.1).max(MAX_SPEED), hurry: z.boolean().optional() }),
  ttyInput: command<SessionStatus>()({ data: z.string().max(MAX_TTY_INPUT) }),
  /** The terminal's window now has this size (logged as an input; the foreground job gets SIGWINCH). */
  resizeTty: command<SessionStatus>()(WinsizeSchema.shape),
  /**
   * Scenario text as the user's file holds it; its errors name the field. `warnings` says
   * what the kernel turned down as it started (processes over the process limit).
   */
  loadScenario: command<{ status: SessionStatus; warnings: string[] }>()({ json: z.string().max(MAX_SCENARIO_BYTES), name: z.string().max(200).optional() }),
  /** `branches`: how many kept branches the file carries, and how many (of other scenarios) it cannot. */
  saveScenario: command<{ name: string; json: string; branches: { saved: number; leftOut: number } }>()({}),
  reset: command<SessionStatus>()({}),
  signal: command<SessionStatus>()({ pid: z.number().int().min(1), sig: z.number().int().min(1).max(31) }),
  disk: command<SessionStatus>()({ action: DiskActionSchema }),
  /** A program started as a child of init (logged as an input, so replays and saved scenarios repeat it). */
  spawn: command<{ pid: number; status: SessionStatus }>()({ program: z.string().min(1).max(64), argv: z.array(z.string().max(4096)).max(256) }),
  heapLab: command<HeapLab>()({ trace: z.string().max(MAX_HEAP_TRACE), configs: z.array(HeapLabConfigSchema).min(2).max(4) }),
  schedLab: command<Extract<LabResult, { ok: true }>>()({ workload: WorkloadTextSchema, policies: z.array(SchedConfigSchema).min(1).max(4), cpus: z.number().int().min(1).max(8) }),
  loadWorkload: command<{ status: SessionStatus }>()({ workload: WorkloadTextSchema, sched: SchedConfigSchema, cpus: z.number().int().min(1).max(8) }),
  saveDiskImage: command<{ name: string; text: string }>()({}),
  reconfigure: command<{ status: SessionStatus }>()({ sched: SchedConfigSchema, cpus: z.number().int().min(1).max(8) }),
  forkLab: command<Extract<ForkLabResult, { ok: true }>>()({ actions: z.array(z.string().max(40)).max(500), leafOnly: z.boolean(), localReparent: z.boolean() }),
  /** One reference string under 1 to 4 page-replacement policies (src/sim/labs/paging.ts). */
  pagingLab: command<PagingLab>()({
    refs: z.string().max(1_000_000),
    frames: z.number().int().min(1).max(1024),
    policies: z.array(z.enum(REPLACEMENT_POLICIES as [ReplacementPolicy, ...ReplacementPolicy[]])).min(1).max(4),
    useBits: z.number().int().min(1).max(4).optional(),
    seed: z.number().int().min(0).max(0xffffffff).optional(),
  }),
  /** Every branch of the timeline (see main/branches.ts). */
  branches: command<{ current: number; branches: BranchInfo[] }>()({}),
  /** Re-enters a kept branch at `tick` (its end when left out), keeping the current one as a branch. */
  switchBranch: command<{ status: SessionStatus }>()({ id: z.number().int().min(1).max(1e9), tick: z.number().int().min(0).max(1e12).optional() }),
  /** Boots from a disk image; `problem` is the warning when it is damaged but usable. */
  loadDiskImage: command<{ status: SessionStatus; problem: string | null }>()({ text: z.string().max(MAX_DISK_IMAGE_BYTES), name: z.string().max(200) }),
};

export type CommandName = keyof typeof COMMANDS;
/** A command's arguments, without its name. */
export type CommandArgs<C extends CommandName> = NoIndex<z.infer<(typeof COMMANDS)[C]['args']>>;
/** A strict empty object infers as an index signature of `never`; as arguments it means none. */
type NoIndex<T> = string extends keyof T ? Record<never, never> : T;
/** What a command answers when it succeeds. */
export type CommandResult<C extends CommandName> = (typeof COMMANDS)[C]['answer'];
/** A command as sent: its name in `cmd`, beside its arguments. */
export type Command = { [C in CommandName]: { cmd: C } & CommandArgs<C> }[CommandName];

/** The one shape of a reply. A failure says what was wrong; a bad scenario's field errors come in `errors`. */
export type Reply<R> = { ok: true; result: R } | { ok: false; error: string; errors?: FieldError[] };
/** The reply to command C. */
export type ReplyTo<C extends CommandName> = Reply<CommandResult<C>>;

/** Where the session is in time, and how it moves. */
export interface SessionStatus {
  tick: number;
  playing: boolean;
  /** Ticks per second while playing. */
  speed: number;
  /** Whether a command typed at the terminal runs fast while it works in the foreground. */
  hurry: boolean;
  /** True while it is doing so now. */
  hurrying: boolean;
  /** Ticks per second actually run lately while playing (below `speed` when the host cannot keep up). */
  achievedSpeed: number | null;
  /** The furthest tick this timeline has reached (the scrubber's end). */
  maxTick: number;
  scenarioName: string;
  /** The current branch of the timeline, how many there are, and the last branch made or switched to. */
  branch: { id: number; count: number; change: BranchChange | null };
  /** How far back stepping is instant (see KeptHistory); null before any frame is kept. */
  history: KeptHistory | null;
  /**
   * The current line's inputs the kernel turned down so far (a process over the process
   * limit, a signal to no one), in the words `glassbox run` prints; they are said again
   * whenever one more comes, at whatever tick.
   */
  refusals: string[];
}

/**
 * The past frames a session keeps, bounded in number and in memory: stepping back to a
 * tick from `from` on shows it at once (every frame from `everyFrameFrom`, one in a few
 * before it); an older tick is replayed from tick 0.
 */
export interface KeptHistory {
  from: number;
  everyFrameFrom: number;
}

/** One branch of the timeline, as the branch switcher lists it. */
export interface BranchInfo {
  id: number;
  name: string;
  /** The branch it left, or null for the first. */
  parent: number | null;
  /** The tick it left its parent at (0 when it began with a load). */
  forkTick: number;
  /** The furthest tick it was run to. */
  endTick: number;
  scenarioName: string;
  /** What set it apart, in words: `typed "ls⏎"`, `loaded "FIFO"`. */
  cause: string;
  /** How many inputs its log holds. */
  inputs: number;
  current: boolean;
}

/**
 * A branch made or switched to. `fork`: input arrived before the end of the recorded
 * future, which is kept as branch `from` (it ran to `fromEnd`); `load`: another scenario
 * or workload was loaded, and the line it replaced is kept as branch `from`; `switch`: the
 * session moved to branch `branch`, keeping `from`. `dropped` names a kept branch let go
 * because there were too many. `seq` counts changes, so a client can tell a new one.
 */
export interface BranchChange {
  seq: number;
  kind: 'fork' | 'load' | 'switch';
  branch: number;
  from: number;
  tick: number;
  fromEnd: number;
  fromScenario: string;
  dropped: number | null;
}

export interface Hello {
  state: KernelState;
  status: SessionStatus;
  /** Program names that exist, for the UI's menus. */
  programs: string[];
  policies: string[];
}

export type GlassboxEvent =
  /** The whole state: on connect, and after a jump in time (step back, seek, load). */
  | { kind: 'snapshot'; state: KernelState; status: SessionStatus }
  /** What changed since the previous event, as immer patches. */
  | { kind: 'patch'; patches: Patch[]; status: SessionStatus }
  | { kind: 'status'; status: SessionStatus };

export interface GlassboxApi {
  request<C extends Command>(command: C): Promise<ReplyTo<C['cmd']>>;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: GlassboxEvent) => void): () => void;
  /** The user's files: a native dialog in the desktop app, upload/download in a browser. */
  files: FileAccess;
  /**
   * Called if the link to the host is lost (the browser edition's socket closed), with the
   * host's reason, made fit to show, or '' if it gave none.
   */
  onDisconnect?(listener: (reason: string) => void): void;
}

export interface FileAccess {
  /** Asks the user for a scenario file; null if they cancelled; `error` if it is too large or unreadable. */
  openScenario(): Promise<{ name: string; json: string; error?: string } | null>;
  /** Asks the user for a disk image file; null if they cancelled; `error` if it is too large or unreadable. */
  openDiskImage(): Promise<{ name: string; text: string; error?: string } | null>;
  /** Asks the user where to save `text`; false if they cancelled or it failed. */
  saveText(suggestedName: string, text: string): Promise<boolean>;
}

/** Wire format: a request carries an id; its reply echoes the id. Events carry none. */
export type WireRequest = { id: number; command: unknown };
export type WireMessage = { id: number; reply: Reply<unknown> } | { event: GlassboxEvent };

/**
 * Validates an untrusted command against its entry in the table. The error names the bad
 * field. The name is looked up as an own property: `constructor` is not a command.
 */
export function parseCommand(raw: unknown): { ok: true; command: Command } | { ok: false; error: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: 'invalid command: command: expected an object with a "cmd"' };
  const { cmd, ...args } = raw as { cmd?: unknown };
  if (typeof cmd !== 'string' || !Object.hasOwn(COMMANDS, cmd)) {
    return { ok: false, error: `invalid command: cmd: ${typeof cmd === 'string' ? `unknown command "${cmd.slice(0, 40)}"` : 'expected a command name'}` };
  }
  const r = COMMANDS[cmd as CommandName].args.safeParse(args);
  if (r.success) return { ok: true, command: { cmd, ...r.data } as Command };
  const issue = r.error.issues[0];
  const where = issue.path.length ? issue.path.join('.') : 'command';
  return { ok: false, error: `invalid command: ${where}: ${issue.message}` };
}
