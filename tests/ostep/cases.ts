import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeJson } from '../../src/sim/ostep/json-text.ts';
import { JsonWriter } from '../../src/sim/ostep/json-writer.ts';

/** One OSTEP conformance case (see tests/conformance/ostep/README.md). */
export interface OstepCase {
  id: string;
  sim: string;
  input: unknown;
  expected: unknown;
  tolerance?: number;
  tags?: string[];
}

const DIR = join(import.meta.dirname, '..', 'conformance', 'ostep');

export function loadCases(sim: string): OstepCase[] {
  return JSON.parse(readFileSync(join(DIR, `${sim}.json`), 'utf8')) as OstepCase[];
}

/**
 * The contract's comparison: every key of `expected` must be in `actual` and equal; extra
 * keys are ignored; numbers agree within `tol` (+1e-9). Returns the first mismatch, or null.
 */
export function mismatch(expected: unknown, actual: unknown, tol = 0, path = 'expected'): string | null {
  if (expected === null) return actual === null ? null : `${path}: expected null, got ${show(actual)}`;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${show(actual)}`;
    if (expected.length !== actual.length) return `${path}: expected length ${expected.length}, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const r = mismatch(expected[i], actual[i], tol, `${path}[${i}]`);
      if (r) return r;
    }
    return null;
  }
  if (typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${path}: expected an object, got ${show(actual)}`;
    for (const [k, v] of Object.entries(expected)) {
      if (!(k in actual)) return `${path}.${k}: missing (expected ${show(v)})`;
      const r = mismatch(v, (actual as Record<string, unknown>)[k], tol, `${path}.${k}`);
      if (r) return r;
    }
    return null;
  }
  if (typeof expected === 'number') {
    if (typeof actual !== 'number' || !Number.isFinite(actual)) return `${path}: expected ${expected}, got ${show(actual)}`;
    return Math.abs(actual - expected) <= tol + 1e-9 ? null : `${path}: expected ${expected}, got ${actual}`;
  }
  return expected === actual ? null : `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/**
 * The pieces the streaming writer hands on for `value` (each a copy: the writer reuses its
 * buffer), with a small buffer so that even a short answer comes in several pieces.
 */
export function jsonPieces(value: unknown, bufferSize = 256): Buffer[] {
  const pieces: Buffer[] = [];
  const w = new JsonWriter((bytes) => pieces.push(Buffer.from(bytes)), bufferSize);
  writeJson(w, value);
  w.flush();
  return pieces;
}

/** The text the streaming writer writes for `value`. */
export const jsonText = (value: unknown, bufferSize?: number): string => Buffer.concat(jsonPieces(value, bufferSize)).toString('utf8');
