/**
 * Page replacement over physical frames: which resident page leaves when a new one needs a
 * frame. The kernel's pager and OSTEP's paging-policy problems both run this code; the
 * policy sees only frame numbers, never whose pages they hold.
 *
 * Each policy keeps O(1) work per access:
 * - FIFO, RAND, CLOCK, WS, OPT and UNOPT keep the resident frames in load order, LRU and MRU
 *   in recency order: a doubly linked list through `next`/`prev`, oldest at `head`. FIFO
 *   and LRU evict the head, MRU the tail; a hit moves a frame to the tail under LRU/MRU.
 * - CLOCK keeps a use counter per frame (1 to 4 bits): an access sets it to its maximum;
 *   the hand sweeps the frames, counting each non-zero one down, and evicts the first at 0.
 *   With one bit this is the second-chance clock of the book.
 * - CLOCK in OSTEP's paging-policy.py (`clockMode: 'probe'`) counts instead: an access adds
 *   one to the frame's counter, up to `useBits` (there a plain count, not a bit width), and
 *   the victim search probes frames at random positions in list order, counting each
 *   non-zero one down. Its draws come from the caller, so a recorded run replays.
 * - RAND evicts a frame drawn from the kernel's seeded generator.
 * - WS evicts the frame found first from the hand whose page is outside the working-set
 *   window (not used in the last `wsWindow` accesses), else the least recently used one.
 * - OPT and UNOPT need the future: the caller passes each access's next use (found for the
 *   whole reference string in one backward pass, `nextUses`), and a lazy binary heap keyed
 *   by it gives the victim in O(log n). Pages never used again key as "farthest", ordered
 *   among themselves by load order, which is OSTEP's tie rule (OPT: the last such page in
 *   list order; UNOPT: the first).
 */
export type ReplacementPolicy = 'FIFO' | 'LRU' | 'MRU' | 'OPT' | 'UNOPT' | 'RAND' | 'CLOCK' | 'WS' | 'PFF';

export const REPLACEMENT_POLICIES: ReplacementPolicy[] = ['FIFO', 'LRU', 'MRU', 'OPT', 'UNOPT', 'RAND', 'CLOCK', 'WS'];

/**
 * Policies that need no knowledge of the future, so a running kernel can use them. PFF
 * sizes each process's resident set by its fault rate (mmu.ts), so it has no meaning for
 * one reference string; its frames are kept as the clock keeps them.
 */
export const ONLINE_POLICIES: ReplacementPolicy[] = ['FIFO', 'LRU', 'MRU', 'RAND', 'CLOCK', 'WS', 'PFF'];

export const NEVER = Number.POSITIVE_INFINITY;

export interface ReplacerConfig {
  policy: ReplacementPolicy;
  frames: number;
  /** CLOCK: bits of use counter, 1 to 4. */
  useBits: number;
  /** WS: the working-set window, in accesses. */
  wsWindow: number;
  /** CLOCK: 'sweep' (a hand, the kernel's) or 'probe' (paging-policy.py's random probes and counts). */
  clockMode?: 'sweep' | 'probe';
}

export interface ReplacerState {
  config: ReplacerConfig;
  head: number;
  tail: number;
  next: number[];
  prev: number[];
  /** 1 while the frame holds a page this policy tracks. */
  resident: number[];
  residentCount: number;
  /** CLOCK use counters (also shown as the use bit for the other policies), and the hand. */
  use: number[];
  hand: number;
  /** Accesses seen so far: the virtual time for WS. */
  vtime: number;
  lastUse: number[];
  /** OPT/UNOPT: each frame's current key, its load sequence number, and the heap. */
  key: number[];
  loadSeq: number[];
  seq: number;
  heapKey: number[];
  heapFrame: number[];
  /**
   * What a hit does when it only sets the frame's use counter (FIFO, RAND and the sweeping
   * CLOCK): the value to set, so the MMU can do it inline; 0 when a hit must call replacerTouch.
   */
  hitUse: number;
}

export function replacerConfigError(c: ReplacerConfig): string | null {
  if (!REPLACEMENT_POLICIES.includes(c.policy) && c.policy !== 'PFF') return `policy must be one of ${REPLACEMENT_POLICIES.join(', ')}`;
  if (!Number.isInteger(c.frames) || c.frames < 1) return 'frames must be an integer >= 1';
  if (!Number.isInteger(c.useBits) || c.useBits < 1 || c.useBits > 4) return 'useBits must be 1, 2, 3 or 4';
  if (!Number.isInteger(c.wsWindow) || c.wsWindow < 1) return 'wsWindow must be an integer >= 1';
  return null;
}

