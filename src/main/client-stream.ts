import type { GlassboxEvent, WireMessage } from '../shared/protocol.ts';

/** What the stream needs of a WebSocket: its queue of unsent bytes, and ways to send and drop it. */
export interface Outlet {
  readonly bufferedAmount: number;
  send(text: string): void;
  close(code: number, reason: string): void;
}

export interface StreamLimits {
  /** Unsent bytes above which patches are no longer queued for this client. */
  behindBytes: number;
  /** Unsent bytes below which a client that fell behind is sent a fresh snapshot. */
  caughtUpBytes: number;
  /** How long a client may stay behind before it is disconnected. */
  stallMs: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { behindBytes: 1 << 20, caughtUpBytes: 256 << 10, stallMs: 30_000 };

/**
 * The events of one session on their way to one client, with the server's memory bounded
 * whatever the client does. While the client reads, every event is sent. When its unsent
 * bytes pass `behindBytes` (it is not reading, or reads slowly), patches and status events
 * are no longer queued: they are coalesced into one snapshot of the state as it then is,
 * sent once the client has read what was queued. A client still behind after `stallMs` is
 * disconnected. Replies to its requests are always sent.
 */
export class ClientStream {
  private behindSince: number | null = null;
  private snapshotPending = false;

  constructor(
    private readonly out: Outlet,
    /** Asks the session for its current state (for the snapshot that replaces dropped patches). */
    private readonly snapshot: () => Promise<GlassboxEvent | null>,
    private readonly now: () => number = () => performance.now(),
    private readonly limits: StreamLimits = DEFAULT_STREAM_LIMITS,
  ) {}

  get behind(): boolean {
    return this.behindSince !== null;
  }

  /** A reply: always sent, in order. */
  reply(msg: WireMessage): void {
    this.out.send(JSON.stringify(msg));
  }

  event(e: GlassboxEvent): void {
    if (this.behindSince === null && this.out.bufferedAmount > this.limits.behindBytes) this.behindSince = this.now();
    if (this.behindSince === null) {
      this.out.send(JSON.stringify({ event: e } satisfies WireMessage));
      return;
    }
    this.check();
  }

  /** Called now and then (and on each event): catches a client up, or lets it go. */
  check(): void {
    if (this.behindSince === null || this.snapshotPending) return;
    if (this.out.bufferedAmount <= this.limits.caughtUpBytes) {
      this.snapshotPending = true;
      void this.snapshot().then((e) => {
        this.snapshotPending = false;
        this.behindSince = null;
        if (e) this.out.send(JSON.stringify({ event: e } satisfies WireMessage));
      });
    } else if (this.now() - this.behindSince > this.limits.stallMs) {
      this.out.close(1008, 'the client is not reading its messages');
    }
  }
}
