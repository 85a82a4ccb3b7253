import { elementWriterOf, isLazy } from './answer.ts';
import type { JsonWriter } from './json-writer.ts';

/**
 * Writes a value whose arrays may be lazy sequences (sim/ostep/answer.ts) as JSON text,
 * element by element, so that a long answer is never whole in memory: the writer hands its
 * buffer on whenever it fills. The text is exactly what JSON.stringify would give for the
 * materialized value. A lazy sequence with an element writer (answer.ts) writes each
 * element with it; small parts with nothing nested in them (a free-list entry, a trace
 * row) go through JSON.stringify whole; only containers of containers are walked here. A
 * function stands for a part computed when it is reached (answer.ts) and is written as
 * its result.
 */

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

/** Writes `value` as JSON into `w` (the caller flushes it when done). */
export function writeJson(w: JsonWriter, value: unknown): void {
  let v = value;
  if (typeof v === 'function') v = v();
  if (v === null || typeof v !== 'object' || isFlat(v)) {
    // JSON.stringify(undefined) is undefined; callers skip such members, as it does.
    w.json(v);
  } else if (Array.isArray(v) || isLazy(v)) {
    w.byte(91); // [
    let first = true;
    const element = Array.isArray(v) ? undefined : elementWriterOf(v as Iterable<unknown>);
    for (const x of v as Iterable<unknown>) {
      if (!first) w.byte(44); // ,
      first = false;
      if (element) element(w, x);
      else if (x === undefined || typeof x === 'symbol') w.raw('null');
      else if (isNumberPair(x)) {
        w.byte(91);
        w.num(x[0]);
        w.byte(44);
        w.num(x[1]);
        w.byte(93);
      } else if (isPlain(x)) w.json(x);
      else writeJson(w, x);
    }
    w.byte(93); // ]
  } else if (typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    w.json(v);
  } else {
    w.byte(123); // {
    let first = true;
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined || typeof x === 'symbol') continue;
      if (!first) w.byte(44);
      first = false;
      w.str(k);
      w.byte(58); // :
      writeJson(w, x);
    }
    w.byte(125); // }
  }
}
