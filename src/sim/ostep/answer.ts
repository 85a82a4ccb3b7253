import type { JsonWriter } from './json-writer.ts';

/**
 * An answer whose long parts are produced on demand. A solver may put a lazy sequence (any
 * iterable that is not an array, usually a generator) wherever the answer has an array, so
 * that the conform command can write each element as soon as it exists and forget it: the
 * memory then follows the simulator's state, not the length of the answer.
 *
 * A lazy sequence may describe the simulator as it is at the moment its element is read
 * (a free list is read from the live heap), so a consumer takes the elements in order and
 * finishes each one, nested sequences included, before asking for the next. Both
 * `materialize` and the JSON writer (json-text.ts) do.
 *
 * A part known only at the end (totals after a trace) may be a function of no arguments,
 * called when the consumer reaches it, after everything before it has been read.
 */
export type Lazy<T> = Iterable<T>;
export type Later<T> = () => T;

/**
 * A lazy sequence may also know how to write one of its elements as JSON: the long
 * sequences of an answer (an access, a translation, a tick) are all of one shape, and
 * writing that shape field by field into the writer's bytes is several times faster than
 * walking each element as a general value. What it writes must be exactly
 * JSON.stringify's text for the element (the tests compare them on every conformance case).
 */
export const ELEMENT_WRITER: unique symbol = Symbol('element writer');

export type ElementWriter<T> = (w: JsonWriter, x: T) => void;

export interface WrittenSequence<T> extends Iterable<T> {
  [ELEMENT_WRITER]: ElementWriter<T>;
}

/** `items` (read once, lazily) with the writer for each element. */
export function writtenSequence<T>(items: Iterable<T>, write: ElementWriter<T>): WrittenSequence<T> {
  return { [Symbol.iterator]: () => items[Symbol.iterator](), [ELEMENT_WRITER]: write };
}

/** `items` with a template for each element's JSON text (for elements whose text is kept from one to the next). */
export function textSequence<T>(items: Iterable<T>, elementJson: (x: T) => string): WrittenSequence<T> {
  return writtenSequence(items, (w, x) => w.text(elementJson(x)));
}

/** The element writer of a lazy sequence that has one. */
export function elementWriterOf(v: Iterable<unknown>): ElementWriter<unknown> | undefined {
  return (v as Partial<WrittenSequence<unknown>>)[ELEMENT_WRITER];
}

/** Whether v is a lazy sequence: iterable, but neither an array nor a string. */
export function isLazy(v: unknown): v is Iterable<unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function';
}

/** The same answer with every lazy sequence turned into an array (for tests and in-process callers). */
export function materialize(v: unknown): unknown {
  if (typeof v === 'function') return materialize(v());
  if (isLazy(v)) {
    const out: unknown[] = [];
    for (const x of v) out.push(materialize(x));
    return out;
  }
  if (Array.isArray(v)) return v.map(materialize);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    // defineProperty: a member named __proto__ stays a member, as JSON.parse would make it.
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: materialize(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

/** What a solver that threw answers instead (a bug in it; a malformed input is an `{ error }` value). */
export const solverFailure = (sim: string, err: unknown) => ({ error: `${sim}: ${err instanceof Error ? err.message : String(err)}` });

/**
 * The answer `solver` gives `input`, lazy parts and all, or an error naming the known
 * simulators when there is no solver for `sim`.
 */
export function answerWith(sim: string, solver: ((input: unknown) => unknown) | undefined, known: readonly string[], input: unknown): unknown {
  if (!solver) return { error: `simulator "${sim}" is not supported (known: ${[...known].sort().join(', ') || 'none'})` };
  try {
    return solver(input);
  } catch (err) {
    return solverFailure(sim, err);
  }
}