export function createReplacer(config: ReplacerConfig): ReplacerState {
  const n = config.frames;
  const zeros = (): number[] => new Array<number>(n).fill(0);
  return {
    config,
    head: -1,
    tail: -1,
    next: new Array<number>(n).fill(-1),
    prev: new Array<number>(n).fill(-1),
    resident: zeros(),
    residentCount: 0,
    use: zeros(),
    hand: 0,
    vtime: 0,
    lastUse: zeros(),
    key: zeros(),
    loadSeq: zeros(),
    seq: 0,
    heapKey: [],
    heapFrame: [],
    hitUse: (config.policy === 'CLOCK' && config.clockMode !== 'probe') || config.policy === 'PFF' || config.policy === 'FIFO' || config.policy === 'RAND' ? (1 << config.useBits) - 1 : 0,
  };
}

const fullUse = (r: ReplacerState): number => (1 << r.config.useBits) - 1;
const probing = (r: ReplacerState): boolean => r.config.policy === 'CLOCK' && r.config.clockMode === 'probe';

function unlink(r: ReplacerState, f: number): void {
  const p = r.prev[f];
  const n = r.next[f];
  if (p >= 0) r.next[p] = n;
  else r.head = n;
  if (n >= 0) r.prev[n] = p;
  else r.tail = p;
  r.next[f] = -1;
  r.prev[f] = -1;
}

function append(r: ReplacerState, f: number): void {
  r.prev[f] = r.tail;
  r.next[f] = -1;
  if (r.tail >= 0) r.next[r.tail] = f;
  else r.head = f;
  r.tail = f;
}

/** OPT/UNOPT key: the next use, or past every position for a page never used again, by load order. */
function futureKey(r: ReplacerState, f: number, nextUse: number): number {
  const k = nextUse === NEVER ? 2 ** 40 + r.loadSeq[f] : nextUse;
  return r.config.policy === 'UNOPT' ? -k : k;
}

function heapPush(r: ReplacerState, key: number, frame: number): void {
  const hk = r.heapKey;
  const hf = r.heapFrame;
  let i = hk.length;
  hk.push(key);
  hf.push(frame);
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (hk[p] >= key) break;
    hk[i] = hk[p];
    hf[i] = hf[p];
    i = p;
  }
  hk[i] = key;
  hf[i] = frame;
}

function heapPop(r: ReplacerState): void {
  const hk = r.heapKey;
  const hf = r.heapFrame;
  const lastKey = hk.pop() as number;
  const lastFrame = hf.pop() as number;
  const n = hk.length;
  if (n === 0) return;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const c = l + 1 < n && hk[l + 1] > hk[l] ? l + 1 : l;
    if (hk[c] <= lastKey) break;
    hk[i] = hk[c];
    hf[i] = hf[c];
    i = c;
  }
  hk[i] = lastKey;
  hf[i] = lastFrame;
}

function setFuture(r: ReplacerState, f: number, nextUse: number): void {
  const k = futureKey(r, f, nextUse);
  r.key[f] = k;
  heapPush(r, k, f);
  // Stale entries pile up as keys change; rebuild when they outnumber live ones.
  if (r.heapKey.length > 4 * r.config.frames + 64) rebuildHeap(r);
}

function rebuildHeap(r: ReplacerState): void {
  r.heapKey = [];
  r.heapFrame = [];
  for (let f = r.head; f >= 0; f = r.next[f]) heapPush(r, r.key[f], f);
}

/**
 * A page was just loaded into frame `f` (which must not be resident). `nextUse` is the
 * position of the page's next access in the reference string (NEVER if none); only OPT
 * and UNOPT read it.
 */
export function replacerLoad(r: ReplacerState, f: number, nextUse = NEVER): void {
  r.resident[f] = 1;
  r.residentCount++;
  append(r, f);
  r.use[f] = probing(r) ? 1 : fullUse(r);
  r.lastUse[f] = r.vtime++;
  r.loadSeq[f] = r.seq++;
  if (r.config.policy === 'OPT' || r.config.policy === 'UNOPT') setFuture(r, f, nextUse);
}

