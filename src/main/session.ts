import { enablePatches, freeze, type Patch, produceWithPatches } from 'immer';
import { type BranchInfo, type GlassboxEvent, MAX_STEP, type SessionStatus } from '../shared/protocol.ts';
import { type FieldError, parseScenario, type Scenario, validateScenario, scenarioConfig, scenarioInputs, toScenario } from '../shared/scenario.ts';
import { errnoName } from '../sim/abi/errno.ts';
import { lastLogItem } from '../sim/base/ringlog.ts';
import { noteRefusal, type Refusals, refusalNotices } from '../shared/refusals.ts';
import { type FrameCost, frameCost, KeptFrames } from './kept-frames.ts';
import { decodeImage, encodeImage } from '../sim/fs/image.ts';
import { fsck } from '../sim/fs/fsck.ts';
import { mountFs } from '../sim/fs/index.ts';
import type { DiskAction } from '../sim/kernel/disk-control.ts';
import type { KernelInput } from '../sim/kernel/kernel.ts';
import { applyInput, endKeys, receiveKeys } from '../sim/kernel/kernel.ts';
import type { Runtime } from '../sim/kernel/runtime.ts';
import { foregroundJobWorking } from '../sim/kernel/proc-selectors.ts';
import type { KernelConfig, KernelState } from '../sim/kernel/state.ts';
import { createMachine, type Machine, runTo, type TimedInput } from '../sim/machine/machine.ts';
import type { SchedConfig } from '../sim/sched/policy.ts';
import { checkSchedConfig } from '../sim/sched/registry.ts';
import { Branches, type Line } from './branches.ts';

enablePatches();

/** The host's clock and timers, injected so tests can drive time by hand. */
export interface Timers {
  now(): number;
  every(ms: number, fn: () => void): () => void;
}

export const realTimers: Timers = {
  now: () => performance.now(),
  every: (ms, fn) => {
    const h = setInterval(fn, ms);
    return () => clearInterval(h);
  },
};

export interface SessionOptions {
  scenario?: Scenario;
  timers?: Timers;
  /** Frame period while playing; one patch event per frame at most. */
  frameMs?: number;
  /** How many past frames are kept as snapshots for instant stepping back. */
  snapshotLimit?: number;
  /** About how many bytes those frames may hold (see kept-frames.ts); older ones are thinned, then let go. */
  snapshotBytes?: number;
  /** Initial speed in ticks per second. */
  speed?: number;
  /** Whether a command typed at the terminal runs at HURRY_SPEED while it works (default on). */
  hurry?: boolean;
  /**
   * Keys per second at which a scenario's scripted typing goes in while the session plays
   * at DEFAULT_SPEED (faster in proportion above it); 0 or absent types each line at once,
   * as `glassbox run` does. It is presentation only: time stands still while the keys go
   * in, so every tick, and the state at each, is the same at any rate.
   */
  scriptTypingRate?: number;
}

/** The speed a session starts at, in ticks per second. */
export const DEFAULT_SPEED = 20;

/**
 * The pace of a foreground command while the session hurries: a pipeline of a few hundred
 * ticks answers in well under a second, and its processes and pipes stay in the views.
 */
export const HURRY_SPEED = 1000;

/** What the kept frames of a session may hold by default: a few seconds of a busy machine's play. */
export const DEFAULT_SNAPSHOT_BYTES = 64 << 20;

/** A jump forward bigger than this many patches is sent as a snapshot instead. */
const PATCH_LIMIT = 20_000;

/**
 * One simulated machine and its timeline, independent of any transport. It plays, pauses,
 * steps and seeks. While playing it runs as many ticks per frame as the speed asks in one
 * produceWithPatches, and streams the frame's patches. Every input is logged with its
 * tick, so any past tick can be re-entered by replaying from tick 0: the kernel is
 * deterministic, and program generators cannot be copied, only re-run. Recent frames are
 * also kept as immutable snapshots (immer shares their unchanged parts), so stepping back
 * shows the past at once and the replay happens only when time moves forward again.
 *
 * The timeline is a tree (branches.ts): input that arrives before the end of the recorded
 * future, or a workload loaded over a session, starts a new branch and keeps the old line
 * whole, to be switched back to.
 */
