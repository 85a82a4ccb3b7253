import { MAX_BRANCHES } from '../shared/limits.ts';
import type { BranchChange, BranchInfo } from '../shared/protocol.ts';
import type { Scenario } from '../shared/scenario.ts';
import type { TimedInput } from '../sim/machine/machine.ts';

/**
 * The session's timeline is a tree of branches. A branch is one line of history: the
 * scenario it runs, every input it received (each stamped with its tick, from tick 0 on)
 * and the furthest tick it was run to. Nothing else is kept of a branch that is not the
 * current one: its frames are recomputed by replaying its inputs from tick 0, which the
 * kernel's determinism makes exact, so a kept branch costs only its input log.
 *
 * A branch is made when the current line would otherwise lose its future: input arriving
 * at a tick before the end of what was recorded (typed after scrubbing back), or another
 * workload loaded over it (Compare's "step through"). The line being left keeps its number
 * and is kept whole; the new line gets the next number. Switching to a kept branch keeps
 * the line being left in its place, so every branch can be returned to.
 */

/** One line of history: what the session needs to re-enter it. */
export interface Line {
  scenario: Scenario;
  /** Every input, sorted by tick; a branch's prefix before its fork is its parent's. */
  inputs: TimedInput[];
  /** The furthest tick this line was run to. */
  endTick: number;
}

/** Where a branch came from: its number, its parent and the tick it left it at. */
interface Origin {
  id: number;
  parent: number | null;
  forkTick: number;
  /** What set it apart, in words (`loaded "FIFO"`), or where its own inputs begin, which then say it. */
  cause: string | { ownFrom: number };
}

type Branch = Origin & Line;

/**
 * Kept branches are bounded (MAX_BRANCHES) so a long session cannot grow without end; past
 * that the one left longest ago is let go, and the change that did it says so.
 */
export class Branches {
  /** Every branch but the current one, the one left longest ago first. */
  private readonly kept = new Map<number, Branch>();
  private here: Origin = { id: 1, parent: null, forkTick: 0, cause: 'the start' };
  private nextId = 2;
  private seq = 0;
  private last: BranchChange | null = null;

  constructor(private readonly limit = MAX_BRANCHES) {}

  /** The current branch's number. */
  get current(): number {
    return this.here.id;
  }

  get count(): number {
    return this.kept.size + 1;
  }

  /** The last branch made or switched to (what the UI announces), or null before any. */
  get change(): BranchChange | null {
    return this.last;
  }

  /**
   * Keeps `leaving` (the current line, whole) under its number and starts a new branch at
   * `tick`, which becomes current. The caller goes on with the new line's inputs in a new
   * array (`leaving.inputs` is kept as it is). A fork's own inputs begin at index
   * `ownFrom` of the new line's (they describe it); a load names what it loaded.
   */
  fork(leaving: Line, tick: number, why: { kind: 'fork'; ownFrom: number } | { kind: 'load'; cause: string }): BranchChange {
    const kind = why.kind;
    const cause = why.kind === 'fork' ? { ownFrom: why.ownFrom } : why.cause;
    const from = this.here;
    this.keep({ ...from, ...leaving });
    this.here = { id: this.nextId++, parent: from.id, forkTick: tick, cause };
    const dropped = this.trim();
    return this.announce({ kind, branch: this.here.id, from: from.id, tick, fromEnd: leaving.endTick, fromScenario: leaving.scenario.name, dropped });
  }

  /**
   * Makes kept branch `id` current, at `tick` (its end when not given), and keeps `leaving`
   * in its place. Returns the line to re-enter, or an error naming what was wrong; nothing
   * changes on an error.
   */
  switchTo(id: number, leaving: Line, tick?: number): { ok: true; line: Line; tick: number; change: BranchChange } | { ok: false; error: string } {
    if (id === this.here.id) return { ok: false, error: `branch ${id} is already the current branch` };
    const target = this.kept.get(id);
    if (!target) return { ok: false, error: `no branch ${id} (the branches are ${this.ids().join(', ')})` };
    const at = tick ?? target.endTick;
    if (at > target.endTick) return { ok: false, error: `tick: ${at} is past the end of branch ${id} (it was run to tick ${target.endTick})` };
    const from = this.here;
    this.kept.delete(id);
    this.keep({ ...from, ...leaving });
    const { scenario, inputs, endTick, ...origin } = target;
    this.here = origin;
    const change = this.announce({ kind: 'switch', branch: id, from: from.id, tick: at, fromEnd: leaving.endTick, fromScenario: leaving.scenario.name, dropped: null });
    return { ok: true, line: { scenario, inputs, endTick }, tick: at, change };
  }