/** The page in frame `f` was accessed again (a hit). */
export function replacerTouch(r: ReplacerState, f: number, nextUse = NEVER): void {
  if (r.resident[f] === 0) return;
  const policy = r.config.policy;
  if (policy === 'CLOCK' && r.config.clockMode === 'probe') {
    r.use[f] = Math.min(r.use[f] + 1, r.config.useBits);
    return;
  }
  r.use[f] = fullUse(r);
  if (policy === 'CLOCK' || policy === 'PFF' || policy === 'FIFO' || policy === 'RAND') return; // the hot path: a bit set, nothing moves
  if (policy === 'LRU' || policy === 'MRU') {
    if (r.tail !== f) {
      unlink(r, f);
      append(r, f);
    }
  } else if (policy === 'OPT' || policy === 'UNOPT') setFuture(r, f, nextUse);
  else r.lastUse[f] = r.vtime++;
}

/** Frame `f` no longer holds a page (evicted, or its owner exited). */
export function replacerDrop(r: ReplacerState, f: number): void {
  if (!r.resident[f]) return;
  r.resident[f] = 0;
  r.residentCount--;
  unlink(r, f);
  r.use[f] = 0;
}

/**
 * The frame to evict (it stays resident until the caller drops it), or -1 if nothing is
 * resident. `draw(n)` returns an integer in [0, n) from the kernel's seeded generator.
 * CLOCK moves its hand, and clears use bits on the way, as the real sweep does.
 */
export function replacerVictim(r: ReplacerState, draw: (n: number) => number): number {
  if (r.residentCount === 0) return -1;
  const n = r.config.frames;
  switch (r.config.policy) {
    case 'FIFO':
    case 'LRU':
      return r.head;
    case 'MRU':
      return r.tail;
    case 'RAND': {
      // Draw among resident frames in list order, as OSTEP's RAND draws an index into memory.
      // Walk from whichever end of the list is nearer.
      const k = draw(r.residentCount);
      let f = r.head;
      if (k < r.residentCount / 2) for (let i = 0; i < k; i++) f = r.next[f];
      else {
        f = r.tail;
        for (let i = r.residentCount - 1; i > k; i--) f = r.prev[f];
      }
      return f;
    }
    case 'CLOCK':
    case 'PFF': {
      if (probing(r)) {
        for (;;) {
          const k = draw(r.residentCount);
          let f = r.head;
          for (let i = 0; i < k; i++) f = r.next[f];
          if (r.use[f] === 0) return f;
          r.use[f]--;
        }
      }
      for (;;) {
        const f = r.hand;
        r.hand = (r.hand + 1) % n;
        if (!r.resident[f]) continue;
        if (r.use[f] === 0) return f;
        r.use[f]--;
      }
    }
    case 'WS': {
      let oldest = -1;
      for (let i = 0; i < n; i++) {
        const f = (r.hand + i) % n;
        if (!r.resident[f]) continue;
        if (r.vtime - r.lastUse[f] > r.config.wsWindow) {
          r.hand = (f + 1) % n;
          return f;
        }
        if (oldest < 0 || r.lastUse[f] < r.lastUse[oldest]) oldest = f;
      }
      r.hand = (oldest + 1) % n;
      return oldest;
    }
    case 'OPT':
    case 'UNOPT': {
      for (;;) {
        const f = r.heapFrame[0];
        if (r.resident[f] && r.key[f] === r.heapKey[0]) return f;
        heapPop(r);
      }
    }
  }
}

/** Resident frames in the policy's list order (load order, or recency for LRU/MRU). */
export function replacerOrder(r: ReplacerState): number[] {
  const out: number[] = [];
  for (let f = r.head; f >= 0; f = r.next[f]) out.push(f);
  return out;
}

/** For each position of a reference string, where the same page is referenced next (NEVER if never): one backward pass. */
export function nextUses(refs: readonly number[]): number[] {
  const out = new Array<number>(refs.length);
  let max = 0;
  for (const p of refs) if (p > max) max = p;
  if (max <= 1 << 22) {
    // Page numbers small enough to index an array: no hashing.
    const seen = new Array<number>(max + 1).fill(NEVER);
    for (let i = refs.length - 1; i >= 0; i--) {
      out[i] = seen[refs[i]];
      seen[refs[i]] = i;
    }
    return out;
  }
  const seen = new Map<number, number>();
  for (let i = refs.length - 1; i >= 0; i--) {
    out[i] = seen.get(refs[i]) ?? NEVER;
    seen.set(refs[i], i);
  }
  return out;
}
