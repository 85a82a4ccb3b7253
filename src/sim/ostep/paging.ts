import { type ReferenceStep, referenceSteps, runReferences } from '../vm/lab.ts';
import { writtenSequence } from './answer.ts';
import type { JsonWriter } from './json-writer.ts';
import { PTE_P, PTE_R, PTE_V, PTE_W, pteFlags, pteFrame, pteMake } from '../vm/pte.ts';
import { REPLACEMENT_POLICIES, type ReplacementPolicy } from '../vm/replacement.ts';
import { translateBaseBounds, translateTwoSegments } from '../vm/segments.ts';
import { createBareSpace, createVm, pteGet, pteSet } from '../vm/space.ts';
import { DEFAULT_VM_CONFIG } from '../vm/config.ts';
import { walk } from '../vm/walk.ts';

/**
 * OSTEP's address-translation and paging-policy problems, answered by the kernel's own
 * virtual-memory code: its linear page table for the linear translations, the
 * page-table walker for the multi-level ones, the replacement policies for
 * paging-policy, and the base-and-bounds and segment registers for relocation and
 * segmentation.
 */

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNat = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isPow2 = (x: unknown): x is number => isNat(x) && x > 0 && (x & (x - 1)) === 0;

/** paging-policy.py: the memory after every access, with hits, misses and the hit rate. */
export function solvePagingPolicy(input: unknown): unknown {
  if (!isObj(input)) return { error: 'input must be an object' };
  const { policy, cacheSize, addresses, draws, clockBits } = input;
  if (!REPLACEMENT_POLICIES.includes(policy as ReplacementPolicy)) return { error: `policy must be one of ${REPLACEMENT_POLICIES.join(', ')}` };
  if (!isNat(cacheSize) || cacheSize < 1) return { error: 'cacheSize must be an integer >= 1' };
  if (!Array.isArray(addresses) || !addresses.every(isNat)) return { error: 'addresses must be an array of page numbers' };
  if (draws !== undefined && (!Array.isArray(draws) || !draws.every(isNat))) return { error: 'draws must be an array of integers' };
  if (clockBits !== undefined && (!isNat(clockBits) || clockBits < 1 || clockBits > 64)) return { error: 'clockBits must be an integer from 1 to 64' };
  const refs = addresses as number[];
  const given = draws as number[] | undefined;
  const options = (onShort: () => void) => {
    let used = 0;
    const draw = (n: number): number => {
      if (!given || used >= given.length) {
        onShort();
        return 0;
      }
      return given[used++] % n;
    };
    // CLOCK as paging-policy.py runs it: random probes (the draws), counters up to clockBits (2 by default).
    return { policy: policy as ReplacementPolicy, frames: cacheSize, useBits: clockBits ?? 2, clockMode: 'probe' as const, draw };
  };
  if (policy === 'RAND' || policy === 'CLOCK') {
    // A first pass without the table finds out whether the draws last, so that running
    // short is still the whole answer.
    let short = false;
    runReferences(
      refs,
      options(() => {
        short = true;
      }),
    );
    if (policy === 'RAND' && short) return { error: 'RAND needs one draw (a victim index into memory) per eviction in draws' };
    if (policy === 'CLOCK' && short) return { error: 'CLOCK needs one draw (an index into memory) per probe in draws' };
  }
  // Lazy (see answer.ts): each step is written as it is made; the totals follow the last one.
  const pending = referenceSteps(refs, options(() => {}));
  // Steps not read yet (by a consumer that skipped them) still count.
  const finish = () => {
    for (let r = pending.next(); !r.done; r = pending.next());
    return pending.step.hits;
  };
  const total = refs.length;
  return {
    accesses: writtenSequence(pending, writeStep),
    hits: finish,
    misses: () => total - finish(),
    hitRate: () => (total ? (100 * finish()) / total : 0),
  };
}

