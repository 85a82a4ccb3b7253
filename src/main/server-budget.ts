/**
 * One memory budget for every session of a server, so that its memory stays bounded
 * however many clients come. Two things grow with the clients: each session's kept frames
 * (instant stepping back) and each connection's queue of unsent messages.
 *
 * - **Kept frames** share `keptBytes`: each session may keep an equal part of it (at most
 *   `keptPerSession`, at least MIN_KEPT_BYTES), so every session that joins makes the others
 *   thin their frames, and every one that leaves gives them room again.
 * - **Send queues** share `queuedBytes`: past it, the client with the biggest queue is
 *   coalesced (its patches give way to one snapshot once it has read what waits).
 * - **The whole process** is measured too (resident memory, which counts the sessions'
 *   threads): past `rssBytes` new sessions are refused, and the kept frames' parts are
 *   halved (down to MIN_KEPT_BYTES) until it is back under three quarters of it.
 */
export interface BudgetLimits {
  keptBytes: number;
  keptPerSession: number;
  queuedBytes: number;
  rssBytes: number;
}

/** What the budget needs of one session and its client. */
export interface BudgetMember {
  /** Tells the session how many bytes its kept frames may now hold. */
  setKeptBytes(bytes: number): void;
  /** Bytes waiting to be sent to its client. */
  readonly queued: number;
  readonly behind: boolean;
  /** Makes its client count as behind: patches give way to a snapshot. */
  coalesce(): void;
}

/** The least a session's kept frames are given: a few frames of a busy machine. */
export const MIN_KEPT_BYTES = 512 << 10;
/** The kept frames' parts are squeezed at most this far (a sixteenth) under memory pressure. */
const MAX_SQUEEZE = 4;
/** How long a change of squeeze waits before the next: memory comes back only after the sessions' threads collect. */
const SQUEEZE_SETTLE_MS = 5000;

export class ServerBudget {
  private readonly members = new Set<BudgetMember>();
  /** Halvings of every kept-frames part, for memory pressure. */
  private squeeze = 0;
  private lastSqueezeAt = Number.NEGATIVE_INFINITY;
  private lastRss = 0;

  constructor(
    readonly limits: BudgetLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** What each session's kept frames may hold now. */
  get keptShare(): number {
    const even = Math.min(this.limits.keptPerSession, Math.floor(this.limits.keptBytes / Math.max(1, this.members.size)));
    return Math.max(MIN_KEPT_BYTES, Math.floor(even / 2 ** this.squeeze));
  }

  /** Why a new session is refused now, in words for the user (null when it is welcome). */
  refusal(rss: number): string | null {
    if (rss <= this.limits.rssBytes) return null;
    return `the server is at its memory limit (${Math.round(this.limits.rssBytes / 2 ** 20)} MB); try again when another session has closed`;
  }

  join(m: BudgetMember): void {
    this.members.add(m);
    this.reshare();
  }

  leave(m: BudgetMember): void {
    if (this.members.delete(m)) this.reshare();
  }

  /** Called now and then with the process's resident memory: coalesces the biggest queue, squeezes or relaxes. */
  check(rss: number): void {
    this.lastRss = rss;
    let queued = 0;
    for (const m of this.members) queued += m.queued;
    while (queued > this.limits.queuedBytes) {
      let biggest: BudgetMember | null = null;
      for (const m of this.members) if (!m.behind && m.queued > 0 && (!biggest || m.queued > biggest.queued)) biggest = m;
      if (!biggest) break;
      biggest.coalesce();
      queued -= biggest.queued;
    }
    const now = this.now();
    if (now - this.lastSqueezeAt < SQUEEZE_SETTLE_MS) return;
    const want = rss > this.limits.rssBytes ? Math.min(MAX_SQUEEZE, this.squeeze + 1) : rss < this.limits.rssBytes * 0.75 ? Math.max(0, this.squeeze - 1) : this.squeeze;
    if (want !== this.squeeze) {
      this.squeeze = want;
      this.lastSqueezeAt = now;
      this.reshare();
    }
  }

  /** What /health reports of it. */
  report(): { rssMb: number; keptShareMb: number; squeezed: boolean } {
    return { rssMb: Math.round(this.lastRss / 2 ** 20), keptShareMb: Math.round((this.keptShare / 2 ** 20) * 10) / 10, squeezed: this.squeeze > 0 };
  }

  private reshare(): void {
    const share = this.keptShare;
    for (const m of this.members) m.setKeptBytes(share);
  }
}