  /**
   * Adds a kept branch that forks from the current one at `forkTick` (a branch read from a
   * saved scenario). Returns the number of a branch let go to make room, if one was.
   */
  adopt(line: Line, forkTick: number, cause: string): number | null {
    const dropped = this.trim();
    this.keep({ id: this.nextId++, parent: this.here.id, forkTick, cause, ...line });
    return dropped;
  }

  /** The kept branches, in order of number, with what set each apart (for saving them). */
  keptLines(): (Line & { forkTick: number; cause: string })[] {
    return [...this.kept.values()].sort((a, b) => a.id - b.id).map((b) => ({ ...b, cause: causeOf(b) }));
  }

  /** Every branch, in order of number, with `current` standing for the current one. */
  list(current: Line): BranchInfo[] {
    const all: Branch[] = [...this.kept.values(), { ...this.here, ...current }];
    return all
      .sort((a, b) => a.id - b.id)
      .map((b) => ({
        id: b.id,
        name: `branch ${b.id}`,
        parent: b.parent,
        forkTick: b.forkTick,
        endTick: b.endTick,
        scenarioName: b.scenario.name,
        cause: causeOf(b),
        inputs: b.inputs.length,
        current: b.id === this.here.id,
      }));
  }

  /** The kept branches' lines, for saving (the current line is the caller's). */
  private keep(b: Branch): void {
    this.kept.delete(b.id);
    this.kept.set(b.id, b);
  }

  /** Lets go of the branch left longest ago when there are too many; returns its number. */
  private trim(): number | null {
    if (this.kept.size < this.limit) return null;
    const oldest = this.kept.keys().next().value as number;
    this.kept.delete(oldest);
    return oldest;
  }

  private ids(): number[] {
    return [...this.kept.keys(), this.here.id].sort((a, b) => a - b);
  }

  private announce(c: Omit<BranchChange, 'seq'>): BranchChange {
    this.last = { seq: ++this.seq, ...c };
    return this.last;
  }
}

function causeOf(b: Branch): string {
  return typeof b.cause === 'string' ? b.cause : describeInputs(b.inputs.slice(b.cause.ownFrom));
}

/**
 * A branch's first inputs in a few words: `typed "echo two⏎"` (keys arrive one by one, so
 * the text runs on to the first line's end), `sent signal 9 to pid 4`.
 */
export function describeInputs(all: readonly TimedInput[]): string {
  // A resize of the window is the window's doing, and may fall between two keys.
  const inputs = all.filter((i) => i.kind !== 'winsize');
  const first = inputs[0];
  if (!first) return 'no input yet';
  if (first.kind !== 'tty') return describeInput(first);
  let text = '';
  for (const i of inputs) {
    if (i.kind !== 'tty' || /[\r\n]/.test(text) || text.length > 24) break;
    text += i.data;
  }
  return describeInput({ ...first, data: text });
}

/** One input in a few words. */
export function describeInput(input: TimedInput): string {
  switch (input.kind) {
    case 'tty': {
      // JSON's quoting shows a control key as an escape rather than letting it act.
      const text = input.data.replace(/\r\n?|\n/g, '⏎');
      return `typed ${JSON.stringify(text.length > 24 ? `${text.slice(0, 23)}…` : text)}`;
    }
    case 'signal':
      return `sent signal ${input.sig} to pid ${input.pid}`;
    case 'spawn':
      return `started ${input.request.program}`;
    case 'disk':
      return `disk: ${input.action.action}`;
    case 'winsize':
      return `resized the terminal to ${input.cols}x${input.rows}`;
  }
}