/** One step as JSON.stringify writes it (page numbers and counts are whole numbers). */
function writeStep(w: JsonWriter, s: ReferenceStep): void {
  w.raw('{"page":');
  w.num(s.page);
  w.raw(s.hit ? ',"hit":true,"victim":' : ',"hit":false,"victim":');
  w.numOrNull(s.victim);
  w.raw(',"memory":[');
  const m = s.memory;
  for (let i = 0; i < m.length; i++) {
    if (i > 0) w.byte(44);
    w.num(m[i]);
  }
  w.raw('],"hits":');
  w.num(s.hits);
  w.raw(',"misses":');
  w.num(s.misses);
  w.byte(125);
}

/** paging-linear-translate.py: each virtual address through the problem's linear page table, held as the kernel holds one. */
export function solvePagingLinear(input: unknown): unknown {
  if (!isObj(input)) return { error: 'input must be an object' };
  const { addressSpaceSize, physMemSize, pageSize, pageTable, addresses } = input;
  if (!isPow2(addressSpaceSize) || !isPow2(physMemSize) || !isPow2(pageSize)) return { error: 'sizes must be powers of two' };
  if (pageSize > addressSpaceSize || addressSpaceSize / pageSize > 1 << 20) return { error: 'addressSpaceSize must hold from 1 to 2^20 pages' };
  if (!Array.isArray(pageTable) || !pageTable.every((e) => e === null || isNat(e))) return { error: 'pageTable must hold PFNs or null' };
  if (pageTable.length !== addressSpaceSize / pageSize) return { error: `pageTable must have ${addressSpaceSize / pageSize} entries` };
  if (!Array.isArray(addresses) || !addresses.every((a) => isNat(a) && a < addressSpaceSize)) {
    return { error: 'addresses must be integers below addressSpaceSize' };
  }
  const vm = createVm({ ...DEFAULT_VM_CONFIG, scheme: 'linear', pageSize, addressSpaceSize, physMemSize: Math.max(physMemSize, pageSize), tlb: { ...DEFAULT_VM_CONFIG.tlb, entries: 0 } });
  const sp = createBareSpace(vm, 1);
  pageTable.forEach((pfn, vpn) => {
    if (pfn !== null) pteSet(vm, sp, vpn, pteMake(pfn, PTE_V | PTE_P | PTE_R | PTE_W));
  });
  // Each page's entry is looked up in the kernel's page table once, the first time an
  // address on it is translated, and kept as a TLB keeps it: a long list of addresses over
  // a few pages then costs arithmetic, not a walk each.
  const page: number = pageSize;
  const frameOf = new Map<number, number>();
  const frame = (vpn: number): number => {
    let f = frameOf.get(vpn);
    if (f === undefined) {
      const pte = pteGet(vm, sp, vpn);
      const flags = pteFlags(pte);
      f = flags & PTE_V && flags & PTE_P && flags & PTE_R ? pteFrame(pte) : -1;
      frameOf.set(vpn, f);
    }
    return f;
  };
  // Lazy (see answer.ts): each translation is written as it is made, and forgotten.
  function* translations() {
    for (const va of addresses as number[]) {
      const vpn = Math.floor(va / page);
      const f = frame(vpn);
      yield { va, vpn, valid: f >= 0, pa: f >= 0 ? f * page + (va - vpn * page) : null };
    }
  }
  return { translations: writtenSequence(translations(), writeLinear) };
}

/** OSTEP's multi-level entries are single bytes: bit 7 valid, the low seven bits a PFN. */
const BYTE_FORMAT = { valid: (e: number) => (e & 0x80) !== 0, next: (e: number) => e & 0x7f };

