/** A message already serialised for the wire: JSON text, as a string or its UTF-8 bytes. */
export type WireText = string | Uint8Array;

/** What the stream needs of a WebSocket: its queue of unsent bytes, and ways to send, ping and drop it. */
export interface Outlet {
  readonly bufferedAmount: number;
  /** Sends one text message. */
  send(text: WireText): void;
  /** Sends a ping whose pong will carry `payload` back. */
  ping(payload: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface StreamLimits {
  /** Unsent bytes above which patches are no longer queued for this client. */
  behindBytes: number;
  /** Unsent bytes below which a client that fell behind is sent a fresh snapshot. */
  caughtUpBytes: number;
  /** How often the client is pinged, to learn how far behind its reading is. */
  pingEveryMs: number;
  /** How long a ping may go unanswered, with messages sent after it, before the client counts as behind. */
  behindMs: number;
  /** How long a client may stay behind before it is disconnected. */
  stallMs: number;
}

/**
 * A client is pinged every second. On localhost the kernel's socket buffers take several
 * megabytes before the server's own queue grows at all, so the queue alone would notice a
 * client that stopped reading only minutes later; an unanswered ping tells within seconds.
 */
export const DEFAULT_STREAM_LIMITS: StreamLimits = { behindBytes: 1 << 20, caughtUpBytes: 256 << 10, pingEveryMs: 1000, behindMs: 2000, stallMs: 5000 };

/** Pings waiting for their pong beyond this many are not sent: the client is long behind by then. */
const MAX_PINGS_OUT = 32;

/**
 * The events of one session on their way to one client, with the server's memory bounded
 * whatever the client does. While the client reads, every event is sent. It falls behind
 * when its unsent bytes pass `behindBytes`, or when a ping has waited `behindMs` for its
 * pong while messages were sent after it (a client answers a ping only once it has read
 * everything sent before it, so this is how far behind its reading is, whatever the
 * kernel's buffers hold). Behind, patches and status events are no longer sent: they are
 * coalesced into one snapshot of the state as it then is, sent once the client has read
 * what was queued. A client still behind after `stallMs` is disconnected. Replies to its
 * requests are always sent.
 */
export class ClientStream {
  private behindSince: number | null = null;
  private snapshotPending = false;
  /** Pings not yet answered, oldest first: their number, when sent, and the bytes sent before them. */
  private readonly pings: { seq: number; at: number; sentBefore: number }[] = [];
  private nextPing = 1;
  private lastPingAt = Number.NEGATIVE_INFINITY;
  /** Bytes handed to the socket so far. */
  private sent = 0;

  constructor(
    private readonly out: Outlet,
    /** Asks the session for its current state, as a snapshot event (for the snapshot that replaces dropped patches). */
    private readonly snapshot: () => Promise<WireText | null>,
    private readonly now: () => number = () => performance.now(),
    private readonly limits: StreamLimits = DEFAULT_STREAM_LIMITS,
  ) {}

  get behind(): boolean {
    return this.behindSince !== null;
  }

  /** The bytes waiting in this server's queue for the client. */
  get queued(): number {
    return this.out.bufferedAmount;
  }

  /** How long the client's oldest unanswered ping has waited (0 when none waits). */
  lagMs(): number {
    return this.pings.length === 0 ? 0 : this.now() - this.pings[0].at;
  }

  /** A reply: always sent, in order. */
  reply(text: WireText): void {
    this.send(text);
  }

  /** A patch, status or snapshot event: sent unless the client is behind. */
  event(text: WireText): void {
    if (this.behindSince === null && this.fallingBehind()) this.behindSince = this.now();
    if (this.behindSince === null) {
      this.send(text);
      return;
    }
    this.check();
  }

  /** A pong came back with `payload`: every ping up to the one it answers is answered. */
  pong(payload: Uint8Array): void {
    if (payload.byteLength !== 4) return;
    const seq = new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0);
    while (this.pings.length > 0 && this.pings[0].seq <= seq) this.pings.shift();
  }

  /**
   * Makes the client count as behind now, as if it had stopped reading: its patches are
   * coalesced into one snapshot (the server's memory is short, and its queue is the biggest).
   */
  coalesce(): void {
    if (this.behindSince === null) this.behindSince = this.now();
  }

  /** Called now and then (and on each event): pings the client, catches it up, or lets it go. */
  check(): void {
    const now = this.now();
    if (now - this.lastPingAt >= this.limits.pingEveryMs && this.pings.length < MAX_PINGS_OUT) {
      const seq = this.nextPing++;
      const payload = new Uint8Array(4);
      new DataView(payload.buffer).setUint32(0, seq);
      this.pings.push({ seq, at: now, sentBefore: this.sent });
      this.lastPingAt = now;
      this.out.ping(payload);
    }
    if (this.behindSince === null && this.fallingBehind()) this.behindSince = now;
    if (this.behindSince === null || this.snapshotPending) return;
    if (this.out.bufferedAmount <= this.limits.caughtUpBytes && !this.lagging(now, this.limits.behindMs / 4)) {
      this.snapshotPending = true;
      void this.snapshot().then((text) => {
        this.snapshotPending = false;
        this.behindSince = null;
        if (text) this.send(text);
      });
    } else if (now - this.behindSince > this.limits.stallMs) {
      this.out.close(1008, 'the client is not reading its messages');
    }
  }

  private fallingBehind(): boolean {
    return this.out.bufferedAmount > this.limits.behindBytes || this.lagging(this.now(), this.limits.behindMs);
  }

  /** Whether a ping has waited longer than `ms` while messages were sent after it. */
  private lagging(now: number, ms: number): boolean {
    const oldest = this.pings[0];
    return oldest !== undefined && now - oldest.at > ms && this.sent > oldest.sentBefore;
  }

  private send(text: WireText): void {
    this.sent += typeof text === 'string' ? text.length : text.byteLength;
    this.out.send(text);
  }
}