export class Session {
  private config!: KernelConfig;
  private scenario!: Scenario;
  private inputs: TimedInput[] = [];
  /**
   * The inputs that came from a scenario's file (its processes and scripted keys), by
   * identity. Input arriving in the past keeps these in the new branch: they are the
   * experiment's script, not a future that was recorded.
   */
  private readonly scripted = new WeakSet<TimedInput>();
  private readonly branches = new Branches();
  private cursor = 0;
  private state!: KernelState;
  private rt: Runtime | null = null;
  private readonly frames: KeptFrames<KernelState>;
  /** The scenario's inputs the kernel turned down on this line so far, with its errno. */
  private readonly refused = new Map<TimedInput, number>();
  private refusalLines: string[] | null = null;
  private maxTick = 0;
  private playing = false;
  private speed: number;
  private hurry: boolean;
  /** Ticks per second actually run, smoothed over recent frames (null when not playing). */
  private achieved: number | null = null;
  private carry = 0;
  private lastFrame = 0;
  private stopTimer: (() => void) | null = null;
  /** The size of the window the terminal is shown in, as the renderer last reported it. */
  private windowSize: { cols: number; rows: number } | null = null;
  /** Whether `windowSize` still has to be logged: it waits while the session shows the past. */
  private sizePending = false;
  /** A key was typed while playing: the next frame ends at the terminal's next output. */
  private echoPending = false;
  /** A paste is being typed in pieces: time must not move until it is all in. */
  private typing = false;
  private readonly scriptTypingRate: number;
  /**
   * A scripted line being typed at a readable pace (the input at the cursor): how many of
   * its characters are in, and the fraction of a key owed. Time stands still meanwhile.
   */
  private scriptTyping: { at: number; carry: number } | null = null;
  private readonly listeners = new Set<(e: GlassboxEvent) => void>();
  private readonly timers: Timers;
  private readonly frameMs: number;

  constructor(opts: SessionOptions = {}) {
    this.timers = opts.timers ?? realTimers;
    this.frameMs = opts.frameMs ?? 16;
    this.frames = new KeptFrames({ count: opts.snapshotLimit ?? 1200, bytes: opts.snapshotBytes ?? DEFAULT_SNAPSHOT_BYTES });
    this.speed = opts.speed ?? DEFAULT_SPEED;
    this.hurry = opts.hurry ?? true;
    this.scriptTypingRate = opts.scriptTypingRate ?? 0;
    this.load(opts.scenario ?? defaultScenario());
  }

  // ---- observation -------------------------------------------------------------------

