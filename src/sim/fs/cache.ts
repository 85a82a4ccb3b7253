import { devRead, devWrite } from './device.ts';
import type { Buf, CacheState, FsState } from './types.ts';

/**
 * The buffer cache: recently used blocks kept in memory, written back later. A write
 * only changes the buffer and marks it dirty; the disk sees it at commit, checkpoint or
 * sync. Buffers sit on an LRU list made of records keyed by block number (prev/next), so
 * touching one changes a handful of fields. Only clean buffers are evicted: a dirty one
 * must first reach the journal or its home, which happens between operations.
 */

/** Io records kept per operation (the rest are counted). */
const TRACE_CAP = 512;

export function createCache(capacity: number): CacheState {
  return { capacity: Math.max(4, Math.floor(capacity)), bufs: {}, count: 0, dirty: 0, unjournaled: {}, head: null, tail: null, hits: 0, misses: 0 };
}

/** Starts the io trace of a new operation (inside withTrace, the operation joins the open one). */
export function beginTrace(fs: FsState, op: string): void {
  fs.stats.ops++;
  if (fs.trace.held) return;
  fs.trace = { op, io: [], dropped: 0 };
}

/** Runs `body` with every operation it makes traced under one label (one syscall, one trace). */
export function withTrace<T>(fs: FsState, label: string, body: () => T): T {
  fs.trace = { op: label, io: [], dropped: 0, held: true };
  try {
    return body();
  } finally {
    fs.trace.held = false;
  }
}

function trace(fs: FsState, block: number, kind: 'read' | 'write', disk: boolean): void {
  const t = fs.trace;
  if (t.io.length < TRACE_CAP) t.io.push({ block, kind, disk });
  else t.dropped++;
}

/** Reads straight from the device (recorded in the trace). */
export function diskRead(fs: FsState, block: number): string {
  trace(fs, block, 'read', true);
  return devRead(fs.dev, block);
}

/** Writes straight to the device (recorded); the cached copy, if any, is updated too. */
export function diskWrite(fs: FsState, block: number, data: string): void {
  trace(fs, block, 'write', true);
  devWrite(fs.dev, block, data);
  const b = fs.cache.bufs[block];
  if (b) b.data = data;
}

function unlink(c: CacheState, b: Buf): void {
  if (b.prev !== null) c.bufs[b.prev].next = b.next;
  else c.head = b.next;
  if (b.next !== null) c.bufs[b.next].prev = b.prev;
  else c.tail = b.prev;
  b.prev = b.next = null;
}

function pushFront(c: CacheState, b: Buf): void {
  b.prev = null;
  b.next = c.head;
  if (c.head !== null) c.bufs[c.head].prev = b.block;
  c.head = b.block;
  if (c.tail === null) c.tail = b.block;
}

function touch(c: CacheState, b: Buf): void {
  if (c.head === b.block) return;
  unlink(c, b);
  pushFront(c, b);
}

function getBuf(fs: FsState, block: number): Buf {
  const c = fs.cache;
  const b = c.bufs[block];
  if (b) {
    c.hits++;
    touch(c, b);
    return b;
  }
  c.misses++;
  const nb: Buf = { block, data: diskRead(fs, block), dirty: false, jstate: 'none', prev: null, next: null };
  c.bufs[block] = nb;
  c.count++;
  pushFront(c, nb);
  shrinkCache(fs);
  return nb;
}

/** A block's current contents, through the cache. */
export function bread(fs: FsState, block: number): string {
  const b = getBuf(fs, block);
  trace(fs, block, 'read', false);
  return b.data;
}

/**
 * Replaces a block's contents in the cache and marks it dirty. `journaled` blocks join the
 * running transaction (metadata always; file data too in data-journaling mode).
 */
export function bwrite(fs: FsState, block: number, data: string, journaled: boolean): void {
  const b = getBuf(fs, block);
  trace(fs, block, 'write', false);
  b.data = data;
  if (!b.dirty) {
    b.dirty = true;
    fs.cache.dirty++;
  }
  const j = fs.journal;
  if (j.mode === 'none' || !(journaled || j.mode === 'data')) {
    if (b.jstate === 'none') fs.cache.unjournaled[block] = true;
    return;
  }
  delete fs.cache.unjournaled[block];
  if (b.jstate !== 'running') {
    b.jstate = 'running';
    j.running[block] = true;
    j.runningCount++;
  }
  if (j.revoked[block]) {
    // Freed and reused within one transaction: this copy is the one to replay.
    delete j.revoked[block];
    j.revokedCount--;
  }
}

/** Marks a buffer clean (its contents are now on the disk). */
export function markClean(fs: FsState, b: Buf): void {
  if (b.dirty) fs.cache.dirty--;
  b.dirty = false;
  b.jstate = 'none';
  delete fs.cache.unjournaled[b.block];
}

/**
 * A block was freed: its cached contents no longer matter. It leaves the running
 * transaction, and when an older copy of it may sit in the log a revoke record is added,
 * so recovery does not replay stale contents over whatever the block holds next.
 */
export function bforget(fs: FsState, block: number): void {
  const j = fs.journal;
  const b = fs.cache.bufs[block];
  const wasRunning = b?.jstate === 'running';
  if (wasRunning) {
    delete j.running[block];
    j.runningCount--;
  }
  if (b) markClean(fs, b);
  if (j.mode !== 'none' && (wasRunning || j.live[block]) && !j.revoked[block]) {
    j.revoked[block] = true;
    j.revokedCount++;
  }
}

/** Evicts least recently used clean buffers until the cache is within its capacity. */
export function shrinkCache(fs: FsState): void {
  const c = fs.cache;
  let cur = c.tail;
  while (c.count > c.capacity && cur !== null && c.dirty < c.count) {
    const b = c.bufs[cur];
    cur = b.prev;
    if (b.dirty) continue;
    unlink(c, b);
    delete c.bufs[b.block];
    c.count--;
  }
}

/** Drops every buffer (after a crash, or before a remount reads the disk afresh). */
export function dropCache(fs: FsState): void {
  fs.cache = createCache(fs.cache.capacity);
}

/** Dirty buffers in a given journal state, in block order. */
export function dirtyBufs(fs: FsState, jstate?: Buf['jstate']): Buf[] {
  const out: Buf[] = [];
  for (const key in fs.cache.bufs) {
    const b = fs.cache.bufs[key];
    if (b.dirty && (jstate === undefined || b.jstate === jstate)) out.push(b);
  }
  return out.sort((a, b) => a.block - b.block);
}
