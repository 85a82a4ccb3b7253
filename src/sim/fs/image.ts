import { crc32 } from './bytes.ts';
import { createDevice } from './device.ts';
import type { DeviceState } from './types.ts';

/**
 * Saved disk images: a text file the host writes atomically. One header line, then one
 * line per block that is not all zeros (block number and its bytes in base64), then END:
 *
 *   GLASSBOX-DISK 1 blockSize=512 blocks=64 stored=12 crc32=1a2b3c4d
 *   0 R0JGUwEAAAAAAgAA...
 *   ...
 *   END
 *
 * The CRC-32 covers every line between the header and END. A file that is cut short, has
 * a bad line, or whose checksum disagrees is reported in words; when only the checksum
 * disagrees the blocks that could be read are offered back, so fsck can try to save them.
 */

const MAGIC = 'GLASSBOX-DISK';
const VERSION = 1;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX: Record<string, number> = Object.fromEntries([...B64].map((c, i) => [c, i]));

export function toBase64(bytes: string): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes.charCodeAt(i) & 0xff;
    const b = i + 1 < bytes.length ? bytes.charCodeAt(i + 1) & 0xff : 0;
    const c = i + 2 < bytes.length ? bytes.charCodeAt(i + 2) & 0xff : 0;
    const n = (a << 16) | (b << 8) | c;
    out += B64[n >> 18] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

/** The bytes, or null when the text is not base64. */
export function fromBase64(text: string): string | null {
  if (text.length % 4 !== 0) return null;
  let out = '';
  for (let i = 0; i < text.length; i += 4) {
    const quad = text.slice(i, i + 4);
    const pad = quad.endsWith('==') ? 2 : quad.endsWith('=') ? 1 : 0;
    if (pad > 0 && i + 4 !== text.length) return null;
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const v = k >= 4 - pad ? 0 : B64_INDEX[quad[k]];
      if (v === undefined) return null;
      n = (n << 6) | v;
    }
    out += String.fromCharCode((n >> 16) & 0xff);
    if (pad < 2) out += String.fromCharCode((n >> 8) & 0xff);
    if (pad < 1) out += String.fromCharCode(n & 0xff);
  }
  return out;
}

export function encodeImage(dev: DeviceState): string {
  const numbers = Object.keys(dev.blocks)
    .map(Number)
    .sort((a, b) => a - b);
  const lines = numbers.map((n) => `${n} ${toBase64(dev.blocks[n])}`);
  let crc = 0;
  for (const line of lines) crc = crc32(`${line}\n`, crc);
  const header = `${MAGIC} ${VERSION} blockSize=${dev.blockSize} blocks=${dev.blockCount} stored=${lines.length} crc32=${crc.toString(16).padStart(8, '0')}`;
  return `${header}\n${lines.join('\n')}${lines.length ? '\n' : ''}END\n`;
}

export type DecodedImage = { device: DeviceState } | { error: string; salvage?: DeviceState };

export function decodeImage(text: string): DecodedImage {
  if (typeof text !== 'string') return { error: 'a disk image must be text' };
  const lines = text.split('\n');
  const head = /^GLASSBOX-DISK (\d+) blockSize=(\d+) blocks=(\d+) stored=(\d+) crc32=([0-9a-f]{8})$/.exec(lines[0] ?? '');
  if (!head) {
    return { error: lines[0]?.startsWith(MAGIC) ? 'the image header is damaged' : 'this is not a Glassbox disk image (no GLASSBOX-DISK header)' };
  }
  const [version, blockSize, blocks, stored] = head.slice(1, 5).map(Number);
  if (version !== VERSION) return { error: `disk image version ${version} is not supported (this build reads version ${VERSION})` };
  if (blockSize < 1 || blocks < 1 || stored > blocks) return { error: 'the image header describes an impossible disk' };
  const end = lines.indexOf('END');
  if (end < 0 || end !== stored + 1) {
    const have = (end < 0 ? lines.filter((l) => l !== '').length : end) - 1;
    return { error: `the image is truncated: the header promises ${stored} blocks, the file holds ${Math.max(0, have)}` };
  }
  const device = createDevice(blockSize, blocks);
  let crc = 0;
  for (let i = 1; i <= stored; i++) {
    const line = lines[i];
    crc = crc32(`${line}\n`, crc);
    const m = /^(\d+) ([A-Za-z0-9+/=]+)$/.exec(line);
    const bytes = m ? fromBase64(m[2]) : null;
    const n = m ? Number(m[1]) : -1;
    if (!m || bytes === null || bytes.length !== blockSize || n >= blocks || n in device.blocks) {
      return { error: `image line ${i + 1} is not a valid block record` };
    }
    device.blocks[n] = bytes;
  }
  if (crc.toString(16).padStart(8, '0') !== head[5]) {
    return { error: 'the image checksum does not match: its contents were changed or damaged (fsck can try to repair it)', salvage: device };
  }
  return { device };
}
