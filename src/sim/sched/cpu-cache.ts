/**
 * One CPU's cache, as OSTEP's multi.py models it (chapter 10, cache affinity): a job's
 * working set is either warm in the cache (the job runs `warmRate` times as fast there),
 * warming (the job must run `warmupTime` ticks on this CPU before it is warm), or absent.
 * The cache holds at most `size` units of working set; when a job turns warm and the warm
 * sets no longer fit, the oldest warm jobs are pushed out, back to warming. A job larger
 * than the whole cache is therefore pushed out the moment it turns warm, and never runs
 * fast.
 *
 * Plain data, one per CPU; jobs are numbers (pids). The kernel and the multi.py solver
 * both keep their CPUs' caches with these functions.
 */
export interface CpuCache {
  /** Warm jobs, newest first (eviction takes from the back). */
  warm: number[];
  /** Jobs loading into this cache, in the order they started, with the ticks each still has to run here. */
  warming: WarmingJob[];
  /** The sum of the working sets in `warm`. */
  used: number;
}

export interface WarmingJob {
  job: number;
  left: number;
}

export interface CacheParams {
  /** Units of working set the cache holds. */
  size: number;
  /** Ticks a job must run on a CPU before its working set is warm there (0: at once). */
  warmupTime: number;
  /** How much work a warm job does per tick (a cold one does 1). */
  warmRate: number;
}

/** A job's working set, in the same units as the cache's size. */
export type WorkingSetOf = (job: number) => number;

export function createCache(): CpuCache {
  return { warm: [], warming: [], used: 0 };
}

export function isWarm(c: CpuCache, job: number): boolean {
  return c.warm.includes(job);
}

function warmingIndex(c: CpuCache, job: number): number {
  for (let i = 0; i < c.warming.length; i++) if (c.warming[i].job === job) return i;
  return -1;
}

export function isWarming(c: CpuCache, job: number): boolean {
  return warmingIndex(c, job) >= 0;
}

/** Work `job` does in one tick on this CPU. */
export function workRate(c: CpuCache, p: CacheParams, job: number): number {
  return isWarm(c, job) ? p.warmRate : 1;
}

/**
 * Ticks `job` must run here before the cache next changes (it turns warm, and the warm
 * sets are trimmed), or null if it is not warming here. A countdown already at 0 still
 * takes one tick: the change happens at the end of a tick the job runs.
 */
export function ticksUntilWarm(c: CpuCache, job: number): number | null {
  const i = warmingIndex(c, job);
  return i < 0 ? null : Math.max(1, c.warming[i].left);
}

/** Pushes the oldest warm jobs out, back to warming, until the warm sets fit. */
function evict(c: CpuCache, p: CacheParams, ws: WorkingSetOf): void {
  while (c.used > p.size && c.warm.length > 0) {
    const job = c.warm.pop()!;
    c.used -= ws(job);
    c.warming.push({ job, left: p.warmupTime });
  }
}

function makeWarm(c: CpuCache, p: CacheParams, job: number, ws: WorkingSetOf): void {
  c.warm.unshift(job);
  c.used += ws(job);
  evict(c, p, ws);
}

/**
 * `job` is dispatched on this CPU. A job the cache has never seen (or has forgotten)
 * starts warming, or is warm at once when warming takes no time; a job already warm or
 * warming keeps its place and its countdown.
 */
export function cacheDispatch(c: CpuCache, p: CacheParams, job: number, ws: WorkingSetOf): void {
  if (isWarm(c, job) || isWarming(c, job)) return;
  if (p.warmupTime === 0) makeWarm(c, p, job, ws);
  else c.warming.push({ job, left: p.warmupTime });
}

/**
 * `job` ran `ticks` here. Its warm-up counts down by as many; at 0 it turns warm at the
 * front of the list and older jobs are pushed out as needed. A caller that runs a job for
 * several ticks at once stops at `ticksUntilWarm`, so that the rate it charged held for
 * every one of them.
 */
export function cacheRan(c: CpuCache, p: CacheParams, job: number, ticks: number, ws: WorkingSetOf): void {
  const i = warmingIndex(c, job);
  if (i < 0) return;
  const w = c.warming[i];
  w.left -= ticks;
  if (w.left > 0) return;
  c.warming.splice(i, 1);
  makeWarm(c, p, job, ws);
}

/** `job` is gone (it exited): the cache forgets it. OSTEP's simulator never forgets; the kernel does. */
export function cacheForget(c: CpuCache, job: number, ws: WorkingSetOf): void {
  const at = c.warm.indexOf(job);
  if (at >= 0) {
    c.warm.splice(at, 1);
    c.used -= ws(job);
  }
  const i = warmingIndex(c, job);
  if (i >= 0) c.warming.splice(i, 1);
}

/** What is wrong with a cache (empty = consistent): the invariants the functions above keep. */
export function cacheProblems(c: CpuCache, p: CacheParams, ws: WorkingSetOf): string[] {
  const out: string[] = [];
  const sum = c.warm.reduce((a, j) => a + ws(j), 0);
  if (sum !== c.used) out.push(`used is ${c.used}, but the warm working sets sum to ${sum}`);
  if (sum > p.size) out.push(`warm working sets (${sum}) exceed the cache (${p.size})`);
  if (new Set(c.warm).size !== c.warm.length) out.push('a job is warm twice');
  const warming = c.warming.map((w) => w.job);
  if (new Set(warming).size !== warming.length) out.push('a job is warming twice');
  for (const j of c.warm) if (warming.includes(j)) out.push(`job ${j} is both warm and warming`);
  for (const w of c.warming) if (w.left > p.warmupTime) out.push(`job ${w.job} has ${w.left} ticks of warm-up left, more than ${p.warmupTime}`);
  return out;
}