/** paging-multilevel-translate.py: the page-table walker over the problem's physical memory. */
export function solvePagingMultilevel(input: unknown): unknown {
  if (!isObj(input)) return { error: 'input must be an object' };
  const { pdbr, memory, addresses } = input;
  const pageSize = isNat(input.pageSize) ? input.pageSize : 32;
  const vaBits = isNat(input.vaBits) ? input.vaBits : 15;
  if (!isPow2(pageSize)) return { error: 'pageSize must be a power of two' };
  if (!Array.isArray(memory) || memory.some((p) => typeof p !== 'string')) return { error: 'memory must be an array of hex strings, one per page' };
  const pages = (memory as string[]).map(parseHexPage);
  const bad = pages.findIndex((p) => p === null || p.length !== pageSize);
  if (bad >= 0) return { error: `memory[${bad}] is not ${pageSize} bytes of hex` };
  if (!isNat(pdbr) || pdbr >= pages.length) return { error: 'pdbr must name a page of memory' };
  if (vaBits > 31) return { error: 'vaBits must be at most 31' };
  if (!Array.isArray(addresses) || !addresses.every((a) => isNat(a) && a < 2 ** vaBits)) return { error: `addresses must be ${vaBits}-bit` };
  const offsetBits = Math.log2(pageSize);
  const indexBits = (vaBits - offsetBits) / 2;
  if (!Number.isInteger(indexBits) || indexBits < 1) return { error: 'vaBits minus the offset bits must split evenly between the two levels' };
  const mem = pages as number[][];
  const read = (page: number, index: number): number => mem[page]?.[index] ?? 0;
  const levels = [indexBits, indexBits];
  const translate = (va: number): MultilevelTranslation => {
    const vpn = va >> offsetBits;
    const offset = va & (pageSize - 1);
    const w = walk(vpn, levels, pdbr, read, BYTE_FORMAT);
    const [pd, pt] = w.steps;
    const ptPage = pd.entry & 0x7f;
    if (!pt) return { va, pdeIndex: pd.index, pde: pd.entry, pdeValid: pd.valid, ptPage, fault: 'pde', pa: null, value: null };
    const pfn = pt.entry & 0x7f;
    const ok = w.leaf !== null;
    const pa = ok ? pfn * pageSize + offset : null;
    return { va, pdeIndex: pd.index, pde: pd.entry, pdeValid: pd.valid, ptPage, pteIndex: pt.index, pte: pt.entry, pteValid: pt.valid, pfn, fault: ok ? null : 'pte', pa, value: ok ? read(pfn, offset) : null };
  };
  // Lazy (see answer.ts): each translation is written as it is made, and forgotten.
  function* translations() {
    for (const va of addresses as number[]) yield translate(va);
  }
  return { translations: writtenSequence(translations(), writeMultilevel) };
}

// The translations as JSON.stringify writes them: every field a whole number, a boolean,
// null or a fixed word, in the order the solvers build them.
function writeValidPa(w: JsonWriter, t: { valid: boolean; pa: number | null }): void {
  w.raw(t.valid ? ',"valid":true,"pa":' : ',"valid":false,"pa":');
  w.numOrNull(t.pa);
  w.byte(125);
}

function writeRelocation(w: JsonWriter, t: { va: number; valid: boolean; pa: number | null }): void {
  w.raw('{"va":');
  w.num(t.va);
  writeValidPa(w, t);
}

function writeSegment(w: JsonWriter, t: { va: number; segment: number; valid: boolean; pa: number | null }): void {
  w.raw('{"va":');
  w.num(t.va);
  w.raw(',"segment":');
  w.num(t.segment);
  writeValidPa(w, t);
}

function writeLinear(w: JsonWriter, t: { va: number; vpn: number; valid: boolean; pa: number | null }): void {
  w.raw('{"va":');
  w.num(t.va);
  w.raw(',"vpn":');
  w.num(t.vpn);
  writeValidPa(w, t);
}

interface MultilevelTranslation {
  va: number;
  pdeIndex: number;
  pde: number;
  pdeValid: boolean;
  ptPage: number;
  pteIndex?: number;
  pte?: number;
  pteValid?: boolean;
  pfn?: number;
  fault: 'pde' | 'pte' | null;
  pa: number | null;
  value: number | null;
}

