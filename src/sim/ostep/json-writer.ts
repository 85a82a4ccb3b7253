/**
 * JSON text written straight into bytes. A long answer is megabytes of small numbers and
 * fixed words: building it as strings first (templates, joins, a chunk string) costs more
 * in copying and garbage collection than the solver does. The writer puts each number and
 * word into one reusable byte buffer as UTF-8 and hands the filled buffer to `sink`
 * whenever the next write might not fit, and at `flush`.
 *
 * The sink gets a view of the writer's own buffer, which is written over afterwards (or,
 * for a run of bytes longer than the buffer, the caller's bytes): it must be done with the
 * bytes (write them out, count them, copy them) before it returns.
 */
export class JsonWriter {
  private readonly buf: Uint8Array;
  private pos = 0;

  constructor(
    private readonly sink: (bytes: Uint8Array) => void,
    size = 1 << 20,
  ) {
    // Room for the longest number (24 characters) and a UTF-8 sequence whatever the size.
    this.buf = new Uint8Array(Math.max(size, 64));
  }

  /** Hands what has been written to the sink, and starts the buffer over. */
  flush(): void {
    if (this.pos > 0) this.sink(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  /** Makes room for n more bytes (n at most the buffer's size). */
  private room(n: number): void {
    if (this.pos + n > this.buf.length) this.flush();
  }

  /**
   * Text known to be ASCII with nothing to escape, as it is: punctuation, member names,
   * fixed words, the text of a number. Anything else goes through `text`.
   */
  raw(s: string): void {
    const n = s.length;
    if (n > this.buf.length) {
      for (let i = 0; i < n; i += this.buf.length) this.raw(s.slice(i, i + this.buf.length));
      return;
    }
    this.room(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Text already in UTF-8, as it is (a part of the answer kept as bytes from one element to the next). */
  bytes(b: Uint8Array): void {
    if (this.pos + b.length > this.buf.length) {
      this.flush();
      if (b.length > this.buf.length) {
        this.sink(b);
        return;
      }
    }
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** One ASCII character by its code. */
  byte(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }

  /** A number as JSON.stringify writes it: -0 as 0, NaN and the infinities as null. */
  num(n: number): void {
    if ((n | 0) !== n) {
      this.raw(Number.isFinite(n) ? String(n) : 'null');
      return;
    }
    // A 32-bit integer, digit by digit from the last (-0 is one too, and writes as 0). Most
    // numbers in an answer are small, so one digit is written at once and the others are
    // counted first, to be written in place rather than reversed.
    this.room(11);
    const buf = this.buf;
    let p = this.pos;
    let v = n;
    if (v < 0) {
      buf[p++] = 45; // '-'
      v = -v;
    }
    if (v < 10) {
      buf[p] = 48 + v;
      this.pos = p + 1;
      return;
    }
    let digits = 2;
    for (let x = 100; x <= v && digits < 10; x *= 10) digits++;
    const end = p + digits;
    p = end;
    do {
      const q = (v / 10) | 0;
      buf[--p] = 48 + v - q * 10;
      v = q;
    } while (v > 0);
    this.pos = end;
  }

  /** A number, or null. */
  numOrNull(n: number | null): void {
    if (n === null) this.raw('null');
    else this.num(n);
  }

  bool(b: boolean): void {
    this.raw(b ? 'true' : 'false');
  }

  /** Any text, as UTF-8 (a lone surrogate as U+FFFD, as a text encoder writes it). */
  text(s: string): void {
    const n = s.length;
    let i = 0;
    while (i < n) {
      // As much as fits, ASCII at a byte each, anything else at up to three per unit.
      if (this.pos + 4 > this.buf.length) this.flush();
      const buf = this.buf;
      const end = buf.length - 4;
      let p = this.pos;
      for (; i < n && p <= end; i++) {
        let c = s.charCodeAt(i);
        if (c < 0x80) {
          buf[p++] = c;
          continue;
        }
        if (c < 0x800) {
          buf[p++] = 0xc0 | (c >> 6);
          buf[p++] = 0x80 | (c & 63);
          continue;
        }
        if (c >= 0xd800 && c < 0xe000) {
          const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
          if (c < 0xdc00 && d >= 0xdc00 && d < 0xe000) {
            c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
            i++;
            buf[p++] = 0xf0 | (c >> 18);
            buf[p++] = 0x80 | ((c >> 12) & 63);
            buf[p++] = 0x80 | ((c >> 6) & 63);
            buf[p++] = 0x80 | (c & 63);
            continue;
          }
          c = 0xfffd;
        }
        buf[p++] = 0xe0 | (c >> 12);
        buf[p++] = 0x80 | ((c >> 6) & 63);
        buf[p++] = 0x80 | (c & 63);
      }
      this.pos = p;
    }
  }

  /** A string as a JSON string: quoted, escaped where JSON needs it. */
  str(s: string): void {
    this.text(JSON.stringify(s));
  }

  /** Any value as JSON.stringify writes it (undefined, which it leaves out, as null). */
  json(v: unknown): void {
    this.text(JSON.stringify(v) ?? 'null');
  }
}