  subscribe(listener: (e: GlassboxEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get current(): KernelState {
    return this.state;
  }

  get timeline(): readonly TimedInput[] {
    return this.inputs;
  }

  status(): SessionStatus {
    return {
      tick: this.state.tick,
      playing: this.playing,
      speed: this.speed,
      hurry: this.hurry,
      hurrying: this.playing && this.hurryNow(),
      achievedSpeed: this.achieved === null ? null : Math.round(this.achieved),
      maxTick: this.maxTick,
      scenarioName: this.scenario.name,
      branch: { id: this.branches.current, count: this.branches.count, change: this.branches.change },
      history: this.frames.range(),
      refusals: this.refusalNotices(),
    };
  }

  // ---- branches ----------------------------------------------------------------------

  /** Every branch of the timeline, the current one marked. */
  listBranches(): { current: number; branches: BranchInfo[] } {
    return { current: this.branches.current, branches: this.branches.list(this.line()) };
  }

  /**
   * Re-enters kept branch `id` at `tick` (its end when not given) by replaying its inputs
   * from tick 0, and keeps the line being left as a branch. Nothing changes on an error.
   */
  switchBranch(id: number, tick?: number): { ok: true; status: SessionStatus } | { ok: false; error: string } {
    const r = this.branches.switchTo(id, this.line(), tick);
    if (!r.ok) return r;
    this.pause();
    this.enter(r.line, r.tick);
    this.emitSnapshot();
    return { ok: true, status: this.status() };
  }

  // ---- time --------------------------------------------------------------------------

  play(): SessionStatus {
    if (!this.playing) {
      this.playing = true;
      this.carry = 0;
      this.achieved = null;
      this.lastFrame = this.timers.now();
      this.stopTimer = this.timers.every(this.frameMs, () => this.frame());
      this.emitStatus();
    }
    return this.status();
  }

  pause(): SessionStatus {
    // A pause never leaves a scripted line half typed: the rest goes in at once.
    this.finishScriptTyping();
    if (this.playing) {
      this.playing = false;
      this.stopTimer?.();
      this.stopTimer = null;
      this.emitStatus();
    }
    return this.status();
  }

  setSpeed(ticksPerSecond: number, hurry?: boolean): SessionStatus {
    this.speed = ticksPerSecond;
    if (hurry !== undefined) this.hurry = hurry;
    this.achieved = null;
    this.emitStatus();
    return this.status();
  }

  /**
   * Sets how many bytes the kept frames may hold (the server shares one budget among its
   * sessions); past it they are thinned, then let go, at once, and the status says how far
   * back stepping is still instant.
   */
  setSnapshotBytes(bytes: number): void {
    const before = JSON.stringify(this.frames.range());
    this.frames.setByteLimit(bytes);
    if (JSON.stringify(this.frames.range()) !== before) this.emitStatus();
  }

  /** Runs `n` ticks now and pauses. */
  step(n: number): SessionStatus {
    this.pause();
    this.advanceBy(n);
    return this.status();
  }

  stepBack(n: number): SessionStatus {
    return this.seek(Math.max(0, this.state.tick - n));
  }

  /** Moves to `tick`: forward by running, backward from a snapshot or by replay. */
  seek(tick: number): SessionStatus {
    this.pause();
    // A jump forward is capped like a step, so no request can keep the host busy for hours.
    if (tick > this.state.tick) this.advanceBy(Math.min(tick - this.state.tick, MAX_STEP));
    else if (tick < this.state.tick) this.goBack(tick);
    return this.status();
  }

  /** One frame of play: as many ticks as the speed and the elapsed time call for. */
  frame(): void {
    if (!this.playing || this.typing) return;
    const now = this.timers.now();
    const elapsed = Math.min(now - this.lastFrame, 250); // after a stall, don't lurch ahead
    this.lastFrame = now;
    if (this.scriptTypingRate > 0) {
      this.ensureLive();
      if (this.scriptTyping || this.scriptLineDue()) {
        this.typeScript(elapsed);
        return;
      }
    }
    const speed = this.hurryNow() ? Math.max(this.speed, HURRY_SPEED) : this.speed;
    this.carry += (speed * elapsed) / 1000;
    const n = Math.floor(this.carry);
    if (n < 1) return;
    this.carry -= n;
    // A frame may use most of its period; beyond that the machine runs slower than asked
    // rather than making the host (and the window) lag behind. After a keystroke it ends
    // as soon as the terminal shows something (the echo), so that goes out at once.
    const untilOutput = this.echoPending;
    const { ran, output, atScript } = this.runTicks(n, this.frameMs * 0.75, untilOutput, this.scriptTypingRate > 0);
    this.echoPending = false;
    if (atScript) {
      // Time reached a scripted line: it is typed before the clock moves on (typeScript).
      this.carry = 0;
      return;
    }
    if (untilOutput && output && ran < n) {
      // Cut short on purpose, not for want of time: the rest of its ticks run in the next
      // frame, and it says nothing about the speed reached.
      this.carry += n - ran;
      return;
    }
    if (ran < n) this.carry = 0;
    this.measure(ran < n ? (ran * 1000) / Math.max(elapsed, 1) : speed);
  }

  /**
   * Hurrying: a command the user typed works in the foreground of the terminal. A
   * scenario's scripted commands are never hurried: they are there to be watched.
   */
  private hurryNow(): boolean {
    return this.hurry && !this.lastTypedByScript() && foregroundJobWorking(this.state);
  }

  /** Whether the last keys the terminal received came from the scenario's script. */
  private lastTypedByScript(): boolean {
    for (let i = Math.min(this.cursor, this.inputs.length) - 1; i >= 0; i--) {
      if (this.inputs[i].kind === 'tty') return this.scripted.has(this.inputs[i]);
    }
    return false;
  }

  // ---- a scenario's scripted typing, at a readable pace --------------------------------

  /** Whether the input at `i` is a line the scenario types, which play shows being typed. */
  private pacedAt(i: number): boolean {
    const input = this.inputs[i];
    return input !== undefined && input.kind === 'tty' && this.scripted.has(input);
  }

  /** Whether the next input is a scripted line due now. */
  private scriptLineDue(): boolean {
    return this.pacedAt(this.cursor) && this.inputs[this.cursor].tick === this.state.tick;
  }

  /**
   * Types the keys of the scripted line at the cursor that the time elapsed calls for.
   * Keys that leave the terminal as it was are not being shown now: the shell echoes each
   * key itself and has spent this tick's syscalls (limits.syscallsPerTick), or it is not
   * reading the terminal. Paced on, the line would stand still half typed for seconds, so
   * the rest goes in at once and the clock shows it as the machine gets to it. The keys
   * still go in one by one at this tick, so every tick is the same as typed at once.
   */
  private typeScript(elapsed: number): void {
    const typing = (this.scriptTyping ??= { at: 0, carry: 0 });
    typing.carry += (this.scriptTypingRate * Math.max(1, this.speed / DEFAULT_SPEED) * elapsed) / 1000;
    const keys = Math.floor(typing.carry);
    if (keys < 1) return;
    typing.carry -= keys;
    const shown = outputMark(this.state);
    this.typeScriptKeys(keys);
    if (outputMark(this.state) === shown) this.finishScriptTyping();
  }

  /**
   * Feeds `keys` more characters of the scripted line at the cursor, the kernel reacting
   * after each, as typeInPieces does: the state after its last key is the one a replay
   * reaches by applying the line whole.
   */
  private typeScriptKeys(keys: number): void {
    const typing = this.scriptTyping;
    const input = this.inputs[this.cursor];
    if (!typing || input?.kind !== 'tty') return;
    const rt = this.rt!;
    const [next, patches, inverse] = produceWithPatches(this.state, (draft) => {
      typing.at = receiveKeys(draft, rt, input.data, typing.at, typing.at + keys);
      if (typing.at >= input.data.length) endKeys(draft, rt);
    });
    if (typing.at >= input.data.length) {
      this.scriptTyping = null;
      this.cursor++;
    }
    this.commit(next, patches, inverse);
  }

  /** Types the rest of a scripted line at once: whatever needs the present whole (a pause, an input) comes after it. */
  private finishScriptTyping(): void {
    if (this.scriptTyping) this.typeScriptKeys(Number.POSITIVE_INFINITY);
  }

  /** Smooths the achieved rate so the speed menu shows a steady figure, not frame noise. */
  private measure(rate: number): void {
    this.achieved = this.achieved === null ? rate : this.achieved * 0.8 + rate * 0.2;
  }

  // ---- input -------------------------------------------------------------------------

  /**
   * Typing while the machine plays answers at once: the ticks this frame is owed run now
   * (never more than the speed allows), and stop at the echo, so a keystroke is not kept
   * waiting for the next frame and then for that frame's whole budget.
   */
  ttyInput(data: string): SessionStatus {
    this.input({ kind: 'tty', data });
    if (this.playing) {
      this.echoPending = true;
      this.frame();
    }
    return this.status();
  }

  /**
   * The terminal's window was resized. The size is logged as an input at this tick, so a
   * replay resizes at the same moment; it never rewrites the recorded future: it goes in
   * beside the inputs still to come, and while the session shows the past it waits until
   * time reaches the present again.
   */
  resizeTty(cols: number, rows: number): SessionStatus {
    this.windowSize = { cols, rows };
    this.sizePending = true;
    this.logWindowSize();
    return this.status();
  }

  /** Logs the window's size at this tick if it is waiting, the session is at the present, and the terminal's differs. */
  private logWindowSize(): void {
    // Not between the keys of a scripted line: the size goes in once the line is whole.
    if (!this.sizePending || !this.windowSize || this.state.tick < this.maxTick || this.scriptTyping) return;
    this.sizePending = false;
    const { cols, rows } = this.windowSize;
    if (this.state.tty.cols === cols && this.state.tty.rows === rows) return;
    this.ensureLive();
    const input: KernelInput = { kind: 'winsize', cols, rows };
    this.inputs.splice(this.cursor, 0, { ...input, tick: this.state.tick });
    this.cursor++;
    const rt = this.rt!;
    const [next, patches, inverse] = produceWithPatches(this.state, (draft) => {
      applyInput(draft, rt, input);
    });
    this.commit(next, patches, inverse);
  }

  signal(pid: number, sig: number): { ok: boolean; error?: string } {
    if (!this.state.procs[pid]) return { ok: false, error: `no process with pid ${pid}` };
    this.input({ kind: 'signal', pid, sig });
    return { ok: true };
  }

  /** A file-system lab action: arm or disarm a crash, power-cycle, run fsck. */
  disk(action: DiskAction): SessionStatus {
    this.input({ kind: 'disk', action });
    return this.status();
  }

  /** Starts a program as a child of init (as a scenario's process list does), logged at this tick. */
  spawn(program: string, argv: string[]): { ok: true; pid: number; status: SessionStatus } | { ok: false; error: string } {
    const pid = this.input({ kind: 'spawn', request: { program, argv: argv.length > 0 ? argv : [program] } });
    if (pid < 0) return { ok: false, error: `could not start ${program}: ${errnoName(pid)}` };
    return { ok: true, pid, status: this.status() };
  }

  /**
   * Applies an input now and logs it at this tick. Returns what the kernel answered (a pid
   * for a spawn). An input before the end of the recorded future starts a branch: the old
   * line is kept whole, and the new one keeps its inputs up to now and the scenario's
   * scripted ones still to come.
   */
  private input(input: KernelInput): number {
    const rt = this.record(input);
    let answer = 0;
    const [next, patches, inverse] = produceWithPatches(this.state, (draft) => {
      answer = applyInput(draft, rt, input);
    });
    this.commit(next, patches, inverse);
    this.logWindowSize();
    return answer;
  }

  /** Logs an input at this tick (see input) and returns the runtime to apply it with. */
  private record(input: KernelInput): Runtime {
    this.finishScriptTyping();
    this.ensureLive();
    const tick = this.state.tick;
    const timed: TimedInput = { ...input, tick };
    const later = this.inputs.slice(this.cursor);
    const script = later.filter((i) => this.scripted.has(i));
    if (tick < this.maxTick || script.length < later.length) this.branches.fork(this.line(), tick, { kind: 'fork', ownFrom: this.cursor });
    this.forgetAfter(tick);
    // Inputs still to come have later ticks (runTo applies those at this tick before it stops).
    this.inputs = [...this.inputs.slice(0, this.cursor), timed, ...script];
    this.cursor += 1;
    return this.rt!;
  }

  // ---- long commands, a piece at a time ------------------------------------------------

  /**
   * ttyInput in pieces, for a long paste: each `next(chars)` types about that many more
   * characters (whole keys) in one produceWithPatches, and the state after the last piece is
   * the one ttyInput reaches, since both feed the same keys with the kernel reacting after
   * each. It is logged as one input, so a replay types it in one go. Time stands still until
   * the last piece: frames of play wait.
   */
  *typeInPieces(data: string): Generator<void, SessionStatus, number> {
    const rt = this.record({ kind: 'tty', data });
    this.typing = true;
    try {
      let at = 0;
      do {
        const chars: number = yield;
        const [next, patches, inverse] = produceWithPatches(this.state, (draft) => {
          at = receiveKeys(draft, rt, data, at, at + Math.max(1, chars));
          if (at >= data.length) endKeys(draft, rt);
        });
        this.commit(next, patches, inverse);
      } while (at < data.length);
    } finally {
      this.typing = false;
    }
    this.logWindowSize();
    if (this.playing) {
      this.echoPending = true; // as ttyInput: the echo leaves with the reply
      this.frame();
    }
    return this.status();
  }

  /**
   * A seek back in pieces: when no kept frame holds `tick`, a fresh machine replays from
   * tick 0, `next(ticks)` ticks at a time, and the session moves there only once the replay
   * arrives; abandoned (a later command), it leaves the session where it was. The state
   * reached is the one seek reaches.
   */
  *seekBackInPieces(tick: number): Generator<void, SessionStatus, number> {
    this.pause();
    if (tick >= this.state.tick || this.frames.has(tick)) return this.seek(tick);
    const m = createMachine(this.config);
    let cursor = 0;
    do {
      const ticks: number = yield;
      cursor = runTo(m, Math.min(tick, m.state.tick + Math.max(1, ticks)), this.inputs, cursor);
    } while (m.state.tick < tick);
    this.cursor = cursor;
    this.state = freeze(m.state, true);
    this.rt = m.rt;
    this.emitSnapshot();
    return this.status();
  }

  // ---- scenarios ---------------------------------------------------------------------

  /**
   * Loads a scenario from its file's text, or from an object (validated all the same, never
   * turned into text). The line it replaces is kept as a branch when `keep` says so, and by
   * default when it holds input the scenario did not (typing, a signal sent).
   */
  loadScenario(
    source: string | object,
    name?: string,
    keep?: boolean,
  ): { ok: true; status: SessionStatus; warnings: string[] } | { ok: false; errors: FieldError[] } {
    const r = typeof source === 'string' ? parseScenario(source) : validateScenario(source);
    if (!r.ok) return r;
    this.pause();
    const { branches = [], ...main } = r.scenario;
    const warnings = this.replace(name && main.name === 'Untitled' ? { ...main, name } : main, keep ?? this.hasOwnInputs());
    // The file's other branches are kept as branches of the line just loaded.
    for (const b of branches) {
      const inputs = scenarioInputs(b);
      for (const i of inputs) this.scripted.add(i);
      this.branches.adopt({ scenario: this.scenario, inputs, endTick: b.until }, b.fork, b.note ?? 'a saved branch');
    }
    this.emitSnapshot();
    return { ok: true, status: this.status(), warnings };
  }

  /**
   * The session as a scenario file that reproduces it exactly: the current line whole (its
   * inputs still to come and its recorded future too, `until` its end), and every kept branch of the same run (same seed and kernel) in `branches`. A
   * branch of another scenario (one Compare's step through replaced) cannot be in this
   * file; `branches.leftOut` counts those.
   */
  saveScenario(): { name: string; json: string; branches: { saved: number; leftOut: number } } {
    const sc = toScenario(this.scenario.name, this.config, this.inputs, Math.max(this.maxTick, this.state.tick));
    if (this.scenario.description) sc.description = this.scenario.description;
    const config = JSON.stringify(this.config);
    const kept = this.branches.keptLines();
    const same = kept.filter((b) => b.scenario === this.scenario || JSON.stringify(scenarioConfig(b.scenario)) === config);
    if (same.length > 0) {
      sc.branches = same.map((b) => {
        const { processes, inputs } = toScenario(b.scenario.name, this.config, b.inputs);
        return { fork: b.forkTick, until: b.endTick, note: b.cause.slice(0, 200), processes, inputs };
      });
    }
    return { name: this.scenario.name, json: `${JSON.stringify(sc, null, 2)}\n`, branches: { saved: same.length, leftOut: kept.length - same.length } };
  }

  /**
   * The same run under another scheduler: the session restarts from tick 0 with the new
   * policy (and CPU count) and replays everything it has received so far, up to the tick
   * it had reached, so what was typed and started is compared like for like.
   */
  reconfigure(sched: SchedConfig, cpus: number): { ok: true; status: SessionStatus } | { ok: false; errors: FieldError[] } {
    this.finishScriptTyping();
    const bad = checkSchedConfig(sched);
    if (bad.length) return { ok: false, errors: bad.map((message) => ({ field: 'sched', message })) };
    const tick = this.state.tick;
    const sc = toScenario(this.scenario.name, { ...this.config, sched, cpus }, this.inputs.slice(0, this.cursor), tick);
    if (this.scenario.description) sc.description = this.scenario.description;
    const parsed = validateScenario(sc);
    if (!parsed.ok) return parsed;
    this.pause();
    this.replace(parsed.scenario, this.hasOwnInputs());
    // The replay back to `tick` streams its patches, and they are patches of the new line's
    // state: a viewer must have that state's tick 0 to apply them to, not the old line's.
    this.emitSnapshot();
    if (tick > 0) this.advanceBy(tick);
    this.emitSnapshot();
    return { ok: true, status: this.status() };
  }

  /** The disk as it stands on the platter (what a crash would leave), as an image file. */
  saveDiskImage(): { name: string; text: string } {
    return { name: `${this.scenario.name.replace(/[^\w.-]+/g, '-') || 'glassbox'}.disk`, text: encodeImage(this.state.fs.dev) };
  }

  /**
   * Boots the machine afresh from a disk image, keeping the kernel's settings. A damaged
   * image whose blocks could still be read is loaded with a warning (fsck can then try to
   * repair it); one that cannot be read or mounted is refused and nothing changes.
   */
  loadDiskImage(text: string, name: string): { ok: true; status: SessionStatus; problem: string | null } | { ok: false; error: string } {
    const decoded = decodeImage(text);
    const device = 'device' in decoded ? decoded.device : decoded.salvage;
    if (!device) return { ok: false, error: `${name}: ${'error' in decoded ? decoded.error : 'unreadable'}` };
    const disk = { ...(this.config.disk ?? {}), image: encodeImage(device) };
    const mounted = mountFs(device, disk.options);
    if ('error' in mounted) return { ok: false, error: `${name}: the disk cannot be mounted (${mounted.error})` };
    // Right checksums prove only that the bytes are as written, not that they make a file
    // system: a read-only fsck finds a crafted image's damage as it finds a crash's.
    const check = fsck(mounted, { repair: false });
    const problems = check.clean ? null : `fsck -n finds ${check.findings.length} problem${check.findings.length === 1 ? '' : 's'} (first: ${check.findings[0].text}); run fsck to repair`;
    this.pause();
    this.replace({ ...this.scenario, name: `${this.scenario.name} · ${name}`, kernel: { ...this.scenario.kernel, disk }, processes: [], inputs: [] }, this.hasOwnInputs());
    this.emitSnapshot();
    return { ok: true, status: this.status(), problem: 'error' in decoded ? decoded.error : problems };
  }

  /** Back to tick 0 of the loaded scenario, without anything typed since (which is kept as a branch). */
  reset(): SessionStatus {
    this.pause();
    this.replace(this.scenario, this.hasOwnInputs());
    this.emitSnapshot();
    return this.status();
  }

  dispose(): void {
    this.pause();
    this.listeners.clear();
  }

  // ---- internals ---------------------------------------------------------------------

  /**
   * Loads `sc` at tick 0, and says which of its inputs at tick 0 the kernel turned down (a
   * process over the limit), as `glassbox run` does; those at later ticks join the status's
   * `refusals` when the machine reaches them.
   */
  private load(sc: Scenario): string[] {
    const inputs = scenarioInputs(sc);
    for (const i of inputs) this.scripted.add(i);
    this.enter({ scenario: sc, inputs, endTick: 0 }, 0);
    return this.refusalNotices();
  }

  /** Hears of each input runTo saw the kernel turn down; only the scenario's own are told (a user's request gets its answer directly). */
  private readonly noteRefused = (input: TimedInput, errno: number): void => {
    if (!this.scripted.has(input) || this.refused.get(input) === errno) return;
    this.refused.set(input, errno);
    this.refusalLines = null;
  };

  /** The refusals so far, in the words `glassbox run` uses. */
  private refusalNotices(): string[] {
    if (this.refusalLines === null) {
      const tally: Refusals = new Map();
      for (const [input, errno] of this.refused) noteRefusal(tally, input, errno, this.config.limits.maxProcs);
      this.refusalLines = refusalNotices(tally);
    }
    return this.refusalLines;
  }

  /** Loads `sc` over the current line, keeping that line as a branch first if `keep`. */
  private replace(sc: Scenario, keep: boolean): string[] {
    if (keep) this.branches.fork(this.line(), 0, { kind: 'load', cause: `loaded ${JSON.stringify(sc.name)}` });
    return this.load(sc);
  }

  /** Makes `line` the session's, at `tick`, by replaying it from tick 0. */
  private enter(line: Line, tick: number): void {
    this.scriptTyping = null;
    this.scenario = line.scenario;
    this.config = scenarioConfig(line.scenario);
    this.inputs = line.inputs;
    this.frames.clear();
    this.refused.clear();
    this.refusalLines = null;
    this.maxTick = line.endTick;
    const m = this.replayTo(tick);
    // The window keeps its size across a load: a fresh line's terminal gets it at tick 0. A
    // line entered partway gets it when it next reaches its present (see logWindowSize).
    const size = this.windowSize;
    if (size && tick === 0 && line.endTick === 0 && (m.state.tty.cols !== size.cols || m.state.tty.rows !== size.rows)) {
      const input: KernelInput = { kind: 'winsize', ...size };
      this.inputs.splice(this.cursor++, 0, { ...input, tick: 0 });
      applyInput(m.state, m.rt, input);
    }
    this.sizePending = size !== null;
    this.state = freeze(m.state, true);
    this.rt = m.rt;
    this.remember(this.state);
  }

  /** The current line, as a branch keeps it. */
  private line(): Line {
    return { scenario: this.scenario, inputs: this.inputs, endTick: this.maxTick };
  }

  /** Whether the line holds input its scenario did not script: something a reload would lose. */
  private hasOwnInputs(): boolean {
    // The window's size is the window's doing, not the user's: sizing it keeps no branch.
    return this.inputs.some((i) => !this.scripted.has(i) && i.kind !== 'winsize');
  }

  /** A fresh machine run from tick 0 to `tick` with the logged inputs. */
  private replayTo(tick: number): Machine {
    const m = createMachine(this.config);
    this.cursor = runTo(m, tick, this.inputs, 0, this.noteRefused);
    return m;
  }

  /** If the state came from a snapshot, rebuild the runtime that belongs to it. */
  private ensureLive(): void {
    if (this.rt) return;
    const m = this.replayTo(this.state.tick);
    this.state = freeze(m.state, true);
    this.rt = m.rt;
  }

  /** Runs `n` ticks (within `budgetMs`, if given; see runTicks) and returns how many ran. */
  private advanceBy(n: number, budgetMs?: number): number {
    return this.runTicks(n, budgetMs, false, false).ran;
  }

  /**
   * Runs up to `n` ticks in one produceWithPatches. With a `budgetMs`, it runs in pieces and
   * stops early once the wall-clock budget is spent, so a frame of play never holds the host
   * longer than that, whatever the speed asks; with `untilOutput`, it also stops once the
   * terminal has written something; with `toScript`, it stops where the scenario's next
   * scripted line is due, before it (`atScript`), so play can show it being typed. Returns
   * the ticks run and whether the terminal wrote.
   */
  private runTicks(n: number, budgetMs: number | undefined, untilOutput: boolean, toScript: boolean): { ran: number; output: boolean; atScript: boolean } {
    if (n <= 0) return { ran: 0, output: false, atScript: false };
    this.logWindowSize();
    this.ensureLive();
    const rt = this.rt!;
    const start = this.state.tick;
    let target = start + n;
    // The inputs this run may apply: all of them, or those before the next scripted line.
    let inputs: readonly TimedInput[] = this.inputs;
    let script = -1;
    if (toScript) {
      for (let i = this.cursor; i < this.inputs.length && this.inputs[i].tick <= target; i++) {
        if (!this.pacedAt(i)) continue;
        script = i;
        inputs = this.inputs.slice(0, i);
        target = this.inputs[i].tick;
        break;
      }
    }
    // Under a budget, the pieces start small and double while they are cheap, so the clock
    // is read often enough however costly a tick is (a busy machine's tick costs far more
    // than an idle one's).
    let piece = budgetMs === undefined ? n : 16;
    const t0 = this.timers.now();
    let cursor = this.cursor;
    let output = false;
    const mark = outputMark(this.state);
    const [next, patches, inverse] = produceWithPatches(this.state, (draft) => {
      // At least once: inputs due now, before a scripted line due now too, go in.
      do {
        const before = this.timers.now();
        cursor = runTo({ state: draft, rt }, Math.min(target, draft.tick + piece), inputs, cursor, this.noteRefused);
        if (untilOutput && outputMark(draft) !== mark) {
          output = true;
          break;
        }
        if (budgetMs === undefined) continue;
        const now = this.timers.now();
        if (now - t0 > budgetMs) break;
        if (now - before < budgetMs / 8) piece *= 2;
      } while (draft.tick < target);
    });
    this.cursor = cursor;
    this.commit(next, patches, inverse);
    return { ran: next.tick - start, output, atScript: script >= 0 && cursor === script && next.tick === this.inputs[script].tick };
  }

  private goBack(tick: number): void {
    const snap = this.frames.get(tick);
    if (snap) {
      this.state = snap;
      this.rt = null; // replayed lazily, when time next moves forward
    } else {
      const m = this.replayTo(tick);
      this.state = freeze(m.state, true);
      this.rt = m.rt;
    }
    this.emitSnapshot();
  }

  /** Makes `next` the present; the frame before it is kept, at the cost the step's patches tell (see kept-frames.ts). */
  private commit(next: KernelState, patches: Patch[], inverse: Patch[]): void {
    this.state = next;
    this.maxTick = Math.max(this.maxTick, next.tick);
    this.remember(next, frameCost(next, patches, inverse));
    if (patches.length > PATCH_LIMIT) this.emitSnapshot();
    else this.emit({ kind: 'patch', patches, status: this.status() });
  }

  private remember(s: KernelState, previousCost: FrameCost | null = null): void {
    this.frames.add(s.tick, s, previousCost);
  }

  private forgetAfter(tick: number): void {
    this.frames.forgetAfter(tick);
    for (const input of [...this.refused.keys()]) {
      if (input.tick > tick) {
        this.refused.delete(input);
        this.refusalLines = null;
      }
    }
    this.maxTick = tick;
  }

  private emitSnapshot(): void {
    this.emit({ kind: 'snapshot', state: this.state, status: this.status() });
  }

  private emitStatus(): void {
    this.emit({ kind: 'status', status: this.status() });
  }

  private emit(e: GlassboxEvent): void {
    for (const l of this.listeners) l(e);
  }
}

/** Where the terminal's output log ends: it changes whenever anything is written to the terminal. */
function outputMark(s: KernelState): string {
  const out = s.tty.out;
  return `${out.next}:${lastLogItem(out)?.length ?? 0}`;
}

/** What a new session runs when no scenario is given: the shell on the terminal. */
export function defaultScenario(): Scenario {
  return {
    glassbox: 1,
    // The name a newcomer reads first, in the top bar: what is in front of them.
    name: 'A shell on a fresh machine',
    description: 'A fresh simulated machine with a shell on its terminal: type commands at the prompt and watch each subsystem in the views.',
    seed: 1,
    // Data through pipes and files costs CPU here, so a pipeline's work can be watched. The
    // disk holds a normal session (hundreds of files, deep trees: 2 MiB, 1,024 inodes); the
    // small teaching disks stay in the scenarios that need them.
    kernel: { limits: { copyBytesPerTick: 256 }, disk: { geometry: { blocks: 4096, inodes: 1024, journalBlocks: 64 } } },
    processes: [],
    inputs: [],
  };
}
