import type { Patch } from 'immer';
import type { KeptHistory } from '../shared/protocol.ts';

/**
 * What keeping one past frame costs, beside the frame after it. immer shares every part two
 * frames have in common, so a frame's own memory is what the next one replaced: the old
 * values at the changed paths (`values`) and the objects on the way down to them, which
 * immer copied (`spine`). The spine is mostly the same objects frame after frame (the
 * root, the process table, the terminal's log), so when the frame between two kept ones
 * is let go, its spine goes with it, while its values add up.
 */
export interface FrameCost {
  spine: number;
  values: number;
}

const total = (c: FrameCost) => c.spine + c.values;

/** Once the budget is passed, the older half keeps one frame in this many. */
export const KEYFRAME_EVERY = 8;

/**
 * Recent frames of a session, kept for stepping back at once, bounded both in number and
 * in bytes (estimated by frameCost). Past either bound the oldest keyframes go, and when
 * there are none the older half of the frames is thinned to keyframes (one in
 * KEYFRAME_EVERY), so the kept past reaches further back than its newest, whole part. A
 * tick no kept frame holds is reached by replay, as before.
 */
export class KeptFrames<S> {
  private readonly frames = new Map<number, { state: S; cost: FrameCost }>();
  /** Frames before this tick have been thinned to keyframes. */
  private thinUntil = 0;
  private bytesKept = 0;

  private readonly limits: { count: number; bytes: number };

  constructor(limits: { count: number; bytes: number }) {
    this.limits = { ...limits };
  }

  /** The byte budget now (the server shares one budget among its sessions, so it changes as they come and go). */
  get byteLimit(): number {
    return this.limits.bytes;
  }

  /** Sets a new byte budget; frames past it are thinned, then let go, at once. */
  setByteLimit(bytes: number): void {
    this.limits.bytes = bytes;
    this.trim();
  }

  get size(): number {
    return this.frames.size;
  }

  /** The estimated bytes the kept frames hold beyond the newest. */
  get bytes(): number {
    return this.bytesKept;
  }

  get(tick: number): S | undefined {
    return this.frames.get(tick)?.state;
  }

  has(tick: number): boolean {
    return this.frames.has(tick);
  }

  /**
   * Keeps `state` as the newest frame; `previousCost` is what the frame before it costs
   * now that this one exists (frameCost of the step between them). Ticks only grow here:
   * a step back is followed by forgetAfter before new frames come.
   */
  add(tick: number, state: S, previousCost: FrameCost | null): void {
    const existing = this.frames.get(tick);
    if (existing) {
      this.bytesKept -= total(existing.cost);
      this.frames.delete(tick);
    }
    const newest = this.newest();
    if (newest && previousCost) {
      newest.cost = previousCost;
      this.bytesKept += total(previousCost);
    }
    this.frames.set(tick, { state, cost: { spine: 0, values: 0 } });
    this.trim();
  }

  /** Thins, then lets go of, the oldest frames until both bounds hold. */
  private trim(): void {
    while (this.frames.size > 1 && (this.frames.size > this.limits.count || this.bytesKept > this.limits.bytes)) {
      // The oldest keyframes go first; once none is left, the older half of the rest is thinned.
      if (this.frames.keys().next().value! < this.thinUntil || !this.thin()) this.dropOldest();
    }
  }

  forgetAfter(tick: number): void {
    for (const t of [...this.frames.keys()]) {
      if (t > tick) {
        this.bytesKept -= total(this.frames.get(t)!.cost);
        this.frames.delete(t);
      }
    }
    // The frame now newest has no frame after it to be measured against.
    const newest = this.newest();
    if (newest) {
      this.bytesKept -= total(newest.cost);
      newest.cost = { spine: 0, values: 0 };
    }
    this.thinUntil = Math.min(this.thinUntil, tick);
  }

  clear(): void {
    this.frames.clear();
    this.bytesKept = 0;
    this.thinUntil = 0;
  }

  /** How far back the frames reach (null when none is kept). */
  range(): KeptHistory | null {
    const first = this.frames.keys().next();
    if (first.done) return null;
    return { from: first.value, everyFrameFrom: Math.max(first.value, this.thinUntil) };
  }

  private newest(): { state: S; cost: FrameCost } | undefined {
    let last: { state: S; cost: FrameCost } | undefined;
    for (const f of this.frames.values()) last = f;
    return last;
  }

  /**
   * Thins the older half of the frames not yet thinned to one in KEYFRAME_EVERY, each
   * keyframe taking on the cost of the frames after it that go. False when there is
   * nothing left to thin.
   */
  private thin(): boolean {
    const fine = [...this.frames.keys()].filter((t) => t >= this.thinUntil);
    // The newest frame is the present, and a few frames after the thinned ones stay whole.
    const count = Math.floor((fine.length - 1) / 2);
    if (count < KEYFRAME_EVERY) return false;
    let keyframe = this.frames.get(fine[0])!;
    for (let i = 1; i < count; i++) {
      const f = this.frames.get(fine[i])!;
      if (i % KEYFRAME_EVERY === 0) {
        keyframe = f;
        continue;
      }
      this.bytesKept -= total(keyframe.cost) + total(f.cost);
      keyframe.cost = { spine: Math.max(keyframe.cost.spine, f.cost.spine), values: keyframe.cost.values + f.cost.values };
      this.bytesKept += total(keyframe.cost);
      this.frames.delete(fine[i]);
    }
    this.thinUntil = fine[count];
    return true;
  }

  private dropOldest(): void {
    const [tick, f] = this.frames.entries().next().value!;
    this.bytesKept -= total(f.cost);
    this.frames.delete(tick);
  }
}

/** Bytes an object or array costs V8 beyond its contents: a header and a slot per entry. */
const OBJECT_BYTES = 32;
const SLOT_BYTES = 12;

/**
 * What keeping the state before a step costs beside the state after it, from the step's
 * patches and their inverses (see FrameCost). Each value is measured up to `cap` bytes,
 * so one huge replacement costs the estimate no more work than the cap.
 */
export function frameCost(after: unknown, patches: readonly Patch[], inverse: readonly Patch[], cap = 1 << 20): FrameCost {
  const parents = new Set<string>();
  let spine = 0;
  for (const p of patches) {
    let node: unknown = after;
    let key = '';
    for (let d = 0; d < p.path.length && typeof node === 'object' && node !== null; d++) {
      // Each object on the way down was copied once this step, however many changes it holds.
      if (!parents.has(key)) {
        parents.add(key);
        spine += OBJECT_BYTES + SLOT_BYTES * entryCount(node);
      }
      key += `/${String(p.path[d])}`;
      node = (node as Record<string, unknown>)[p.path[d] as string];
    }
  }
  let values = 0;
  for (const p of inverse) if (p.op !== 'remove') values += approxBytes(p.value, cap);
  return { spine, values };
}

function entryCount(node: object): number {
  return Array.isArray(node) ? node.length : Object.keys(node).length;
}

/** Roughly what a plain-data value costs V8, walked up to `cap` bytes. */
export function approxBytes(value: unknown, cap: number): number {
  let bytes = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && bytes < cap) {
    const v = stack.pop();
    if (typeof v === 'string') bytes += 16 + v.length;
    else if (typeof v === 'number') bytes += 8;
    else if (typeof v === 'object' && v !== null) {
      const entries = Array.isArray(v) ? v : Object.values(v);
      bytes += OBJECT_BYTES + SLOT_BYTES * entries.length;
      for (const e of entries) if (typeof e === 'object' || typeof e === 'string') stack.push(e);
    }
  }
  return Math.min(bytes, cap);
}
