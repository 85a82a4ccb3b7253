import { elementJsonOf, isLazy } from './answer.ts';

/**
 * JSON text for a value whose arrays may be lazy sequences (sim/ostep/answer.ts), in
 * pieces of about CHUNK characters, each produced only when the previous one has been
 * taken. The text is exactly what JSON.stringify would give for the materialized value.
 * Small parts with nothing nested in them (a free-list entry, a trace row) go through
 * JSON.stringify whole; only containers of containers are walked here. A function stands
 * for a part computed when it is reached (answer.ts) and is written as its result.
 */
const CHUNK = 1 << 16;

const isPlainLeaf = (x: unknown): boolean => x === null || (typeof x !== 'object' && typeof x !== 'function');

const isJsonNumber = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

/**
 * A pair of finite numbers, the commonest element of a long answer (a free-list entry):
 * written by hand, as JSON.stringify would (numbers print the same; -0 prints as 0).
 */
const isNumberPair = (x: unknown): x is [number, number] => Array.isArray(x) && x.length === 2 && isJsonNumber(x[0]) && isJsonNumber(x[1]);

/** Whether JSON.stringify can write v in one go: nothing inside it is an object or a sequence. */
function isFlat(v: object): boolean {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!isPlainLeaf(v[i])) return false;
    return true;
  }
  if (isLazy(v)) return false;
  for (const k in v) if (!isPlainLeaf((v as Record<string, unknown>)[k])) return false;
  return true;
}

/**
 * Whether JSON.stringify writes v as this writer would: no lazy sequence and no later part
 * anywhere inside it. An element of a long sequence (a tick with its process states, a
 * decision with its job list) usually is, and then goes to JSON.stringify whole, which is
 * several times faster than walking it here.
 */
function isPlain(v: unknown): boolean {
  if (typeof v === 'function') return false;
  if (v === null || typeof v !== 'object') return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!isPlain(v[i])) return false;
    return true;
  }
  if (isLazy(v)) return false;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return true;
  for (const k in v) if (!isPlain((v as Record<string, unknown>)[k])) return false;
  return true;
}

export function* jsonChunks(value: unknown): Generator<string, void, undefined> {
  let buf = '';
  // Writes v into buf, handing back control (with a full buffer) between elements.
  function* write(v: unknown): Generator<string, void, undefined> {
    if (typeof v === 'function') v = v();
    if (v === null || typeof v !== 'object' || isFlat(v)) {
      // JSON.stringify(undefined) is undefined; callers skip such members, as it does.
      buf += JSON.stringify(v) ?? 'null';
    } else if (Array.isArray(v) || isLazy(v)) {
      buf += '[';
      let first = true;
      const elementJson = Array.isArray(v) ? undefined : elementJsonOf(v as Iterable<unknown>);
      for (const x of v as Iterable<unknown>) {
        if (!first) buf += ',';
        first = false;
        if (elementJson) buf += elementJson(x);
        else if (x === undefined || typeof x === 'symbol') buf += 'null';
        else if (isNumberPair(x)) buf += `[${x[0]},${x[1]}]`;
        else if (isPlain(x)) buf += JSON.stringify(x);
        else yield* write(x);
        if (buf.length >= CHUNK) {
          yield buf;
          buf = '';
        }
      }
      buf += ']';
    } else if (typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      buf += JSON.stringify(v);
    } else {
      buf += '{';
      let first = true;
      for (const k in v) {
        const x = (v as Record<string, unknown>)[k];
        if (x === undefined || typeof x === 'symbol') continue;
        if (!first) buf += ',';
        first = false;
        buf += `${JSON.stringify(k)}:`;
        yield* write(x);
        if (buf.length >= CHUNK) {
          yield buf;
          buf = '';
        }
      }
      buf += '}';
    }
  }
  yield* write(value);
  if (buf) yield buf;
}