function writeMultilevel(w: JsonWriter, t: MultilevelTranslation): void {
  w.raw('{"va":');
  w.num(t.va);
  w.raw(',"pdeIndex":');
  w.num(t.pdeIndex);
  w.raw(',"pde":');
  w.num(t.pde);
  w.raw(t.pdeValid ? ',"pdeValid":true,"ptPage":' : ',"pdeValid":false,"ptPage":');
  w.num(t.ptPage);
  if (t.pteIndex === undefined) {
    w.raw(',"fault":"pde","pa":null,"value":null}');
    return;
  }
  w.raw(',"pteIndex":');
  w.num(t.pteIndex);
  w.raw(',"pte":');
  w.num(t.pte as number);
  w.raw(t.pteValid ? ',"pteValid":true,"pfn":' : ',"pteValid":false,"pfn":');
  w.num(t.pfn as number);
  w.raw(t.fault === null ? ',"fault":null,"pa":' : `,"fault":"${t.fault}","pa":`);
  w.numOrNull(t.pa);
  w.raw(',"value":');
  w.numOrNull(t.value);
  w.byte(125);
}

/** A page given as hex ("0a1b..."), two digits a byte. */
function parseHexPage(hex: string): number[] | null {
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) return null;
  const out: number[] = [];
  for (let i = 0; i < hex.length; i += 2) out.push(Number.parseInt(hex.slice(i, i + 2), 16));
  return out;
}

const isAddresses = (x: unknown, below: number): x is number[] => Array.isArray(x) && x.every((a) => isNat(a) && a < below);

/** relocation.py: base and bounds. */
export function solveRelocation(input: unknown): unknown {
  if (!isObj(input)) return { error: 'input must be an object' };
  const { addressSpaceSize, base, limit, addresses } = input;
  if (!isNat(addressSpaceSize) || addressSpaceSize < 1) return { error: 'addressSpaceSize must be a positive integer' };
  if (!isNat(base)) return { error: 'base must be an integer >= 0' };
  if (!isNat(limit)) return { error: 'limit must be an integer >= 0' };
  if (!isAddresses(addresses, addressSpaceSize)) return { error: 'addresses must be integers below addressSpaceSize' };
  const registers = { base, bounds: limit };
  function* translations() {
    for (const va of addresses as number[]) yield translateBaseBounds(registers, va);
  }
  return { translations: writtenSequence(translations(), writeRelocation) };
}

/** segmentation.py: two segments, the second growing down from its base. */
export function solveSegmentation(input: unknown): unknown {
  if (!isObj(input)) return { error: 'input must be an object' };
  const { addressSpaceSize, seg0, seg1, addresses } = input;
  if (!isNat(addressSpaceSize) || addressSpaceSize < 1) return { error: 'addressSpaceSize must be a positive integer' };
  const reg = (x: unknown, name: string): { base: number; limit: number } | string => {
    if (!isObj(x) || !isNat(x.base) || !isNat(x.limit)) return `${name} must be {base, limit} with integers >= 0`;
    return { base: x.base, limit: x.limit };
  };
  const s0 = reg(seg0, 'seg0');
  const s1 = reg(seg1, 'seg1');
  if (typeof s0 === 'string') return { error: s0 };
  if (typeof s1 === 'string') return { error: s1 };
  if (!isAddresses(addresses, addressSpaceSize)) return { error: 'addresses must be integers below addressSpaceSize' };
  const low = { ...s0, growsDown: false };
  const high = { ...s1, growsDown: true };
  function* translations() {
    for (const va of addresses as number[]) {
      const t = translateTwoSegments(addressSpaceSize as number, low, high, va);
      yield { va, segment: t.segment, valid: t.valid, pa: t.pa };
    }
  }
  return { translations: writtenSequence(translations(), writeSegment) };
}
