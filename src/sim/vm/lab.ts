import { createReplacer, NEVER, nextUses, type ReplacementPolicy, replacerDrop, replacerLoad, replacerTouch, replacerVictim } from './replacement.ts';

/**
 * A reference string run through the pager's replacement code with `frames` frames:
 * OSTEP's paging-policy problems, the compare mode's runs, and the benchmark. Pages map to
 * frames the way the kernel's core map does (a freed frame is reused by the next load).
 */
export interface ReferenceRunOptions {
  policy: ReplacementPolicy;
  frames: number;
  useBits?: number;
  wsWindow?: number;
  /** CLOCK: the kernel's sweeping hand, or paging-policy.py's random probes ('probe'). */
  clockMode?: 'sweep' | 'probe';
  /** RAND: draws in [0, n) (the kernel's seeded generator, or OSTEP's recorded draws). */
  draw?: (n: number) => number;
  /** Keep every step (page, hit, victim, memory in list order); off for long traces. */
  record?: boolean;
}

export interface ReferenceStep {
  page: number;
  hit: boolean;
  victim: number | null;
  memory: number[];
  hits: number;
  misses: number;
}

export interface ReferenceRun {
  hits: number;
  misses: number;
  /** Misses after each access (for a fault-rate curve), when recorded. */
  steps: ReferenceStep[];
}

export function runReferences(refs: readonly number[], opts: ReferenceRunOptions): ReferenceRun {
  const run = referenceRunner(refs, opts);
  const steps: ReferenceStep[] = [];
  for (let i = 0; i < refs.length; i++) {
    run.access(i);
    if (opts.record) steps.push(run.step());
  }
  return { hits: run.hits(), misses: run.misses(), steps };
}

/** The steps of a run as `referenceSteps` gives them, and the one step object it refills. */
export interface ReferenceSteps extends IterableIterator<ReferenceStep, undefined> {
  /** The step just read (all zeros before the first): the one object every step is. */
  readonly step: ReferenceStep;
}

/**
 * The same run one step at a time, each step made as it is read: a long reference string's
 * table is written out and forgotten, so memory follows the frames, not the string. Every
 * step is the one object, memory array and all, refilled for each access: a reader is done
 * with a step before it asks for the next (sim/ostep/answer.ts), and a long run then makes
 * no object per access.
 */
export function referenceSteps(refs: readonly number[], opts: ReferenceRunOptions): ReferenceSteps {
  const run = referenceRunner(refs, opts);
  const step: ReferenceStep = { page: 0, hit: false, victim: null, memory: [], hits: 0, misses: 0 };
  const result: { done: boolean; value: ReferenceStep | undefined } = { done: false, value: step };
  let i = 0;
  const steps: ReferenceSteps = {
    step,
    next: () => {
      if (i < refs.length) {
        run.access(i++);
        run.fill(step);
      } else {
        result.done = true;
        result.value = undefined;
      }
      return result as IteratorResult<ReferenceStep, undefined>;
    },
    [Symbol.iterator]: () => steps,
  };
  return steps;
}

interface ReferenceRunner {
  /** Runs refs[i] (in order, each once). */
  access(i: number): void;
  /** The step just run. */
  step(): ReferenceStep;
  /** The step just run, written into `s` (its memory array refilled). */
  fill(s: ReferenceStep): void;
  hits(): number;
  misses(): number;
}

function referenceRunner(refs: readonly number[], opts: ReferenceRunOptions): ReferenceRunner {
  const r = createReplacer({ policy: opts.policy, frames: opts.frames, useBits: opts.useBits ?? 1, wsWindow: opts.wsWindow ?? 2 * opts.frames, clockMode: opts.clockMode });
  const future = opts.policy === 'OPT' || opts.policy === 'UNOPT' ? nextUses(refs) : null;
  const draw = opts.draw ?? ((n: number) => n - 1);
  // page -> frame (an array while page numbers are small enough, else a Map), and frame -> page.
  const frameOf = pageIndex(refs);
  const pageIn = new Array<number>(opts.frames).fill(-1);
  let nextFree = 0;
  let hits = 0;
  let misses = 0;
  let page = -1;
  let hit = false;
  let victim: number | null = null;
  return {
    access(i) {
      page = refs[i];
      const next = future ? future[i] : NEVER;
      const f = frameOf.get(page);
      victim = null;
      hit = f !== undefined;
      if (f !== undefined) {
        hits++;
        replacerTouch(r, f, next);
        return;
      }
      misses++;
      let frame: number;
      if (nextFree < opts.frames) frame = nextFree++;
      else {
        frame = replacerVictim(r, draw);
        victim = pageIn[frame];
        frameOf.delete(victim);
        replacerDrop(r, frame);
      }
      pageIn[frame] = page;
      frameOf.set(page, frame);
      replacerLoad(r, frame, next);
    },
    step() {
      const s: ReferenceStep = { page, hit, victim, memory: [], hits, misses };
      this.fill(s);
      return s;
    },
    fill(s) {
      s.page = page;
      s.hit = hit;
      s.victim = victim;
      s.hits = hits;
      s.misses = misses;
      // The resident pages in the policy's list order, read straight off the list.
      const memory = s.memory;
      let k = 0;
      for (let x = r.head; x >= 0; x = r.next[x]) memory[k++] = pageIn[x];
      if (memory.length !== k) memory.length = k;
    },
    hits: () => hits,
    misses: () => misses,
  };
}

interface PageIndex {
  get(page: number): number | undefined;
  set(page: number, frame: number): void;
  delete(page: number): void;
}

function pageIndex(refs: readonly number[]): PageIndex {
  let max = 0;
  for (const p of refs) if (p > max) max = p;
  if (max > 1 << 22) return new Map<number, number>();
  const a = new Array<number>(max + 1).fill(-1);
  return {
    get: (p) => (a[p] >= 0 ? a[p] : undefined),
    set: (p, f) => {
      a[p] = f;
    },
    delete: (p) => {
      a[p] = -1;
    },
  };
}
