/**
 * Bytes held in strings, one character per byte (see types.ts). Little-endian integers,
 * and a CRC-32 for the checksums of the superblock, the journal and saved images.
 */

/** Zero bytes for any block or record up to 64 KiB; a slice of it costs no copy. */
const ZEROS = '\0'.repeat(65536);

/** `n` zero bytes. */
export function zeros(n: number): string {
  return n <= ZEROS.length ? ZEROS.slice(0, n) : '\0'.repeat(n);
}

export function u8(s: string, at: number): number {
  return s.charCodeAt(at) & 0xff;
}

export function u16(s: string, at: number): number {
  return u8(s, at) | (u8(s, at + 1) << 8);
}

export function u32(s: string, at: number): number {
  return (u8(s, at) | (u8(s, at + 1) << 8) | (u8(s, at + 2) << 16) | (u8(s, at + 3) << 24)) >>> 0;
}

export function encU8(n: number): string {
  return String.fromCharCode(n & 0xff);
}

export function encU16(n: number): string {
  return String.fromCharCode(n & 0xff, (n >>> 8) & 0xff);
}

export function encU32(n: number): string {
  return String.fromCharCode(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
}

/** `s` with `bytes` written at `at` (same length as `s`). */
export function splice(s: string, at: number, bytes: string): string {
  return s.slice(0, at) + bytes + s.slice(at + bytes.length);
}

/** `bytes` padded with zeros (or cut) to exactly `n`. */
export function padTo(bytes: string, n: number): string {
  return bytes.length >= n ? bytes.slice(0, n) : bytes + zeros(n - bytes.length);
}

/** True when every character of `s` is a byte (code below 256). */
export function isBytes(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}

const CRC_TABLE: number[] = (() => {
  const t: number[] = [];
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t.push(c >>> 0);
  }
  return t;
})();

/** CRC-32 (the zlib one) of the bytes, continuing from `crc` for a running checksum. */
export function crc32(s: string, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < s.length; i++) c = CRC_TABLE[(c ^ s.charCodeAt(i)) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** Two hex digits per byte. */
export function toHex(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += (s.charCodeAt(i) & 0xff).toString(16).padStart(2, '0');
  return out;
}
